"""Matching one statement across articles: normalization, index keys, alignment, shared passages.

Expected links come from ../shared/seeds/EXPECTED.md.
"""

import random

import pytest

from newsroom.quotes.finding import find_quotes
from newsroom.quotes.matching import (
    Alignment,
    _mostly_inside,
    _passage_words,
    align_quotes,
    content_words,
    find_shared_passages,
    index_keys,
    quote_spans,
)


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


def texts_copying_one_passage() -> tuple[str, str]:
    """Two texts that copy one long passage, in neither of them quoted."""
    copied = (
        "The partnership will also enable developers to build cutting-edge applications through direct "
        "access to models backed by the cloud platform and its optimized infrastructure and tools"
    )
    a = f"Some introduction about the deal.\n\n{copied}.\n\nAn ending of one outlet."
    b = f"A different opening paragraph entirely.\n\nMoreover, {copied}, the company wrote.\n\nMore."
    return a, b


def test_quote_spans_the_caller_found_stand_for_finding_the_first_texts_quotes_again(seed_texts):
    for a, b in [(seed_texts["000"], seed_texts["002"]), (seed_texts["002"], seed_texts["003"])]:
        assert find_shared_passages(a, b, a_quotes=quote_spans(find_quotes(a))) == find_shared_passages(a, b)
    a, b = texts_copying_one_passage()
    # The spans given are the ones used: a passage lying inside one of them is not a copied passage.
    assert find_shared_passages(a, b, a_quotes=()) == find_shared_passages(a, b) != []
    assert find_shared_passages(a, b, a_quotes=((0, len(a)),)) == []


def test_quote_spans_the_caller_stored_stand_for_finding_the_second_texts_quotes_again(seed_texts):
    for a, b in [(seed_texts["000"], seed_texts["002"]), (seed_texts["002"], seed_texts["003"])]:
        # As read back from a JSON field: lists, not tuples.
        stored = [list(span) for span in quote_spans(find_quotes(b))]
        assert find_shared_passages(a, b, b_quotes=stored) == find_shared_passages(a, b)
    a, b = texts_copying_one_passage()
    assert find_shared_passages(a, b, b_quotes=()) == find_shared_passages(a, b) != []
    assert find_shared_passages(a, b, b_quotes=((0, len(b)),)) == []


def passages_scanning_every_shingle(a: str, b: str, min_words: int = 12) -> list[Alignment]:
    """find_shared_passages as first written: shingles cut afresh from both texts, every position of
    `a` visited and open runs closed at each one."""
    wa, wb = content_words(a), content_words(b)
    xa, xb = [w for w, _, _ in wa], [w for w, _, _ in wb]
    k, reach = 4, 4 + 3
    positions = {}
    for j in range(len(xb) - k + 1):
        positions.setdefault(tuple(xb[j:j + k]), []).append(j)
    runs, open_runs = [], {}
    for i in range(len(xa) - k + 1):
        for j in positions.get(tuple(xa[i:i + k]), ()):
            for run in open_runs.values():
                if 0 < i - run[1] <= reach and 0 < j - run[3] <= reach:
                    run[1], run[3], run[4] = i, j, run[4] + 1
                    break
            else:
                run = [i, i, j, j, 1]
                runs.append(run)
                open_runs[id(run)] = run
        open_runs = {key: run for key, run in open_runs.items() if i - run[1] <= reach}
    passages = []
    for a_first, a_last, b_first, b_last, hits in runs:
        a_words, b_words = a_last - a_first + k, b_last - b_first + k
        if min(a_words, b_words) < min_words:
            continue
        start_a, end_a, start_b, end_b = wa[a_first][1], wa[a_last + k - 1][2], wb[b_first][1], wb[b_last + k - 1][2]
        spans_a = [(q.start, q.end) for q in find_quotes(a) if q.kind != "partial"]
        spans_b = [(q.start, q.end) for q in find_quotes(b) if q.kind != "partial"]
        if _mostly_inside(start_a, end_a, spans_a) or _mostly_inside(start_b, end_b, spans_b):
            continue
        kind = "verbatim" if a_words == b_words == hits + k - 1 else "fragment"
        passages.append(Alignment(round(min(1.0, (hits + k - 1) / max(a_words, b_words)), 3), start_a, end_a, start_b, end_b, kind))
    return passages


def test_cached_shingles_give_the_passages_of_the_direct_computation(seed_texts):
    # Seed pairs, and texts made of seed paragraphs recombined with small edits (a word dropped,
    # one inserted, a number changed), as copied press-release text is.
    paragraphs = [p for text in seed_texts.values() for p in text.split("\n\n") if len(p.split()) >= 12]
    rng = random.Random(5)
    texts = list(seed_texts.values())
    for number in range(30):
        chosen = rng.sample(paragraphs, 6)
        edited = []
        for paragraph in chosen:
            tokens = paragraph.split()
            spot = rng.randrange(len(tokens))
            edit = rng.choice(["drop", "insert", "number"])
            if edit == "drop":
                del tokens[spot]
            elif edit == "insert":
                tokens.insert(spot, "reportedly")
            else:
                tokens[spot] = str(number)
            edited.append(" ".join(tokens))
        texts.append("\n\n".join(edited))
    pairs = [(a, b) for a in texts[:12] for b in texts if a is not b]
    found = 0
    for a, b in pairs:
        passages = find_shared_passages(a, b)
        assert passages == passages_scanning_every_shingle(a, b)
        found += len(passages)
    assert found > 50


def test_passage_words_found_by_paragraph_are_the_texts_content_words(seed_texts):
    # Paragraph by paragraph (and kept per paragraph), shifted back into the text: the same words
    # and offsets as tokenizing the whole text, also where blank lines run to three breaks or more,
    # a paragraph is empty, or an amount ("5 m") ends one paragraph and a word starts the next.
    texts = list(seed_texts.values())
    texts += [text.replace("\n\n", "\n\n\n") for text in texts] + [text.replace(". ", ".\n\n") for text in texts]
    texts += ["", "\n\n", "x\n\n", "\n\n\n5\n\nm said", "rose 5\nm today\n\n\n\n$5 bn later", "it cost 5 m\n\nk-pop"]
    for text in texts:
        expected = content_words(text)
        found = _passage_words(text)
        assert found.words == [word for word, _, _ in expected]
        assert [(found.start(n), found.end(n)) for n in range(len(expected))] == [(s, e) for _, s, e in expected]
