"""Fuzzing the reader core: whatever the bytes, extract_article returns an article or an ExtractionError with a reason."""

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsroom.reader.errors import ExtractionError
from newsroom.reader.extraction import extract_article
from tests.security.hostile import inertness_problems

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def _outcome_is_sound(data: bytes, filename: str) -> None:
    try:
        article = extract_article(data, filename=filename)
    except ExtractionError as error:
        assert error.code and error.reason.strip()  # empty or refused, but always saying why
        return
    assert article.text.strip(), "an article with no text must be an ExtractionError instead"
    assert article.html.strip()
    assert inertness_problems(article.html) == []


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(["a.html", "a.txt", "upload", "a.htm"]))
def test_random_bytes_never_escape_as_another_exception(data, filename):
    _outcome_is_sound(data, filename)


TAGS = ["p", "div", "span", "b", "i", "a", "img", "script", "style", "table", "tr", "td", "svg", "math", "iframe",
        "form", "select", "option", "textarea", "noscript", "template", "title", "h1", "h2", "ul", "li", "figure", "br"]
WORDS = st.sampled_from(["the", "council", "voted", "on", "Tuesday", "&amp;", "&#0;", "&lt;", "\u00e9t\u00e9", "\u202e", "\x00", "<!--", "-->", "]]>", "\ufeff", "javascript:alert(1)"])
ATTRIBUTES = st.sampled_from(['href="javascript:alert(1)"', "onerror=alert(1)", 'src="https://e.org/a.png"', 'style="x:expression(1)"',
                              'href="https://e.org"', "xlink:href=data:text/html,1", "id=x", 'alt="a>b"', ""])


@st.composite
def markup(draw, depth=0):
    """Random HTML from a small grammar: text runs and tags with hostile attributes, nested a few levels."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        if depth < 6 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            closed = draw(st.integers(0, 3)) > 0  # sometimes unclosed, as broken pages are
            inner = draw(markup(depth=depth + 1))
            parts.append(f"<{tag} {draw(ATTRIBUTES)}>{inner}" + (f"</{tag}>" if closed else ""))
        else:
            parts.append(" ".join(draw(st.lists(WORDS, max_size=12))))
    return "".join(parts)


@FUZZ
@given(markup(), st.sampled_from(["utf-8", "utf-16", "cp1252"]), st.booleans())
def test_random_html_from_a_grammar_never_escapes_as_another_exception(body, encoding, as_page):
    text = f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>" if as_page else body
    _outcome_is_sound(text.encode(encoding, errors="replace"), "page.html" if as_page else "upload")


@pytest.fixture(scope="module")
def seed_bytes(seeds_dir) -> list[bytes]:
    return [path.read_bytes() for path in sorted(seeds_dir.glob("*.txt"))]


def test_mutated_seed_files_never_escape_as_another_exception(seed_bytes):
    """Bit flips, cut-outs, duplications and inserted markup on the real seed scrapes (fixed seed, 150 mutants)."""
    rng = random.Random(7)
    inserts = [b"<script>", b"\x00", b"\xff\xfe", b"<div>" * 50, b"&#x0;", b"\r", b"<![CDATA[", b"\xef\xbb\xbf"]
    for number in range(150):
        data = bytearray(rng.choice(seed_bytes))
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(data))
            operation = rng.randrange(4)
            if operation == 0:
                data[position] ^= 1 << rng.randrange(8)
            elif operation == 1:
                del data[position:position + rng.randint(1, 500)]
            elif operation == 2:
                data[position:position] = data[position:position + rng.randint(1, 200)]
            else:
                data[position:position] = rng.choice(inserts)
        _outcome_is_sound(bytes(data), rng.choice(["seed.txt", "seed.html", "seed"]))
