"""trafilatura's choice of the article's blocks, run as the reader calls it (fast, no comments, no
metadata) without the work whose result the reader never reads; the same body as bare_extraction.

`bare_extraction` with these options runs `trafilatura_sequence`, which also (1) keeps a copy of
the cleaned page that only the comparison with external extractors reads (off with fast=True),
(2) computes the whole page's text (`html2txt`: a copy of the page and an XPath with a regular
expression per element, ~4 ms) for each short extraction, only to see whether the extraction
covers less than a fifth of it, and (3) turns the chosen blocks into text the reader reads only
for the split-article rescue. Here (1) is left out, (2) is decided by an upper bound on that
text's length where the bound suffices (58 of the 79 benchmark pages that ask), and (3) is
computed when asked for; its two prunes of the raw page run as walks (trafilatura_prunes.py).
Steps, order and thresholds are trafilatura's own, imported from it.

Written against trafilatura 2.3.1, whose internals it calls: with any other version
`choose_blocks` runs `bare_extraction` itself (tests/reader/test_trafilatura_cascade.py checks
both give the same body on the benchmark pages).
"""

import logging
from configparser import ConfigParser
from copy import copy

import lxml.html
import trafilatura
from lxml import etree
from lxml.etree import strip_tags
from trafilatura import bare_extraction
from trafilatura.baseline import _BLOCK_ELEMS, baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
    _recall_retry,
)
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor

from newsroom.reader.trafilatura_prunes import COMMENT_PRUNES, RAW_PRUNES

LOGGER = logging.getLogger(__name__)

# The trafilatura whose core.py `_cascade` follows (the version uv.lock installs).
CASCADE_VERSION = "2.3.1"
_SAME_VERSION = trafilatura.__version__ == CASCADE_VERSION


def choose_blocks(root: lxml.html.HtmlElement, url: str, config: ConfigParser) -> etree._Element | None:
    """trafilatura's body (its internal XML) for the page `root`, which is left as it is; None when
    it finds nothing. The options are the reader's (html_extraction.extract_main_content)."""
    if not _SAME_VERSION:
        document = bare_extraction(
            root, url=url or None, fast=True, include_comments=False, include_tables=True,
            include_images=False, include_formatting=False, include_links=False,
            with_metadata=False, deduplicate=False, config=config,
        )
        return None if document is None else document.body
    options = Extractor(
        config=config, output_format="python", fast=True, comments=False, formatting=False,
        links=False, images=False, tables=True, dedup=False, url=url or None, with_metadata=False,
    )
    try:
        return _cascade(copy(root), options, options.url)
    except (TypeError, ValueError):
        LOGGER.warning("discarding data: %s", options.source)
        return None


def _cascade(tree: lxml.html.HtmlElement, options: Extractor, url: str | None) -> etree._Element | None:
    """bare_extraction and trafilatura_sequence (trafilatura 2.3.1, core.py) for fast=True,
    include_comments=False, balanced focus, no metadata, no deduplication, no target language."""
    is_forum = _forum_thread_page(tree)
    # Its two raw-tree XPaths, as walks (trafilatura_prunes.py).
    tree = prune_unwanted_nodes(tree, RAW_PRUNES)
    if not is_forum:
        tree = prune_unwanted_nodes(tree, COMMENT_PRUNES)
    # trafilatura's _prepare_tree without its backup copy (read only when fast is off).
    cleaned = convert_tags(tree_cleaning(copy(tree), options), options, url)
    postbody, temp_text = extract_content(cleaned, options)

    # Stage 3: the baseline on the uncleaned tree, when the extraction is short.
    if len(temp_text) < options.min_extracted_size:
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(temp_text):
            postbody, temp_text = b_body, b_text

    # Stage 4: a short extraction covering little of the page is retried in recall mode (comments
    # are off, so the retry sees the tree as it is; fast, so no jusText candidate).
    if 0 < len(temp_text) < ESCALATION_MAX_LENGTH and _covers_little_of_page(temp_text, tree):
        r_options = copy(options)
        r_options.focus = "recall"
        r_text = ""
        try:
            r_body, r_text = _recall_retry(tree, r_options, url)
        except Exception as err:  # as trafilatura: a failed retry keeps the first extraction
            LOGGER.warning("recall retry failed: %s %s", err, url)
        r_len = len(r_text)
        if r_len >= options.min_extracted_size and r_len > ESCALATION_ACCEPT_RATIO * len(temp_text):
            postbody, temp_text = r_body, r_text

    if options.max_tree_size:
        if len(postbody) > options.max_tree_size:
            strip_tags(postbody, "hi")
        if len(postbody) > options.max_tree_size:
            return None
    # No comments are extracted: their length is 0.
    if len(temp_text) < options.min_output_size and 0 < options.min_output_comm_size:
        return None
    return postbody


def _covers_little_of_page(text: str, tree: lxml.html.HtmlElement) -> bool:
    """len(text) < ESCALATION_PAGE_SHARE * len(html2txt(tree)), computing html2txt only when an
    upper bound on its length does not settle it."""
    if len(text) >= ESCALATION_PAGE_SHARE * page_text_length_bound(tree):
        return False
    return len(text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))


def page_text_length_bound(tree: lxml.html.HtmlElement) -> int:
    """An upper bound on len(html2txt(tree)), from the text of the page's body as it is.

    html2txt takes the body's text after removing some subtrees (their tails kept in place) and
    control characters, and after putting a space before the text and the tail of each block
    element, then collapses whitespace: len(" ".join(s.split())). That length is the number of
    non-space characters plus the number of words less one. Removing characters never adds
    either, and each inserted space adds at most one word; so the collapsed length of the body's
    text as it is, plus two per block element, bounds it.
    """
    body = tree.find(".//body")
    if body is None:
        body = tree
    words = body.text_content().split()
    collapsed = sum(map(len, words)) + max(len(words) - 1, 0)
    return collapsed + 2 * sum(1 for _ in body.iter(*_BLOCK_ELEMS))
