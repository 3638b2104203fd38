"""Originals compressed with lz4 on PostgreSQL: storing a 114 KB page took ~2.7 ms of server CPU less than with
pglz, the default (bench/README.md, pipewall). The bytes read back are the same; only rows written after this
are lz4, older ones stay readable as they are. A server built without lz4 keeps pglz."""

from django.db import migrations

LZ4_AVAILABLE = "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"


def compression(method: str):
    def set_compression(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(LZ4_AVAILABLE)
            if cursor.fetchone() is None:
                return
        schema_editor.execute(f'ALTER TABLE "articles_articleoriginal" ALTER COLUMN "data" SET COMPRESSION {method}')

    return set_compression


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0004_article_source_processed"),
    ]

    operations = [
        migrations.RunPython(compression("lz4"), compression("default"), elidable=False),
    ]
