"""Main content of an HTML page, as reader HTML (before sanitizing), using trafilatura.

We parse the page ourselves (huge_tree, lazy images resolved) and hand trafilatura the tree.
"""

import re
from copy import deepcopy
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from trafilatura.metadata import Document
from trafilatura.settings import use_config
from trafilatura.xml import xmltotxt

from newsroom.reader.nesting import parse_document
from newsroom.reader.parsers import html_parser
from newsroom.reader.trafilatura_cascade import choose_blocks

# huge_tree: without it lxml silently stops at nesting depth 256 and the rest of the text is lost.
HTML_PARSER = html_parser(huge_tree=True, collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)

# Reader trees are made with the page parser, so they are lxml.html elements (text_content, drop_tree).
_MAKE_ELEMENT = HTML_PARSER.makeelement

_CONFIG = use_config()
# Short articles (a 3-paragraph news brief) are still articles.
_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "120")
_CONFIG.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
# No timeout signal handlers: extraction runs inside web requests and worker threads.
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")

_LAZY_SRC_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "data-url", "data-lazy",
                        "data-srcset", "data-lazy-srcset")
_PLACEHOLDER_SRC = re.compile(r"^(data:|about:|javascript:)|(blank|spacer|placeholder|pixel|1x1|lazy)[^/]*\.(gif|png|svg)", re.I)


