"""Per-site learning: blocks that recur in several articles of one source are that site's furniture.

Each extraction reports fingerprints of its blocks; what a source's stored articles have in common
(a newsletter box, a standing disclaimer, an author's bio) is removed from that source's articles.
"""

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

import lxml.html

from newsroom.reader.plaintext_cleaning import split_sentences

_NON_WORD = re.compile(r"[\W_]+")
# A quoted statement repeated by several articles of one outlet is a story being followed, not
# furniture: blocks quoting at least a few words are never learned.
_QUOTATION = re.compile(r"[“\"«„][^“”\"«»„]{15,}[”\"»]")
_BLOCKS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td", "th", "dt", "dd", "pre")

# 4 words: shorter blocks ("Background", "What happens next") are subheadings sites reuse in real
# articles; the furniture worth learning is a sentence or more.
MIN_WORDS = 4
# 3 articles: two articles of one outlet may share a paragraph of background; three is a habit.
MIN_ARTICLES = 3


def fingerprint(text: str) -> str | None:
    """A short stable fingerprint of a block's words (case and punctuation ignored); None if too short."""
    if _QUOTATION.search(text):
        return None
    key = _NON_WORD.sub(" ", text).strip().casefold()
    if len(key.split()) < MIN_WORDS:
        return None
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def learn_site_boilerplate(articles: Iterable[Iterable[str]], min_articles: int = MIN_ARTICLES) -> frozenset[str]:
    """Fingerprints found in at least `min_articles` of the given articles (each a collection of fingerprints)."""
    counts: Counter[str] = Counter()
    for fingerprints in articles:
        counts.update(set(fingerprints))
    return frozenset(fingerprint for fingerprint, count in counts.items() if count >= min_articles)


def remove_site_blocks_tree(
    root: lxml.html.HtmlElement, site_boilerplate: frozenset[str], min_words_kept: int = 0
) -> tuple[str, ...]:
    """Drop the blocks of a parsed body (a wrapper element holding the blocks) whose fingerprint is the
    site's boilerplate, in place; returns the fingerprints of the blocks it removed (those of the blocks
    that stay come from the final text, `text_fingerprints`).

    A learned block must never take the body away. The body here is already the extractor's main
    content, so the source's furniture in it is a small part sitting around the article's text
    (a newsletter box, a disclaimer, a bio): a learned block is removed only before the first or
    after the last block the source has not repeated, and only if the article keeps more than
    half of its words and at least `min_words_kept` (`may_remove`).
    """
    if not site_boilerplate:
        return ()
    blocks = [
        element for element in root.iter(*_BLOCKS)
        if not (element.tag == "blockquote" and element.find("p") is not None)
    ]
    values = [fingerprint(element.text_content()) for element in blocks]
    own = [index for index, value in enumerate(values) if value is not None and value not in site_boilerplate]
    first_own, last_own = (own[0], own[-1]) if own else (len(blocks), -1)
    # Between two blocks of the article's own text a repeated block is part of the story: the
    # background paragraph or wire copy an outlet repeats in every article it runs on one subject.
    chosen = [
        (element, value) for index, (element, value) in enumerate(zip(blocks, values))
        if value in site_boilerplate and not first_own < index < last_own
    ]
    outermost = [(element, value) for element, value in chosen if not _inside_any(element, {e for e, _ in chosen})]
    removed_words = sum(len(element.text_content().split()) for element, _ in outermost)
    if not may_remove(len(root.text_content().split()), removed_words, min_words_kept):
        return ()
    for element, _ in outermost:
        element.tail = None
        element.drop_tree()
    return tuple(dict.fromkeys(value for _, value in chosen))


def may_remove(words: int, removed_words: int, min_words_kept: int) -> bool:
    """Whether `removed_words` learned words may go from an article body of `words`.

    When what a source repeats would take half of an extracted article or more, or leave less
    than an article, the repetition is the source's reporting (a followed story retold with the
    same paragraphs, wire copy), not its furniture: the page's own extraction stands, learned
    blocks and all (in the ingest bench one upload at 10k was rejected as "no article" otherwise).
    """
    left = words - removed_words
    return removed_words > 0 and left >= min_words_kept and left > words / 2


def _inside_any(element: lxml.html.HtmlElement, others: set) -> bool:
    return any(ancestor in others for ancestor in element.iterancestors())


def text_fingerprints(text: str, removed: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Fingerprints of an article's paragraphs ("\\n\\n"-separated text), plus those already removed."""
    found = [value for value in map(fingerprint, text.split("\n\n")) if value is not None]
    return tuple(dict.fromkeys([*removed, *found]))


def remove_site_sentences(
    paragraphs: list[str], site_boilerplate: frozenset[str], min_words_kept: int = 0
) -> tuple[list[str], tuple[str, ...]]:
    """The plain-text version: paragraphs, and sentences inside paragraphs, that are the site's boilerplate.

    Nothing goes when it would leave less than an article (`min_words_kept`): the page's own
    cleaning stands. The HTML rules of position and of half do not hold for a scrape, which is the
    whole page, its furniture interleaved with the article (lists of other headlines among its own
    lines, a company's "About" paragraph before its contacts) and often most of its words: with
    them, learning added 0.003 F1 on the benchmark's plain-text pages instead of 0.019.
    """
    found: list[str] = []
    whole: list[str] = []  # each paragraph, its sentences re-joined
    kept: list[str] = []  # each paragraph without its learned sentences ("" if nothing is left)
    for paragraph in paragraphs:
        value = fingerprint(paragraph)
        if value is not None:
            found.append(value)
        sentences = split_sentences(paragraph) if value not in site_boilerplate else []
        if len(sentences) > 1:
            values = [fingerprint(sentence) for sentence in sentences]
            found.extend(v for v in values if v is not None)
            whole.append(" ".join(sentences))
            kept.append(" ".join(s for s, v in zip(sentences, values) if v not in site_boilerplate))
        else:
            whole.append(paragraph)
            kept.append("" if value in site_boilerplate else paragraph)
    if kept != whole and sum(len(paragraph.split()) for paragraph in kept) < min_words_kept:
        kept = whole
    return [paragraph for paragraph in kept if paragraph.strip()], tuple(dict.fromkeys(found))
