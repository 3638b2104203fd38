"""Grids of headed cards: a page that is only such a grid is no article; one beside an article goes."""

import pytest

from newsroom.reader import ExtractionError, extract_article
from tests.harbour_texts import BRIDGE_PARAGRAPHS

FEATURES = [
    ("Harbour map", "Find every berth, crane and slipway of the port on one map that works offline."),
    ("Tide tables", "See the tides for the coming month and get a reminder before the lowest ones."),
    ("Ferry times", "Check when the next ferry leaves and whether it has room for your bicycle."),
    ("Berth booking", "Book a visitor berth for one night or a week and pay for it at the quay."),
]


def cards(items: list[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f"<li><h2>{name}</h2><p>{text}</p><a href='#'>Learn more</a></li>" for name, text in items) + "</ul>"


def page(body: str) -> bytes:
    return f"<html><head><title>Harbour app</title></head><body><main>{body}</main></body></html>".encode()


def test_a_page_that_is_only_a_grid_of_feature_cards_is_no_article():
    with pytest.raises(ExtractionError) as raised:
        extract_article(page("<p>Everything you need on the water, in one app.</p>" + cards(FEATURES)), filename="a.html")
    assert raised.value.code == "no_article"


def test_a_gallery_of_other_stories_beside_an_article_goes_and_the_article_stays():
    long_paragraphs = [" ".join(BRIDGE_PARAGRAPHS[i:i + 2]) for i in range(0, 6, 2)]
    gallery = cards([(f"{name} story", text * 3) for name, text in FEATURES])
    article = extract_article(page("".join(f"<p>{p}</p>" for p in long_paragraphs) + gallery), filename="a.html")
    assert article.text.split("\n\n") == long_paragraphs


def test_two_headed_items_are_an_articles_own_list():
    body = "".join(f"<p>{p}</p>" for p in BRIDGE_PARAGRAPHS[:2]) + cards(FEATURES[:2])
    article = extract_article(page(body), filename="a.html")
    assert "Tide tables" in article.text
