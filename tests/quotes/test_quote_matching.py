"""Matching one statement across articles: normalization, index keys, alignment, shared passages.

Expected links come from ../shared/seeds/EXPECTED.md.
"""

import pytest

from newsroom.quotes.finding import find_quotes
from newsroom.quotes.matching import align_quotes, content_words, find_shared_passages, index_keys


def words(text: str) -> list[str]:
    return [word for word, _, _ in content_words(text)]


def statement(text: str, containing: str) -> str:
    found = [q.text for q in find_quotes(text) if containing in q.text]
    assert len(found) == 1, containing
    return found[0]


# --- normalization --------------------------------------------------------------------------------

def test_content_words_unify_british_and_american_spellings():
    assert words("democratise the colour of AI-optimised behaviour") == words(
        "democratize the color of AI-optimized behavior"
    )


def test_content_words_unify_hyphenation_and_curly_marks():
    assert words("a multiyear, multibillion-dollar deal") == words("a multi-year, multi-billion dollar deal")
    assert words("We’ve built it") == words("We've built it")


def test_content_words_unify_numbers():
    assert words("$10billion") == words("$10 billion") == words("ten billion")
    assert words("1,000 people") == words("1000 people")


def test_content_words_drop_stopwords_and_keep_offsets():
    text = "We formed our partnership with OpenAI"
    tokens = content_words(text)
    assert [w for w, _, _ in tokens] == words("formed partnership OpenAI")
    assert [text[s:e] for _, s, e in tokens] == ["formed", "partnership", "OpenAI"]


# --- index keys -----------------------------------------------------------------------------------

def test_short_generic_phrases_have_no_index_keys():
    assert index_keys("shared ambition") == set()
    assert index_keys("AI alignment") == set()
    assert index_keys("That said") == set()


def test_respelled_versions_of_a_statement_share_index_keys():
    american = "to responsibly advance cutting-edge AI research and democratize AI as a new technology platform"
    british = "to responsibly advance cutting edge AI research and democratise AI as a new technology platform"
    assert index_keys(american) == index_keys(british)


# --- alignment ------------------------------------------------------------------------------------

def test_it_aligns_a_quote_with_itself_as_verbatim():
    text = "We will keep building the best tools for developers everywhere."
    alignment = align_quotes(text, text)
    assert alignment.kind == "verbatim"
    assert alignment.score == pytest.approx(1.0)
    assert (alignment.a_start, alignment.a_end) == (alignment.b_start, alignment.b_end)


def test_it_aligns_a_fragment_inside_the_whole_quote_with_offsets_of_the_fragment():
    whole = "We formed our partnership around a shared ambition to responsibly advance cutting-edge AI research."
    fragment = "responsibly advance cutting-edge AI research"
    alignment = align_quotes(whole, fragment)
    assert alignment.kind == "fragment"
    assert whole[alignment.a_start:alignment.a_end] == "responsibly advance cutting-edge AI research"


def test_it_never_links_short_generic_phrases():
    whole = "We formed our partnership with OpenAI around a shared ambition to responsibly advance AI."
    assert align_quotes(whole, "shared ambition") is None
    assert align_quotes("responsible AI standard", "responsible AI standard") is None


def test_it_does_not_align_unrelated_statements():
    assert align_quotes(
        "The budget is balanced and the vote on the new tax plan is on Friday.",
        "Our team will win the championship next season with the players we have.",
    ) is None


def test_nadellas_2023_statement_aligns_across_000_002_003_and_004(seed_texts):
    versions = {
        "000": statement(seed_texts["000"], "We formed our partnership"),
        "002 first": statement(seed_texts["002"], "We formed our partnership"),
        "002 second": statement(seed_texts["002"], "In this next phase"),
        "003": statement(seed_texts["003"], "Our partnership with OpenAI is built"),
        "004 fragment": statement(seed_texts["004"], "responsibly advance cutting-edge"),
        "004 second": statement(seed_texts["004"], "developers and organizations"),
    }
    for name in ("002 first", "002 second", "003", "004 fragment", "004 second"):
        assert align_quotes(versions["000"], versions[name]) is not None, name
        assert align_quotes(versions["003"], versions[name]) is not None, name
    assert align_quotes(versions["000"], versions["003"]).kind == "paraphrase"


def test_openais_statement_in_004_aligns_with_the_translated_block_in_003(seed_texts):
    quoted = statement(seed_texts["004"], "We’ve worked together")
    translated = statement(seed_texts["003"], "We’ve partnered to build")
    alignment = align_quotes(quoted, translated)
    assert alignment is not None
    assert index_keys(quoted) & index_keys(translated)


def test_nadellas_2019_quotes_do_not_align_with_his_2023_statement(seed_texts):
    new = statement(seed_texts["000"], "We formed our partnership")
    for old in (
        statement(seed_texts["001"], "AI is one of the most transformative"),
        statement(seed_texts["001"], "By bringing together"),
    ):
        assert align_quotes(new, old) is None
        assert align_quotes(old, new) is None


def test_altman_and_choy_quotes_align_with_nothing_in_the_other_articles(seed_texts):
    singles = [
        statement(seed_texts["002"], "Microsoft shares our values"),
        statement(seed_texts["002"], "we are witnessing the fastest"),
        statement(seed_texts["002"], "The next challenge"),
    ]
    others = [q.text for key in ("000", "001", "003", "004") for q in find_quotes(seed_texts[key])]
    for single in singles:
        assert all(align_quotes(single, other) is None for other in others), single


# --- shared passages ------------------------------------------------------------------------------

def test_it_finds_a_long_passage_copied_outside_quotes():
    copied = (
        "The partnership will also enable developers to build cutting-edge applications through direct "
        "access to models backed by the cloud platform and its optimized infrastructure and tools"
    )
    a = f"Some introduction about the deal.\n\n{copied}.\n\nAn ending of one outlet."
    b = f"A different opening paragraph entirely.\n\nMoreover, {copied}, the company wrote.\n\nMore."
    passages = find_shared_passages(a, b)
    assert len(passages) == 1
    assert a[passages[0].a_start:passages[0].a_end] in copied
    assert "direct access to models" in b[passages[0].b_start:passages[0].b_end]


def test_it_does_not_report_shared_quotes_as_passages(seed_texts):
    for passage in find_shared_passages(seed_texts["000"], seed_texts["002"]):
        assert "We formed our partnership" not in seed_texts["000"][passage.a_start:passage.a_end]


def test_it_finds_the_press_release_sentence_that_000_and_002_both_copied(seed_texts):
    passages = find_shared_passages(seed_texts["000"], seed_texts["002"])
    copied = [p for p in passages if "direct access to OpenAI models" in seed_texts["000"][p.a_start:p.a_end]]
    assert len(copied) == 1
    assert "direct access to OpenAI models" in seed_texts["002"][copied[0].b_start:copied[0].b_end]


def test_the_2019_article_shares_no_long_passage_with_the_2023_ones(seed_texts):
    for key in ("000", "002", "003", "004"):
        assert find_shared_passages(seed_texts["001"], seed_texts[key]) == []
