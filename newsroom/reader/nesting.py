"""Parsing HTML whatever its nesting depth: libxml2 stops at depth 2048 even with huge_tree.

Past that limit the rest of the document is silently lost, so tags beyond a safe depth are unwrapped first.
"""

import re

import lxml.html

# Tags the HTML parser closes implicitly or that hold no children: they do not deepen the tree
# (an unclosed <p> run would otherwise look thousands of levels deep).
_NOT_NESTING = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "!doctype",
})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# 1000: half of libxml2's hard limit, far deeper than any real page (the benchmark's deepest is ~60).
SAFE_DEPTH = 1000


def flatten_excessive_nesting(html: str, max_depth: int = SAFE_DEPTH) -> str:
    """Remove the tags (not their text) of elements nested deeper than max_depth."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, kept)
    depth = 0
    position = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _NOT_NESTING or self_closing:
            continue
        keep = True
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    keep = stack[index][1]
                    depth -= sum(1 for _, kept in stack[index:] if kept)
                    del stack[index:]
                    break
        else:
            keep = depth < max_depth
            stack.append((name, keep))
            depth += keep
        if not keep:
            out.append(html[position:match.start()])
            position = match.end()
    out.append(html[position:])
    return "".join(out)


def _too_deep(parser: lxml.html.HTMLParser) -> bool:
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def parse_document(html: str, parser: lxml.html.HTMLParser) -> lxml.html.HtmlElement:
    """lxml.html.document_fromstring that keeps all text of pathologically deep pages."""
    root = lxml.html.document_fromstring(html, parser=parser)
    if _too_deep(parser):
        root = lxml.html.document_fromstring(flatten_excessive_nesting(html), parser=parser)
    return root


def parse_fragment(html: str, parser: lxml.html.HTMLParser) -> lxml.html.HtmlElement:
    """lxml.html.fragment_fromstring(create_parent="div") that keeps all text of deep fragments."""
    root = lxml.html.fragment_fromstring(html, create_parent="div", parser=parser)
    if _too_deep(parser):
        root = lxml.html.fragment_fromstring(flatten_excessive_nesting(html), create_parent="div", parser=parser)
    return root
