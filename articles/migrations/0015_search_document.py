"""PostgreSQL keeps each story's search document, so ranking reads it instead of
re-parsing every matching story's text.

Migration 0008 indexed an expression: finding matches used the index, but ranking
them (`ts_rank`) rebuilt the document of every match from the text — 3.9 s for a
word in 58,000 of 100,000 stories. A stored generated column holds the same
document, kept by PostgreSQL on every write, and the GIN index moves onto it (same
name). SQLite searches through FTS5 (migration 0010); there this does nothing.
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
        schema_editor.execute('DROP INDEX IF EXISTS "article_search_vector"')
        schema_editor.execute(
            'ALTER TABLE "articles_article" ADD COLUMN "search_document" tsvector '
            f"GENERATED ALWAYS AS {VECTOR} STORED"
        )
        schema_editor.execute(
            'CREATE INDEX "article_search_vector" ON "articles_article" '
            'USING gin ("search_document")'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "article_search_vector"')
        schema_editor.execute(
            'ALTER TABLE "articles_article" DROP COLUMN IF EXISTS "search_document"'
        )
        schema_editor.execute(
            f'CREATE INDEX "article_search_vector" ON "articles_article" '
            f"USING gin ({VECTOR})"
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_tallies")]

    operations = [migrations.RunPython(create, drop)]
