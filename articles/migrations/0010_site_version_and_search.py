"""The public site's version counter, and SQLite's full-text index of stories.

On SQLite, `articles_search` is an FTS5 table over the headline, dek, body and
byline of every story (external content: the text stays in `articles_article`),
kept in step by triggers on insert, update and delete, so every write path —
services, bulk loads, raw SQL — updates it. Search starts from `published()` and
joins it (ArticleQuerySet.search). PostgreSQL keeps the GIN index of 0008.
"""

from django.db import migrations, models

COLUMNS = "headline, dek, body, byline"
FTS_SQL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS articles_search USING fts5(
        {COLUMNS}, content='articles_article', content_rowid='id',
        tokenize="porter unicode61 remove_diacritics 2")""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_search_insert
        AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_search(rowid, {COLUMNS})
        VALUES (new.id, new.headline, new.dek, new.body, new.byline); END""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_search_delete
        AFTER DELETE ON articles_article BEGIN
        INSERT INTO articles_search(articles_search, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.headline, old.dek, old.body, old.byline); END""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_search_update
        AFTER UPDATE OF {COLUMNS} ON articles_article BEGIN
        INSERT INTO articles_search(articles_search, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.headline, old.dek, old.body, old.byline);
        INSERT INTO articles_search(rowid, {COLUMNS})
        VALUES (new.id, new.headline, new.dek, new.body, new.byline); END""",
    "INSERT INTO articles_search(articles_search) VALUES ('rebuild')",
]
DROP_SQL = [
    "DROP TRIGGER IF EXISTS articles_search_insert",
    "DROP TRIGGER IF EXISTS articles_search_delete",
    "DROP TRIGGER IF EXISTS articles_search_update",
    "DROP TABLE IF EXISTS articles_search",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FTS_SQL:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_flag_detached")]

    operations = [
        migrations.CreateModel(
            name="SiteVersion",
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
                ("number", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
