"""Pages full of XSS payloads in a real Chromium: no dialog opens, our own assets break no CSP rule."""

import pytest
from django.urls import reverse

from newsroom.articles.ingest import ingest
from newsroom.articles.models import Article
from newsroom.stories.models import Story
from tests.security.hostile import html_page, load_payloads, text_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 40 payloads per page: 12 pages for 223 payloads in two forms, a few seconds in all.
PAYLOADS_PER_PAGE = 40


def _payload_articles() -> list[Article]:
    payloads = [case["payload"] for case in load_payloads()]
    articles = []
    for start in range(0, len(payloads), PAYLOADS_PER_PAGE):
        batch = payloads[start:start + PAYLOADS_PER_PAGE]
        label = f"payloads {start}-{start + len(batch) - 1}"
        articles.append(ingest(html_page(batch, label).encode(), filename=f"{label}.html", content_type="text/html").article)
        articles.append(ingest(text_article(batch, label).encode(), filename=f"{label}.txt", content_type="text/plain").article)
    return articles


def _visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    # Payloads that need a moment (timers, focus, animations) get one.
    page.focus("body")
    page.mouse.move(200, 300)
    page.mouse.move(640, 450)
    page.wait_for_timeout(150)


def test_no_payload_opens_a_dialog_in_a_real_browser(live_server, page, settings):
    articles = _payload_articles()
    assert all(article.status == Article.Status.READY for article in articles)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    urls = [live_server.url + article.get_absolute_url() for article in articles]
    # The home page lists the stories the payload articles landed in; their story pages too.
    urls.append(live_server.url + reverse("front:home"))
    urls += [live_server.url + story.get_absolute_url() for story in Story.objects.all()[:10]]
    for url in urls:
        _visit(page, url)
    # A page that does run script must be able to show a dialog in this setup, or the zero proves nothing.
    page.evaluate("() => alert('control')")
    assert dialogs == ["alert: control"]
    # Sanitized pages hold no inline script or style, so no CSP violation at all is expected, and our
    # own assets must all load; remote images the fixture's router aborts are the only errors allowed.
    csp_violations = [error for error in page.console_errors if "Content Security Policy" in error]
    own_asset_errors = [error for error in page.console_errors if "/static/" in error]
    assert csp_violations == [] and own_asset_errors == []


def test_remote_images_can_be_turned_off_so_the_browser_contacts_no_other_host(live_server, page, settings):
    settings.NEWSROOM_REMOTE_IMAGES = False
    data = html_page(['<figure><img src="https://images.example/harbour.jpg" alt="The harbour at dawn"><figcaption>The new wall</figcaption></figure>'], "images").encode()
    article = ingest(data, filename="images.html", content_type="text/html").article
    assert article.status == Article.Status.READY and "images.example" in article.html
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("load")
    assert page.locator(".reader-body .image-placeholder").inner_text() == "Image not loaded: The harbour at dawn — The new wall"
    assert page.locator(".reader-body img").count() == 0
    assert [url for url in requested if not url.startswith(live_server.url)] == []


def test_remote_images_load_lazily_without_a_referrer_when_allowed(live_server, page):
    data = html_page(['<figure><img src="http://images.example/harbour.jpg" alt="The harbour at dawn"><figcaption>The new wall</figcaption></figure>'], "images on").encode()
    article = ingest(data, filename="images-on.html", content_type="text/html").article
    requested = []
    page.on("request", lambda request: requested.append((request.url, request.headers.get("referer"))))
    page.goto(live_server.url + article.get_absolute_url())
    image = page.locator(".reader-body img")
    image.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    assert image.get_attribute("loading") == "lazy"
    assert image.get_attribute("referrerpolicy") == "no-referrer"
    assert image.get_attribute("src") == "https://images.example/harbour.jpg"
    # The fixture's router aborts it, but the browser did ask, and without saying where from.
    remote = [(url, referer) for url, referer in requested if "images.example" in url]
    assert remote == [("https://images.example/harbour.jpg", None)]
