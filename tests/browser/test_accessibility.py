"""axe-core (from the npm registry, installed by .ci/run into .ci/node/) on the pages people read:
no serious or critical violations."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        message = f"axe-core not found at {AXE}: `npm install --no-save --prefix .ci/node axe-core@4` (as .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # The page's CSP allows scripts from 'self' only; axe is injected by the test, so this context bypasses it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith(("http://localhost", "http://127.0.0.1", "data:")) else route.abort())
    yield page
    context.close()


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert results["passes"] or results["violations"], "axe ran no rules"
    if os.environ.get("NEWSROOM_AXE_REPORT"):
        print(page.url, len(results["passes"]), "rules passed;", [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]])
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"] if v["impact"] in BLOCKING
    ]


def test_the_pages_people_read_have_no_serious_accessibility_violations(axe_page, transactional_db, live_server, imported_seeds):
    from newsroom.quotes.models import QuoteOccurrence

    story = imported_seeds["000"].membership.story
    quote = QuoteOccurrence.objects.filter(article=imported_seeds["000"]).first().quote
    pages = {
        "home": "/",
        "story": story.get_absolute_url(),
        "article": imported_seeds["002"].get_absolute_url(),
        "quote": quote.get_absolute_url(),
        "search": "/search?q=supercomputing",
    }
    found = {}
    for name, path in pages.items():
        for scheme in ("light", "dark"):
            axe_page.emulate_media(color_scheme=scheme)
            axe_page.goto(live_server.url + path)
            found[f"{name} ({scheme})"] = violations(axe_page)
    assert {page: v for page, v in found.items() if v} == {}
