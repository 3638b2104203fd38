"""Article metadata from a page: what it declares (JSON-LD, OpenGraph, meta tags) before guesses.

Title, byline (all authors), publication date (ISO 8601), site name, language, lead image, excerpt.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html


@dataclass(frozen=True)
class PageMetadata:
    title: str = ""
    byline: str = ""
    published: str | None = None
    site_name: str = ""
    language: str = ""
    lead_image: str = ""
    excerpt: str = ""
    canonical_url: str = ""


_SPACES = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|·|•|::|:|»|/)\s+")


def clean_title(title: str, site_name: str = "") -> str:
    """Drop the " | Site" (or "Site - ") part of a page title when the rest is the headline."""
    title = _SPACES.sub(" ", title or "").strip()
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site = site_name.lower().strip()
    if site:
        if parts[-1].lower().strip() == site or site in parts[-1].lower():
            return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
        if parts[0].lower().strip() == site or site in parts[0].lower():
            return " - ".join(parts[1:]) if len(parts) > 2 else parts[1]
    # Without a known site name: the suffix is short and the headline is the long part.
    if len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1]).split()) >= 3:
        return title[: title.rfind(parts[-1])].rstrip(" |–—-·•:»/")
    return title


def read_metadata(root: lxml.html.HtmlElement, document, url: str = "") -> PageMetadata:
    """Combine trafilatura's metadata (document, may be None) with what the page declares."""
    get = (lambda name: (getattr(document, name, None) or "")) if document is not None else (lambda name: "")
    site_name = _text(get("sitename"))
    title = clean_title(_text(get("title")), site_name)
    byline = ", ".join(a.strip() for a in _text(get("author")).split(";") if a.strip())
    language = (root.get("lang") or root.get("xml:lang") or "").strip()
    language = language.split("-")[0].lower() if language else ""
    image = _text(get("image"))
    canonical = _text(get("url")) or url
    return PageMetadata(
        title=title,
        byline=byline,
        published=_text(get("date")) or None,
        site_name=site_name,
        language=language,
        lead_image=urljoin(url, image) if image and url else image,
        excerpt=_text(get("description")),
        canonical_url=canonical,
    )


def _text(value) -> str:
    return _SPACES.sub(" ", str(value or "")).strip()
