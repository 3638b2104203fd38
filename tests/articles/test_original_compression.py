"""On PostgreSQL the originals are stored lz4-compressed (cheaper to write than pglz), and read back byte for byte."""

import pytest
from django.db import connection

from newsroom.articles.models import Article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST compression is PostgreSQL's"),
]

PAGE = ("<html><body><article>" + "<p>The harbour master counted the ferries in and out again.</p>" * 400
        + "</article></body></html>").encode()


def test_a_large_original_is_stored_with_lz4_and_read_back_unchanged():
    article, _ = Article.store_upload(PAGE, filename="harbour.html", content_type="text/html")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if cursor.fetchone() is None:
            pytest.skip("this PostgreSQL server was built without lz4")
        cursor.execute('SELECT pg_column_compression("data") FROM "articles_articleoriginal" WHERE "article_id" = %s',
                       [article.pk])
        assert cursor.fetchone()[0] == "lz4"
    assert Article.objects.get(pk=article.pk).original_bytes() == PAGE
