"""Plain text of reader HTML: one paragraph per block, blocks separated by a blank line.

Derived from the final sanitized HTML so that `text` and `html` of an article always agree.
"""

import re

from newsroom.reader.nesting import parse_fragment
from newsroom.reader.parsers import html_parser

_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption",
                     "td", "th", "dt", "dd", "caption", "div", "figure", "table", "tr", "ul", "ol", "dl"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_PARSER = html_parser()


def html_to_text(html: str) -> str:
    """Return the text of `html`, paragraphs separated by "\\n\\n"."""
    if not html.strip():
        return ""
    root = parse_fragment(html, _PARSER)
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(current))
        lines = [line.strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            blocks.append(text)
        current.clear()

    def walk(element, preformatted: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        is_block = tag in _BLOCKS
        if is_block:
            flush()
        if tag == "br":
            current.append("\n")
        elif tag == "pre":
            preformatted = True
        if element.text and tag:
            current.append(element.text if preformatted else element.text.replace("\n", " "))
        for child in element:
            walk(child, preformatted)
            if child.tail:
                current.append(child.tail if preformatted else child.tail.replace("\n", " "))
        if is_block:
            flush()

    walk(root, False)
    flush()
    return "\n\n".join(blocks)
