"""Second pass over the extracted body of an HTML page: the furniture trafilatura let through.

Repeated headline, newsletter and share boxes, related-story teasers and footers at the end,
found with the same block rules as plain text (boilerplate.py, regions.py).
"""

import re

import lxml.html

from newsroom.reader.boilerplate import (
    AD_LABEL,
    CAPTION_LABEL,
    COMMENT_FORM,
    COMMENTS_HEADER,
    FOLLOW_LIST,
    MEDIA_CAPTION,
    RELATED_HEADER,
    SHARE_LABELS,
    TEASER_PREFIX,
    is_timestamp,
)
from newsroom.reader.nesting import parse_fragment
from newsroom.reader.parsers import html_parser
from newsroom.reader.plaintext_cleaning import is_junk_paragraph, junk_share
from newsroom.reader.regions import block_score, main_region

_PARSER = html_parser()
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# 0.3: a related-stories box or footer is a fraction of the article above it.
TAIL_SHARE = 0.3


_BY_NAME = re.compile(r"(?:^|\s)by\s+(?P<name>(?:[A-Z][\w.'’-]+\s*){1,4})", re.U)


def is_dateline_byline(text: str) -> bool:
    """A short line that is only a byline and a date ("by Jeff Foust / Monday, November 18, 2019"):
    both are shown above the article from its metadata."""
    if len(text.split()) > 14:
        return False
    match = _BY_NAME.search(text)
    if match is None:
        return False
    rest = (text[: match.start()] + " " + text[match.end():]).strip(" /|•·,–—-")
    return not rest or is_timestamp(rest)


# 8 items: a sentence with a list in it has a few commas; a page's keywords have many.
MIN_TAGS = 8


def is_tag_list(text: str) -> bool:
    """A block of comma-separated keywords ("stock car 2018, stock car brasil, …"): the page's tags."""
    if text.count(",") + text.count(";") + text.count("|") < MIN_TAGS - 1:
        return False
    items = [item.strip() for item in re.split(r"[,;|]", text)]
    return (
        len(items) >= MIN_TAGS
        and all(0 < len(item.split()) <= 5 for item in items)
        and not text.rstrip().endswith((".", "!", "?"))
        and "\n" not in text and ":" not in text and "_" not in text
    )


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text).strip().casefold()


def _block_text(element) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def _score(element, text: str | None = None) -> float:
    tag = element.tag
    if tag in ("ul", "ol", "dl", "table", "pre", "blockquote", "figure"):
        # Lists and tables of short items are as often the article (ingredients, results, specs)
        # as furniture: they neither pull the article in nor push it out.
        return 0.5
    return block_score(_block_text(element) if text is None else text)


_CONTAINERS = frozenset({"div", "section", "article", "main", "header", "footer", "aside", "span", "body"})
_LAYOUT_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")


def _unwrap_layout_tables(root) -> None:
    """Old sites lay pages out with tables; a table holding paragraphs or headings is layout, not data."""
    for table in list(root.iter("table")):
        if table.find(".//p") is not None or table.find(".//h2") is not None or table.find(".//h3") is not None:
            for part in [table, *table.iterdescendants(*_LAYOUT_TABLE_PARTS)]:
                part.drop_tag()


def _blocks(container) -> list:
    """The block elements of the body in reading order, looking through generic containers."""
    found = []
    for child in container:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _CONTAINERS and any(isinstance(c.tag, str) for c in child):
            found.extend(_blocks(child))
        else:
            found.append(child)
    return found


def clean_body_html(html: str, title: str = "") -> str:
    """Remove headline repeats and page furniture from extracted reader HTML (before sanitizing)."""
    if not html.strip():
        return html
    root = parse_fragment(html, _PARSER)
    clean_body_tree(root, title)
    parts = [lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in root]
    return (root.text or "") + "".join(parts)


def clean_body_tree(root: lxml.html.HtmlElement, title: str = "") -> None:
    """clean_body_html on a parsed body (a wrapper element holding the blocks), in place."""
    _unwrap_layout_tables(root)
    blocks = _blocks(root)
    title_key = _key(title)
    seen: set[str] = set()
    kept = []
    dropped = []
    after_related = False
    texts: dict = {}
    for position, block in enumerate(blocks):
        text = texts[block] = _block_text(block)
        key = _key(text)
        if not key:
            if block.tag not in ("figure", "img", "table", "hr", "br") and block.find(".//img") is None:
                dropped.append(block)
                continue
            kept.append(block)
            continue
        # The page shows the headline itself; a repeat at the top of the body is noise.
        if title_key and (key == title_key or (len(kept) < 2 and block.tag in _HEADINGS and (
            title_key.startswith(key) or key.startswith(title_key + " ")
        ))):
            dropped.append(block)
            continue
        if key in seen and len(key.split()) >= 3:
            dropped.append(block)
            continue
        seen.add(key)
        if block.tag not in ("ul", "ol", "table", "pre", "blockquote"):
            if (
                SHARE_LABELS.match(text) or COMMENT_FORM.match(text) or AD_LABEL.match(text)
                or CAPTION_LABEL.match(text) or TEASER_PREFIX.match(block.text_content().strip())
                or is_timestamp(text) or FOLLOW_LIST.match(text) or MEDIA_CAPTION.match(text)
                or is_dateline_byline(text) or is_junk_paragraph(text)
            ):
                dropped.append(block)
                continue
            if (RELATED_HEADER.match(text) or COMMENTS_HEADER.match(text)) and position > len(blocks) // 3:
                after_related = True
                dropped.append(block)
                continue
            # "DON'T MISS" or "Related" in front of a list of headlines in the same block.
            head = (block.text or "").strip()
            if len(block) and head and (RELATED_HEADER.match(head) or TEASER_PREFIX.match(head + ":")) and head != text:
                dropped.append(block)
                continue
            if block.find(".//br") is None and is_tag_list(text):
                dropped.append(block)
                continue
        if after_related and _score(block, text) <= 13:
            dropped.append(block)
            continue
        after_related = False
        kept.append(block)

    # Teasers, newsletter boxes and footers after the article score below zero as a run.
    scores = [_score(block, texts.get(block)) for block in kept]
    start, end = main_region(scores)
    if end and len(kept) - end >= 2:
        # Only the end is trimmed, and only a tail much shorter than the article: a long run of
        # short blocks is more often the article itself (a list of deals, a recipe, a review's
        # verdicts) than furniture. What precedes the first long paragraph (a standfirst,
        # a short opening line) is the article's own more often than not.
        article_words = sum(len(texts.get(block, "").split()) for block in kept[:end])
        tail_words = sum(len(texts.get(block, "").split()) for block in kept[end:])
        if tail_words <= TAIL_SHARE * article_words:
            dropped.extend(kept[end:])
    # A paragraph mostly made of calls to the reader is an ad or a newsletter box; near the end of
    # the article a smaller share marks the site's sign-off box ("… Follow him on Twitter").
    # 0.5: half its words; 0.2: a call to the reader is at least one sentence in five of the paragraph.
    last = [block for block in kept if block not in dropped][-3:]
    for block in kept:
        if block.tag in ("ul", "ol", "table", "pre", "blockquote") or block in dropped:
            continue
        share = junk_share(texts.get(block, ""))
        if share >= 0.5 or (share >= 0.2 and block in last):
            dropped.append(block)
    for block in dropped:
        if block.getparent() is not None:
            # Its tail is loose text of the container (a link's label, a stray word): goes with it.
            block.tail = None
            block.drop_tree()
