"""Drop the `varchar_pattern_ops` indexes Django adds on PostgreSQL to indexed text columns (`<name>_like`): no query
runs a LIKE on these, and each upload writes them (a new word's KeyCount row, a story's slug and its old slugs).
The key look-ups were even planned on KeyCount's `_like` index instead of its primary key (bench/README.md, storystep2).
SQLite has no such indexes."""

from django.db import migrations

# (table, column): the CharField primary key KeyCount.key and the SlugFields Story.slug and StorySlug.slug; their
# plain b-tree indexes (equality, ordering) stay.
PATTERN_INDEXED = [("stories_keycount", "key"), ("stories_story", "slug"), ("stories_storyslug", "slug")]


def _like_index(schema_editor, table: str, column: str) -> str:
    # The name Django gave it (postgresql/schema.py, `_create_like_index_sql`).
    return schema_editor._create_index_name(table, [column], suffix="_like")


def drop_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in PATTERN_INDEXED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(_like_index(schema_editor, table, column))}")


def create_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, column in PATTERN_INDEXED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(_like_index(schema_editor, table, column))} "
            f"ON {quote(table)} ({quote(column)} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("stories", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_like_indexes, create_like_indexes, elidable=False),
    ]
