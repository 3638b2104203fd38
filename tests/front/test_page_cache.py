"""Pages kept for anonymous readers: made once, dropped after every change, never shown to anyone logged in."""

import time

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from newsroom.articles.ingest import ingest_text
from newsroom.articles.models import Article, Source
from newsroom.front import content_changes
from newsroom.front.content_changes import change_stamp, content_changed
from newsroom.quotes.models import QuoteOccurrence
from newsroom.stories.models import Membership, Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal_2023(imported_seeds):
    return imported_seeds["000"].membership.story


@pytest.fixture
def reader_pages(imported_seeds, deal_2023):
    """Every kind of page a reader browses, on the seeds."""
    occurrence = QuoteOccurrence.objects.filter(article=imported_seeds["000"], quote__speaker__isnull=False).first()
    return {
        "home": reverse("front:home"),
        "story": deal_2023.get_absolute_url(),
        "comparison": f"{deal_2023.compare_url()}?a={imported_seeds['000'].pk}&b={imported_seeds['002'].pk}",
        "article": imported_seeds["000"].get_absolute_url(),
        "quote": reverse("quotes:quote", args=[occurrence.quote_id]),
        "speaker": reverse("quotes:speaker", args=[occurrence.quote.speaker.slug]),
        "search": f"{reverse('search:search')}?q=OpenAI",
    }


def logged_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_readers_second_visit_to_each_page_is_the_same_page_and_takes_no_query(client, reader_pages,
                                                                                 django_assert_num_queries):
    for name, url in reader_pages.items():
        first = client.get(url)
        assert first.status_code == 200, name
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200, name
        assert again.content == first.content, name
        assert again["Content-Type"] == first["Content-Type"] == "text/html; charset=utf-8"


def test_the_home_page_shows_an_upload_made_after_it_was_kept(client, imported_seeds):
    assert "Lighthouse keepers strike" not in client.get(reverse("front:home")).content.decode()
    ingest_text("Lighthouse keepers strike on the Kestrel coast\n\nThe lighthouse keepers of the Kestrel coast "
                "stopped work on Tuesday over pay, their union said, the first strike there in forty years.",
                source="Coast Post")
    assert "Lighthouse keepers strike" in client.get(reverse("front:home")).content.decode()


def test_an_article_page_shows_an_edit_saved_after_it_was_kept(client, imported_seeds):
    article = imported_seeds["001"]
    client.get(article.get_absolute_url())
    article.title = "A corrected headline for the second seed"
    article.save(update_fields=["title"])
    assert "A corrected headline for the second seed" in client.get(article.get_absolute_url()).content.decode()


def test_a_story_page_follows_an_editors_headline_change_and_merge(client, editor, imported_seeds, deal_2023):
    editor_browser = logged_in(editor)
    other = imported_seeds["001"].membership.story
    old_url = deal_2023.get_absolute_url()
    assert client.get(old_url).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 200

    editor_browser.post(reverse("stories:headline", args=[deal_2023.pk]), {"headline": "Microsoft and OpenAI renew their deal"})
    moved = client.get(old_url)
    assert moved.status_code == 301
    assert "Microsoft and OpenAI renew their deal" in client.get(moved["Location"]).content.decode()

    editor_browser.post(reverse("stories:merge", args=[other.pk]), {"into": deal_2023.pk})
    assert client.get(other.get_absolute_url()).status_code == 301
    survivor = client.get(Story.objects.get(pk=deal_2023.pk).get_absolute_url()).content.decode()
    assert imported_seeds["001"].get_absolute_url() in survivor


def test_a_story_page_drops_an_article_an_editor_moved_out(client, editor, imported_seeds, deal_2023):
    url = deal_2023.get_absolute_url()
    assert imported_seeds["004"].get_absolute_url() in client.get(url).content.decode()
    other = imported_seeds["001"].membership.story
    logged_in(editor).post(reverse("stories:move", args=[deal_2023.pk]), {"article": imported_seeds["004"].pk, "to": other.pk})
    assert imported_seeds["004"].get_absolute_url() not in client.get(url).content.decode()


def test_a_change_made_without_save_shows_once_content_changed_is_called(client, imported_seeds, deal_2023):
    url = imported_seeds["004"].get_absolute_url()
    client.get(url)
    Story.objects.filter(pk=deal_2023.pk).update(headline="A headline set by a bulk update")
    content_changed()
    assert "A headline set by a bulk update" in client.get(url).content.decode()


def test_editors_never_get_the_page_kept_for_readers_nor_readers_an_editors_page(client, editor, deal_2023):
    editor_browser = logged_in(editor)
    url = deal_2023.get_absolute_url()
    # The reader first, then the editor, then the reader again: each sees their own page.
    assert "csrfmiddlewaretoken" not in client.get(url).content.decode()
    for_editor = editor_browser.get(url)
    assert "csrfmiddlewaretoken" in for_editor.content.decode()
    assert "private" in for_editor["Cache-Control"] and "ETag" not in for_editor
    assert "csrfmiddlewaretoken" not in client.get(url).content.decode()
    # The editor first, on a page no reader has asked for yet.
    home = reverse("front:home")
    assert reverse("admin:index") in editor_browser.get(home).content.decode()
    assert reverse("admin:index") not in client.get(home).content.decode()
    assert reverse("admin:index") in editor_browser.get(home).content.decode()


