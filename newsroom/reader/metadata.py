"""Article metadata from a page: what it declares (JSON-LD, OpenGraph, meta tags) before guesses.

Title (without the " | Site" suffix), byline (all authors), publication date (ISO 8601), site name,
language, lead image, excerpt and canonical address.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree


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
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|·|•|::|»|/|_|\\|~)\s+|\s*(?:\||::|»|_)\s*")
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|Blog|NewsArticle|WebPage|Review|Recipe|Story", re.I)
_BY_PREFIX = re.compile(r"^(?:by|par|von|di|por|door|av|af|written by|posted by|author:?)\s+", re.I)
_NOT_A_NAME = re.compile(r"https?://|www\.|@|\bfacebook\b|\btwitter\b|\d{4}", re.I)


def _byline_elements(root: lxml.html.HtmlElement):
    """Elements marked up as the byline, in page order: rel/itemprop="author", an id holding
    "byline", or a class holding a byline word (or the whole word "author").

    A Python walk rather than one XPath predicate: libxml2 re-reads @class for each of the nine
    contains() of every element (1.9 ms a page on the benchmark, this walk 1.1 ms), and the walk
    stops where the caller does.
    """
    for element in root.iter(etree.Element):
        get = element.get
        if get("rel") == "author" or get("itemprop") == "author":
            yield element
            continue
        identifier = get("id")
        if identifier is not None and "byline" in identifier:
            yield element
            continue
        classes = get("class")
        # Spelled out, not any() over a tuple: this runs for every element of the page.
        if classes and (
            "byline" in classes or "author-name" in classes or "authorName" in classes
            or "article-author" in classes or " author " in f" {classes} " or "author__name" in classes
            or "author_name" in classes or "byLine" in classes
        ):
            yield element


# Links to an author's page ("/by/corey-kilgannon", "/author/jane-doe", "/autori/ales-vavra/").
_AUTHOR_PATHS = ("/author/", "/authors/", "/by/", "/autori/", "/autor/", "/auteur/", "/journalist/", "/people/",
                 "/profile/")


def _author_links(root: lxml.html.HtmlElement):
    """The page's links to author pages, in page order: a walk of the <a> elements only (half
    the time of the XPath over every element)."""
    for link in root.iter("a"):
        href = link.get("href")
        if href and any(path in href for path in _AUTHOR_PATHS):
            yield link


# "By Nathan Willis" at the start of a short element's own text.
_BY_LINE = re.compile(r"^(?i:by|par|von|door|por|di)\s+(?P<names>[A-ZÀ-Ý][^\n]{2,80})$")
_TRAILING_DATE = re.compile(r"\s*(?:[|•·,–-]\s*)?(?:updated|published|posted|on)?\s*(?:\w+ \d{1,2},? \d{4}|\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2}).*$", re.I)


def _looks_like_name(text: str) -> bool:
    """2-5 words, each capitalised (or a particle like "de", "van"): a person's name."""
    words = text.split()
    return 1 <= len(words) <= 5 and all(w[:1].isupper() or w in ("de", "van", "von", "der", "da", "di", "le", "la", "bin") for w in words) and not _NOT_A_NAME.search(text)


def _looks_like_full_name(text: str) -> bool:
    """A name of two words of three letters or more: what a byline element holds, where "J J" or
    "AFP" in such an element is a commenter's initials or a wire credit on a teaser."""
    return _looks_like_name(text) and sum(len(word) > 2 for word in text.split()) >= 2


def _text(value) -> str:
    return _SPACES.sub(" ", str(value or "")).strip()


def clean_title(title: str, site_name: str = "", headline: str = "") -> str:
    """Drop the " | Site" (or "Site - ") part of a page title when the rest is the headline."""
    title = _text(title)
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    # The page's own <h1> settles which part is the headline.
    headline_key = _key(headline)
    if headline_key:
        for part in parts:
            if _key(part) == headline_key:
                return part.strip()
    site_key = _key(site_name)
    if site_key:
        if site_key in _key(parts[-1]) or _key(parts[-1]) in site_key:
            return _rejoin(title, parts[:-1])
        if site_key in _key(parts[0]) or _key(parts[0]) in site_key:
            return _rejoin(title, parts[1:])
    # Without a known site name: a short last part after a long headline is the site.
    if len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1]).split()) >= 4:
        return _rejoin(title, parts[:-1])
    return title


