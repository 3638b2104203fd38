"""Marking quotes inside sanitized reader HTML, and word differences between versions (pure core)."""

import gzip
import sys
import html
import random
from pathlib import Path

import lxml.html

from newsroom.quotes.highlighting import (
    _ENTITY,
    _HIDDEN,
    _TAG,
    _VISIBLE,
    Mark,
    SharedMark,
    _text_runs,
    _visible_only,
    _with_marks,
    colour_shared_quotes,
    html_span,
    mark_html,
    text_map,
    text_positions_in_html,
    word_differences,
)
from newsroom.reader.errors import ExtractionError
from newsroom.reader.extraction import extract_article
from newsroom.reader.html_text import html_to_text

MARKUP = (
    '<h2>A title</h2><p>He said &ldquo;we will <a href="https://example.com/a?x=1&amp;y=2">build it</a>'
    ' together &amp; <em>soon</em>&rdquo; on Monday.</p><p>Second paragraph.</p>'
)


def test_every_visible_character_of_the_text_maps_to_where_it_is_written_in_the_html():
    text = html_to_text(MARKUP)
    positions = text_positions_in_html(MARKUP, text)
    for index, char in enumerate(text):
        if char.isspace():
            assert positions[index] is None
            continue
        start, end = positions[index]
        written = MARKUP[start:end]
        assert written == char or (written.startswith("&") and lxml.html.fromstring(f"<p>{written}</p>").text == char)


def test_a_mark_crossing_a_link_is_split_so_every_element_stays_closed():
    text = html_to_text(MARKUP)
    start = text.index("we will")
    end = text.index("soon") + len("soon")
    marked = mark_html(MARKUP, text, [Mark(start, end, 'class="quote" data-occurrence="7"', 'id="q-7"')])
    assert marked.count('id="q-7"') == 1
    assert marked.count("<mark") == marked.count("</mark>") == 4
    assert '<a href="https://example.com/a?x=1&amp;y=2"><mark class="quote" data-occurrence="7">build it</mark></a>' in marked
    # Removing the marks gives back the sanitized HTML byte for byte.
    assert marked.replace('<mark class="quote" data-occurrence="7" id="q-7">', "").replace(
        '<mark class="quote" data-occurrence="7">', "").replace("</mark>", "") == MARKUP
    assert html_to_text(marked) == text


def test_overlapping_marks_nest_the_shorter_inside_the_longer():
    text = html_to_text(MARKUP)
    passage = Mark(text.index("He said"), text.index("on Monday") + 9, 'class="passage" data-passage="1"')
    quote = Mark(text.index("we will"), text.index("we will") + 7, 'class="quote" data-occurrence="2"')
    marked = mark_html(MARKUP, text, [quote, passage])
    assert '<mark class="passage" data-passage="1"><mark class="quote" data-occurrence="2">we will</mark></mark>' in marked
    assert html_to_text(marked) == text


def test_the_html_span_runs_from_the_first_to_the_last_visible_character():
    text = html_to_text(MARKUP)
    start = text.index("build it")
    span = html_span(text_map(MARKUP, text), start, start + len("build it together"))
    assert MARKUP[span[0]:span[1]] == "build it</a> together"


def test_shared_quotes_get_their_quote_id_and_a_colour_and_the_others_stay_plain():
    marked = '<p><mark class="quote" data-occurrence="3" id="q-3">a</mark> <mark class="quote" data-occurrence="4">b</mark></p>'
    coloured = colour_shared_quotes(marked, {3: SharedMark(12, 1, "Tom & Jerry")})
    assert ('<mark class="quote shared colour-1" data-quote="12" data-speaker="Tom &amp; Jerry" data-occurrence="3" '
            'id="q-3">a</mark>') in coloured
    assert '<mark class="quote" data-occurrence="4">b</mark>' in coloured


def test_word_differences_show_added_and_missing_words_but_ignore_case_and_edge_punctuation():
    pieces = word_differences("We formed our partnership, to democratize AI.", "our partnership to democratise AI")
    assert pieces == [("del", "We formed"), ("same", "our partnership to"), ("del", "democratize"),
                      ("ins", "democratise"), ("same", "AI")]


def test_marking_resumes_after_text_that_only_the_html_has():
    markup = "<p>Intro.</p><p>[Image: a long placeholder that the plain text does not carry at all]</p><p>He said “yes we can”.</p>"
    text = "Intro.\n\nHe said “yes we can”."
    start = text.index("yes")
    marked = mark_html(markup, text, [Mark(start, start + len("yes we can"), 'class="quote" data-occurrence="1"')])
    assert '“<mark class="quote" data-occurrence="1">yes we can</mark>”' in marked


# --- text_positions_in_html against the direct per-character computation ---------------------------

BENCHMARK_PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "article-extraction-benchmark" / "html"


