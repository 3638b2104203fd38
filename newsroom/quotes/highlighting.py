"""Wrap spans of an article's plain text in `<mark>` inside its sanitized reader HTML, and show word differences.

Pure Python: the reader HTML is only split into tags and text runs, never re-serialized, so the
sanitizer's output stays byte for byte what it was outside the inserted marks.
"""

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

# A tag, with quoted attribute values that may hold ">" (a title or alt text).
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
# Characters html_to_text drops or turns into spaces; they never carry a quote's words.
_INVISIBLE = {"\u200b"}
# What is not matched between text and markup: whitespace (as str.isspace has it; every such
# character lies below U+3001, U+3000 being the last) and _INVISIBLE. A set, a pattern for one
# character that is not hidden (and one for a run of them), and _visible_only: the same.
_HIDDEN = frozenset(char for char in map(chr, range(0x3001)) if char.isspace()) | _INVISIBLE
_VISIBLE = re.compile(r"[^\s%s]" % "".join(_INVISIBLE))
_VISIBLE_RUN = re.compile(r"[^\s%s]+" % "".join(_INVISIBLE))
# Characters str.strip() takes off a run's edges to find its first and last placed character.
_HIDDEN_CHARACTERS = "".join(sorted(_HIDDEN))
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


class TextMap:
    """Where each character of an article's text is written in its markup, a run of characters at a time.

    Made by `text_map`. A run `(text_start, text_end, source_start, source_end, gap)` places
    text[text_start:text_end] inside one text run of the markup (`gaps[gap]`): written there
    character for character from source_start when both spans are as long, else (an entity) its
    one character is the whole source_start:source_end. Whitespace inside a run is not placed;
    every run starts and ends on a placed character. Runs, not one entry per character, because
    marking an article's ~5 passage partners again for every upload mapped ~2,000 characters each.
    """

    def __init__(self, text: str, gaps: list[tuple[int, int]], runs: list[tuple[int, int, int, int, int]]):
        self.text = text
        self.gaps = gaps
        self.runs = runs
        self._ends = [run[1] for run in runs]

    def positions(self) -> list[tuple[int, int] | None]:
        """One entry per character of the text: (start, end) of its source in the markup, or None."""
        text = self.text
        positions: list[tuple[int, int] | None] = [None] * len(text)
        for text_start, text_end, source_start, source_end, _ in self.runs:
            if source_end - source_start != text_end - text_start:
                positions[text_start] = (source_start, source_end)
                continue
            shift = source_start - text_start
            for index in range(text_start, text_end):
                if text[index] not in _HIDDEN:
                    positions[index] = (index + shift, index + shift + 1)
        return positions

    def pieces(self, start: int, end: int):
        """The placed characters of text[start:end] run by run: (gap, source start of the first,
        source end of the last) for each run holding one or more of them, in text order."""
        text, runs = self.text, self.runs
        for number in range(bisect_right(self._ends, start), len(runs)):
            text_start, text_end, source_start, source_end, gap = runs[number]
            if text_start >= end:
                return
            first, last = text_start, text_end - 1
            if first < start or last >= end:
                left, right = max(start, text_start), min(end, text_end)
                piece = text[left:right]
                kept = piece.lstrip(_HIDDEN_CHARACTERS)
                if not kept:
                    continue
                first = left + len(piece) - len(kept)
                last = left + len(piece.rstrip(_HIDDEN_CHARACTERS)) - 1
            if source_end - source_start != text_end - text_start:
                yield gap, source_start, source_end
            else:
                yield gap, source_start + first - text_start, source_start + last - text_start + 1


