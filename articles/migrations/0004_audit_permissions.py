"""Let every desk role read the audit trail; nobody edits it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Reporter", "Editor", "Desk chief"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_audit = Permission.objects.get(
        content_type__app_label="articles", codename="view_auditentry"
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(view_audit)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for permission in Permission.objects.filter(codename="view_auditentry"):
        for group in Group.objects.filter(name__in=GROUPS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_workflow_history")]

    operations = [migrations.RunPython(grant, revoke)]
