"""trafilatura's cascade as the reader runs it: the same body as bare_extraction, page left untouched."""

import gzip
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from trafilatura import bare_extraction
from trafilatura.baseline import html2txt

from newsroom.reader import trafilatura_cascade
from newsroom.reader.decoding import decode_bytes
from newsroom.reader.html_extraction import _CONFIG, keep_embedded_posts, parse_html, prune_junk, resolve_lazy_images
from newsroom.reader.trafilatura_cascade import choose_blocks, page_text_length_bound

BENCHMARK_PAGES = Path(__file__).resolve().parents[3] / "shared" / "bench" / "article-extraction-benchmark" / "html"


def reader_tree(data: bytes, url: str = ""):
    """The page as extract_article hands it to trafilatura."""
    root = parse_html(decode_bytes(data, "text/html").text)
    prune_junk(root)
    resolve_lazy_images(root, url)
    keep_embedded_posts(root)
    return root


def bare_extraction_body(root, url: str = ""):
    """The body bare_extraction gives with the reader's options (html_extraction.extract_main_content before the cascade)."""
    document = bare_extraction(
        root, url=url or None, include_comments=False, include_tables=True, include_images=False,
        include_formatting=False, fast=True, include_links=False, with_metadata=False, deduplicate=False,
        config=_CONFIG,
    )
    return None if document is None else document.body


def serialized(body) -> bytes | None:
    return None if body is None else etree.tostring(body, encoding="utf-8")


@pytest.fixture(scope="module")
def benchmark_pages() -> list[tuple[str, bytes]]:
    if not BENCHMARK_PAGES.is_dir():
        pytest.skip(f"benchmark pages not found at {BENCHMARK_PAGES} (../shared/bench beside the project)")
    return [(path.name, gzip.decompress(path.read_bytes())) for path in sorted(BENCHMARK_PAGES.glob("*.html.gz"))]


def test_it_chooses_the_blocks_bare_extraction_chooses_on_every_benchmark_page(benchmark_pages, monkeypatch):
    asked = {"bound": 0, "html2txt": 0}

    def counted(name, function):
        def run(tree):
            asked[name] += 1
            return function(tree)
        return run

    monkeypatch.setattr(trafilatura_cascade, "page_text_length_bound", counted("bound", page_text_length_bound))
    monkeypatch.setattr(trafilatura_cascade, "html2txt", counted("html2txt", html2txt))
    differing = []
    for name, data in benchmark_pages:
        root = reader_tree(data)
        page_before = etree.tostring(root)
        ours = serialized(choose_blocks(root, "", _CONFIG))
        assert etree.tostring(root) == page_before, f"{name}: the page was changed"
        if ours != serialized(bare_extraction_body(root)):
            differing.append(name)
    assert differing == []
    # The bound settles most short extractions without the whole page's text, not all of them
    # (58 of 79 when written): both ways are compared above.
    assert 0 < asked["html2txt"] < asked["bound"] / 2


def test_it_runs_bare_extraction_itself_under_another_trafilatura_version(benchmark_pages, monkeypatch):
    monkeypatch.setattr(trafilatura_cascade, "_SAME_VERSION", False)
    calls = []
    monkeypatch.setattr(trafilatura_cascade, "bare_extraction",
                        lambda *args, **kwargs: calls.append(kwargs) or bare_extraction(*args, **kwargs))
    for name, data in benchmark_pages[:5]:
        root = reader_tree(data)
        assert serialized(choose_blocks(root, "", _CONFIG)) == serialized(bare_extraction_body(root)), name
    assert len(calls) == 5


def test_the_length_bound_is_never_below_the_page_text_on_the_benchmark_pages(benchmark_pages):
    for name, data in benchmark_pages[::3]:
        root = reader_tree(data)
        assert page_text_length_bound(root) >= len(html2txt(root)), name


@pytest.mark.parametrize("markup", [
    # Minified blocks: html2txt spaces them apart ("onetwo" would be one word).
    "<html><body><div>one</div><div>two</div>three<br>four<p>five</p></body></html>",
    # Empty blocks between words, nested blocks, a block at each end.
    "<html><body><div></div>a<div><div><p></p></div></div>b<ul><li>c</li><li></li></ul></body></html>",
    # Subtrees html2txt removes (footer, aside, cookie banner) with their tails kept.
    "<html><body><p>kept</p><footer>foot</footer>tail<aside>side</aside><div class='cookie-banner'>c</div>end</body></html>",
    # No <body>: html2txt reads the element itself.
    "<div><p>alpha</p>beta<div>gamma</div></div>",
    # Nothing but spaces.
    "<html><body><div> </div>\n<p>\t</p></body></html>",
])
def test_the_length_bound_is_never_below_the_page_text(markup):
    tree = lxml.html.fromstring(markup)
    assert page_text_length_bound(tree) >= len(html2txt(tree))
