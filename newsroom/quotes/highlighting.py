"""Wrap spans of an article's plain text in `<mark>` inside its sanitized reader HTML, and show word differences.

Pure Python: the reader HTML is only split into tags and text runs, never re-serialized, so the
sanitizer's output stays byte for byte what it was outside the inserted marks.
"""

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# A tag, with quoted attribute values that may hold ">" (a title or alt text).
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
# Characters html_to_text drops or turns into spaces; they never carry a quote's words.
_INVISIBLE = {"\u200b"}
# What is not matched between text and markup: whitespace (as str.isspace has it; every such
# character lies below U+3001, U+3000 being the last) and _INVISIBLE. A set and a pattern, the same.
_HIDDEN = frozenset(char for char in map(chr, range(0x3001)) if char.isspace()) | _INVISIBLE
_HIDDEN_RUN = re.compile(r"[\s%s]+" % "".join(_INVISIBLE))
# Resynchronizing after a disagreement: 12 characters rarely recur by chance within the next
# 2,000 visible characters (about a long paragraph), the furthest an insertion is looked past.
_ANCHOR = 12
_RESYNC_WINDOW = 2000


@dataclass(frozen=True)
class Mark:
    """Wrap text[start:end]; `attrs` go on every piece, `first_attrs` on the first piece only (an id)."""

    start: int
    end: int
    attrs: str
    first_attrs: str = ""


def text_positions_in_html(markup: str, text: str) -> list[tuple[int, int] | None]:
    """For each character of `text`, where it is written in `markup`: (start, end) of its source,
    an entity being several characters; None for whitespace and for characters not found.

    `text` is normally html_to_text(markup) (reader.html_text): the same visible characters in the
    same order, with whitespace collapsed and blank lines between blocks, so matching non-space
    characters in order is exact. Where the two disagree, matching resumes at the next place they
    agree again; a character that cannot be placed is left unmapped, never guessed.
    """
    # Visible non-space characters of markup, in order, and where each is written.
    pieces: list[str] = []
    sources: list[tuple[int, int]] = []
    position = 0
    for tag in _TAG.finditer(markup):
        _visible_characters(markup, position, tag.start(), pieces, sources)
        position = tag.end()
    _visible_characters(markup, position, len(markup), pieces, sources)
    visible = "".join(pieces)
    wanted = _HIDDEN_RUN.sub("", text)
    if visible.startswith(wanted):
        # The usual case (text is html_to_text(markup)): every character matches in order, as the
        # loop below would find one by one.
        placed = iter(sources)
        return [None if char in _HIDDEN else next(placed) for char in text]
    positions: list[tuple[int, int] | None] = [None] * len(text)
    indexes = [index for index, char in enumerate(text) if char not in _HIDDEN]
    cursor = 0
    for number, index in enumerate(indexes):
        if cursor < len(visible) and visible[cursor] == wanted[number]:
            positions[index] = sources[cursor]
            cursor += 1
            continue
        # Text and HTML disagree here (a character rewritten, or something only one of them has,
        # such as an image placeholder): find the next dozen visible characters of the text
        # further on in the HTML and carry on from there; not found, leave this one unmapped.
        anchor = wanted[number:number + _ANCHOR]
        found = visible.find(anchor, cursor, cursor + _RESYNC_WINDOW + len(anchor))
        if found >= 0:
            positions[index] = sources[found]
            cursor = found + 1
    return positions


def _visible_characters(markup: str, start: int, end: int, pieces: list[str], sources: list[tuple[int, int]]) -> None:
    """Append the visible non-space characters of markup[start:end], a run of text between tags."""
    if markup.find("&", start, end) < 0:
        # No entity (most runs): each character is written as itself, one comprehension does it.
        run = markup[start:end]
        pieces.append(_HIDDEN_RUN.sub("", run))
        sources += [(start + offset, start + offset + 1) for offset, char in enumerate(run) if char not in _HIDDEN]
        return
    position = start
    while position < end:
        if markup[position] == "&":
            entity = _ENTITY.match(markup, position, end)
            if entity:
                for char in html.unescape(entity.group()):
                    if char not in _HIDDEN:
                        pieces.append(char)
                        sources.append((position, entity.end()))
                position = entity.end()
                continue
        char = markup[position]
        if char not in _HIDDEN:
            pieces.append(char)
            sources.append((position, position + 1))
        position += 1


def html_span(positions: list[tuple[int, int] | None], start: int, end: int) -> tuple[int, int] | None:
    """Where text[start:end] lies in the markup: from its first visible character to its last."""
    mapped = [p for p in positions[start:end] if p is not None]
    if not mapped:
        return None
    return mapped[0][0], mapped[-1][1]


