"""What an upload's two commits announce, and what the announcements cost: storing a pending article
names its page and the listing without a lookup (nothing shows it yet); processing it names its story,
its quotes and the articles it shares passages with, and drops the kept pages that show them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom.articles.ingest import ingest_text
from newsroom.articles.models import Article
from newsroom.front import content_changes, scopes
from newsroom.quotes.models import Quote, Speaker
from newsroom.stories.models import Story
from tests.front.test_pages_dropped_per_scope import FERRY_THIRD, two_stories  # noqa: F401 -- the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(monkeypatch) -> list:
    """Every announcement made (the scopes each names), as other processes would hear them."""
    made = []
    announce = content_changes._announce
    monkeypatch.setattr(content_changes, "_announce", lambda using, touched=None: (made.append(touched), announce(using, touched)))
    return made


def commit(callbacks, django_assert_num_queries, statements: int) -> None:
    """Run a transaction's on-commit callbacks (what its COMMIT runs), in exactly `statements` queries."""
    with django_assert_num_queries(statements):
        for callback in callbacks:
            callback()


def notify() -> int:
    """The announcement's own statement: pg_notify on PostgreSQL, a line of a log file on SQLite."""
    return 1 if connection.vendor == "postgresql" else 0


def test_a_just_stored_pending_article_announces_its_page_and_the_listing_with_no_lookup(
        announced, django_capture_on_commit_callbacks, django_assert_num_queries):
    with django_capture_on_commit_callbacks() as callbacks:
        article, created = Article.store_upload(FERRY_THIRD.encode(), given_source="Harbour Times")
    assert created and article.status == Article.Status.PENDING
    commit(callbacks, django_assert_num_queries, notify())
    assert announced == [{scopes.article(article.pk), scopes.LISTING}]


def test_a_processed_article_announces_its_story_its_quotes_and_the_listing(
        two_stories, announced, django_capture_on_commit_callbacks, django_assert_num_queries):  # noqa: F811
    story_a, story_b = two_stories["story_a"], two_stories["story_b"]
    ferry_quote = Quote.objects.get(text__startswith="The crossing is calm")
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = Article.store_upload(FERRY_THIRD.encode(), given_source="Harbour Times")
    with django_capture_on_commit_callbacks() as callbacks:
        Article.objects.get(pk=article.pk).process()
    # Its partners, its quotes (with their speakers), the articles carrying them and their stories, in
    # one statement: the quotes and speakers it saved are read with its quotes, not looked up again.
    commit(callbacks, django_assert_num_queries, 1 + notify())
    stored, processed = announced
    assert stored == {scopes.article(article.pk), scopes.LISTING}
    assert {scopes.story(story_a.pk), scopes.article(article.pk), scopes.quote(ferry_quote.pk), scopes.LISTING} <= processed
    # The ferry articles share the quote's passage with it: their pages mark it.
    assert {scopes.article(member.article_id) for member in story_a.memberships.all()} <= processed
    assert scopes.story(story_b.pk) not in processed
    assert scopes.article(two_stories["bakery"].pk) not in processed


def test_kept_pages_showing_what_processing_changed_are_dropped_and_the_others_kept(
        client, two_stories, django_capture_on_commit_callbacks, django_assert_num_queries):  # noqa: F811
    story_a = two_stories["story_a"]
    ferry_quote = Quote.objects.get(text__startswith="The crossing is calm")
    showing = {"story A": story_a.get_absolute_url(), "the quote": reverse("quotes:quote", args=[ferry_quote.pk]),
               "a ferry article": Article.objects.filter(membership__story=story_a).first().get_absolute_url(),
               "home": reverse("front:home")}
    others = {"story B": two_stories["story_b"].get_absolute_url(), "the bakery": two_stories["bakery"].get_absolute_url()}
    for url in {**showing, **others}.values():
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = Article.store_upload(FERRY_THIRD.encode(), given_source="Harbour Times")
    for name, url in {**showing, **others}.items():  # a pending article shows on no page yet
        if name != "home":
            with django_assert_num_queries(0):
                assert client.get(url).status_code == 200, name
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).process()
    article = Article.objects.get(pk=article.pk)
    assert article.status == Article.Status.READY and article.membership.story_id == story_a.pk
    for name, url in showing.items():  # made afresh (a kept page takes no query); the story's new headline moves it
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code in (200, 301), name
        assert queries.captured_queries, name
    assert "carried by 3 articles" in client.get(showing["the quote"]).content.decode()
    for name, url in others.items():
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200, name


def test_an_article_stored_and_processed_in_one_transaction_is_still_looked_up(
        two_stories, announced, django_capture_on_commit_callbacks):  # noqa: F811
    ferry_quote = Quote.objects.get(text__startswith="The crossing is calm")
    with django_capture_on_commit_callbacks(execute=True):
        article = ingest_text(FERRY_THIRD, source="Harbour Times").article
    assert article.status == Article.Status.READY
    (touched,) = announced
    assert {scopes.story(two_stories["story_a"].pk), scopes.quote(ferry_quote.pk)} <= touched


def test_a_quote_given_a_speaker_announces_the_speaker_and_every_story_carrying_it_in_one_lookup(
        client, two_stories, announced, django_capture_on_commit_callbacks, django_assert_num_queries):  # noqa: F811
    story_a = two_stories["story_a"]
    ferry_quote = Quote.objects.get(text__startswith="The crossing is calm")
    story_url = Story.objects.get(pk=story_a.pk).get_absolute_url()
    client.get(story_url)
    with django_capture_on_commit_callbacks(execute=True):
        skipper = Speaker.for_name("Morag Skipper")
    with django_capture_on_commit_callbacks() as callbacks:
        ferry_quote.speaker = skipper
        ferry_quote.save()
    commit(callbacks, django_assert_num_queries, 1 + notify())
    assert {scopes.quote(ferry_quote.pk), scopes.speaker(skipper.slug), scopes.story(story_a.pk)} <= announced[-1]
    assert scopes.story(two_stories["story_b"].pk) not in announced[-1]
    with CaptureQueriesContext(connection) as queries:  # the kept story page is made afresh
        assert client.get(story_url).status_code == 200
    assert queries.captured_queries
