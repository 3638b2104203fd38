"""The shortcuts inside event_features give what the plain definitions give: the min-hash fingerprint found by
bisection, headline case counted on bytes, content words remembered per token, the article count looked up with
the words."""

import zlib

from hypothesis import given
from hypothesis import strategies as st

from newsroom.stories import features
from newsroom.stories.features import content_words, event_features, fingerprint, headline_case


def fingerprint_by_definition(words: list[str]) -> tuple[int, ...]:
    """Per seed, the least hashed shingle: one comparison per shingle and seed."""
    shingles = {zlib.crc32(" ".join(words[i : i + 4]).encode()) for i in range(max(1, len(words) - 3))}
    return tuple(min(((s * 0x5BD1E995) ^ seed) & 0xFFFFFFFF for s in shingles) for seed in features._SEEDS)


@given(st.lists(st.sampled_from(["flood", "dam", "river", "yangtze", "rain", "levee", "army", "wuhan"]), max_size=60))
def test_the_fingerprint_is_the_least_hash_of_each_seed(words):
    assert fingerprint(words) == fingerprint_by_definition(words)


def test_the_fingerprint_of_a_real_text_is_the_least_hash_of_each_seed(seed_texts):
    for text in seed_texts.values():
        words = content_words(text)
        assert fingerprint(words) == fingerprint_by_definition(words)


@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=1, max_size=50, unique=True),
       st.integers(min_value=0, max_value=2**32 - 1))
def test_the_least_xor_is_found_bit_by_bit(values, seed):
    assert features._least_xor(sorted(values), seed) == min(v ^ seed for v in values)


def headline_case_by_definition(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return True
    long_words = [w for w in features.WORD.findall(line) if len(w) > 3]
    return len(line) <= features.HEADLINE_CHARACTERS and len(long_words) >= 3 and (
        sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)
    )


@given(st.text(alphabet="aBcDeF xyZ,.'-1ÉéⅧ\u00a0", max_size=80))
def test_headline_case_counts_capitals_among_letters_only(line):
    assert headline_case(line) == headline_case_by_definition(line)


def test_a_roman_numeral_is_a_capital_but_no_letter():
    # "Ⅷ" (U+2167) is upper case without being a letter: only letters count, in every script.
    assert not headline_case("ⅧⅧⅧⅧ abc")
    assert headline_case("ÉTATS-UNIS: LE VOTE")


def test_content_words_are_the_same_when_remembered_and_when_not(monkeypatch, seed_texts):
    text = seed_texts["002"]
    monkeypatch.setattr(features, "_CONTENT_FORMS", {})
    first = content_words(text)  # every token normalized, then remembered
    again = content_words(text)  # every token remembered
    monkeypatch.setattr(features, "_CONTENT_FORMS", {})
    monkeypatch.setattr(features, "CONTENT_FORMS_KEPT", 0)
    unkept = content_words(text)  # the bound reached: nothing remembered
    assert first == again == unkept
    assert features._CONTENT_FORMS == {}
    assert "investment" in first and "the" not in first


def test_the_article_count_can_come_with_the_word_counts():
    frequencies = {"flood": 3, "yangtze": 1, "#articles": 40}
    asked = []

    def look_up(keys):
        asked.append(set(keys))
        return {key: frequencies[key] for key in keys if key in frequencies}

    text = "Floods on the Yangtze river forced the army to the levees near Wuhan."
    together = event_features("Yangtze floods", text, None, document_frequencies=look_up, documents_key="#articles")
    apart = event_features("Yangtze floods", text, None, documents=40,
                           document_frequencies=lambda keys: {k: v for k, v in frequencies.items() if k in keys})
    assert together == apart
    assert len(asked) == 1 and "#articles" in asked[0]
    assert together != event_features("Yangtze floods", text, None, documents=10, document_frequencies=look_up)


def named_entities_by_definition(text: str) -> dict:
    """Runs of name words through every token in Python, the sentence start tested on the text before each run
    (the code before the kinds string)."""
    from collections import Counter

    lower_words = {word for word in features.WORD.findall(text) if word[0].islower()}
    found = Counter()
    for line in text.splitlines():
        if not line or headline_case(line):
            continue
        runs, run, start = [], [], 0
        for match in features.WORD.finditer(line):
            word = match.group()
            if (word[0].isupper() and word.lower() not in features.NOT_NAMES) or (
                run and word.lower() in features.NAME_JOINERS
            ):
                start = match.start() if not run else start
                run.append(word)
            elif run:
                runs.append((run, start))
                run = []
        if run:
            runs.append((run, start))
        for run, start in runs:
            plain = run[0].lower()
            ordinary = plain in features.NOT_NAMES or plain in lower_words or (plain.endswith("ly") and len(plain) > 5)
            if features.SENTENCE_START.search(line[:start]) and ordinary:
                run.pop(0)
            while run and run[-1].lower() in features.NAME_JOINERS:
                run.pop()
            name = " ".join(run).lower().replace("’", "'").removesuffix("'s") if run else ""
            if len(name) > 2:
                found[name] += 1
    return dict(found)


@given(st.lists(st.sampled_from(
    ["Van", "de", "of", "The", "Officials", "officials", "Satya", "Nadella", "Mr.", "O’Neil's", "x.Smith", "Quickly",
     "quickly", " ", "  ", ". ", ": ", "\n", "\r\n", "\u2028", "“", "(", "1", "ÉTATS", "a", "Al"]), max_size=40))
def test_names_are_found_as_by_the_plain_definition(pieces):
    text = "".join(pieces)
    assert features.named_entities(text) == named_entities_by_definition(text)


def test_the_names_of_real_texts_are_found_as_by_the_plain_definition(monkeypatch, seed_texts):
    for text in seed_texts.values():
        assert features.named_entities(text) == named_entities_by_definition(text)
        monkeypatch.setattr(features, "_NAME_KINDS", {})
        monkeypatch.setattr(features, "CONTENT_FORMS_KEPT", 0)  # nothing remembered: every token classified
        assert features.named_entities(text) == named_entities_by_definition(text)
        monkeypatch.undo()
