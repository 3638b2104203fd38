"""Indexing an article for search: one statement on PostgreSQL (none where there is no full-text search), a
vector that follows the article's latest text, and the change announced to the pages that list results."""

import pytest
from django.db import connection

from newsroom.articles.ingest import ingest_text
from newsroom.front import scopes
from newsroom.front.content_changes import seen
from newsroom.search.models import ArticleSearchDocument, index_article
from newsroom.search.query import search_articles

pytestmark = pytest.mark.django_db

LIGHTHOUSE = (
    "Lighthouse keeper retires\n\n"
    "The last keeper of the lighthouse on the point retired on Friday after forty years of lighting the lamp.\n\n"
    "Children from the village school brought him a cake shaped like the tower."
)


def test_indexing_sends_one_statement_where_search_has_an_index(django_assert_num_queries):
    article = ingest_text(LIGHTHOUSE).article
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 0):
        index_article(article)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index is PostgreSQL's")
def test_indexing_announces_a_change_to_the_listings_only():
    article = ingest_text(LIGHTHOUSE).article
    before = seen.number
    index_article(article)
    assert not seen.unchanged_since(before, {scopes.LISTING})
    assert seen.unchanged_since(before, {scopes.article(article.pk)})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index is PostgreSQL's")
def test_indexing_again_replaces_the_vector_with_the_current_title_and_text():
    article = ingest_text(LIGHTHOUSE).article
    assert [hit.article.pk for hit in search_articles("lighthouse keeper")] == [article.pk]
    article.title, article.text = "Harbour crane sold", "The old harbour crane was sold for scrap on Monday."
    index_article(article)
    assert ArticleSearchDocument.objects.count() == 1
    assert search_articles("lighthouse keeper") == []
    assert [hit.article.pk for hit in search_articles("crane scrap")] == [article.pk]
