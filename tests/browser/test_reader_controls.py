"""The reader's own settings and shortcuts, as a person uses them in a browser."""

import pytest

from newsroom.articles.ingest import ingest_text

pytestmark = pytest.mark.browser

ARTICLE = (
    "Lighthouse keepers return\n\n"
    "The coastal authority will staff the northern lighthouse again from April, twenty years after it was automated.\n\n"
    "Two keepers will live on the island in turns and run a small visitor centre in the summer months."
)


@pytest.fixture
def article_url(transactional_db, live_server):
    return live_server.url + ingest_text(ARTICLE).article.get_absolute_url()


def test_reading_settings_are_applied_and_remembered(page, article_url, screenshot):
    page.goto(article_url)
    page.get_by_text("Reading settings").click()
    page.get_by_role("button", name="Sepia").click()
    page.get_by_role("button", name="Larger text").click()
    page.get_by_role("button", name="Sans").click()
    root = page.locator("html")
    assert root.get_attribute("data-theme") == "sepia"
    assert root.get_attribute("data-size") == "l"
    body_font = page.evaluate("getComputedStyle(document.querySelector('.reader-body')).fontFamily")
    assert "serif" not in body_font.replace("sans-serif", "")
    screenshot(page, "reader-sepia")

    page.reload()
    assert page.locator("html").get_attribute("data-theme") == "sepia"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(244, 236, 216)"
    assert page.console_errors == []


def test_question_mark_opens_the_shortcut_help(page, article_url):
    page.goto(article_url)
    page.keyboard.press("?")
    assert page.locator("#shortcuts-help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#shortcuts-help").is_visible()
