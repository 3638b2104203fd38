"""Acceptance on the five seed scrapes: the junk listed in ../shared/seeds/EXPECTED.md is gone, the body stays.

Expected values are written from EXPECTED.md and from reading the texts.
"""

import pytest

from newsroom.reader import extract_article

JUNK = {
    "000": ["US Customer Experience Awards 2023"],
    "001": [
        "Looking for more info on AI, Bing Chat, Chat GPT, or Microsoft's Copilots?",
        "Check out our AI / Copilot page",
    ],
    "002": [
        "AI North America Trending",
        "Microsoft OpenAI",
        "Satya Nadella, chairman and CEO, Microsoft",
        "Marshall Choy, SVP product, SambaNova Systems",
        "Author",
        "Tyler is a fintech journalist",
        "He began his career writing with a plethora of national and international publications.",
        "Related posts",
        "From Blockchain Innovation to Ownership",
        "Manisha Patel",
        "Weight of Compliance",
        "Two-Thirds Concerned about Committing an AML Breach",
        "Tom Bleach",
        "Consumer Spending Restricted by Low Awareness Around Credit Options",
    ],
    "003": [
        "#Microsoft",
        "#OpenAI",
        "Leave a Comment",
        "Your email address will not be published.",
        "Required fields are marked",
    ],
    "004": [
        "Artificial Intelligence",
        "View All",
        "AI, ML and Deep Learning",
        "Data Labelling",
        "Programming & Development",
        "Development Languages",
        "Share on Facebook",
        "Share on X",
        "Share on LinkedIn",
        "Are you ready to bring more awareness to your brand?",
        "Consider becoming a sponsor for The AI Impact Tour.",
        "Learn more about the opportunities here.",
        "VB Event",
        "Connect with the enterprise AI community at VentureBeat",
        "coming to a city near you!",
        "VentureBeat's mission is to be a digital town square",
        "Discover our Briefings.",
        "Join us for an evening full of networking and insights",
        "VentureBeat Homepage",
        "Follow us on",
        "Press Releases",
        "Contact Us",
        "Share a News Tip",
        "Privacy Policy",
        "Do Not Sell My Personal Information",
        "© 2023 VentureBeat",
        "All rights reserved.",
    ],
}

TITLES = {
    "000": "It’s Official: Microsoft Is Investing in OpenAI",
    "001": "Microsoft to invest $1 billion in OpenAI, will jointly develop new supercomputer technologies",
    "002": "Microsoft Makes Multi-Billion Dollar Investment in OpenAI as Partnership Enters Third Phase",
    "004": "Microsoft and OpenAI officially extend partnership with multi-billion dollar investment",
}

BYLINES = {"001": "Laurent Giret", "002": "Tyler"}

