"""The attribution tagger (a CRF stacked on the rules), with the model file that ships with it.

The sentences are made up in the style of campaign news; the expected sources, cues and contents
were written from reading them. Each is one the rules of find_attributions miss.
"""

import pytest

from newsroom.quotes import attribution_tagger, finding
from newsroom.quotes.finding import find_attributions

MISSED_BY_THE_RULES = [
    ("Warren has recently made remarks about the cost of college for working families.",
     "Warren", "the cost of college for working families"),
    ("The candidate laid out his view that the economy needs more infrastructure spending.",
     "The candidate", "that the economy needs more infrastructure spending"),
    ("Voters in Iowa were more likely to say the senator has a shot to win the nomination.",
     "Voters in Iowa", "the senator has a shot to win the nomination"),
]


@pytest.mark.parametrize(("sentence", "source", "content"), MISSED_BY_THE_RULES)
def test_it_finds_attributions_the_rules_miss(sentence, source, content):
    assert find_attributions(sentence) == []
    found = attribution_tagger.find_tagged_attributions(sentence)
    assert [(item.speaker, item.text) for item in found] == [(source, content)]
    item = found[0]
    assert sentence[item.speaker_start:item.speaker_end] == source
    assert item.cue_start >= item.speaker_end and item.cue_end <= item.start


def test_it_keeps_the_rules_attribution_with_its_resolved_speaker():
    text = ("Senator Elizabeth Warren spoke in Des Moines on Monday.\n\n"
            "“We can fix this,” Warren said. Warren has recently made remarks about the cost of college.")
    rules = find_attributions(text)
    found = attribution_tagger.find_tagged_attributions(text)
    quoted = [item for item in found if item.text == "We can fix this"]
    assert quoted == [item for item in rules if item.text == "We can fix this"]
    assert [item.text for item in found if item.kind == "tagged"] == ["the cost of college"]


def test_every_tagged_attribution_is_the_slice_of_the_input_at_its_offsets(bodies):
    for body in list(bodies.values())[:20]:
        for item in attribution_tagger.find_tagged_attributions(body):
            assert body[item.start:item.end] == item.text
            if item.kind == "tagged" and item.speaker_start >= 0:
                assert body[item.speaker_start:item.speaker_end] == item.speaker


def test_the_model_file_is_small():
    assert attribution_tagger.MODEL_PATH.stat().st_size < 3_000_000


def test_find_attributions_reports_every_stance_candidate_it_scored():
    sentence = "Officials in the city banned fireworks ahead of the holiday, citing the smog."
    scores: list[tuple[int, int, float]] = []
    assert find_attributions(sentence, stance_scores=scores) == find_attributions(sentence)
    assert "banned" in [sentence[start:end] for start, end, _ in scores]  # not in the lexicon: a candidate
    assert all(0.0 <= p <= 1.0 for _, _, p in scores)


def _found(text: str, start: int, end: int, **fields) -> finding.FoundQuote:
    values = {"speaker": "", "speaker_role": "", "cue": "", "kind": "direct"} | fields
    return finding.FoundQuote(text=text[start:end], start=start, end=end, **values)


def test_a_rules_attribution_without_a_written_source_takes_the_tagged_one_it_overlaps_most():
    text = "Warren posted a comment, saying, “We are so excited to meet you!” The campaign agreed."
    quote = text.index("We are")
    rule = _found(text, quote, text.index("!") + 1)
    near = _found(text, quote, quote + 6, kind="tagged", speaker="Warren", speaker_start=0, speaker_end=6,
                  cue="saying", cue_start=text.index("saying"), cue_end=text.index("saying") + 6)
    wider = _found(text, quote - 2, text.index("!") + 1, kind="tagged", speaker="comment",
                   speaker_start=text.index("comment"), speaker_end=text.index("comment") + 7)
    found = attribution_tagger.combine([attribution_tagger.Tagged(near, 0.9), attribution_tagger.Tagged(wider, 0.9)],
                                       [rule], threshold=0.5)
    assert [(f.text, f.kind, f.speaker, f.speaker_start, f.cue) for f in found] == [
        (rule.text, "direct", "comment", text.index("comment"), "")]
    assert attribution_tagger.combine([attribution_tagger.Tagged(near, 0.9)], [rule], 0.5, lend_sources=False) == [rule]


def test_a_rules_attribution_keeps_its_own_written_source_and_resolved_name():
    text = "“We can fix this,” Warren said, according to the campaign."
    rule = _found(text, 1, 16, speaker="Elizabeth Warren", speaker_start=19, speaker_end=25, cue="said",
                  cue_start=26, cue_end=30)
    other = _found(text, 1, 16, kind="tagged", speaker="the campaign", speaker_start=text.index("the campaign"),
                   speaker_end=len(text) - 1)
    assert attribution_tagger.combine([attribution_tagger.Tagged(other, 1.0)], [rule], 0.5) == [rule]
    sourceless = _found(text, 1, 16, speaker="Elizabeth Warren")   # resolved, but no mention written near it
    [lent] = attribution_tagger.combine([attribution_tagger.Tagged(other, 1.0)], [sourceless], 0.5)
    assert (lent.speaker, text[lent.speaker_start:lent.speaker_end]) == ("Elizabeth Warren", "the campaign")


def test_the_tagger_names_the_source_of_a_quotation_the_rules_leave_sourceless():
    text = ("The governor spoke on Monday.\n\nGovernor Jay Inslee immediately posted a message of his own, "
            "saying, “We are so excited to meet the voters of Iowa!”")
    [quotation] = [f for f in find_attributions(text) if f.kind == "direct"]
    assert quotation.speaker_start == -1
    [tagged] = [f for f in attribution_tagger.find_tagged_attributions(text) if f.kind == "direct"]
    assert (tagged.text, tagged.speaker) == (quotation.text, "Governor Jay Inslee")
    assert text[tagged.speaker_start:tagged.speaker_end] == "Governor Jay Inslee"


def _source_marginals(text: str, sure: dict[str, float]) -> dict[int, tuple[int, float]]:
    """Every word's source probability: 0.0 but for the words given."""
    marginals = {}
    for match in attribution_tagger._TOKEN.finditer(text):
        marginals[match.start()] = (match.end(), sure.get(match.group(), 0.0))
    return marginals


def test_a_rules_source_the_tagger_doubts_gives_way_to_the_one_it_is_sure_of():
    text = "At the rally on Friday the senator said taxes would rise, aides to the governor argued."
    content = text.index("taxes")
    rule = _found(text, content, text.index(","), kind="indirect", speaker="the rally",
                  speaker_start=text.index("the rally"), speaker_end=text.index(" on Friday"))
    tagged = _found(text, content, text.index(","), kind="tagged", speaker="the senator",
                    speaker_start=text.index("the senator"), speaker_end=text.index(" said"))
    sure = _source_marginals(text, {"senator": 0.9, "the": 0.2})
    [found] = attribution_tagger.combine([attribution_tagger.Tagged(tagged, 0.9)], [rule], 0.5, source_marginals=sure)
    assert (found.kind, found.speaker, text[found.speaker_start:found.speaker_end]) == ("indirect", "the senator",
                                                                                         "the senator")
    # Without the marginals, or when the tagger also reads the rule's words as a source, the rule's stays.
    assert attribution_tagger.combine([attribution_tagger.Tagged(tagged, 0.9)], [rule], 0.5) == [rule]
    both = _source_marginals(text, {"senator": 0.9, "the": 0.2, "rally": 0.5})
    assert attribution_tagger.combine([attribution_tagger.Tagged(tagged, 0.9)], [rule], 0.5, source_marginals=both) == [rule]