def positions_one_character_at_a_time(markup: str, text: str) -> list[tuple[int, int] | None]:
    """The mapping as first written (before it worked a word at a time): every visible character of
    the markup listed with its source, then matched to the text's in order, resynchronizing on a
    dozen characters after a disagreement."""
    source = []
    position = 0

    def visible(start, end):
        at = start
        while at < end:
            if markup[at] == "&":
                entity = _ENTITY.match(markup, at, end)
                if entity:
                    source.extend((char, at, entity.end()) for char in html.unescape(entity.group())
                                  if not char.isspace() and char != "\u200b")
                    at = entity.end()
                    continue
            if not markup[at].isspace() and markup[at] != "\u200b":
                source.append((markup[at], at, at + 1))
            at += 1

    for tag in _TAG.finditer(markup):
        visible(position, tag.start())
        position = tag.end()
    visible(position, len(markup))
    positions = [None] * len(text)
    chars = "".join(char for char, _, _ in source)
    wanted = [(index, char) for index, char in enumerate(text) if not char.isspace() and char != "\u200b"]
    cursor = 0
    for number, (index, char) in enumerate(wanted):
        if cursor < len(chars) and chars[cursor] == char:
            positions[index] = source[cursor][1:]
            cursor += 1
            continue
        anchor = "".join(c for _, c in wanted[number:number + 12])
        found = chars.find(anchor, cursor, cursor + 2000 + len(anchor))
        if found >= 0:
            positions[index] = source[found][1:]
            cursor = found + 1
    return positions


def reader_pages():
    """Reader HTML and text of every tenth extraction-benchmark page, as the upload path makes them."""
    for path in sorted(BENCHMARK_PAGES.glob("*.html.gz"))[::10]:
        try:
            extracted = extract_article(gzip.decompress(path.read_bytes()), filename="page.html")
        except ExtractionError:
            continue
        yield extracted.html, extracted.text


def test_positions_are_those_of_the_direct_computation_on_real_pages_with_and_without_disagreements():
    checked = 0
    for markup, text in [(MARKUP, html_to_text(MARKUP)), *reader_pages()]:
        variants = [
            text,
            text[: len(text) // 3] + "[photo]" + text[len(text) // 3:],             # only the text has it
            text[: len(text) // 2] + text[len(text) // 2 + 40:],                    # only the HTML has it
            text.replace("e", "\u00e9", 3).replace(" ", "\u200b ", 2),              # rewritten characters
        ]
        for variant in variants:
            assert text_positions_in_html(markup, variant) == positions_one_character_at_a_time(markup, variant)
            checked += 1
    assert checked >= 60


def test_the_characters_left_unmatched_are_exactly_whitespace_and_the_invisible_ones():
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        hidden = char.isspace() or char == "\u200b"
        assert (char in _HIDDEN) == hidden
        assert (not _VISIBLE.fullmatch(char)) == hidden
        assert (_visible_only(f"a{char}b") == "ab") == hidden


# --- marking a run of text at a time ------------------------------------------------------------------

def test_text_that_agrees_with_its_html_is_mapped_one_text_run_of_the_html_at_a_time():
    markup = ('<h2>A title</h2><p>He said we will <a href="https://example.com/a">build it</a> together, '
              '<em>soon</em>, on  Monday.</p><p>Second paragraph.</p>')
    text = html_to_text(markup)
    runs = text_map(markup, text).runs
    # The double space of "on  Monday" is one in the text, so that text run is mapped a word at a time.
    assert [text[start:end] for start, end, _, _, _ in runs] == [
        "A title", "He said we will", "build it", "together,", "soon", ",", "on", "Monday.", "Second paragraph.",
    ]
    assert text_positions_in_html(markup, text) == positions_one_character_at_a_time(markup, text)


def marked_one_character_at_a_time(markup: str, text: str, marks: list[Mark]) -> str:
    """mark_html as first written: each mark's pieces found by walking its characters' positions one
    by one (positions_one_character_at_a_time), then wrapped as mark_html wraps them."""
    positions = positions_one_character_at_a_time(markup, text)
    gaps = _text_runs(markup)
    pieces = {}
    for index, mark in enumerate(marks):
        current = None  # [gap, start, end]
        for place in positions[mark.start:mark.end]:
            if place is None:
                continue
            gap = next(number for number, (start, end) in enumerate(gaps) if start <= place[0] < end)
            if current is not None and current[0] == gap:
                current[2] = place[1]
                continue
            if current is not None:
                pieces.setdefault(current[0], []).append((current[1], current[2], index))
            current = [gap, place[0], place[1]]
        if current is not None:
            pieces.setdefault(current[0], []).append((current[1], current[2], index))
    return _with_marks(markup, gaps, marks, pieces)


def test_marks_on_real_pages_are_those_of_walking_every_character():
    rng = random.Random(8)
    checked = 0
    for markup, text in [(MARKUP, html_to_text(MARKUP)), *reader_pages()]:
        for variant in (text, text[: len(text) // 2] + "[photo]" + text[len(text) // 2:], text[: len(text) // 2]):
            marks = []
            for number in range(8):
                start = rng.randrange(len(variant))
                end = min(len(variant), start + rng.randrange(1, 400))
                marks.append(Mark(start, end, f'class="quote" data-occurrence="{number}"', f'id="q-{number}"'))
            marks.append(Mark(0, len(variant), 'class="passage" data-passage="1"'))
            expected = marked_one_character_at_a_time(markup, variant, marks)
            assert mark_html(markup, variant, marks) == expected
            assert mark_html(markup, variant, marks, text_map(markup, variant)) == expected
            for mark in marks:
                mapped = [place for place in positions_one_character_at_a_time(markup, variant)[mark.start:mark.end] if place]
                assert html_span(text_map(markup, variant), mark.start, mark.end) == (
                    (mapped[0][0], mapped[-1][1]) if mapped else None)
            checked += 1
    assert checked >= 45