def text_map(markup: str, text: str) -> TextMap:
    """Where each character of `text` is written in `markup` (see TextMap); whitespace is not placed,
    nor are characters not found.

    `text` is normally html_to_text(markup) (reader.html_text): the same visible characters in the
    same order, with whitespace collapsed and blank lines between blocks, so matching non-space
    characters in order is exact. Where the two disagree, matching resumes at the next place they
    agree again; a character that cannot be placed is left unmapped, never guessed.
    """
    gaps = _text_runs(markup)
    # Visible non-space characters of markup, in order: runs without an entity (most) whole; those
    # with one character by character, with where each is written.
    parts: list[str] = []
    decoded: dict[int, list[tuple[str, int, int]]] = {}
    for gap, (start, end) in enumerate(gaps):
        if markup.find("&", start, end) < 0:
            parts.append(_visible_only(markup[start:end]))
        else:
            decoded[gap] = _visible_characters(markup, start, end)
            parts.append("".join(char for char, _, _ in decoded[gap]))
    visible = "".join(parts)
    if visible.startswith(_visible_only(text)):
        # The usual case (text is html_to_text(markup)): every character matches in order.
        return TextMap(text, gaps, _runs_in_step(markup, text, gaps, decoded))
    return TextMap(text, gaps, _runs_of_positions(text, gaps, _resynchronized(text, visible, gaps, decoded, markup)))


def _visible_only(string: str) -> str:
    """`string` without its hidden characters: str.split() cuts at whitespace as str.isspace has it,
    about four times faster than substituting a pattern of them."""
    visible = "".join(string.split())
    for char in _INVISIBLE:
        visible = visible.replace(char, "")
    return visible


def _text_runs(markup: str) -> list[tuple[int, int]]:
    """The text runs of markup: the (non-empty) gaps between tags."""
    gaps: list[tuple[int, int]] = []
    position = 0
    for tag in _TAG.finditer(markup):
        if tag.start() > position:
            gaps.append((position, tag.start()))
        position = tag.end()
    if position < len(markup):
        gaps.append((position, len(markup)))
    return gaps