def test_a_logged_in_reader_gets_a_page_made_for_them(client, outsider, deal_2023):
    client.get(deal_2023.get_absolute_url())
    response = logged_in(outsider).get(deal_2023.get_absolute_url())
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "ETag" not in response


def test_a_reader_with_messages_waiting_gets_a_fresh_page(client, deal_2023):
    client.get(deal_2023.get_absolute_url())
    client.cookies["messages"] = "anything"
    response = client.get(deal_2023.get_absolute_url())
    assert "private" in response["Cache-Control"] and "ETag" not in response


def test_a_private_instance_still_sends_readers_to_log_in_after_a_page_was_kept(client, settings, deal_2023):
    assert client.get(deal_2023.get_absolute_url()).status_code == 200
    settings.NEWSROOM_PUBLIC_READING = False
    response = client.get(deal_2023.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_htmx_request_gets_the_columns_and_a_plain_one_the_whole_page(client, reader_pages, deal_2023):
    url = reader_pages["comparison"]
    assert "<html" in client.get(url).content.decode()
    partial = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and 'id="comparison"' in partial.content.decode()
    assert partial["HX-Push-Url"].startswith(deal_2023.compare_url())
    assert "<html" not in client.get(url, headers={"HX-Request": "true"}).content.decode()
    whole = client.get(url)
    assert "<html" in whole.content.decode()
    assert {"HX-Request", "Cookie"} <= {name.strip() for name in whole["Vary"].split(",")}


def test_a_browser_revalidating_a_kept_page_gets_304_until_it_changes(client, imported_seeds):
    url = imported_seeds["000"].get_absolute_url()
    first = client.get(url)
    assert "no-cache" in first["Cache-Control"]
    unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    Article.objects.filter(pk=imported_seeds["000"].pk).update(title="Retitled by the desk")
    content_changed()
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_a_kept_page_carries_every_security_header_and_no_nonce(client, reader_pages):
    for url in reader_pages.values():
        first, again = client.get(url), client.get(url)
        for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Resource-Policy",
                       "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
            assert again[header] == first[header], header
        assert "nonce" not in first["Content-Security-Policy"]
        assert "nonce=" not in again.content.decode()
        assert "script-src 'self'" in again["Content-Security-Policy"]


def test_nothing_is_kept_when_the_cache_is_turned_off(client, settings, imported_seeds, django_assert_num_queries):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    url = imported_seeds["000"].get_absolute_url()
    client.get(url)
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200


def test_nothing_is_served_from_the_cache_while_other_processes_changes_cannot_be_heard(client, monkeypatch, imported_seeds,
                                                                                    django_assert_num_queries):
    url = imported_seeds["000"].get_absolute_url()
    client.get(url)
    monkeypatch.setattr("newsroom.front.page_cache.change_stamp", lambda: None)
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200


def others_part(stamp: tuple) -> tuple:
    """The part of the stamp other processes move (the first number is this process's own count)."""
    return stamp[1:]


def ready_stamp() -> tuple:
    deadline = time.monotonic() + 5
    while (stamp := change_stamp()) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stamp is not None, "the page cache never heard the database"
    return stamp


def heard_change(before: tuple, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if others_part(ready_stamp()) != others_part(before):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_other_processes_hear_of_a_committed_change_and_not_of_a_rolled_back_one():
    before = ready_stamp()
    with pytest.raises(RuntimeError), transaction.atomic():
        Source.objects.create(name="Never committed")
        raise RuntimeError("roll back")
    assert not heard_change(before, seconds=1.0)
    with transaction.atomic():
        Source.objects.create(name="Committed Outlet")
        Source.objects.create(name="Another Committed Outlet")
    assert heard_change(before, seconds=5.0)


@pytest.mark.django_db(transaction=True)
def test_a_page_kept_here_is_dropped_when_another_process_announces_a_change(client):
    result = ingest_text("Ferry service resumes to Orla island\n\nThe ferry to Orla island sailed again on Friday "
                         "after a week of storms, the harbour office said.", source="Island News")
    url = result.article.get_absolute_url()
    before = ready_stamp()
    assert "Ferry service resumes" in client.get(url).content.decode()
    # What another process does: change rows without this process's signals, then announce after commit.
    Article.objects.filter(pk=result.article.pk).update(title="Ferry back after the storms")
    content_changes._announce("default")
    assert heard_change(before, seconds=5.0)
    assert "Ferry back after the storms" in client.get(url).content.decode()


def test_membership_changes_are_watched(client, imported_seeds, deal_2023):
    url = deal_2023.get_absolute_url()
    client.get(url)
    membership = Membership.objects.get(article=imported_seeds["004"])
    membership.delete()
    assert imported_seeds["004"].get_absolute_url() not in client.get(url).content.decode()


def test_pages_no_view_marked_for_every_reader_are_never_kept(client, imported_seeds, django_assert_max_num_queries):
    original = imported_seeds["000"].get_original_url()
    client.get(original)
    with django_assert_max_num_queries(1) as captured:
        assert client.get(original).status_code == 200
    assert len(captured.captured_queries) == 1
    assert "ETag" not in client.get(original)
