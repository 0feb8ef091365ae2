"""Every story gets a UUID minted once (its permanent identity), and renamed
stories keep their old slugs (OldSlug), which redirect to the current one.

Existing stories get a fresh UUID each; their history rows take the UUID of the
story they record, so history and story agree. On SQLite, making the column
unique rebuilds the stories' table, which drops the full-text search triggers of
0010; they are created again (and the index rebuilt) at the end.
"""

import importlib
import uuid

import django.db.models.deletion
from django.db import migrations, models

HELP = "Minted once: the story's identity whatever its slug becomes."


def mint_uuids(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    minted = {}
    stories = list(Article.objects.only("pk"))
    for story in stories:
        story.uuid = minted[story.pk] = uuid.uuid4()
    Article.objects.bulk_update(stories, ["uuid"], batch_size=1000)
    rows = list(HistoricalArticle.objects.only("history_id", "id"))
    for row in rows:
        # A deleted story's history keeps a UUID of its own.
        row.uuid = minted.get(row.id) or uuid.uuid4()
    HistoricalArticle.objects.bulk_update(rows, ["uuid"], batch_size=1000)


def search_triggers(apps, schema_editor):
    search = importlib.import_module("articles.migrations.0010_site_version_and_search")
    search.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_article_updated_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="uuid",
            field=models.UUIDField(null=True, editable=False, help_text=HELP),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="uuid",
            field=models.UUIDField(null=True, editable=False, help_text=HELP),
        ),
        migrations.RunPython(mint_uuids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="article",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, help_text=HELP, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="uuid",
            field=models.UUIDField(
                db_index=True, default=uuid.uuid4, editable=False, help_text=HELP
            ),
        ),
        migrations.CreateModel(
            name="OldSlug",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("slug", models.SlugField(max_length=200, unique=True)),
                ("retired_at", models.DateTimeField(auto_now_add=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="old_slugs",
                        to="articles.article",
                    ),
                ),
            ],
            options={"ordering": ["-retired_at"]},
        ),
        migrations.RunPython(search_triggers, migrations.RunPython.noop),
    ]
