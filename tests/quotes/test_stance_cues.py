"""Stance verbs outside the cue lexicon: candidates after a subject, kept by the trained model.

Sentences are from the extraction benchmark's ground-truth bodies (../shared/bench); the expected
subjects, verbs and objects were written from reading them.
"""

import pytest

from newsroom.quotes import reported_speech, stance_cues
from newsroom.quotes.finding import find_attributions

DELHI = "This year, officials in Delhi banned firecrackers ahead of Diwali, arresting 210 people and confiscating 3.7 metric tons of illicit incendiaries."



def spans(sentence: str, item: reported_speech.ReportedSpeech, offset: int = 0) -> tuple[str, str, str]:
    return (sentence[item.source_start - offset:item.source_end - offset],
            sentence[item.cue_start - offset:item.cue_end - offset], sentence[item.start - offset:item.end - offset])


def test_a_verb_after_a_subject_is_a_candidate_with_its_source_and_content(bodies):
    body = bodies["16c30add7e96315e9cc957d85aa876ccb6b70055f0ddab51547a586117cc1f56"]
    assert DELHI in body
    assert reported_speech.find_reported_speech(DELHI) == []  # "banned" is not in the lexicon
    found = [spans(DELHI, c.attribution, 100) for c in stance_cues.candidates(DELHI, 100, [])]
    assert ("officials in Delhi", "banned", "firecrackers ahead of Diwali, arresting 210 people and confiscating "
            "3.7 metric tons of illicit incendiaries") in found


def test_function_words_and_the_rules_own_cues_are_not_candidates():
    sentence = "The senator said the bill is dead, since the votes were never there."
    rules = reported_speech.find_reported_speech(sentence)
    assert [spans(sentence, item)[1] for item in rules] == ["said"]
    cues = [spans(sentence, c.attribution)[1] for c in stance_cues.candidates(sentence, 0, rules)]
    assert "said" not in cues and "is" not in cues and "since" not in cues


def test_a_particle_after_the_verb_is_part_of_the_cue():
    sentence = "The mayor marveled at the size of the crowd that gathered outside the town hall."
    found = [spans(sentence, c.attribution) for c in stance_cues.candidates(sentence, 0, [])]
    assert found[0] == ("The mayor", "marveled at", "the size of the crowd that gathered outside the town hall")


def test_only_candidates_the_model_rates_at_the_threshold_are_kept(monkeypatch):
    sentence = "The mayor marveled at the size of the crowd that gathered outside the town hall."
    found = stance_cues.candidates(sentence, 0, [])
    monkeypatch.setattr(stance_cues, "WEIGHTS", {"w=marveled": 50.0})
    monkeypatch.setattr(stance_cues, "BIAS", -10.0)
    assert [spans(sentence, item)[1] for item in stance_cues.accepted(found)] == ["marveled at"]
    monkeypatch.setattr(stance_cues, "WEIGHTS", {})
    assert stance_cues.accepted(found) == []


def test_find_attributions_reports_the_stance_verbs_the_model_keeps(monkeypatch):
    # The model's own accuracy is the benchmark's to measure (bench/polnear.py); here, that what
    # it keeps reaches find_attributions as reported speech with its offsets.
    text = "Senator Okafor has cast the bill as a threat to small farms across the state."
    assert "cast" not in reported_speech.CUE_WORDS
    monkeypatch.setattr(stance_cues, "WEIGHTS", {"w=cast": 50.0})
    assert [(q.kind, q.speaker, q.cue, q.text) for q in find_attributions(text)] == [
        ("indirect", "Senator Okafor", "cast", "the bill as a threat to small farms across the state")]
    monkeypatch.setattr(stance_cues, "WEIGHTS", {"w=cast": -50.0})
    assert find_attributions(text) == []
