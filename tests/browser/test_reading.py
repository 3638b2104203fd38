"""What a reader sees in a real browser: the seed articles listed and read, light and dark."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded_site(transactional_db, live_server, imported_seeds):
    return live_server.url, imported_seeds


def test_the_home_page_lists_the_seed_stories(page, seeded_site, screenshot):
    url, articles = seeded_site
    page.goto(url + "/")
    titles = page.locator(".story-card h2").all_inner_texts()
    assert len(titles) == 2  # the 2023 investment (four articles) and the 2019 one
    assert "Microsoft to invest $1 billion in OpenAI, will jointly develop new supercomputer technologies" in titles
    screenshot(page, "home")
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_article_reads_cleanly_in_light_and_dark(page, seeded_site, screenshot, scheme):
    url, articles = seeded_site
    page.emulate_media(color_scheme=scheme)
    page.goto(url + articles["001"].get_absolute_url())
    assert page.locator("h1").inner_text() == (
        "Microsoft to invest $1 billion in OpenAI, will jointly develop new supercomputer technologies"
    )
    assert "Laurent Giret" in page.locator(".reader-header").inner_text()
    body = page.locator(".reader-body").inner_text()
    assert "Microsoft announced today a multiyear partnership with OpenAI" in body
    assert "Check out our AI / Copilot page" not in body
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(21, 21, 23)") == (scheme == "dark")
    screenshot(page, f"reader-{scheme}")
    assert page.console_errors == []


def test_the_skip_link_takes_keyboard_users_to_the_content(page, seeded_site):
    url, _ = seeded_site
    page.goto(url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