def _rejoin(title: str, parts: list[str]) -> str:
    """The original text spanning `parts` (keeps separators inside the headline, e.g. "A - B")."""
    start = title.find(parts[0])
    end = title.find(parts[-1], start) + len(parts[-1])
    return title[start:end].strip(" |-–—:·•»/_")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text or "").strip().casefold()


class _PageElements:
    """The few elements metadata reads, found in one walk of the page instead of one per question."""

    def __init__(self, root: lxml.html.HtmlElement):
        self.metas: list = []
        self.json_ld: list = []
        self.h1 = self.title = self.time = None
        self.canonical: str | None = None
        for element in root.iter("meta", "script", "h1", "title", "time", "link"):
            tag = element.tag
            if tag == "meta":
                self.metas.append(element)
            elif tag == "script":
                if element.get("type") == "application/ld+json":
                    self.json_ld.append(element)
            elif tag == "h1":
                if self.h1 is None:
                    self.h1 = element
            elif tag == "title":
                if self.title is None:
                    self.title = element
            elif tag == "time":
                if self.time is None and element.get("datetime") is not None:
                    self.time = element
            elif self.canonical is None and element.get("rel") == "canonical" and element.get("href") is not None:
                self.canonical = element.get("href")


# XHTML habits around a script's JSON ("//<![CDATA[ ... //]]>", "<!-- ... -->") that json.loads refuses.
_JSON_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


def _json_ld_objects(scripts: list) -> list[dict]:
    """Every JSON-LD object of the page, with @graph lists flattened."""
    objects: list[dict] = []
    for script in scripts:
        try:
            data = json.loads(_JSON_WRAPPERS.sub("", script.text or ""))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return objects


def _article_object(objects: list[dict]) -> dict:
    for preferred in (r"Article|Posting|Report|Blog", _ARTICLE_TYPES.pattern):
        for item in objects:
            kind = item.get("@type", "")
            kind = " ".join(kind) if isinstance(kind, list) else str(kind)
            if re.search(preferred, kind, re.I) and (item.get("headline") or item.get("author") or item.get("datePublished")):
                return item
    return {}


def _json_ld_title(article: dict, page_title: str, site_name: str) -> str:
    """The article object's headline, or its name where the two differ and only the name is in the
    page's <title> (Wikipedia's headline is the subject's short description: "constitutional
    monarchy in Oceania" for the page "New Zealand"); a name that is the site's is not a title."""
    headline, name = _text(article.get("headline")), _text(article.get("name"))
    if headline and name and _key(headline) != _key(name) and _key(name) not in _key(site_name):
        title_key = _key(page_title)
        if _key(name) in title_key and _key(headline) not in title_key:
            return name
    return headline


