"""Bounds on the shape of markup, applied before any parser sees it, so no upload makes them slow.

libxml2 checks each attribute against the tag's others (quadratic: 50,000 attributes on one tag took
50 s through extraction); no real tag needs more than a few dozen, so the rest are dropped here.
"""

import re

from newsroom.reader.errors import ExtractionError

# 64: far above real pages (the benchmark pages' busiest tags carry under 30 attributes).
MAX_ATTRIBUTES_PER_TAG = 64
# Only tags this long can hold that many attributes; shorter ones are never looked at.
_LONG_TAG = re.compile(r"<[a-zA-Z][^<>]{2000,}>")
_ATTRIBUTE = re.compile(r"""\s*[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?""")


def bound_markup(html: str) -> str:
    """`html` with every tag cut to its first MAX_ATTRIBUTES_PER_TAG attributes; linear time."""
    return _LONG_TAG.sub(_cut_attributes, html)


def _cut_attributes(match: re.Match) -> str:
    tag = match.group(0)
    name_end = re.match(r"<[a-zA-Z][^\s/>]*", tag).end()
    position = name_end
    for _ in range(MAX_ATTRIBUTES_PER_TAG):
        attribute = _ATTRIBUTE.match(tag, position)
        if attribute is None or attribute.end() == position:
            return tag
        position = attribute.end()
    closing = "/>" if tag.endswith("/>") else ">"
    return tag[:position] + closing


# 2,000,000 characters of plain text: twice a long novel, far beyond any article; cleaning and the
# steps after extraction (quotes, stories) grow with length, so longer text is refused, not read.
MAX_TEXT_CHARACTERS = 2_000_000


def check_text_length(text: str) -> None:
    """Raise ExtractionError("too_long") for plain text no article could be."""
    if len(text) > MAX_TEXT_CHARACTERS:
        raise ExtractionError(
            "too_long",
            f"The text is {len(text):,} characters long; an article has at most {MAX_TEXT_CHARACTERS:,}. "
            "Is it several articles in one file?",
        )
