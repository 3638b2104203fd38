"""The reader's entry point: bytes of an upload in, an ExtractedArticle (or an ExtractionError) out.

Decides HTML versus plain text, decodes, extracts the main content and metadata, and sanitizes.
"""

import html as html_lib
import re
from dataclasses import dataclass

from newsroom.reader.bounds import bound_markup, check_text_length
from newsroom.reader.card_grids import drop_card_grid
from newsroom.reader.decoding import decode_bytes
from newsroom.reader.errors import ExtractionError
from newsroom.reader.html_cleaning import clean_body_tree
from newsroom.reader.html_extraction import (
    extract_main_content,
    keep_embedded_posts,
    parse_html,
    prune_junk,
    rescue_split_article,
    resolve_lazy_images,
)
from newsroom.reader.html_text import html_to_text
from newsroom.reader.metadata import read_metadata
from newsroom.reader.plaintext_cleaning import clean_plain_text
from newsroom.reader.sanitizer import sanitize_html, sanitize_tree
from newsroom.reader.site_boilerplate import remove_site_blocks_tree, remove_site_sentences, text_fingerprints
from newsroom.reader.structure import restore_structure_tree

# Stored with every article; bump whenever the output for the same input changes, so that
# `reprocess` knows which articles to extract again.
EXTRACTOR_VERSION = "6"

__all__ = ["EXTRACTOR_VERSION", "ExtractedArticle", "ExtractionError", "extract_article"]

EXCERPT_LENGTH = 300
# 12 words: less than one sentence of prose is a menu or a stray label, not an article.
MIN_ARTICLE_WORDS = 12


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    byline: str  # all authors joined with ", "; "" if unknown
    published: str | None  # ISO 8601 date or datetime
    site_name: str
    language: str
    lead_image: str
    excerpt: str
    canonical_url: str
    text: str  # body paragraphs separated by "\n\n", title not included
    html: str  # sanitized reader HTML of the body, without the title
    encoding: str
    kind: str  # "html" or "text"
    # Fingerprints of the body's blocks (and, for plain text, sentences) before the site's own
    # boilerplate was removed: stored per source to learn that boilerplate (site_boilerplate.py).
    fingerprints: tuple[str, ...] = ()


_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(r"</?(p|div|span|a|br|h[1-6]|li|table|article|section|body|head|meta|script)\b[^>]*>", re.I)


def _is_html(text: str, filename: str, content_type: str) -> bool:
    mime = content_type.split(";")[0].strip().lower()
    name = filename.lower()
    if _HTML_START.match(text[:4096]):
        # A page saved as .txt or pasted as source is still a page.
        return True
    if mime in ("text/html", "application/xhtml+xml") or name.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return True
    if mime == "text/plain" or name.endswith((".txt", ".text", ".md")):
        return False
    # Unknown type: HTML if tags are a visible share of the start of the file.
    return len(_HTML_TAGS.findall(text[:20_000])) >= 5


def extract_article(
    data: bytes,
    *,
    filename: str = "",
    content_type: str = "",
    url: str = "",
    site_boilerplate: frozenset[str] = frozenset(),
) -> ExtractedArticle:
    """Extract the article from an upload; raises ExtractionError with a code and a readable reason.

    `site_boilerplate`: fingerprints of blocks the source repeats in its articles
    (`learn_site_boilerplate`), removed from this one.
    """
    decoded = decode_bytes(data, content_type)
    if _is_html(decoded.text, filename, content_type):
        # Bounded before any parser sees it (newsroom.reader.bounds: libxml2 is quadratic in attributes).
        return _from_html(bound_markup(decoded.text), decoded.encoding, url, site_boilerplate)
    check_text_length(decoded.text)
    return _from_text(decoded.text, decoded.encoding, url, site_boilerplate)


def _no_article() -> ExtractionError:
    return ExtractionError(
        "no_article",
        "No article text was found: the page looks empty or is not an article (a home page, a list, a form).",
    )


def _from_html(text: str, encoding: str, url: str, site_boilerplate: frozenset[str]) -> ExtractedArticle:
    root = parse_html(text)
    if root is None:
        raise _no_article()
    prune_junk(root)
    resolve_lazy_images(root, url)
    keep_embedded_posts(root)
    content = extract_main_content(root, url)
    meta = read_metadata(root, content.document, url)
    body = content.body
    if body is None:
        raise _no_article()
    rescued = rescue_split_article(root, content)
    if rescued is not None:
        body = rescued
    # One tree through every pass, serialized once, by the sanitizer.
    clean_body_tree(body, meta.title)
    restore_structure_tree(root, body, url or meta.canonical_url)
    if not drop_card_grid(body):
        raise _no_article()
    removed = remove_site_blocks_tree(body, site_boilerplate, MIN_ARTICLE_WORDS)
    body_html = sanitize_tree(body)
    body_text = html_to_text(body_html)
    if len(body_text.split()) < MIN_ARTICLE_WORDS:
        raise _no_article()
    return ExtractedArticle(
        title=meta.title,
        byline=meta.byline,
        published=meta.published,
        site_name=meta.site_name,
        language=meta.language,
        lead_image=meta.lead_image,
        excerpt=meta.excerpt or _excerpt(body_text),
        canonical_url=meta.canonical_url or url,
        text=body_text,
        html=body_html,
        encoding=encoding,
        kind="html",
        fingerprints=text_fingerprints(body_text, removed),
    )


def _from_text(text: str, encoding: str, url: str, site_boilerplate: frozenset[str]) -> ExtractedArticle:
    cleaned = clean_plain_text(text)
    paragraphs, fingerprints = remove_site_sentences(cleaned.paragraphs, site_boilerplate, MIN_ARTICLE_WORDS)
    if not paragraphs:
        raise ExtractionError("no_article", "No article text was found: after removing menus and buttons nothing was left.")
    body_html = sanitize_html("".join(f"<p>{html_lib.escape(p, quote=False)}</p>" for p in paragraphs))
    body_text = "\n\n".join(paragraphs)
    return ExtractedArticle(
        title=cleaned.title,
        byline=cleaned.byline,
        published=None,
        site_name="",
        language="",
        lead_image="",
        excerpt=_excerpt(body_text),
        canonical_url=url,
        text=body_text,
        html=body_html,
        encoding=encoding,
        kind="text",
        fingerprints=fingerprints,
    )


def _excerpt(text: str) -> str:
    first = text.split("\n\n", 1)[0].strip()
    if len(first) <= EXCERPT_LENGTH:
        return first
    cut = first[:EXCERPT_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
