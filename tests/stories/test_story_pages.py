"""The story page, the home page of stories, the Atom feed and the export's story fields."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsroom.articles.ingest import ingest
from newsroom.stories.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal_2023(imported_seeds):
    return imported_seeds["000"].membership.story


def test_the_story_page_shows_headline_counts_and_links_to_every_article(client, deal_2023, imported_seeds):
    page = client.get(deal_2023.get_absolute_url()).content.decode()
    assert f"<h1>{deal_2023.headline}</h1>" in page.replace("&#x27;", "'").replace("&rsquo;", "’")
    assert "4 articles" in page
    for number in ("000", "002", "003", "004"):
        assert imported_seeds[number].get_absolute_url() in page
    assert imported_seeds["001"].get_absolute_url() not in page
    # The seeds name no outlet: the page says nothing of sources rather than "0 sources".
    assert "0 sources" not in page


def test_the_story_page_shows_a_timeline_by_date(client):
    for day, title in [(3, "Dam breaks on the river Vell"), (4, "River Vell dam break: rescue goes on")]:
        ingest(f"{title}\n\nThe dam on the river Vell broke near Tarnow on Monday, flooding 40 homes; "
               f"rescuers from Tarnow searched the valley. Report {day}.".encode(),
               filename=f"{day}.txt", source=f"Paper {day}", published=datetime(2024, 5, day, tzinfo=UTC))
    story = Story.objects.listed().get()
    page = client.get(story.get_absolute_url()).content.decode()
    assert page.index('datetime="2024-05-03"') < page.index('datetime="2024-05-04"')
    assert "3 May 2024</time> – <time" in page and "4 May 2024" in page
    assert "2 sources" in page


def test_the_story_page_has_opengraph_and_twitter_card_tags(client, deal_2023):
    page = client.get(deal_2023.get_absolute_url()).content.decode()
    assert '<meta property="og:title"' in page
    assert '<meta property="og:description" content="4 articles' in page
    assert f'<meta property="og:url" content="http://testserver{deal_2023.get_absolute_url()}">' in page
    assert '<meta name="twitter:card"' in page


def test_readers_do_not_see_why_articles_are_in_the_story_or_the_correction_forms(client, outsider_client, deal_2023):
    for reader in (client, outsider_client):
        page = reader.get(deal_2023.get_absolute_url()).content.decode()
        assert "Why these articles are here" not in page
        assert reverse("stories:merge", args=[deal_2023.pk]) not in page


def test_editors_see_scores_reasons_and_the_correction_forms(editor_client, deal_2023):
    page = editor_client.get(deal_2023.get_absolute_url()).content.decode()
    assert "Why these articles are here" in page
    assert "content similarity" in page
    assert "usd:multi1e9" in page
    assert "shared quote" in page
    for name in ("merge", "move", "split", "lock", "headline"):
        assert reverse(f"stories:{name}", args=[deal_2023.pk]) in page
    assert "csrfmiddlewaretoken" in page


def test_the_story_page_query_count_is_small(client, deal_2023, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(deal_2023.get_absolute_url()).status_code == 200


def test_the_story_page_only_answers_get(client, deal_2023):
    assert client.post(deal_2023.get_absolute_url()).status_code == 405


def test_the_home_page_lists_stories_latest_first_with_sources_and_counts(client):
    for n, (title, year) in enumerate([("Harbour strike ends in Kestrel Bay", 2021), ("Comet Orla seen over Lima", 2024)]):
        ingest(f"{title}\n\n{title} after talks, officials in the region said. Distinct paragraph {n}.".encode(),
               filename=f"{n}.txt", source=f"Outlet {n}", published=datetime(year, 3, 1, tzinfo=UTC))
    page = client.get(reverse("front:home")).content.decode()
    assert page.index("Comet Orla") < page.index("Harbour strike")
    assert "Outlet 0" in page and "1 article" in page


def test_the_home_page_shows_single_article_stories_and_the_2023_deal(client, imported_seeds):
    page = client.get(reverse("front:home")).content.decode()
    assert imported_seeds["000"].membership.story.get_absolute_url() in page
    assert imported_seeds["001"].membership.story.get_absolute_url() in page
    assert "4 articles" in page


def test_the_home_page_query_count_does_not_grow_with_stories(client, django_assert_max_num_queries):
    for n in range(35):
        words = " ".join(f"word{n}x{i}" for i in range(15))  # nothing in common: 35 single-article stories
        ingest(f"Headline{n} news\n\nThe {words}.".encode(), filename=f"{n}.txt", source=f"Outlet {n}")
    with django_assert_max_num_queries(2):
        response = client.get(reverse("front:home"))
    assert response.status_code == 200
    assert 'rel="next"' in response.content.decode()
    with django_assert_max_num_queries(2):
        assert client.get(reverse("front:home"), {"page": 2}).status_code == 200


def test_the_atom_feed_lists_the_latest_stories(client, deal_2023):
    response = client.get(reverse("stories:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert deal_2023.get_absolute_url() in body
    assert "<entry>" in body


def test_the_export_carries_each_articles_story(imported_seeds, deal_2023, tmp_path):
    call_command("export_articles", output=str(tmp_path / "export.jsonl"), stdout=StringIO(), stderr=StringIO())
    lines = (tmp_path / "export.jsonl").read_text(encoding="utf-8").splitlines()
    records = {record["id"]: record for record in map(json.loads, lines)}
    story = records[imported_seeds["002"].pk]["story"]
    assert story == {"id": deal_2023.pk, "slug": deal_2023.slug, "url": deal_2023.get_absolute_url()}
