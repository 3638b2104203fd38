"""Search: full-text with ranking and highlighted snippets on PostgreSQL, substring matching on SQLite."""

import pytest
from django.db import connection
from django.urls import reverse

from newsroom.articles.ingest import ingest_text

pytestmark = pytest.mark.django_db

FLOODS = (
    "River floods the old town\n\n"
    "The river burst its banks on Sunday and flooded the old town, forcing two hundred families from their homes.\n\n"
    "Firefighters pumped water from cellars through the night while volunteers filled sandbags."
)
BUDGET = (
    "Council passes the budget\n\n"
    "The council passed next year's budget on Monday after a long debate about school repairs and bus fares.\n\n"
    "The opposition said the plan ignored the river defences that residents have asked for."
)


@pytest.fixture
def articles():
    return ingest_text(FLOODS).article, ingest_text(BUDGET).article


def test_search_finds_articles_and_highlights_the_words(client, articles):
    floods, budget = articles
    response = client.get(reverse("search:search"), {"q": "flooded families"})
    page = response.content.decode()
    assert response.status_code == 200
    assert floods.get_absolute_url() in page
    assert budget.get_absolute_url() not in page
    assert "<mark>" in page


def test_the_title_counts_more_than_the_body_where_ranking_exists(client, articles):
    floods, budget = articles
    page = client.get(reverse("search:search"), {"q": "river"}).content.decode()
    assert floods.get_absolute_url() in page and budget.get_absolute_url() in page
    if connection.vendor == "postgresql":
        # "river" is in the floods article's headline and only in the budget article's body.
        assert page.index(floods.get_absolute_url()) < page.index(budget.get_absolute_url())


def test_snippets_escape_the_article_text(client):
    ingest_text("Markup in text\n\nThe page said <b onmouseover=alert(1)>storm</b> warnings were issued for the whole coast today.")
    page = client.get(reverse("search:search"), {"q": "storm warnings"}).content.decode()
    assert "onmouseover=alert" not in page.replace("&lt;b onmouseover=alert", "")
    assert "<b onmouseover" not in page


def test_an_empty_query_shows_the_form_only(client, articles):
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert "No article matches" not in response.content.decode()


def test_search_answers_get_only(client):
    assert client.post(reverse("search:search"), {"q": "x"}).status_code == 405


def test_search_uses_a_constant_number_of_queries(client, articles, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("search:search"), {"q": "river"})
