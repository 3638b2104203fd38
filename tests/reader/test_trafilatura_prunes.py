"""trafilatura's raw-tree prunes as walks: the elements its XPaths find, in the same order."""

import gzip
from pathlib import Path

import lxml.html
import pytest
from lxml.etree import XPath
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from newsroom.reader import trafilatura_prunes
from newsroom.reader.decoding import decode_bytes
from newsroom.reader.html_extraction import parse_html, prune_junk
from newsroom.reader.trafilatura_prunes import COMMENT_PRUNES, RAW_PRUNES

BENCHMARK_PAGES = Path(__file__).resolve().parents[3] / "shared" / "bench" / "article-extraction-benchmark" / "html"
XPATHS = (*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH)


def test_the_walks_stand_in_for_trafilaturas_xpaths():
    assert all(not isinstance(prune, XPath) for prune in (*RAW_PRUNES, *COMMENT_PRUNES))
    assert len(RAW_PRUNES) == len(RAW_TREE_PRUNE_XPATH) and len(COMMENT_PRUNES) == len(REMOVE_COMMENTS_AND_LISTS_XPATH)


def test_an_xpath_other_than_the_one_a_walk_was_written_from_is_kept():
    changed = [XPath(RAW_TREE_PRUNE_XPATH[0].path.replace("infinite-?scroll", "endless-?scroll"),
                     namespaces={"re": "http://exslt.org/regular-expressions"}), RAW_TREE_PRUNE_XPATH[1]]
    assert not trafilatura_prunes._written_from(changed, trafilatura_prunes._RAW_TREE_PRUNE_TEXTS)
    assert trafilatura_prunes._written_from(RAW_TREE_PRUNE_XPATH, trafilatura_prunes._RAW_TREE_PRUNE_TEXTS)


def test_they_find_what_the_xpaths_find_on_every_benchmark_page():
    if not BENCHMARK_PAGES.is_dir():
        pytest.skip(f"benchmark pages not found at {BENCHMARK_PAGES} (../shared/bench beside the project)")
    found = 0
    for path in sorted(BENCHMARK_PAGES.glob("*.html.gz")):
        root = parse_html(decode_bytes(gzip.decompress(path.read_bytes()), "text/html").text)
        prune_junk(root)
        for walk, xpath in zip((*RAW_PRUNES, *COMMENT_PRUNES), XPATHS):
            expected = xpath(root)
            assert walk(root) == expected, path.name
            found += len(expected)
    assert found > 100  # comment sections are common (504 elements when written)


PAGE = """<html><body>
<div id="infinite-scroll"><h1>The article</h1><p>Kept: the real article holds the h1.</p></div>
<section class="infinitescroll"><p>Next article</p></section>
<aside class="mvp-post-add-box"><h1>Follow-up</h1></aside>
<div class=""><p>No class words</p></div>
<div class="x elementor-share-buttons"><a href="#">Share</a></div>
<span class="elementor-share-buttons">Not a container</span>
<div id="comments"><ol class="comment-list"><li>First!</li></ol><ul id="disqus_thread"></ul></div>
<div id="commentary"><p>An analysis, not comments.</p></div>
<details class="post-comments"><summary>12 comments</summary></details>
<ul id="disqus_thread"><li>Disqus ids count for containers only</li></ul>
<ol class="Comment-thread"><li>A list of comments</li></ol>
<list class="comment"><item>trafilatura's own list element</item></list>
<div id="comol"><div class="comment"><div class="comment">Nested</div></div></div>
</body></html>"""


@pytest.mark.parametrize("index", range(len(XPATHS)))
def test_they_find_what_the_xpaths_find_on_the_edge_cases(index):
    root = lxml.html.fromstring(PAGE)
    expected = XPATHS[index](root)
    assert expected  # every XPath finds something here
    assert (*RAW_PRUNES, *COMMENT_PRUNES)[index](root) == expected
