"""The pages people read: home, the reader view, the original as plain text."""

import pytest
from django.test import Client
from django.urls import reverse

from newsroom.articles.ingest import ingest
from newsroom.articles.models import Article

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = (
    b"Election results delayed\n\n"
    b"Officials said on Monday that counting would take two more days <script>alert('x')</script> in the northern districts.\n\n"
    b"Observers from three countries are watching the count in every district of the region."
)


@pytest.fixture
def article():
    return ingest(HOSTILE_TEXT, filename="election.txt", source="Northern Times").article


def test_the_home_page_lists_the_latest_articles(client, article, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("front:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Election results delayed" in page
    assert "Northern Times" in page
    assert article.get_absolute_url() in page


def test_the_home_page_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    for number in range(12):
        ingest(f"Story number {number}\n\nA distinct paragraph {number} about a town meeting on road repairs.".encode(),
               filename=f"{number}.txt", source=f"Outlet {number}")
    with django_assert_max_num_queries(3):
        assert client.get(reverse("front:home")).status_code == 200


def test_the_reader_shows_title_source_reading_time_and_body(client, article):
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Election results delayed</h1>" in page
    assert "counting would take two more days" in page
    assert "min read" in page
    assert "Northern Times" in page


def test_nothing_from_the_upload_runs_in_the_reader(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page


def test_the_original_is_served_as_plain_text_never_html(client, article):
    response = client.get(article.get_original_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == HOSTILE_TEXT


def test_a_missing_article_is_404(client):
    assert client.get(reverse("front:article", args=[999])).status_code == 404
    assert client.get(reverse("front:article-original", args=[999])).status_code == 404


def test_a_failed_article_is_hidden_from_readers_but_shown_to_editors(editor_client):
    failed = ingest(b"", filename="empty.txt").article
    assert failed.status == Article.Status.FAILED
    assert Client().get(failed.get_absolute_url()).status_code == 404
    response = editor_client.get(failed.get_absolute_url())
    assert response.status_code == 200
    assert "empty" in response.content.decode().lower()


def test_pages_only_answer_get(client, article):
    assert client.post(reverse("front:home")).status_code == 405
    assert client.post(article.get_absolute_url()).status_code == 405


def test_pages_send_a_strict_content_security_policy(client, article):
    policy = client.get(article.get_absolute_url())["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
