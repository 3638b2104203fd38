"""Grids of cards in a page's main content: a product's feature list, a section front, a gallery
of other stories, where every item brings its own heading, as no article's paragraphs do."""

import lxml.html

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# 3 cards: a list of two headed items can be an article's "pros and cons".
MIN_CARDS = 3
# 140 characters: the shortest paragraph Readability's isProbablyReaderable counts as readable text.
MIN_PARAGRAPH_CHARACTERS = 140


def cards_of(body: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The outermost list items of the body that carry a heading, if they hold most of its words
    (fewer than MIN_CARDS, or a minority beside the article's prose, are part of the article)."""
    cards = [item for item in body.iter("li") if next(item.iter(*_HEADINGS), None) is not None]
    cards = [item for item in cards if not any(ancestor in cards for ancestor in item.iterancestors("li"))]
    if len(cards) < MIN_CARDS:
        return []
    words = len(body.text_content().split())
    card_words = sum(len(item.text_content().split()) for item in cards)
    return cards if card_words * 2 > words else []


def has_prose_outside(body: lxml.html.HtmlElement, cards: list[lxml.html.HtmlElement]) -> bool:
    """Whether a paragraph of readable length stands outside the cards: the article around a gallery."""
    inside = set(cards)
    for paragraph in body.iter("p"):
        if len(" ".join(paragraph.text_content().split())) >= MIN_PARAGRAPH_CHARACTERS and not any(
            ancestor in inside for ancestor in paragraph.iterancestors("li")
        ):
            return True
    return False


def drop_card_grid(body: lxml.html.HtmlElement) -> bool:
    """Remove a grid of cards that holds most of the body; False if the page is only that grid
    (no paragraph of readable length outside it), so not an article."""
    cards = cards_of(body)
    if not cards:
        return True
    if not has_prose_outside(body, cards):
        return False
    for item in cards:
        item.drop_tree()
    return True
