"""The attribution tagger (a CRF stacked on the rules), with the model file that ships with it.

The sentences are made up in the style of campaign news; the expected sources, cues and contents
were written from reading them. Each is one the rules of find_attributions miss.
"""

import pytest

from newsroom.quotes import attribution_tagger
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