@dataclass
class MainContent:
    body: lxml.html.HtmlElement | None  # reader HTML, a <div> holding the blocks; None when nothing was found
    trafilatura_body: etree._Element | None  # trafilatura's internal XML of the same blocks
    # trafilatura's Document for its metadata fields (empty: with_metadata is off), None when
    # nothing was found.
    document: Document | None

    @cached_property
    def text(self) -> str:
        """trafilatura's text of the blocks (as bare_extraction's `text`), made when first asked for:
        only the split-article rescue reads it, on one page in six."""
        return "" if self.trafilatura_body is None else xmltotxt(self.trafilatura_body, False)


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    """Parse a whole page; None when there is nothing that looks like a document."""
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = parse_document(text, HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return root


# Subtrees no extractor or reader reads, removed once right after parsing so that trafilatura's
# copies and XPath passes, the metadata and structure passes and sanitizing all walk a smaller
# tree (trafilatura drops them itself, after copying them twice). JSON-LD scripts stay: metadata
# and trafilatura's baseline read them.
_JUNK_TAGS = ("script", "style", "svg", "template", "iframe")


def prune_junk(root: lxml.html.HtmlElement) -> None:
    """Remove scripts (but JSON-LD), styles, inline SVG, templates and iframes, keeping tails."""
    # One walk for the five tags (an XPath union walked the page once per tag), listed before any
    # is dropped.
    junk = [element for element in root.iter(*_JUNK_TAGS)
            if element.tag != "script" or element.get("type") != "application/ld+json"]
    for element in junk:
        if element.getparent() is not None:  # the root itself is never dropped
            element.drop_tree()


def _first_srcset_url(srcset: str) -> str:
    """The largest candidate of a srcset ("a.jpg 320w, b.jpg 1024w" -> "b.jpg")."""
    best, best_size = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.strip().split()
        if not parts:
            continue
        size = 1.0
        if len(parts) > 1:
            try:
                size = float(parts[1][:-1])
            except ValueError:
                size = 1.0
        if size > best_size:
            best, best_size = parts[0], size
    return best


def resolve_lazy_images(root: lxml.html.HtmlElement, base_url: str = "") -> None:
    """Give every <img> a real, absolute src: lazy loaders keep it in data-src or srcset."""
    for img in root.iter("img"):
        src = (img.get("src") or "").strip()
        if not src or _PLACEHOLDER_SRC.search(src):
            for attribute in _LAZY_SRC_ATTRIBUTES:
                value = (img.get(attribute) or "").strip()
                if value:
                    src = _first_srcset_url(value) if "srcset" in attribute else value
                    break
            else:
                srcset = img.get("srcset") or ""
                if not srcset:
                    # <picture><source srcset> in front of a placeholder <img> (lxml, not knowing
                    # <source> is empty, may also nest the <img> inside it).
                    for ancestor in img.iterancestors("picture", "source"):
                        for source in ancestor.iter("source"):
                            srcset = source.get("srcset") or source.get("data-srcset") or ""
                            if srcset:
                                break
                        if srcset:
                            break
                src = _first_srcset_url(srcset) if srcset else ""
        if src and base_url:
            src = urljoin(base_url, src)
        if src:
            img.set("src", src)


def _is_embedded_post(classes: str | None) -> bool:
    return bool(classes) and ("tweet" in classes or "instagram" in classes or "tiktok" in classes
                              or "bluesky" in classes or "mastodon" in classes)


def keep_embedded_posts(root: lxml.html.HtmlElement) -> None:
    """Turn embedded tweets and posts into plain quotations: they are quoted statements, part of the
    story, but their "twitter-tweet"-style classes make trafilatura discard them as widgets."""
    for quote in [quote for quote in root.iter("blockquote") if _is_embedded_post(quote.get("class"))]:
        for attribute in ("class", "id", "data-lang", "data-width", "data-dnt", "data-theme"):
            quote.attrib.pop(attribute, None)
        # Their wrappers ("social-media-embed") look like share widgets too.
        for depth, ancestor in enumerate(quote.iterancestors()):
            if depth >= 3:
                break
            if re.search(r"social|embed|tweet|share", ancestor.get("class", "") + ancestor.get("id", ""), re.I):
                ancestor.attrib.pop("class", None)
                ancestor.attrib.pop("id", None)


# trafilatura's internal XML -> reader HTML
_HI = {"#b": "strong", "#i": "em", "#u": "em", "#t": "code", "#sub": "sub", "#sup": "sup"}


def _reader_element(element: etree._Element, base_url: str) -> lxml.html.HtmlElement:
    """The reader-HTML element for one element of trafilatura's internal XML (no attributes kept
    but links' and images' addresses)."""
    tag = element.tag
    attributes = element.attrib
    extra: dict[str, str] = {}
    if tag == "head":
        level = max(2, min(6, int((attributes.get("rend") or "h3")[1:] or 3)))
        tag = f"h{level}"
    elif tag == "list":
        tag = "ol" if attributes.get("rend") in ("ol", "decimal") else "ul"
    elif tag == "item":
        tag = "li"
    elif tag == "quote":
        tag = "blockquote"
    elif tag == "code":
        tag = "pre"
    elif tag == "hi":
        tag = _HI.get(attributes.get("rend", "#i"), "em")
    elif tag == "lb":
        tag = "br"
    elif tag == "ref":
        tag = "a"
        target = attributes.get("target", "")
        if target:
            extra["href"] = urljoin(base_url, target) if base_url else target
    elif tag == "graphic":
        tag = "img"
        src = attributes.get("src", "")
        if src:
            extra["src"] = urljoin(base_url, src) if base_url else src
        for name in ("alt", "title"):
            if attributes.get(name):
                extra[name] = attributes[name]
    elif tag == "row":
        tag = "tr"
    elif tag == "cell":
        tag = "th" if attributes.get("role") == "head" else "td"
    elif tag in ("doc", "body", "main", "div"):
        tag = "div"
    elif tag in ("del", "s"):
        tag = "del"
    made = _MAKE_ELEMENT(tag, extra)
    made.text = element.text
    made.tail = element.tail
    return made


def _to_reader_tree(body: etree._Element, base_url: str) -> lxml.html.HtmlElement:
    """trafilatura's internal XML as reader HTML, built as a new tree (trafilatura's is left as it
    is): a <div> holding the blocks, as `parse_fragment` would return for the serialized markup."""
    root = _MAKE_ELEMENT("div", {})
    stack = [(root, child) for child in reversed(body)]
    while stack:
        parent, element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        made = _reader_element(element, base_url)
        parent.append(made)
        stack.extend((made, child) for child in reversed(element))
    return root


def extract_main_content(root: lxml.html.HtmlElement, url: str = "") -> MainContent:
    """Run trafilatura on a parsed page and return the body as reader HTML plus its metadata."""
    # trafilatura's options, as trafilatura_cascade runs them:
    # - trafilatura only chooses the article's blocks: images, emphasis and links are off and put
    #   back from the page itself by structure.py. With them on, trafilatura's choice of blocks
    #   changes (F1 0.959 with images, 0.968 with emphasis, 0.963 with links) and it loses figure
    #   captions; taken from the page they change no choice.
    # - fast: no second opinion from trafilatura's bundled readability/jusText: 1.5x faster and no
    #   less accurate on the benchmark (0.967 vs 0.966), because html_cleaning.py and the
    #   split-article rescue below do that work better.
    # - no metadata: it comes from our own reading of the page (metadata.py), what it declares first.
    # - no comments, tables kept, no deduplication.
    body = choose_blocks(root, url, _CONFIG)
    if body is None:
        return MainContent(body=None, trafilatura_body=None, document=None)
    return MainContent(body=_to_reader_tree(body, url), trafilatura_body=body, document=Document())


# --- articles split over several containers ---------------------------------------------------

_BLOCK_CHILDREN = ("p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "figure")
_NORMALISE = re.compile(r"\W+")


def _norm(text: str) -> str:
    return _NORMALISE.sub(" ", text).strip().lower()


def _opening(text: str) -> str:
    """_norm(text)[:80], normalising only a prefix when that is enough (the normal form of a
    prefix is a prefix of the normal form)."""
    start = _norm(text[:160])
    return start[:80] if len(start) >= 80 or len(text) <= 160 else _norm(text)[:80]


def rescue_split_article(root: lxml.html.HtmlElement, content: MainContent) -> lxml.html.HtmlElement | None:
    """Reader HTML (a <div> holding copies of the blocks) of every section of an article that sits in several sibling containers.

    Sites like Wired cut one article into several containers with the same class (between ads);
    trafilatura keeps only the best one. When containers of the same kind as the one it kept hold
    much more prose, the article is all of them, in page order. None when nothing was missed.
    `content` is trafilatura's extraction; its text is read only for a page with such containers.
    """
    containers: dict[lxml.html.HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            containers[parent] = containers.get(parent, 0) + len(paragraph.text_content())
    signatures: dict[tuple[str, str], list[lxml.html.HtmlElement]] = {}
    for container, size in containers.items():
        if size >= 200 and container.get("class"):
            signatures.setdefault((container.tag, container.get("class")), []).append(container)
    # The extracted text is made and normalised only for a page with such a group (one in six).
    extracted = None
    for group in signatures.values():
        if len(group) < 2:
            continue
        if extracted is None:
            extracted = _norm(content.text)
            if not extracted:
                return None
        found, missed = [], []
        for container in group:
            texts = [_opening(p.text_content()) for p in container.iterchildren("p")]
            texts = [t for t in texts if len(t) > 20]
            hits = sum(1 for t in texts if t in extracted)
            (found if texts and hits >= 0.5 * len(texts) else missed).append(container)
        missed_size = sum(containers[c] for c in missed)
        # 0.3: a missed share this large is a lost half of the article, not a stray teaser box.
        if found and missed and missed_size >= 0.3 * len(extracted):
            rescued = _MAKE_ELEMENT("div", {})
            for container in group:
                for child in container.iterchildren(*_BLOCK_CHILDREN):
                    copy = deepcopy(child)
                    copy.tail = None
                    rescued.append(copy)
            return rescued
    return None
