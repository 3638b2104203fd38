"""The one place that decides which HTML a reader's browser may receive (the only caller of bleach).

Strict allowlist, links made inert for tracking, and input bounded before bleach sees it.
"""

import html as html_lib
import re
from urllib.parse import urlsplit

import bleach
import lxml.html
from bleach.html5lib_shim import Filter
from lxml import etree

from newsroom.reader.nesting import parse_fragment

ALLOWED_TAGS = frozenset({
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "pre", "code",
    "em", "strong", "b", "i", "a", "br", "hr", "sup", "sub", "mark", "dl", "dt", "dd",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "img": ["src", "alt", "title"], "th": ["colspan", "rowspan"],
                      "td": ["colspan", "rowspan"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"
# Added to every image: remote images load only when scrolled to, and never tell the image's host
# which article (or which reader's instance) they are shown on.
IMAGE_ATTRIBUTES = ((None, "loading"), "lazy"), ((None, "referrerpolicy"), "no-referrer")

# Elements whose content is never reader text (code, styles, other namespaces, form state):
# removed with their content, because bleach's strip=True would keep their text as prose.
_DROPPED_WITH_CONTENT = ("script", "style", "noscript", "template", "iframe", "svg", "math", "title",
                         "textarea", "select", "object", "embed", "frame", "frameset", "head", "button",
                         "form", "canvas", "audio", "video", "applet", "xmp", "noembed", "noframes", "plaintext")

# Two bounds keep bleach (html5lib) out of its quadratic cases: 66 s were measured on 302 KB of
# nested inline tags. Depth beyond 40 is flattened (text kept), and at most 2 M characters go in,
# far above the longest article in the benchmarks (~200 K characters of markup).
MAX_DEPTH = 40
MAX_CHARS = 2_000_000

_PARSER = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)


class _LinkPolicy(Filter):
    """Gives every link the same rel, and every image https, lazy loading and no referrer.

    Set here, after bleach's own filtering, and always in the same order, so sanitizing twice
    gives the same bytes; uploads cannot choose these attributes' values.
    """

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                attrs = {key: value for key, value in token["data"].items() if key != (None, "rel")}
                attrs[(None, "rel")] = LINK_REL
                token = {**token, "data": attrs}
            elif token["type"] in ("StartTag", "EmptyTag") and token["name"] == "img":
                added = dict(IMAGE_ATTRIBUTES)
                attrs = {key: value for key, value in token["data"].items() if key not in added}
                source = attrs.get((None, "src"), "")
                if not source:
                    continue  # bleach removed a data: or javascript: address: nothing left to show
                if source[:7].lower() == "http://":
                    # The CSP allows only https images (as a browser would upgrade them anyway).
                    attrs[(None, "src")] = "https://" + source[7:]
                attrs.update(added)
                token = {**token, "data": attrs}
            yield token


def _flatten_deep(root: lxml.html.HtmlElement) -> None:
    """Unwrap elements nested deeper than MAX_DEPTH, keeping their text where it was."""
    too_deep = []
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        for child in node:
            if depth + 1 > MAX_DEPTH:
                too_deep.append(child)
            stack.append((child, depth + 1))
    # Deepest first, so each unwrap moves text into a parent that is itself unwrapped later.
    for element in reversed(too_deep):
        element.drop_tag()


def _pre_clean(html: str) -> str:
    """Remove never-allowed elements with their content, bound depth and size, and reserialise."""
    html = html[: MAX_CHARS * 2]
    try:
        root = parse_fragment(html, _PARSER)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *_DROPPED_WITH_CONTENT, with_tail=False)
    # Comments and processing instructions are removed by the parser; entities never reach here.
    _flatten_deep(root)
    parts = [_escape_text(root.text or "")]
    parts.extend(lxml.html.tostring(child, encoding="unicode") for child in root)
    return "".join(parts)[:MAX_CHARS]


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Links only to http(s)/mailto, images only from http(s): never relative, data: or javascript:."""
    if name in ("href", "src"):
        scheme = urlsplit(value.strip()).scheme.lower()
        return scheme in (ALLOWED_PROTOCOLS if name == "href" else {"http", "https"})
    return name in ALLOWED_ATTRIBUTES.get(tag, ())


_CLEANER = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_LinkPolicy],
)


def sanitize_html(html: str) -> str:
    """Return the allowlisted subset of `html`; sanitize_html(sanitize_html(x)) == sanitize_html(x)."""
    if not html or not html.strip():
        return ""
    cleaned = _CLEANER.clean(_pre_clean(html))
    return cleaned.strip()


# Our own serializer's output only: a tag, with quoted attribute values that may hold ">".
_IMG_TAG = re.compile(r"<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_DESCRIPTION = re.compile(r"""\s(?:alt|title)=(?:"([^"]*)"|'([^']*)')""")


def without_remote_images(html: str) -> str:
    """Replace every image in sanitize_html's output by a text placeholder naming it (alt and title).

    A string pass over HTML this module wrote, not a re-parse: it only removes <img> tags and
    inserts escaped text, so the result is as inert as its input and costs microseconds per page.
    """

    def placeholder(match: re.Match) -> str:
        # alt, then title (where extraction keeps a caption it lifted out of a <figure>).
        descriptions = []
        for double_quoted, single_quoted in _DESCRIPTION.findall(match.group(0)):
            value = double_quoted or single_quoted
            value = " ".join(html_lib.unescape(value).split())
            if value and value not in descriptions:
                descriptions.append(value)
        description = " — ".join(descriptions)
        label = f"Image not loaded: {description}" if description else "Image not loaded"
        return f'<span class="image-placeholder">{html_lib.escape(label)}</span>'

    return _IMG_TAG.sub(placeholder, html)