def _visible_characters(markup: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The visible non-space characters of markup[start:end], a run of text between tags, each with
    where it is written (an entity's characters: the whole entity)."""
    characters = []
    position = start
    while position < end:
        if markup[position] == "&":
            entity = _ENTITY.match(markup, position, end)
            if entity:
                for char in html.unescape(entity.group()):
                    if char not in _HIDDEN:
                        characters.append((char, position, entity.end()))
                position = entity.end()
                continue
        char = markup[position]
        if char not in _HIDDEN:
            characters.append((char, position, position + 1))
        position += 1
    return characters


def _runs_in_step(markup: str, text: str, gaps: list[tuple[int, int]],
                  decoded: dict[int, list[tuple[str, int, int]]]) -> list[tuple[int, int, int, int, int]]:
    """Runs when the text's visible characters are the markup's, in order (the usual case): a text
    run of the markup written the same in the text is one run, else a word, else a character."""
    runs = []
    cursor = 0

    def next_visible() -> int:
        found = _VISIBLE.search(text, cursor)
        return -1 if found is None else found.start()

    for gap, (start, end) in enumerate(gaps):
        if gap in decoded:
            for _, source_start, source_end in decoded[gap]:
                at = next_visible()
                if at < 0:
                    return runs
                runs.append((at, at + 1, source_start, source_end, gap))
                cursor = at + 1
            continue
        first = _VISIBLE.search(markup, start, end)
        if first is None:
            continue
        at = next_visible()
        if at < 0:
            return runs
        core_start, core_end = first.start(), start + len(markup[start:end].rstrip(_HIDDEN_CHARACTERS))
        if text.startswith(markup[core_start:core_end], at):
            runs.append((at, at + core_end - core_start, core_start, core_end, gap))
            cursor = at + core_end - core_start
            continue
        for word in _VISIBLE_RUN.finditer(markup, core_start, core_end):
            at = next_visible()
            if at < 0:
                return runs
            if text.startswith(word.group(), at):
                runs.append((at, at + word.end() - word.start(), word.start(), word.end(), gap))
                cursor = at + word.end() - word.start()
                continue
            for source in range(word.start(), word.end()):  # the text spaces this word otherwise
                at = next_visible()
                if at < 0:
                    return runs
                runs.append((at, at + 1, source, source + 1, gap))
                cursor = at + 1
    return runs


def _resynchronized(text: str, visible: str, gaps: list[tuple[int, int]],
                    decoded: dict[int, list[tuple[str, int, int]]], markup: str) -> list[tuple[int, int] | None]:
    """Per character, where text and markup disagree somewhere: matching resumes at the next place
    they agree again; a character that cannot be placed is left unmapped."""
    sources: list[tuple[int, int]] = []
    for gap, (start, end) in enumerate(gaps):
        if gap in decoded:
            sources += [(source_start, source_end) for _, source_start, source_end in decoded[gap]]
        else:
            sources += [(start + offset, start + offset + 1)
                        for offset, char in enumerate(markup[start:end]) if char not in _HIDDEN]
    wanted = _visible_only(text)
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


def _runs_of_positions(text: str, gaps: list[tuple[int, int]],
                       positions: list[tuple[int, int] | None]) -> list[tuple[int, int, int, int, int]]:
    """The runs of a per-character mapping: placed characters written one after the other in one
    text run of the markup, with nothing but whitespace between them in the text, share a run."""
    runs: list[list[int]] = []
    current: list[int] | None = None
    gap, gap_start, gap_end = -1, 0, 0
    for index, char in enumerate(text):
        if char in _HIDDEN:
            continue
        position = positions[index]
        if position is None:
            current = None  # a character left unplaced: no run may cover it
            continue
        start, end = position
        if not gap_start <= start < gap_end:
            gap = _gap_of(gaps, start)
            gap_start, gap_end = gaps[gap]
        if (current is not None and end - start == 1 and current[4] == gap
                and current[3] - current[2] == current[1] - current[0]
                and start - current[2] == index - current[0]):
            current[1], current[3] = index + 1, end
            continue
        current = [index, index + 1, start, end, gap]
        runs.append(current)
    return [tuple(run) for run in runs]


def text_positions_in_html(markup: str, text: str) -> list[tuple[int, int] | None]:
    """For each character of `text`, where it is written in `markup`: (start, end) of its source,
    an entity being several characters; None for whitespace and for characters not found
    (`text_map`, one entry per character)."""
    return text_map(markup, text).positions()


def html_span(positions: TextMap, start: int, end: int) -> tuple[int, int] | None:
    """Where text[start:end] lies in the markup: from its first visible character to its last."""
    pieces = positions.pieces(start, end)
    first = next(pieces, None)
    if first is None:
        return None
    last = first
    for last in pieces:
        pass
    return first[1], last[2]


def mark_html(markup: str, text: str, marks: list[Mark], positions: TextMap | None = None) -> str:
    """`markup` with each mark's text wrapped in `<mark ...>`, one element per run of text between tags.

    `positions` is `text_map(markup, text)` when the caller has it already (recording computes
    it once per article).

    A quote that crosses a link or an emphasis becomes several marks, so every `<mark>` opens and
    closes inside one text run and the sanitized structure is untouched. Overlapping marks
    (a quote inside a shared passage) are nested the same way on every piece.
    """
    if not marks:
        return markup
    if positions is None:
        positions = _recent_text_map(markup, text)
    gaps = positions.gaps

    # Each mark as (start, end) pieces in the markup, one per text run it touches.
    pieces: dict[int, list[tuple[int, int, int]]] = {}  # gap index -> [(start, end, mark index)]
    for index, mark in enumerate(marks):
        piece_gap, piece_start, piece_end = -1, 0, 0
        for gap, start, end in positions.pieces(mark.start, mark.end):
            if gap == piece_gap:
                piece_end = end
                continue
            if piece_gap >= 0:
                pieces.setdefault(piece_gap, []).append((piece_start, piece_end, index))
            piece_gap, piece_start, piece_end = gap, start, end
        if piece_gap >= 0:
            pieces.setdefault(piece_gap, []).append((piece_start, piece_end, index))
    return _with_marks(markup, gaps, marks, pieces)


# Text maps kept for re-marking: an upload re-marks its ~5 passage partners, mostly recent articles
# of its story, which the next uploads of that story re-mark again. As matching keeps the texts'
# words (128 texts); a map is a few hundred runs.
@lru_cache(maxsize=128)
def _recent_text_map(markup: str, text: str) -> TextMap:
    return text_map(markup, text)


def _with_marks(markup: str, gaps: list[tuple[int, int]], marks: list[Mark],
                pieces: dict[int, list[tuple[int, int, int]]]) -> str:
    """`markup` with the marks' pieces ({gap index: [(start, end, mark index)]}) wrapped, nested
    longest outside in every text run."""
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
