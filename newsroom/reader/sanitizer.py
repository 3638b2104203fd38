"""The one place that decides which HTML a reader's browser may receive (the only caller of nh3).

Strict allowlist, links made inert for tracking, and input bounded before the sanitizer sees it.
"""

import html as html_lib
import re
from urllib.parse import urlsplit

import lxml.html
import nh3
from lxml import etree

from newsroom.reader.nesting import parse_fragment
from newsroom.reader.parsers import html_parser

ALLOWED_TAGS = frozenset({
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "pre", "code",
    "em", "strong", "b", "i", "a", "br", "hr", "sup", "sub", "mark", "dl", "dt", "dd",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"colspan", "rowspan"},
                      "td": {"colspan", "rowspan"}}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
IMAGE_PROTOCOLS = frozenset({"http", "https"})
LINK_REL = "nofollow noopener noreferrer"
# Added to every image: remote images load only when scrolled to, and never tell the image's host
# which article (or which reader's instance) they are shown on.
IMAGE_ATTRIBUTES = (("loading", "lazy"), ("referrerpolicy", "no-referrer"))

# Elements whose content is never reader text (code, styles, other namespaces, form state):
# removed with their content, because stripping only the tag would keep their text as prose.
_DROPPED_WITH_CONTENT = ("script", "style", "noscript", "template", "iframe", "svg", "math", "title",
                         "textarea", "select", "object", "embed", "frame", "frameset", "head", "button",
                         "form", "canvas", "audio", "video", "applet", "xmp", "noembed", "noframes", "plaintext")

# Two bounds keep the sanitizer's HTML5 tree builder out of its quadratic cases (bleach, before
# nh3, took 66 s on 302 KB of nested inline tags). Depth beyond 40 is flattened (text kept), and at
# most 2 M characters go in, far above the longest article in the benchmarks (~200 K characters).
MAX_DEPTH = 40
MAX_CHARS = 2_000_000

_PARSER = html_parser(remove_comments=True, remove_pis=True)


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


def _scheme(value: str) -> str:
    return urlsplit(value.strip()).scheme.lower()


def _set_image_policy(root: lxml.html.HtmlElement) -> None:
    """Every image: https, lazy loading and no referrer, always in the same order, so sanitizing
    twice gives the same bytes; an image whose address is not on the web (data:, relative,
    javascript:) is removed, as nothing would be left to show."""
    # HTML5 parsers (browsers, nh3) read <image> as <img>; libxml2 keeps it as an unknown tag.
    for image in root.iter("image"):
        image.tag = "img"
    for img in list(root.iter("img")):
        src = (img.get("src") or "").strip()
        if _scheme(src) not in IMAGE_PROTOCOLS:
            img.drop_tree()  # keeps its tail
            continue
        if src[:7].lower() == "http://":
            # The CSP allows only https images (as a browser would upgrade them anyway).
            src = "https://" + src[7:]
        kept = [(name, img.get(name)) for name in ("alt", "title") if img.get(name) is not None]
        img.attrib.clear()
        img.set("src", src)
        for name, value in (*kept, *IMAGE_ATTRIBUTES):
            img.set(name, value)


def _final_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's last word on each allowed attribute: images only from the web, and over https."""
    if tag == "img" and name == "src":
        value = value.strip()
        if _scheme(value) not in IMAGE_PROTOCOLS:
            return None
        if value[:7].lower() == "http://":
            return "https://" + value[7:]
    return value


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sanitize_tree(root: lxml.html.HtmlElement) -> str:
    """The allowlisted HTML of the content of `root` (a fragment's wrapper element, changed in place).

    The tree is cleaned first (never-allowed elements removed with their content, depth bounded,
    images given their attributes) and serialized once; nh3 (html5ever, the HTML5 parsing algorithm
    browsers use) then enforces the allowlist on that markup as the final guarantee.
    """
    etree.strip_elements(root, *_DROPPED_WITH_CONTENT, with_tail=False)
    # Comments and processing instructions are removed by the parsers; entities never reach here.
    _flatten_deep(root)
    _set_image_policy(root)
    parts = [_escape_text(root.text or "")]
    parts.extend(lxml.html.tostring(child, encoding="unicode") for child in root)
    return _enforce_allowlist("".join(parts)[:MAX_CHARS]).strip()


def _enforce_allowlist(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_final_attribute,
        # Fixed values only: an upload cannot choose loading="eager" or another referrer policy.
        tag_attribute_values={"img": {name: {value} for name, value in IMAGE_ATTRIBUTES}},
        link_rel=LINK_REL,
        url_schemes=set(ALLOWED_PROTOCOLS),
        url_relative="deny",
        strip_comments=True,
    )



def sanitize_html(html: str) -> str:
    """Return the allowlisted subset of `html`; sanitize_html(sanitize_html(x)) == sanitize_html(x)."""
    if not html or not html.strip():
        return ""
    try:
        root = parse_fragment(html[: MAX_CHARS * 2], _PARSER)
    except (etree.ParserError, ValueError):
        return ""
    return sanitize_tree(root)


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
