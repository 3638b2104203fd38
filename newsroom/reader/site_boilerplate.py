"""Per-site learning: blocks that recur in several articles of one source are that site's furniture.

Each extraction reports fingerprints of its blocks; what a source's stored articles have in common
(a newsletter box, a standing disclaimer, an author's bio) is removed from that source's articles.
"""

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

import lxml.html

from newsroom.reader.nesting import parse_fragment
from newsroom.reader.parsers import html_parser
from newsroom.reader.plaintext_cleaning import split_sentences

_PARSER = html_parser()
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


def remove_site_blocks(html: str, site_boilerplate: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    """Drop the blocks of reader HTML whose fingerprint is the site's boilerplate.

    Returns the HTML and the fingerprints of the blocks it removed (those of the blocks that stay
    come from the final text, `text_fingerprints`). Without learned boilerplate nothing is parsed.
    """
    if not site_boilerplate or not html.strip():
        return html, ()
    root = parse_fragment(html, _PARSER)
    removed = remove_site_blocks_tree(root, site_boilerplate)
    if not removed:
        return html, ()
    parts = [lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in root]
    return (root.text or "") + "".join(parts), removed


def remove_site_blocks_tree(root: lxml.html.HtmlElement, site_boilerplate: frozenset[str]) -> tuple[str, ...]:
    """remove_site_blocks on a parsed body (a wrapper element holding the blocks), in place;
    returns the fingerprints of the blocks it removed."""
    if not site_boilerplate:
        return ()
    removed: list[str] = []
    for element in list(root.iter(*_BLOCKS)):
        if element.getparent() is None or (element.tag == "blockquote" and element.find("p") is not None):
            continue
        value = fingerprint(element.text_content())
        if value is not None and value in site_boilerplate:
            removed.append(value)
            element.tail = None
            element.drop_tree()
    return tuple(dict.fromkeys(removed))


def text_fingerprints(text: str, removed: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Fingerprints of an article's paragraphs ("\\n\\n"-separated text), plus those already removed."""
    found = [value for value in map(fingerprint, text.split("\n\n")) if value is not None]
    return tuple(dict.fromkeys([*removed, *found]))


def remove_site_sentences(paragraphs: list[str], site_boilerplate: frozenset[str]) -> tuple[list[str], tuple[str, ...]]:
    """The plain-text version: paragraphs, and sentences inside paragraphs, that are the site's boilerplate."""
    found: list[str] = []
    kept: list[str] = []
    for paragraph in paragraphs:
        value = fingerprint(paragraph)
        if value is not None:
            found.append(value)
        if value in site_boilerplate:
            continue
        sentences = split_sentences(paragraph)
        if len(sentences) > 1:
            remaining = []
            for sentence in sentences:
                sentence_value = fingerprint(sentence)
                if sentence_value is not None:
                    found.append(sentence_value)
                if sentence_value not in site_boilerplate:
                    remaining.append(sentence)
            paragraph = " ".join(remaining)
        if paragraph.strip():
            kept.append(paragraph)
    return kept, tuple(dict.fromkeys(found))
