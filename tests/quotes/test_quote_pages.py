"""The quote page and the speaker page: status, content, 404/405, and query counts."""

import pytest
from django.urls import reverse

from newsroom.articles.ingest import ingest_text
from newsroom.quotes.models import Quote, Speaker


@pytest.fixture
def nadella_quote(imported_seeds, occurrence_of):
    return occurrence_of(imported_seeds["000"], "We formed our partnership with OpenAI").quote


def test_the_quote_page_shows_the_statement_its_speaker_and_every_article(client, nadella_quote, imported_seeds):
    response = client.get(reverse("quotes:quote", args=[nadella_quote.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "We formed our partnership with OpenAI around a shared ambition" in page
    assert f'href="{reverse("quotes:speaker", args=["satya-nadella"])}"' in page
    for key in ("000", "002", "003", "004"):
        assert f'href="/articles/{imported_seeds[key].pk}/#q-' in page
    assert "/articles/%d/" % imported_seeds["001"].pk not in page


def test_the_quote_page_shows_each_articles_wording_with_its_differences(client, nadella_quote):
    page = client.get(reverse("quotes:quote", args=[nadella_quote.pk])).content.decode()
    assert "<ins>democratise</ins>" in page  # 002's British spelling
    assert "<del>" in page  # 004 leaves words out of its fragments
    assert "<del>We formed</del> Our partnership with OpenAI <ins>is built</ins>" in page  # 003's translation


def test_the_quote_page_needs_the_same_queries_however_many_articles_carry_it(client, nadella_quote, imported_seeds,
                                                                           django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("quotes:quote", args=[nadella_quote.pk]))
    for number in range(5):
        ingest_text(
            f"Copy {number} of the statement\n\nSatya Nadella said: \u201cWe formed our partnership with OpenAI "
            "around a shared ambition to responsibly advance cutting-edge AI research and democratize AI as a new "
            f"technology platform.\u201d\n\nA closing line for copy number {number} of this test.",
            title=f"Copy {number}",
        )
    nadella_quote.refresh_from_db()
    assert nadella_quote.article_count == 9
    with django_assert_max_num_queries(3):
        response = client.get(reverse("quotes:quote", args=[nadella_quote.pk]))
    assert response.content.decode().count('<li>\n          <h3>') == nadella_quote.occurrence_count


def test_the_quote_page_is_404_for_an_unknown_quote(client, db):
    assert client.get(reverse("quotes:quote", args=[999999])).status_code == 404


def test_the_quote_page_only_answers_get(client, nadella_quote):
    assert client.post(reverse("quotes:quote", args=[nadella_quote.pk])).status_code == 405


def test_the_speaker_page_lists_their_quotes(client, imported_seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("quotes:speaker", args=["satya-nadella"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Satya Nadella</h1>" in page
    assert "We formed our partnership with OpenAI" in page
    assert "AI is one of the most transformative technologies" in page
    assert "The past three years" not in page
    for quote in Quote.objects.filter(speaker__slug="satya-nadella"):
        assert quote.get_absolute_url() in page


def test_the_speaker_page_is_404_for_an_unknown_speaker(client, db):
    assert client.get(reverse("quotes:speaker", args=["nobody-at-all"])).status_code == 404


def test_the_speaker_page_only_answers_get(client, imported_seeds):
    assert client.delete(reverse("quotes:speaker", args=["sam-altman"])).status_code == 405


def test_speakers_are_one_row_per_full_name(imported_seeds):
    assert Speaker.objects.filter(name="Satya Nadella").count() == 1
    assert set(Speaker.objects.values_list("name", flat=True)) >= {"Satya Nadella", "OpenAI", "Sam Altman", "Marshall Choy"}
