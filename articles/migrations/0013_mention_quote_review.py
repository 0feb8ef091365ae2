"""Mentions and quotes get a review state: suggested (the analyzer's) or accepted.

Before this, keeping a span was accepting it, and a story was published with the
spans it kept: those of published and withdrawn stories are marked accepted (with
no reviewer or time, which nobody recorded). Everything else waits as suggested.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def accept_published_spans(apps, schema_editor):
    on_record = ["published", "withdrawn"]
    for name in ("Mention", "Quote"):
        model = apps.get_model("articles", name)
        model.objects.filter(article__status__in=on_record).update(review="accepted")


def review_fields(model_name):
    """The review state, its time and its reviewer, added alike to Mention and Quote."""
    return [
        migrations.AddField(
            model_name=model_name,
            name='review',
            field=models.CharField(choices=[('suggested', 'Suggested'), ('accepted', 'Accepted')], default='suggested', max_length=20),
        ),
        migrations.AddField(
            model_name=model_name,
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name=model_name,
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_readable_constraint_messages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *review_fields('mention'),
        *review_fields('quote'),
        migrations.RunPython(accept_published_spans, migrations.RunPython.noop),
    ]
