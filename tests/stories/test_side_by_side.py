"""The story page's columns: shared quotes lit alike, what each article adds, and comparison permalinks."""

import re
from datetime import UTC, datetime

import pytest

from newsroom.articles.ingest import ingest
from newsroom.stories.models import Membership, Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal_2023(imported_seeds):
    return imported_seeds["000"].membership.story


def nadella_quote_id(article) -> int:
    from newsroom.quotes.models import QuoteOccurrence

    return next(o.quote_id for o in QuoteOccurrence.objects.filter(article=article) if "We formed our partnership" in o.text)


def column_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<article class="column"[^>]*data-article="(\d+)"', page)]


def test_the_story_page_shows_the_four_2023_articles_in_columns(client, deal_2023, imported_seeds):
    page = client.get(deal_2023.get_absolute_url()).content.decode()
    assert sorted(column_ids(page)) == sorted(imported_seeds[n].pk for n in ("000", "002", "003", "004"))
    assert "columns-4" in page


def test_nadellas_statement_is_one_numbered_focusable_colour_in_every_column(client, deal_2023, imported_seeds):
    nadella = nadella_quote_id(imported_seeds["000"])
    page = client.get(deal_2023.get_absolute_url()).content.decode()
    firsts = re.findall(rf'<mark class="quote shared (colour-\d+)" data-quote="{nadella}"[^>]*id="q-\d+" data-n="(\d+)" '
                        rf'tabindex="0" aria-describedby="shared-quote-{nadella}"', page)
    assert len({column for column in firsts}) == 1
    assert len(firsts) >= 4
    assert f'<li id="shared-quote-{nadella}">' in page
    assert "by Satya Nadella, in 4 columns" in page


def test_each_column_says_what_only_it_reports(client, deal_2023):
    page = client.get(deal_2023.get_absolute_url()).content.decode()
    assert page.count('<details class="adds">') == 4
    adds = re.findall(r'<details class="adds">(.*?)</details>', page, re.S)
    assert any("Marshall Choy" in section for section in adds)
    assert not any("We formed our partnership with OpenAI" in section for section in adds)


def test_a_comparison_permalink_shows_exactly_those_columns_in_that_order(client, deal_2023, imported_seeds):
    a, b = imported_seeds["004"].pk, imported_seeds["000"].pk
    response = client.get(f"{deal_2023.compare_url()}?a={a}&b={b}")
    page = response.content.decode()
    assert column_ids(page) == [a, b]
    assert f'id="pick-{a}" aria-describedby="chooser-hint" checked' in page
    assert f'id="pick-{imported_seeds["002"].pk}" aria-describedby="chooser-hint">' in page
    assert f'href="{deal_2023.compare_url()}?a={a}&amp;b={b}"' in page


def test_articles_from_another_story_are_not_shown(client, deal_2023, imported_seeds):
    page = client.get(f"{deal_2023.compare_url()}?a={imported_seeds['001'].pk}&b=nonsense").content.decode()
    assert imported_seeds["001"].pk not in column_ids(page)
    assert len(column_ids(page)) == 4  # the default comparison


def test_the_chooser_form_without_javascript_redirects_to_the_permalink(client, deal_2023, imported_seeds):
    a, b = imported_seeds["002"].pk, imported_seeds["003"].pk
    response = client.get(f"{deal_2023.compare_url()}?article={a}&article={b}")
    assert response.status_code == 302
    assert response["Location"] == f"{deal_2023.compare_url()}?a={a}&b={b}"


def test_htmx_gets_only_the_comparison_and_the_permalink_to_push(client, deal_2023, imported_seeds):
    a, b = imported_seeds["002"].pk, imported_seeds["003"].pk
    response = client.get(f"{deal_2023.compare_url()}?article={a}&article={b}", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="comparison"')
    assert "<html" not in page
    assert column_ids(page) == [a, b]
    assert f'id="pick-{a}" aria-describedby="chooser-hint" checked' in page  # the chooser comes along, ticked
    assert response["HX-Push-Url"] == f"{deal_2023.compare_url()}?a={a}&b={b}"
    assert "HX-Request" in response["Vary"]


def test_the_full_page_also_varies_on_htmx(client, deal_2023):
    assert "HX-Request" in client.get(deal_2023.get_absolute_url())["Vary"]


def test_an_old_slug_on_a_comparison_answers_301_with_the_same_columns(client, deal_2023, imported_seeds):
    a = imported_seeds["003"].pk
    response = client.get(f"/stories/{deal_2023.pk}-old-slug/compare/?a={a}")
    assert response.status_code == 301
    assert response["Location"] == f"{deal_2023.compare_url()}?a={a}"


def test_comparisons_answer_404_for_a_missing_story_and_405_for_post(client, deal_2023):
    assert client.get("/stories/999-nothing/compare/?a=1").status_code == 404
    assert client.post(f"{deal_2023.compare_url()}?a=1").status_code == 405


def test_a_story_of_ten_articles_renders_in_four_queries(client, django_assert_max_num_queries):
    articles = []
    for number in range(10):
        result = ingest(
            (f"Dam breaks on the river Vell, report {number}\n\nThe dam on the river Vell broke near Tarnow on Monday, "
             f"flooding 40 homes. “We saw the water coming,” said mayor Anna Kowal. Reporter {number} adds detail "
             f"number {number} about the rescue boats.").encode(),
            filename=f"vell-{number}.txt", source=f"Paper {number}", published=datetime(2024, 5, 3, number, tzinfo=UTC),
        )
        articles.append(result.article)
    story = Story.objects.create(headline="Dam breaks on the river Vell", slug="dam-breaks")
    Membership.objects.filter(article__in=articles).update(story=story)
    with django_assert_max_num_queries(4):
        page = client.get(story.get_absolute_url()).content.decode()
    assert len(column_ids(page)) == 4
    assert page.count('<li id="article-') == 10
    with django_assert_max_num_queries(4):
        page = client.get(f"{story.compare_url()}?a={articles[9].pk}&b={articles[8].pk}&c={articles[7].pk}"
                          f"&d={articles[6].pk}").content.decode()
    assert column_ids(page) == [articles[9].pk, articles[8].pk, articles[7].pk, articles[6].pk]
