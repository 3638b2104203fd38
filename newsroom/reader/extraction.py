"""The reader's entry point: bytes of an upload in, an ExtractedArticle (or an ExtractionError) out.

Decides HTML versus plain text, decodes, extracts the main content and metadata, and sanitizes.
"""

import html as html_lib
import re
from dataclasses import dataclass

from newsroom.reader.decoding import decode_bytes
from newsroom.reader.errors import ExtractionError
from newsroom.reader.html_extraction import extract_main_content, parse_html, resolve_lazy_images
from newsroom.reader.html_text import html_to_text
from newsroom.reader.metadata import read_metadata
from newsroom.reader.plaintext_cleaning import clean_plain_text
from newsroom.reader.sanitizer import sanitize_html

# Stored with every article; bump whenever the output for the same input changes, so that
# `reprocess` knows which articles to extract again.
EXTRACTOR_VERSION = "1"

__all__ = ["EXTRACTOR_VERSION", "ExtractedArticle", "ExtractionError", "extract_article"]

EXCERPT_LENGTH = 300


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


def extract_article(data: bytes, *, filename: str = "", content_type: str = "", url: str = "") -> ExtractedArticle:
    """Extract the article from an upload; raises ExtractionError with a code and a readable reason."""
    decoded = decode_bytes(data, content_type)
    if _is_html(decoded.text, filename, content_type):
        return _from_html(decoded.text, decoded.encoding, url)
    return _from_text(decoded.text, decoded.encoding, url)


def _no_article() -> ExtractionError:
    return ExtractionError(
        "no_article",
        "No article text was found: the page looks empty or is not an article (a home page, a list, a form).",
    )


def _from_html(text: str, encoding: str, url: str) -> ExtractedArticle:
    root = parse_html(text)
    if root is None:
        raise _no_article()
    resolve_lazy_images(root, url)
    content = extract_main_content(root, url)
    body_html = sanitize_html(content.html)
    body_text = html_to_text(body_html)
    if not body_text.strip():
        raise _no_article()
    meta = read_metadata(root, content.document, url)
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
    )


def _from_text(text: str, encoding: str, url: str) -> ExtractedArticle:
    cleaned = clean_plain_text(text)
    if not cleaned.paragraphs:
        raise ExtractionError("no_article", "No article text was found: after removing menus and buttons nothing was left.")
    body_html = sanitize_html("".join(f"<p>{html_lib.escape(p, quote=False)}</p>" for p in cleaned.paragraphs))
    body_text = "\n\n".join(cleaned.paragraphs)
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
    )


def _excerpt(text: str) -> str:
    first = text.split("\n\n", 1)[0].strip()
    if len(first) <= EXCERPT_LENGTH:
        return first
    cut = first[:EXCERPT_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
