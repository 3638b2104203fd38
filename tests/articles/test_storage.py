"""Uploads are kept byte for byte, once, and extracted into a reader view."""

import pytest

from newsroom.articles.ingest import ingest, ingest_text
from newsroom.articles.models import Article, content_hash

pytestmark = pytest.mark.django_db

HTML_PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>Council approves the new bridge | Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article><h1>Council approves the new bridge</h1>
<p>The city council voted on Tuesday to approve the long-delayed bridge across the river, ending a decade of debate.</p>
<p>Construction is expected to begin next spring and to take about three years, according to the council's planning office.</p>
<p>Residents on both banks have campaigned for the crossing since the old ferry service was cut in 2014.</p>
</article><footer>Copyright Riverside Gazette. All rights reserved.</footer></body></html>"""


def test_it_keeps_the_original_bytes_untouched():
    data = "Caf\xe9 owners protest\n\nThe owners of the city's caf\xe9s marched on Monday.".encode("cp1252")
    result = ingest(data, filename="cafe.txt", content_type="text/plain")
    article = Article.objects.get(pk=result.article.pk)
    assert article.original_bytes() == data
    assert article.content_hash == content_hash(data)
    assert article.size == len(data)
    assert article.filename == "cafe.txt"


def test_it_extracts_an_html_page_into_a_reader_view():
    article = ingest(HTML_PAGE, filename="bridge.html", content_type="text/html").article
    assert article.status == Article.Status.READY
    assert article.title == "Council approves the new bridge"
    assert "voted on Tuesday to approve the long-delayed bridge" in article.text
    assert "<p>" in article.html
    assert "Sport" not in article.text
    assert article.word_count > 40
    assert article.extractor_version


def test_it_turns_plain_text_into_paragraphs():
    text = (
        "Library extends opening hours\n\n"
        "The central library will stay open until ten at night from next month, the city said on Friday.\n\n"
        "Students had asked for longer hours during the examination season for several years."
    )
    article = ingest_text(text).article
    assert article.status == Article.Status.READY
    assert article.html.count("<p>") >= 2
    assert "stay open until ten at night" in article.text


def test_uploading_the_same_content_twice_makes_one_article():
    first = ingest(HTML_PAGE, filename="bridge.html", content_type="text/html")
    second = ingest(HTML_PAGE, filename="bridge-again.html", content_type="text/html")
    assert first.created and not second.created
    assert second.duplicate
    assert second.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_the_database_refuses_a_second_row_with_the_same_hash():
    from django.db import IntegrityError, transaction

    article = ingest(HTML_PAGE, filename="bridge.html").article
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(content_hash=article.content_hash)


def test_what_the_editor_gives_wins_over_extraction_and_survives_reprocessing():
    from datetime import UTC, datetime

    published = datetime(2023, 1, 23, 9, 0, tzinfo=UTC)
    article = ingest(
        HTML_PAGE, filename="bridge.html", source="The Gazette", url="https://gazette.example/bridge", published=published
    ).article
    article.reprocess()
    article.refresh_from_db()
    assert article.source.name == "The Gazette"
    assert article.source.domain == "gazette.example"
    assert article.canonical_url == "https://gazette.example/bridge"
    assert article.published == published