def _names(value) -> list[str]:
    """Author names from a JSON-LD author value (a string, a Person, or a list of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _meta(metas: list) -> dict[str, str]:
    """meta property/name/itemprop -> content, keys lowercased ("DC.creator" also as "dc:creator").

    The first one wins, a `property` (RDFa, OpenGraph) before any `name`: where a page declares a
    value both ways the property is the deliberate one (Readability reads them in the same order).
    """
    found: dict[str, str] = {}
    for attribute in ("property", "name", "itemprop"):
        for meta in metas:
            content = meta.get("content")
            if content is None:
                continue
            for key in (meta.get(attribute) or "").lower().split():
                found.setdefault(key, content.strip())
                if "." in key:
                    found.setdefault(key.replace(".", ":"), content.strip())
    return found


# "Bradley M. Kuhn (http://ebb.org/bkuhn/)", "Jane Doe <jane@example.org>": the address is not the name.
_ADDRESS_AFTER_NAME = re.compile(r"\s*[(<\[]\s*(?:https?://|www\.|mailto:|[^\s()<>\[\]]+@)[^)>\]]*[)>\]]")
# "Martin Untersinger (avec Damien Leloup et Morgane Tual)": the people in brackets are authors too.
_WITH_IN_BRACKETS = re.compile(r"\s*\(\s*(?:avec|with|mit|con|com|met)\s+([^()]+)\)")
# Dashes and bars around a name ("Nicolas Perriault —" before the date in an aside).
_NAME_EDGES = " .,;:|·•—–-"


def _split_authors(text: str) -> list[str]:
    text = _BY_PREFIX.sub("", _text(text))
    text = _WITH_IN_BRACKETS.sub(r", \1", _ADDRESS_AFTER_NAME.sub("", text))
    parts = re.split(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\|)\s*", text)
    return [p.strip(_NAME_EDGES) for p in parts if p.strip(_NAME_EDGES)]


def _byline(names: list[str]) -> str:
    unique: dict[str, str] = {}
    for name in names:
        name = _BY_PREFIX.sub("", _text(name)).strip(" ,.")
        if not name or len(name) > 80 or _NOT_A_NAME.search(name):
            continue
        unique.setdefault(name.casefold(), name)
    return ", ".join(unique.values())


def _names_inside(byline: lxml.html.HtmlElement) -> list[str]:
    """The names a byline element marks up inside it (its links, its itemprop="name"), where its
    whole text runs on into a job title or a date ("Ben Silverman Games Editor")."""
    names: list[str] = []
    for element in byline.xpath('.//a | .//*[@itemprop="name"]')[:4]:
        for name in _split_authors(_text(element.text_content())):
            if _looks_like_full_name(name) and name not in names:
                names.append(name)
    return names


def _names_from_author_links(root: lxml.html.HtmlElement) -> list[str]:
    """Names of the first links to author pages (their text, or the alt text of their portrait)."""
    names: list[str] = []
    for link in islice(_author_links(root), 20):
        text = _text(link.text_content()) or _text(" ".join(link.xpath(".//img/@alt")[:1]))
        text = _BY_PREFIX.sub("", text)
        if _looks_like_full_name(text) and text not in names:
            names.append(text)
        if len(names) >= 4:
            break
    return names


# "By The Numbers", "By This Time Next Year": headings, not people.
_NOT_FIRST_NAMES = frozenset("the a an this that these those our their his her its my your all".split())


def _names_from_by_lines(root: lxml.html.HtmlElement) -> list[str]:
    """Names from a short "By Jane Doe" line near the top of the body."""
    for element in root.xpath("//body//*[self::p or self::div or self::span or self::address][not(*[self::p or self::div])]")[:400]:
        text = _text(element.text_content())
        if len(text) > 100:
            continue
        match = _BY_LINE.match(_TRAILING_DATE.sub("", text))
        if match:
            candidates = [n for n in _split_authors(match.group("names"))
                          if _looks_like_full_name(n) and n.split()[0].casefold() not in _NOT_FIRST_NAMES]
            if candidates:
                return candidates
    return []


def _iso_date(value: str) -> str | None:
    """ISO 8601 form of a declared date; the date alone when no time was given."""
    value = _text(value)
    if not value:
        return None
    candidate = value.replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value) or re.match(r"(\d{4})/(\d{2})/(\d{2})", value)
        if not match:
            return None
        return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
    if len(value) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|$|[^\d])")


def _date_from_page(root: lxml.html.HtmlElement, url: str) -> str | None:
    """Last resort when the page declares no date: a date in its address (/2019/11/19/), then
    htmldate's reading of the markup (dates in text and attributes, the original one preferred)."""
    for address in (url, *root.xpath('//link[@rel="canonical"]/@href')[:1]):
        match = _URL_DATE.search(address or "")
        if match:
            return "-".join(match.groups())
    try:
        from htmldate import find_date

        found = find_date(root, extensive_search=False, original_date=True)
    except Exception:  # htmldate fails on odd markup; no date is a fine answer
        return None
    return _iso_date(found) if found else None


