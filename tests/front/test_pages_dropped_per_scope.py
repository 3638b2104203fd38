"""A change drops only the kept pages that show it: an upload into one story leaves other stories' and
articles' pages kept, here and in other processes, while its story, home and search are made afresh."""

import pytest
from django.db import transaction
from django.urls import reverse

from newsroom.articles.ingest import ingest_text
from newsroom.articles.models import Article
from newsroom.front import content_changes, scopes
from newsroom.front.content_changes import seen
from newsroom.quotes.models import Quote
from newsroom.stories.models import Story
from tests.front.test_page_cache import heard_change, ready_stamp

pytestmark = pytest.mark.django_db

FERRY = ("Ferry service to Orla island resumes after storms\n\nThe ferry to Orla island sailed again on Friday after a "
         "week of storms, the harbour office said. \"The crossing is calm and the timetable is back to normal,\" "
         "harbour master Ailsa Brodie said. Islanders had been cut off since the gales began on the Saturday before.")
FERRY_AGAIN = ("Orla island ferry sails again after a week of storms\n\nThe ferry to Orla island sailed again on Friday "
               "after a week of storms, the harbour office said. \"The crossing is calm and the timetable is back to "
               "normal,\" harbour master Ailsa Brodie said. Shops on the island were restocked within hours.")
FERRY_THIRD = ("Storms over, Orla island ferry back on its timetable\n\nThe ferry to Orla island sailed again on Friday "
               "after a week of storms, the harbour office said. \"The crossing is calm and the timetable is back to "
               "normal,\" harbour master Ailsa Brodie said. The first boat carried the post and forty passengers.")
STRIKE = ("Lighthouse keepers strike on the Kestrel coast\n\nThe lighthouse keepers of the Kestrel coast stopped work "
          "on Tuesday over pay, their union said, the first strike there in forty years. \"We keep the lamps lit for "
          "less than a living wage,\" union secretary Tomas Rhee said.")
STRIKE_AGAIN = ("Kestrel coast lighthouse keepers walk out over pay\n\nThe lighthouse keepers of the Kestrel coast "
                "stopped work on Tuesday over pay, their union said, the first strike there in forty years. \"We keep "
                "the lamps lit for less than a living wage,\" union secretary Tomas Rhee said. Talks resume next week.")
BAKERY = ("Village bakery wins the county bread prize\n\nThe bakery on Mill Lane in Harrowby won the county bread "
          "prize on Sunday for its rye loaf, the judges said, the first win for the village in the contest's history.")


@pytest.fixture
def two_stories(db, django_capture_on_commit_callbacks):
    """Story A (two ferry articles), story B (two strike articles) and an article of its own (a bakery),
    announced as committed uploads are (tests run in one transaction that never commits)."""
    with django_capture_on_commit_callbacks(execute=True):
        ferry = [ingest_text(text, source=source).article for text, source in ((FERRY, "Island News"), (FERRY_AGAIN, "Coast Post"))]
        strike = [ingest_text(text, source=source).article for text, source in ((STRIKE, "Coast Post"), (STRIKE_AGAIN, "Island News"))]
        bakery = ingest_text(BAKERY, source="Harrowby Herald").article
    story_a, story_b = (Article.objects.get(pk=pair[0].pk).membership.story for pair in (ferry, strike))
    assert {Article.objects.get(pk=a.pk).membership.story_id for a in ferry} == {story_a.pk}
    assert {Article.objects.get(pk=a.pk).membership.story_id for a in strike} == {story_b.pk}
    assert story_a.pk != story_b.pk != Article.objects.get(pk=bakery.pk).membership.story_id
    return {"story_a": story_a, "story_b": story_b, "strike_article": strike[1], "bakery": bakery}


def kept_pages(two_stories) -> dict[str, str]:
    return {
        "story B": two_stories["story_b"].get_absolute_url(),
        "an article of story B": two_stories["strike_article"].get_absolute_url(),
        "an unrelated article": two_stories["bakery"].get_absolute_url(),
    }


def fresh_pages(two_stories) -> dict[str, str]:
    return {
        "story A": two_stories["story_a"].get_absolute_url(),
        "home": reverse("front:home"),
        "search": f"{reverse('search:search')}?q=ferry",
    }


def assert_kept(client, urls: dict[str, str], django_assert_num_queries) -> None:
    for name, url in urls.items():
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200, name


