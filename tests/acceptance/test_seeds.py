"""The first acceptance case: the five seed scrapes imported and read as a reader would (../shared/seeds/EXPECTED.md).

Expected values come from EXPECTED.md and from reading the texts, never from the program's output.
"""

import re

import pytest
from django.core.management import call_command

from newsroom.articles.models import Article

pytestmark = pytest.mark.django_db

HEADLINES = {
    "000": "It’s Official: Microsoft Is Investing in OpenAI",
    "001": "Microsoft to invest $1 billion in OpenAI, will jointly develop new supercomputer technologies",
    "002": "Microsoft Makes Multi-Billion Dollar Investment in OpenAI as Partnership Enters Third Phase",
    "004": "Microsoft and OpenAI officially extend partnership with multi-billion dollar investment",
}
FIRST_BODY_SENTENCES = {
    "000": "The rumors are true - Microsoft is investing in OpenAI, the creator of ChatGPT.",
    "001": "Microsoft announced today a multiyear partnership with OpenAI",
    "002": "Microsoft commences the third phase of its long-term partnership with the artificial intelligence (AI) research and development company OpenAI.",
    "003": "There were rumors earlier this month that Microsoft would invest $10 billion in OpenAI.",
    "004": "Microsoft finally put a ring on it:",
}
# Junk that stands alone on its own line in the scrape (EXPECTED.md, "Junk that must not appear").
STANDALONE_JUNK = {
    "000": ["US Customer Experience Awards 2023"],
    "001": ["Looking for more info on AI, Bing Chat, Chat GPT, or Microsoft's Copilots?"],
    "002": [
        "AI North America Trending",
        "Microsoft OpenAI",
        "Satya Nadella, chairman and CEO, Microsoft",
        "Marshall Choy, SVP product, SambaNova Systems",
        "Tyler is a fintech journalist",
        "Related posts",
        "From Blockchain Innovation to Ownership",
        "Manisha Patel",
        "Tom Bleach",
        "Consumer Spending Restricted by Low Awareness Around Credit Options",
    ],
    "003": ["#Microsoft #Officially", "Leave a Comment", "Your email address will not be published."],
    "004": ["VentureBeat's mission is to be a digital town square", "Discover our Briefings.", "All rights reserved."],
}


def _visible_text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", '"')
    return " ".join(text.split())


def _reader_body(client, article) -> str:
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('<div class="reader-body">', 1)[1].split("</div>", 1)[0]
    return _visible_text(body)


def test_all_five_seeds_import_and_are_ready(imported_seeds):
    assert set(imported_seeds) == {"000", "001", "002", "003", "004"}
    assert all(article.status == Article.Status.READY for article in imported_seeds.values())


@pytest.mark.parametrize("number", sorted(HEADLINES))
def test_each_reader_page_shows_its_headline(client, imported_seeds, number):
    page = _visible_text(client.get(imported_seeds[number].get_absolute_url()).content.decode())
    assert HEADLINES[number] in page


@pytest.mark.parametrize("number", sorted(FIRST_BODY_SENTENCES))
def test_each_reader_page_shows_its_first_body_sentence(client, imported_seeds, number):
    assert FIRST_BODY_SENTENCES[number] in _reader_body(client, imported_seeds[number])


def test_the_byline_of_001_is_laurent_giret(client, imported_seeds):
    article = imported_seeds["001"]
    assert article.byline == "Laurent Giret"
    assert "Laurent Giret" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("number", sorted(STANDALONE_JUNK))
def test_junk_standing_on_its_own_line_is_gone(client, imported_seeds, number):
    body = _reader_body(client, imported_seeds[number])
    paragraphs = [" ".join(p.split()) for p in imported_seeds[number].text.split("\n\n")]
    for junk in STANDALONE_JUNK[number]:
        assert junk not in paragraphs, f"{number}: {junk!r} stands as a paragraph"
        if len(junk.split()) > 2:  # two-word captions like "Microsoft OpenAI" may occur inside real sentences
            assert junk not in body, f"{number}: {junk!r} is in the reader view"


def test_reimporting_the_seeds_creates_nothing_new(imported_seeds, seeds_dir, capsys):
    call_command("import_articles", str(seeds_dir), no_progress=True)
    assert "0 created, 5 duplicate, 0 failed" in capsys.readouterr().out
    assert Article.objects.count() == 5
