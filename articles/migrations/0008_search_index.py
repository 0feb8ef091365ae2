"""A GIN index for PostgreSQL's full-text search over stories (ArticleQuerySet.search).

The expression is exactly the one `search()` builds, so the planner uses it. SQLite
has no such index type; there the migration does nothing.
"""

from django.db import migrations

VECTOR = """(
    (setweight(to_tsvector('english'::regconfig, COALESCE("headline", '')), 'A')
     || setweight(to_tsvector('english'::regconfig, COALESCE("dek", '')), 'B'))
    || setweight(to_tsvector('english'::regconfig,
                             COALESCE("body", '') || ' ' || COALESCE("byline", '')), 'C')
)"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "article_search_vector" '
            f'ON "articles_article" USING gin ({VECTOR})'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "article_search_vector"')


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_ingest_links")]

    operations = [migrations.RunPython(create, drop)]