def test_an_upload_into_one_story_leaves_other_stories_and_articles_kept(client, two_stories, django_assert_num_queries,
                                                                        django_capture_on_commit_callbacks):
    for url in {**kept_pages(two_stories), **fresh_pages(two_stories)}.values():
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):  # committed, as an upload is
        third = ingest_text(FERRY_THIRD, source="Harbour Times").article
    assert Article.objects.get(pk=third.pk).membership.story_id == two_stories["story_a"].pk

    assert_kept(client, kept_pages(two_stories), django_assert_num_queries)
    # Its headline may follow the newcomer: the old address then leads to the new one.
    story_a = client.get(fresh_pages(two_stories)["story A"], follow=True).content.decode()
    assert third.get_absolute_url() in story_a
    assert "Storms over, Orla island ferry back on its timetable" in client.get(reverse("front:home")).content.decode()
    assert third.get_absolute_url() in client.get(fresh_pages(two_stories)["search"]).content.decode()


def test_a_quote_page_is_dropped_by_an_upload_carrying_its_quote_and_kept_otherwise(client, two_stories,
                                                                                   django_assert_num_queries,
                                                                                   django_capture_on_commit_callbacks):
    ferry_quote = Quote.objects.get(text__startswith="The crossing is calm")
    strike_quote = Quote.objects.get(text__startswith="We keep the lamps lit")
    ferry_url, strike_url = (reverse("quotes:quote", args=[quote.pk]) for quote in (ferry_quote, strike_quote))
    assert "carried by 2 articles" in client.get(ferry_url).content.decode()
    client.get(strike_url)
    with django_assert_num_queries(0):
        client.get(ferry_url)
    # Committed, as a worker's upload is: the quote's count is written in bulk, found by the lookup at commit.
    with django_capture_on_commit_callbacks(execute=True):
        ingest_text(FERRY_THIRD, source="Harbour Times")
    assert "carried by 3 articles" in client.get(ferry_url).content.decode()
    assert_kept(client, {"the other story's quote": strike_url}, django_assert_num_queries)


def test_an_articles_page_follows_a_change_to_its_story(client, two_stories):
    url = two_stories["strike_article"].get_absolute_url()
    assert "Kestrel coast" in client.get(url).content.decode()
    story = Story.objects.get(pk=two_stories["story_b"].pk)
    story.set_headline("Kestrel keepers stop the lamps", edited=True)
    assert "Kestrel keepers stop the lamps" in client.get(url).content.decode()


def test_a_merge_drops_both_stories_pages_and_the_absorbed_one_redirects(client, editor, two_stories):
    from django.test import Client

    editor_browser = Client()
    editor_browser.force_login(editor)
    story_a, story_b = two_stories["story_a"], two_stories["story_b"]
    bakery_url = two_stories["bakery"].get_absolute_url()
    for url in (story_a.get_absolute_url(), story_b.get_absolute_url(), two_stories["strike_article"].get_absolute_url(), bakery_url):
        assert client.get(url).status_code == 200
    editor_browser.post(reverse("stories:merge", args=[story_b.pk]), {"into": story_a.pk})

    gone = client.get(story_b.get_absolute_url())
    assert gone.status_code == 301
    survivor = Story.objects.get(pk=story_a.pk)
    assert gone["Location"] == survivor.get_absolute_url()
    assert two_stories["strike_article"].get_absolute_url() in client.get(gone["Location"]).content.decode()
    # The moved article's page names its new story.
    assert survivor.get_absolute_url() in client.get(two_stories["strike_article"].get_absolute_url()).content.decode()


def test_a_split_drops_the_story_page_and_the_split_off_articles_pages(client, editor, two_stories):
    from django.test import Client

    editor_browser = Client()
    editor_browser.force_login(editor)
    story_b, strike_article = two_stories["story_b"], two_stories["strike_article"]
    client.get(story_b.get_absolute_url())
    client.get(strike_article.get_absolute_url())
    editor_browser.post(reverse("stories:split", args=[story_b.pk]), {"articles": [strike_article.pk]})
    new_story = Article.objects.get(pk=strike_article.pk).membership.story
    assert new_story.pk != story_b.pk
    assert strike_article.get_absolute_url() not in client.get(story_b.get_absolute_url()).content.decode()
    assert new_story.get_absolute_url() in client.get(strike_article.get_absolute_url()).content.decode()