def mark_html(
    markup: str, text: str, marks: list[Mark], positions: list[tuple[int, int] | None] | None = None
) -> str:
    """`markup` with each mark's text wrapped in `<mark ...>`, one element per run of text between tags.

    `positions` is `text_positions_in_html(markup, text)` when the caller has it already (mapping
    the text is the dearest step, so recording computes it once per article).

    A quote that crosses a link or an emphasis becomes several marks, so every `<mark>` opens and
    closes inside one text run and the sanitized structure is untouched. Overlapping marks
    (a quote inside a shared passage) are nested the same way on every piece.
    """
    if not marks:
        return markup
    if positions is None:
        positions = text_positions_in_html(markup, text)
    runs = [(m.start(), m.end()) for m in _TAG.finditer(markup)]
    # Text runs of markup: the gaps between tags.
    gaps: list[tuple[int, int]] = []
    position = 0
    for tag_start, tag_end in runs:
        if tag_start > position:
            gaps.append((position, tag_start))
        position = tag_end
    if position < len(markup):
        gaps.append((position, len(markup)))

    # Each mark as a list of (run start, run end) pieces in the markup.
    pieces: dict[int, list[tuple[int, int, int]]] = {}  # gap index -> [(start, end, mark index)]
    for index, mark in enumerate(marks):
        gap, gap_start, gap_end = -1, 0, 0
        # The piece being extended: stored when the mark leaves its gap, not rebuilt per character.
        piece_gap, piece_start, piece_end = -1, 0, 0
        for position in positions[mark.start:mark.end]:
            if position is None:
                continue
            start, end = position
            # Positions run forward through the markup: look the gap up only when leaving the last one.
            if not gap_start <= start < gap_end:
                gap = _gap_of(gaps, start)
                if gap < 0:
                    gap_start = gap_end = 0
                    continue
                gap_start, gap_end = gaps[gap]
            if gap == piece_gap:
                piece_end = end
            else:
                if piece_gap >= 0:
                    pieces.setdefault(piece_gap, []).append((piece_start, piece_end, index))
                piece_gap, piece_start, piece_end = gap, start, end
        if piece_gap >= 0:
            pieces.setdefault(piece_gap, []).append((piece_start, piece_end, index))

    out: list[str] = []
    first_piece_written: set[int] = set()
    cursor = 0
    for gap in sorted(pieces):
        gap_start, gap_end = gaps[gap]
        entries = pieces[gap]
        boundaries = sorted({gap_start, gap_end} | {p for s, e, _ in entries for p in (s, e)})
        out.append(markup[cursor:gap_start])
        for left, right in zip(boundaries, boundaries[1:]):
            covering = [i for s, e, i in entries if s <= left and right <= e]
            piece = markup[left:right]
            if not covering:
                out.append(piece)
                continue
            # Longer marks outside, so a quote nests inside the passage that contains it.
            covering.sort(key=lambda i: (-(marks[i].end - marks[i].start), i))
            opening = []
            for i in covering:
                attrs = marks[i].attrs
                if i not in first_piece_written and marks[i].first_attrs:
                    attrs = f"{attrs} {marks[i].first_attrs}"
                first_piece_written.add(i)
                opening.append(f"<mark {attrs}>")
            out.append("".join(opening) + piece + "</mark>" * len(covering))
        cursor = gap_end
    out.append(markup[cursor:])
    return "".join(out)


def _gap_of(gaps: list[tuple[int, int]], position: int) -> int:
    lo, hi = 0, len(gaps) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        start, end = gaps[mid]
        if position < start:
            hi = mid - 1
        elif position >= end:
            lo = mid + 1
        else:
            return mid
    return -1


_OCCURRENCE_MARK = re.compile(r'<mark class="quote" data-occurrence="(\d+)"')


@dataclass(frozen=True)
class SharedMark:
    """How one occurrence is lit on a page: its quote, a colour number, and the speaker's name."""

    quote_id: int
    colour: int
    speaker: str = ""


def colour_shared_quotes(marked_html: str, shared: dict[int, SharedMark]) -> str:
    """Light up the quote marks listed in `shared` (by occurrence id); the other marks stay plain.

    For a page showing several articles: the quotes they share get `shared colour-N`, their quote
    id and the speaker's name (`data-speaker`, for a hover or focus label). Plain string work on
    the stored marked HTML.
    """

    def replace(match: re.Match) -> str:
        found = shared.get(int(match.group(1)))
        if found is None:
            return match.group()
        speaker = f' data-speaker="{html.escape(found.speaker)}"' if found.speaker else ""
        return (f'<mark class="quote shared colour-{found.colour}" data-quote="{found.quote_id}"{speaker}'
                f' data-occurrence="{match.group(1)}"')

    return _OCCURRENCE_MARK.sub(replace, marked_html)


# --- differences between versions ---------------------------------------------------------------

_WORDS = re.compile(r"\S+")


def word_differences(canonical: str, version: str) -> list[tuple[str, str]]:
    """The version's wording against the canonical text, word by word: a list of (op, text) with op
    "same", "ins" (only in the version) or "del" (only in the canonical text)."""
    old, new = _WORDS.findall(canonical), _WORDS.findall(version)
    # Compare words without edge punctuation and case, so a moved comma is not a difference.
    key = lambda word: re.sub(r"^\W+|\W+$", "", word).lower().replace("’", "'")  # noqa: E731
    matcher = SequenceMatcher(None, [key(w) for w in old], [key(w) for w in new], autojunk=False)
    pieces: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(new[b1:b2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("del", " ".join(old[a1:a2])))
        if op in ("insert", "replace"):
            pieces.append(("ins", " ".join(new[b1:b2])))
    return pieces