# Body sentences, chosen to include the first and last of each article and every sentence that
# sits next to junk, where a line-level or greedy cleaner would lose it.
BODY = {
    "000": [
        "The rumors are true - Microsoft is investing in OpenAI, the creator of ChatGPT.",
        "It is highly unlikely that this will involve anything metaverse-related, as the company recently "
        "announced that it is sunsetting its social VR platform, AltspaceVR, in March 2023.",
        "Satya Nadella, Chairman and CEO of Microsoft, said:",
        "“We formed our partnership with OpenAI around a shared ambition to responsibly advance cutting-edge AI "
        "research and democratize AI as a new technology platform. In this next phase of our partnership, "
        "developers and organizations across industries will have access to the best AI infrastructure, models, "
        "and toolchain with Azure to build and run their applications.”",
        "This announcement comes just days after the software giant announced it would be laying off 10,000 people.",
    ],
    "001": [
        "Microsoft announced today a multiyear partnership with OpenAI, a San Francisco-based company aiming to "
        "make artificial intelligence benefit all of humanity.",
        "“AI is one of the most transformative technologies of our time",
        "so everyone can benefit,” Nadella said in the press release.",
    ],
    "002": [
        "Microsoft commences the third phase of its long-term partnership with the artificial intelligence (AI) "
        "research and development company OpenAI.",
        "This third investment by Microsoft has three intended outcomes in mind:",
        "Supercomputing at scale",
        "New AI-powered experiences",
        "Exclusive cloud provider",
        "As OpenAI’s exclusive cloud provider, Azure will power all OpenAI workloads across research, products and API services.",
        "“We formed our partnership with OpenAI around a shared ambition to responsibly advance cutting-edge AI "
        "research and democratise AI as a new technology platform,” comments Satya Nadella, chairman and CEO of Microsoft.",
        "The past three years of our partnership have been great,” adds Sam Altman, CEO of OpenAI.",
        "Movers and shakers of the AI industry",
        "The new industrial revolution",
        "Marshall Choy, SVP product at SambaNova Systems, explains how “we are witnessing the fastest industrial "
        "revolution in history – and it’s happening right in front of our eyes.”",
        "if you don’t start working on it now, you will be out of business.”",
        "SambaNova is one of only a handful of companies that are already doing this.”",
    ],
    "003": [
        "There were rumors earlier this month that Microsoft would invest $10 billion in OpenAI.",
        "Microsoft CEO Satya Nadella said:",
        "Our partnership with OpenAI is built around a shared goal of responsibly advancing cutting-edge AI research",
        "OpenAI stated:",
        "We’ve partnered to build multiple Azure-powered supercomputing systems that we use to train all of our models.",
        "Microsoft has just announced that it will lay off 10,000 employees due to the economic downturn, and its huge "
        "investment in OpenAI has also been criticized and complained by Wall Street and Microsoft employees.",
    ],
    "004": [
        "Microsoft finally put a ring on it: Weeks of rumors surrounding Big Tech’s hottest romance were put to rest today",
        "OpenAI remains a capped-profit company governed by nonprofit",
        "OpenAI also nodded to the importance of Microsoft Azure, which last week made its Azure OpenAI Service "
        "generally available:",
        "“We’ve worked together to build multiple supercomputing systems powered by Azure, which we use to train all of our models.",
        "Microsoft and OpenAI’s ‘shared ambition’",
        "In the next phase of the partnership, he said, “developers and organizations across industries will have "
        "access to the best AI infrastructure, models, and toolchain with Azure to build and run their applications.”",
        "and emphasizes that Azure is OpenAI’s exclusive cloud provider, powering all OpenAI workloads across research, "
        "products and API services.",
    ],
}


def _read(seed_texts, key):
    return extract_article(seed_texts[key].encode("utf-8"), content_type="text/plain; charset=utf-8")


def _visible(article) -> str:
    """What a reader sees: headline, byline and body, with typographic apostrophes made plain."""
    return "\n".join([article.title, article.byline, article.text]).replace("’", "'")


@pytest.mark.parametrize("key", sorted(JUNK))
def test_it_removes_all_the_junk_listed_for_each_seed(seed_texts, key):
    visible = _visible(_read(seed_texts, key))
    for junk in JUNK[key]:
        if junk in ("Author",):
            assert "\nAuthor\n" not in f"\n{visible}\n"
            continue
        assert junk.replace("’", "'") not in visible, junk


@pytest.mark.parametrize("key", sorted(BODY))
def test_it_keeps_every_body_sentence_of_each_seed(seed_texts, key):
    article = _read(seed_texts, key)
    text = " ".join(article.text.split())
    for sentence in BODY[key]:
        assert sentence in text, sentence


@pytest.mark.parametrize("key", sorted(TITLES))
def test_it_recovers_the_headline_and_keeps_it_out_of_the_body(seed_texts, key):
    article = _read(seed_texts, key)
    assert article.title == TITLES[key]
    assert TITLES[key] not in article.text


@pytest.mark.parametrize("key", sorted(BYLINES))
def test_it_recovers_the_byline(seed_texts, key):
    assert _read(seed_texts, key).byline == BYLINES[key]


def test_it_removes_the_navigation_menu_glued_to_the_headline(seed_texts):
    article = _read(seed_texts, "004")
    assert article.title.startswith("Microsoft and OpenAI")
    assert "Languages" not in article.title


def test_it_keeps_the_quote_that_lost_its_opening_quotation_mark(seed_texts):
    assert "The past three years of our partnership have been great" in _read(seed_texts, "002").text


def test_seed_articles_are_plain_text_in_utf8(seed_texts):
    article = _read(seed_texts, "000")
    assert article.kind == "text"
    assert article.encoding == "utf-8"
    assert article.html.startswith("<p>")