def test_before_its_upload_commits_this_process_serves_no_page_kept_before_it(client, two_stories,
                                                                             django_assert_num_queries,
                                                                             django_capture_on_commit_callbacks):
    ferry_quote = Quote.objects.get(text__startswith="The crossing is calm")
    strike_url = two_stories["story_b"].get_absolute_url()
    ferry_url = reverse("quotes:quote", args=[ferry_quote.pk])
    client.get(strike_url)
    client.get(ferry_url)
    # Uncommitted (the test's own transaction): its quotes' counts are written without signals and
    # only looked up at commit, so nothing kept before it is served meanwhile.
    ingest_text(FERRY_THIRD, source="Harbour Times")
    assert "carried by 3 articles" in client.get(ferry_url).content.decode()
    assert client.get(strike_url).status_code == 200
    content_changes._announce_pending("default")  # what its commit runs
    # Made while the change was unresolved and touched by it: dropped; not touched: kept.
    with django_assert_num_queries(0):
        assert client.get(strike_url).status_code == 200
    with django_assert_num_queries(2):
        assert "carried by 3 articles" in client.get(ferry_url).content.decode()


def test_a_change_to_a_page_not_known_by_scope_still_drops_it():
    before = seen.number
    assert seen.unchanged_since(before, None)
    assert seen.unchanged_since(before, {scopes.story(1)})
    seen.mark({scopes.story(2)})
    assert not seen.unchanged_since(before, None)
    assert seen.unchanged_since(before, {scopes.story(1)})
    assert not seen.unchanged_since(before, {scopes.story(1), scopes.story(2)})
    seen.mark(None)
    assert not seen.unchanged_since(before, {scopes.story(1)})


# --- other processes ---------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_other_processes_drop_only_the_pages_an_announced_change_shows(client, two_stories, django_assert_num_queries):
    pages = {**kept_pages(two_stories), **fresh_pages(two_stories)}
    for url in pages.values():
        client.get(url)
    story_a = two_stories["story_a"]
    # What another process's upload does: rows written without this process's signals, then its
    # announcement after commit, naming story A and the listing.
    Story.objects.filter(pk=story_a.pk).update(headline="Ferries run again to Orla")
    before = ready_stamp()
    content_changes._announce("default", {scopes.story(story_a.pk), scopes.LISTING})
    assert heard_change(before, seconds=5.0)
    assert_kept(client, kept_pages(two_stories), django_assert_num_queries)
    assert "Ferries run again to Orla" in client.get(story_a.get_absolute_url()).content.decode()
    assert "Ferries run again to Orla" in client.get(reverse("front:home")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_committed_upload_announces_its_story_its_quotes_and_the_listing_but_not_other_stories(two_stories, monkeypatch):
    story_a, story_b = two_stories["story_a"], two_stories["story_b"]
    ferry_quote = Quote.objects.get(text__startswith="The crossing is calm")
    announced = []
    announce = content_changes._announce
    monkeypatch.setattr(content_changes, "_announce", lambda using, touched=None: (announced.append(touched), announce(using, touched)))
    with transaction.atomic():
        third = ingest_text(FERRY_THIRD, source="Harbour Times").article
    assert len(announced) == 1, "one announcement per committed transaction"
    touched = announced[0]
    assert {scopes.story(story_a.pk), scopes.article(third.pk), scopes.quote(ferry_quote.pk), scopes.LISTING} <= touched
    assert scopes.story(story_b.pk) not in touched
    assert scopes.article(two_stories["bakery"].pk) not in touched
    assert scopes.article(two_stories["strike_article"].pk) not in touched
    # The payload names them, as other processes read it.
    assert content_changes.heard(" ".join(sorted(touched))) == touched


def cached_views(patterns, prefix=""):
    """(URL name, view) of every view wrapped in cached_for_readers, however deep its decorators."""
    from django.urls import URLPattern

    from newsroom.front.page_cache import cached_for_readers

    marked = cached_for_readers(lambda request: None).__code__
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            view = pattern.callback
            while view is not None:
                if getattr(view, "__code__", None) is marked:
                    yield f"{prefix}{pattern.name}", pattern.callback
                    break
                view = getattr(view, "__wrapped__", None)
        else:
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from cached_views(pattern.url_patterns, namespace)


def test_every_kept_view_says_what_its_pages_show():
    from django.urls import get_resolver

    named = dict(cached_views(get_resolver().url_patterns))
    assert {"front:home", "front:article", "stories:story", "stories:compare", "quotes:quote", "quotes:speaker",
            "search:search"} <= named.keys()
    assert named.keys() <= scopes.PAGE_SCOPES.keys()


def test_an_announcement_from_a_process_without_scopes_drops_everything():
    assert content_changes.heard("") is None
    assert content_changes.heard("*") is None
    assert content_changes.heard("story:3 listing") == {"story:3", "listing"}
