"""Atom feeds for other readers: the latest stories, one story's articles, one speaker's quotes."""

import feedparser
import pytest

from newsroom.quotes.models import Speaker

pytestmark = pytest.mark.django_db


def parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_latest_stories_feed_is_valid_atom(client, small_world):
    feed = parsed(client.get("/stories/feed/"))
    story = small_world["acme_1"].membership.story
    assert {entry.link for entry in feed.entries} >= {f"http://testserver{story.get_absolute_url()}"}


def test_a_storys_feed_lists_its_articles(client, small_world):
    story = small_world["acme_1"].membership.story
    feed = parsed(client.get(f"/stories/{story.pk}-{story.slug}/feed/"))
    assert feed.feed.title == f"Newsroom: {story.headline}"
    assert feed.feed.link == f"http://testserver{story.get_absolute_url()}"
    links = {entry.link for entry in feed.entries}
    assert links == {f"http://testserver/articles/{small_world[name].pk}/" for name in ("acme_1", "acme_2")}
    assert {entry.author for entry in feed.entries} == {"Daily Ledger", "Wire Service"}
    assert all(entry.updated for entry in feed.entries)


def test_a_storys_feed_follows_slug_changes_and_merges(client, small_world):
    story = small_world["acme_1"].membership.story
    old_slug = story.slug
    story.set_headline("Acme buys Widget Works", edited=True)
    response = client.get(f"/stories/{story.pk}-{old_slug}/feed/")
    assert response.status_code == 301
    assert response["Location"] == f"/stories/{story.pk}-acme-buys-widget-works/feed/"
    harbour = small_world["harbour"].membership.story
    harbour.merge_into(story)
    response = client.get(f"/stories/{harbour.pk}-{harbour.slug}/feed/")
    assert response.status_code == 301
    assert response["Location"] == f"/stories/{story.pk}-acme-buys-widget-works/feed/"


def test_an_unknown_storys_feed_is_a_404(client, db):
    assert client.get("/stories/999-nothing/feed/").status_code == 404


def test_a_speakers_feed_lists_their_quotes(client, small_world):
    speaker = Speaker.objects.get(name="Jane Roe")
    feed = parsed(client.get(f"/speakers/{speaker.slug}/feed/"))
    assert feed.feed.title == "Newsroom: quotes from Jane Roe"
    [entry] = feed.entries
    quote = speaker.quotes.get()
    assert entry.link == f"http://testserver{quote.get_absolute_url()}"
    assert "double our output" in entry.summary and "2 articles" in entry.summary
    assert entry.author == "Jane Roe"


def test_an_unknown_speakers_feed_is_a_404(client, db):
    assert client.get("/speakers/nobody/feed/").status_code == 404


def test_feeds_only_answer_get(client, small_world):
    speaker = Speaker.objects.get(name="Jane Roe")
    assert client.post(f"/speakers/{speaker.slug}/feed/").status_code == 405
    story = small_world["acme_1"].membership.story
    assert client.post(f"/stories/{story.pk}-{story.slug}/feed/").status_code == 405
