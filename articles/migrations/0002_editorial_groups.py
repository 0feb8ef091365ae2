"""Create the desk's groups (Reporter, Editor, Desk chief) with the permissions of each role.

Permissions are normally created after migrations run, so they are created here first.
A later change of roles gets a migration of its own that edits these sets.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ["view"]
WRITE = ["add", "change", "view"]
ALL = ["add", "change", "delete", "view"]

REPORTER = {
    "articles.article": WRITE,
    "articles.mention": ALL,
    "articles.quote": ALL,
    "articles.editorialnote": ["add", "view"],
    "articles.flag": VIEW,
    "articles.outlet": VIEW,
    "articles.topic": VIEW,
    "actors.actor": VIEW,
    "actors.alias": VIEW,
    "actors.affiliation": VIEW,
    "actors.event": VIEW,
    "actors.participation": VIEW,
}
EDITOR = {
    **REPORTER,
    "articles.flag": ALL,
    "articles.editorialnote": ALL,
    "actors.alias": WRITE,
    "actors.participation": WRITE,
}
EDITOR_EXTRA = ["articles.publish_article", "articles.review_article"]
DESK_CHIEF = {
    **EDITOR,
    "articles.article": ALL,
    "articles.outlet": ALL,
    "articles.topic": ALL,
    "actors.actor": ALL,
    "actors.alias": ALL,
    "actors.affiliation": ALL,
    "actors.event": ALL,
    "actors.participation": ALL,
}
DESK_CHIEF_EXTRA = [*EDITOR_EXTRA, "articles.withdraw_article"]

GROUPS = {
    "Reporter": (REPORTER, []),
    "Editor": (EDITOR, EDITOR_EXTRA),
    "Desk chief": (DESK_CHIEF, DESK_CHIEF_EXTRA),
}


def codenames(model_actions, extra):
    for label, actions in model_actions.items():
        app_label, model = label.split(".")
        for action in actions:
            yield app_label, f"{action}_{model}"
    for permission in extra:
        yield permission.split(".")


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, (model_actions, extra) in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames(model_actions, extra)
        ]
        group.permissions.set(permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("actors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
