"""Pieces of pages kept under the values they show: reused while those are unchanged, made again when one changes."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from newsroom.articles.ingest import ingest_text
from newsroom.articles.models import Article, Source
from newsroom.front.fragments import kept_fragment
from newsroom.quotes.models import ArticleHighlights, QuoteOccurrence
from newsroom.stories.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_made_afresh(settings):
    """Without the page cache every request makes its page again, so only the fragments are kept."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def deal_2023(imported_seeds):
    return imported_seeds["000"].membership.story


def test_a_fragment_is_made_once_per_key_and_reused_while_the_key_is_the_same():
    first = SimpleNamespace(pk=1, slug="harbour", headline="Harbour reopens", article_count=2, source_names=["Coast Post"],
                            representative_id=None, last_published=None, get_absolute_url="/stories/1-harbour/")
    second = SimpleNamespace(**{**vars(first), "headline": "A different headline"})
    made = kept_fragment("front/home.html#story-card", ("a key",), {"story": first})
    assert "Harbour reopens" in made
    assert kept_fragment("front/home.html#story-card", ("a key",), {"story": second}) is made
    assert "A different headline" in kept_fragment("front/home.html#story-card", ("another key",), {"story": second})


def test_the_fragments_least_recently_used_go_first_when_they_hold_too_much(monkeypatch):
    from newsroom.front import fragments

    story = SimpleNamespace(pk=1, slug="harbour", headline="Harbour reopens", article_count=2, source_names=[],
                            representative_id=None, last_published=None, get_absolute_url="/stories/1-harbour/")
    one_card = len(kept_fragment("front/home.html#story-card", ("probe",), {"story": story}))
    monkeypatch.setattr(fragments, "MAX_CHARACTERS", 2 * one_card + 20)
    first = kept_fragment("front/home.html#story-card", ("first",), {"story": story})
    second = kept_fragment("front/home.html#story-card", ("second",), {"story": story})
    assert kept_fragment("front/home.html#story-card", ("first",), {"story": story}) is first  # used again: kept
    kept_fragment("front/home.html#story-card", ("third",), {"story": story})
    assert kept_fragment("front/home.html#story-card", ("first",), {"story": story}) is first
    assert kept_fragment("front/home.html#story-card", ("second",), {"story": story}) is not second  # made again


def test_the_home_page_shows_a_new_headline_and_a_new_article_count(client, imported_seeds, deal_2023):
    page = client.get(reverse("front:home")).content.decode()
    assert f"{deal_2023.article_count} articles" in page
    deal_2023.set_headline("Microsoft and OpenAI renew their deal", edited=True)
    page = client.get(reverse("front:home")).content.decode()
    assert "Microsoft and OpenAI renew their deal" in page
    assert Story.objects.get(pk=deal_2023.pk).get_absolute_url() in page
    Story.objects.filter(pk=deal_2023.pk).update(article_count=17)
    assert "17 articles" in client.get(reverse("front:home")).content.decode()


def test_a_story_page_shows_an_articles_new_title_byline_and_source_in_its_timeline_and_column(client, imported_seeds, deal_2023):
    article = imported_seeds["000"]
    url = deal_2023.get_absolute_url()
    assert "Harbour Desk" not in client.get(url).content.decode()
    Article.objects.filter(pk=article.pk).update(byline="Harbour Desk")
    page = client.get(url).content.decode()
    assert '<span class="byline">Harbour Desk</span>' in page  # the timeline
    assert '<span class="byline">By Harbour Desk</span>' in page  # the column
    Article.objects.filter(pk=article.pk).update(title="A corrected title")
    assert client.get(url).content.decode().count(">A corrected title<") == 2  # the timeline's label and the column's heading
    Article.objects.filter(pk=article.pk).update(source=Source.objects.create(name="Kestrel Gazette"))
    page = client.get(url).content.decode()
    assert '<span class="source">Kestrel Gazette</span>' in page
    assert '<p class="source">Kestrel Gazette</p>' in page


def test_a_comparison_ticks_the_boxes_of_the_articles_it_shows(client, imported_seeds, deal_2023):
    first, third = imported_seeds["000"].pk, imported_seeds["002"].pk
    page = client.get(f"{deal_2023.compare_url()}?a={first}&b={third}").content.decode()
    assert f'id="pick-{third}" aria-describedby="chooser-hint" checked>' in page
    page = client.get(f"{deal_2023.compare_url()}?a={first}&b={imported_seeds['004'].pk}").content.decode()
    assert f'id="pick-{third}" aria-describedby="chooser-hint">' in page


def test_a_story_column_follows_the_remote_images_setting(client, settings, deal_2023):
    article = deal_2023.memberships.order_by("article__published", "article_id").first().article
    figure = '<figure><img src="https://images.example/quay.jpg" alt="The quay"></figure>'
    ArticleHighlights.objects.filter(article=article).update(marked_html=figure)
    assert "images.example/quay.jpg" in client.get(deal_2023.get_absolute_url()).content.decode()
    settings.NEWSROOM_REMOTE_IMAGES = False
    page = client.get(deal_2023.get_absolute_url()).content.decode()
    assert "images.example" not in page
    assert "Image not loaded: The quay" in page


def test_a_quote_page_shows_an_occurrences_new_wording_and_its_articles_new_title(client, imported_seeds):
    occurrence = QuoteOccurrence.objects.filter(article=imported_seeds["000"]).select_related("quote").first()
    url = reverse("quotes:quote", args=[occurrence.quote_id])
    assert "<ins>reworded</ins>" not in client.get(url).content.decode()
    QuoteOccurrence.objects.filter(pk=occurrence.pk).update(text=f"{occurrence.quote.text} reworded")
    assert "<ins>reworded</ins>" in client.get(url).content.decode()
    Article.objects.filter(pk=occurrence.article_id).update(title="A corrected title")
    assert "A corrected title" in client.get(url).content.decode()


def test_a_search_hit_shows_its_articles_new_title_and_source(client):
    article = ingest_text("Lighthouse keepers strike on the Kestrel coast\n\nThe lighthouse keepers of the Kestrel coast "
                          "stopped work on Tuesday over pay, their union said, the first strike there in forty years.",
                          source="Coast Post").article
    url = f"{reverse('search:search')}?q=lighthouse"
    assert "Coast Post" in client.get(url).content.decode()
    Article.objects.filter(pk=article.pk).update(title="Lighthouse strike ends", source=Source.objects.create(name="Kestrel Gazette"))
    page = client.get(url).content.decode()
    assert "Lighthouse strike ends" in page
    assert "Kestrel Gazette" in page
    assert "Coast Post" not in page