def read_metadata(root: lxml.html.HtmlElement, document=None, url: str = "") -> PageMetadata:
    """Metadata the page declares, then trafilatura's findings (`document`, may be None) as fallback."""
    fallback = (lambda name: _text(getattr(document, name, None))) if document is not None else (lambda name: "")
    elements = _PageElements(root)
    meta = _meta(elements.metas)
    objects = _json_ld_objects(elements.json_ld)
    article = _article_object(objects)

    publisher = article.get("publisher") if isinstance(article.get("publisher"), dict) else {}
    site_name = _text(
        meta.get("og:site_name") or publisher.get("name") or meta.get("application-name") or fallback("sitename")
    )

    h1 = elements.h1
    headline = _text(h1.text_content()) if h1 is not None else ""
    title_element = elements.title
    page_title = _text(title_element.text_content()) if title_element is not None else ""
    declared = (
        _json_ld_title(article, page_title, site_name)
        or _text(meta.get("dc:title") or meta.get("dcterm:title") or meta.get("dcterms:title"))
        or _text(meta.get("og:title"))
        or _text(meta.get("twitter:title"))
    )
    title = clean_title(declared or page_title or headline or fallback("title"), site_name, headline)

    names = _names(article.get("author"))
    if not names:
        # Dublin Core first: a page that declares a creator that way names the article's author
        # on purpose, where "author" is often the site's default (Readability's order too).
        for key in ("dc:creator", "dcterm:creator", "dcterms:creator", "author", "article:author",
                    "og:article:author", "parsely-author", "sailthru:author"):
            if meta.get(key) and not meta[key].startswith("http"):
                names = _split_authors(meta[key])
                break
    if not names:
        # Marked-up bylines: rel/itemprop author, then elements whose class says byline or author.
        for element in islice(_byline_elements(root), 6):
            text = _text(element.text_content())
            if 2 <= len(text) <= 120:
                inside = _names_inside(element)
                # A part of the text that holds a marked-up name is that name run on into a job
                # title; the other parts are co-authors left unmarked ("(avec Damien Leloup ...)").
                candidates = inside + [
                    n for n in _split_authors(_TRAILING_DATE.sub("", text))
                    if _looks_like_full_name(n) and not any(name in n for name in inside)
                ]
                if candidates:
                    names = candidates
                    break
    if not names:
        names = _names_from_author_links(root) or _names_from_by_lines(root)
    byline = _byline(names) or _byline(_split_authors(fallback("author").replace(";", ",")))

    published = None
    for value in (
        article.get("datePublished"),
        meta.get("article:published_time"),
        meta.get("og:published_time"),
        meta.get("datepublished"),
        meta.get("published_time"),
        meta.get("dc.date.issued"),
        meta.get("dcterms.created"),
        meta.get("dc.date"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("parsely-pub-date"),
        meta.get("sailthru.date"),
        meta.get("date"),
        article.get("dateCreated"),
    ):
        published = _iso_date(str(value)) if value else None
        if published:
            break
    if not published:
        time_element = elements.time
        if time_element is not None:
            published = _iso_date(time_element.get("datetime"))
    if not published:
        published = _iso_date(fallback("date")) or _date_from_page(root, url)

    language = (root.get("lang") or root.get("xml:lang") or meta.get("og:locale") or meta.get("content-language") or "")
    for http_equiv in elements.metas:
        if (http_equiv.get("http-equiv") or "").lower() == "content-language":
            language = language or http_equiv.get("content", "")
    language = re.split(r"[-_]", language.strip())[0].lower() if language.strip() else ""

    image = meta.get("og:image") or meta.get("og:image:url") or meta.get("twitter:image") or meta.get("twitter:image:src")
    if not image:
        json_image = article.get("image")
        if isinstance(json_image, list) and json_image:
            json_image = json_image[0]
        if isinstance(json_image, dict):
            json_image = json_image.get("url")
        image = json_image if isinstance(json_image, str) else ""
    image = _text(image)

    canonical = (elements.canonical or "").strip()
    canonical = canonical or meta.get("og:url", "") or url
    if canonical and url and not urlsplit(canonical).scheme:
        canonical = urljoin(url, canonical)

    excerpt = _text(
        meta.get("og:description") or meta.get("description") or meta.get("twitter:description")
        or article.get("description") or fallback("description")
    )
    return PageMetadata(
        title=title,
        byline=byline,
        published=published,
        site_name=site_name,
        language=language,
        lead_image=urljoin(url or canonical, image) if image and (url or canonical) else image,
        excerpt=excerpt,
        canonical_url=canonical,
    )
