"""Reported speech without quotation marks, found by `find_attributions` in real news text.

The articles are the extraction benchmark's ground-truth bodies (../shared/bench); expected
sources and contents were written from reading those sentences.
"""

import pytest

from newsroom.quotes.finding import FoundQuote, find_attributions, find_quotes
from newsroom.quotes.reported_speech import find_reported_speech




def attribution_containing(found: list[FoundQuote], words: str) -> FoundQuote:
    matching = [item for item in found if words in item.text]
    assert len(matching) == 1, (words, [item.text for item in found])
    return matching[0]


def test_every_attribution_is_the_slice_of_the_input_at_its_offsets(bodies):
    for body in list(bodies.values())[:40]:
        for item in find_attributions(body):
            assert body[item.start:item.end] == item.text
            if item.kind == "indirect" and item.speaker_start >= 0:  # quotes name resolved speakers
                assert body[item.speaker_start:item.speaker_end] == item.speaker


def test_it_finds_content_before_according_to(bodies):
    body = bodies["7916ecca969ffdd8f6fc32d171fbe0dd63db40fe4c1d2ade02b1dec5929a162f"]
    item = attribution_containing(find_attributions(body), "2,500 Afghan civilians")
    assert item.text == "More than 2,500 Afghan civilians have been killed in the fighting so far this year"
    assert item.speaker == "the United Nations"
    assert item.cue == "according to"
    assert item.kind == "indirect"


def test_it_finds_content_before_a_trailing_source_and_cue(bodies):
    body = bodies["5f9c5ed5d64dfe682d9bde13b9b4f032a3ebdbf165c06ec49c0705bcbe106e3b"]
    item = attribution_containing(find_attributions(body), "T3 terminal")
    assert item.text.startswith("The special aircraft carrying the deportees landed")
    assert item.text.endswith("of the Delhi airport at 6am")
    assert item.speaker == "an airport official"
    assert item.cue == "said"


def test_it_keeps_a_comma_inside_the_content_of_a_trailing_attribution(bodies):
    body = bodies["432362af0be43f6da757ea778bd7f2f000094a565bdebac5af7442987a5372f3"]
    item = attribution_containing(find_attributions(body), "No one has shown")
    assert item.text == "No one has shown symptoms such as fever, so far"
    assert item.speaker == "the commission"


def test_a_stance_verb_is_a_cue_and_a_second_verb_keeps_the_subject(bodies):
    body = bodies["624fcd903d56fc7055fa7097b330629450c095ad6937318deb027be7803bbf35"]
    found = find_attributions(body)
    accused = [item for item in found if item.cue == "accused"]
    assert [item.speaker for item in accused] == ["China’s ambassador to Britain"]
    assert accused[0].text.startswith("the UK and the US of meddling")
    warned = [item for item in found if item.cue == "warned" and item.start > accused[0].start]
    assert warned and warned[0].speaker == "China’s ambassador to Britain"
    assert warned[0].text.startswith("that the Chinese government")  # PolNeAR contents keep their "that"


def test_it_names_the_source_after_according_to_as_written(bodies):
    body = bodies["232a43fb15abde807427b2a7bf4f772e27b8760554370956d8291df4e8166dbf"]
    item = attribution_containing(find_attributions(body), "scissor switch keyboard in the first half of 2020")
    assert item.speaker.startswith("industry sources")
    assert item.text.startswith("Following the 16-inch MacBook Pro, Apple plans to release")


# --- single sentences: the shapes the rules tell apart --------------------------------------------

def sources_and_contents(sentence: str) -> list[tuple[str, str]]:
    return [(sentence[r.source_start:r.source_end] if r.source_start >= 0 else "", sentence[r.start:r.end])
            for r in find_reported_speech(sentence)]


def test_it_keeps_a_pronoun_source_as_written():
    assert sources_and_contents("Later in the day, she said the committee would meet again in March.") == [
        ("she", "the committee would meet again in March")]


def test_a_plural_noun_before_a_present_tense_cue_word_is_not_a_source():
    # "states", "votes" and "attacks" are nouns here; nothing is attributed.
    assert sources_and_contents("The candidate won three swing states and most of the votes.") == []
    assert sources_and_contents("The attacks on the embassy were condemned across the region.") == []


def test_whom_a_speaker_told_is_not_the_content():
    assert sources_and_contents("He told the court in his filing.") == []


def test_a_headline_names_its_source_before_the_colon():
    found = find_attributions("Paul Ryan: The Decision Defies Explanation.\n\nThe speaker spoke on Tuesday.")
    headline = found[0]
    assert headline.speaker == "Paul Ryan"
    assert headline.text == "The Decision Defies Explanation"


def test_doubled_apostrophes_open_a_quotation():
    quote = find_quotes("''We are not going anywhere,'' the mayor said on Tuesday.")[0]
    assert quote.text == "We are not going anywhere"
    assert quote.kind == "direct"
    assert quote.speaker_start == quote.end + len(",'' ")


def test_an_expectation_without_its_holder_is_the_whole_clause():
    # PolNeAR annotates "X is expected to …" with no source and the subject inside the content.
    assert sources_and_contents("The convention is expected to inject over $200 million into the local economy.") == [
        ("", "The convention is expected to inject over $200 million into the local economy")]
    assert sources_and_contents("The attacks on the embassy were expected across the region.") == []


def test_senses_of_cue_lemmas_that_are_seldom_stance_are_not_cues():
    # "find", "felt" and "rules" were wrong more often than right as cues on PolNeAR's train split.
    assert sources_and_contents("Republicans will find it hard to win the state in November.") == []
    assert sources_and_contents("He felt the pressure of the campaign in his final weeks.") == []
    assert sources_and_contents("The party rules on delegates were written in 1972 by a commission.") == []


def test_expressing_and_joking_are_cues():
    assert sources_and_contents("Sanders expressed frustration with the pace of the talks.") == [
        ("Sanders", "frustration with the pace of the talks")]
    assert sources_and_contents("Trump joked that he would build the wall himself.") == [
        ("Trump", "that he would build the wall himself")]


def test_how_a_thing_seems_has_no_written_holder_and_keeps_its_subject():
    assert sources_and_contents("Trump’s supporters seemed equally unperturbed by the news.") == [
        ("", "Trump’s supporters seemed equally unperturbed by the news")]
    assert sources_and_contents("Christie appeared to end his bid owing $200,000.") == [
        ("", "Christie appeared to end his bid owing $200,000")]


def test_a_fragment_quoted_inside_reported_speech_is_part_of_its_content():
    text = ("Senate Minority Leader Harry Reid told reporters that Donald Trump \"may have violated the law\" "
            "by calling on Russia to hack the emails.")
    found = find_attributions(text)
    assert [(item.speaker, item.cue, item.kind) for item in found] == [("Senate Minority Leader Harry Reid", "told", "indirect")]
    assert found[0].text == "that Donald Trump \"may have violated the law\" by calling on Russia to hack the emails"


def test_the_cue_of_a_quotation_is_not_reported_speech_of_its_own():
    text = "“This deal is about the professional cloud,” Mr. Nadella said in a recent report in The New York Times."
    assert [(item.kind, item.text) for item in find_attributions(text)] == [
        ("direct", "This deal is about the professional cloud")]


def test_a_clause_after_said_is_not_an_inverted_source():
    # The source is the name before the appositive, not "Obamacare …" after the cue.
    assert sources_and_contents("Zeke Emanuel, an oncologist who advised Obama, said Obamacare has been a success.") == [
        ("Zeke Emanuel", "Obamacare has been a success")]


def test_a_poll_or_a_person_framing_a_sentence_is_its_source():
    assert sources_and_contents("In the new Post-ABC poll, the real estate mogul wins about 1 in 3 GOP primary voters.") == [
        ("the new Post-ABC poll", "the real estate mogul wins about 1 in 3 GOP primary voters")]
    assert sources_and_contents("For Jonathan Chait, Williamson is exposing the perverse moral logic of libertarianism.") == [
        ("Jonathan Chait", "Williamson is exposing the perverse moral logic of libertarianism")]
    assert sources_and_contents("For years, the party has lost the state by wide margins.") == []
    assert sources_and_contents("In Iowa, Trump leads Cruz by five points among likely voters.") == []


def test_a_question_asked_anywhere_in_a_sentence_names_its_asker_when_written():
    assert sources_and_contents("Earlier this month, Sanders was asked by host John Dickerson whether his aim "
                                "was similar to Kennedy's.") == [
        ("host John Dickerson", "whether his aim was similar to Kennedy's")]
    assert sources_and_contents("Asked on Monday whether Mr. Clinton would hold a cabinet position, Mrs. Clinton "
                                "shook her head.") == [("", "whether Mr. Clinton would hold a cabinet position")]


def test_a_cue_whose_source_runs_through_an_earlier_cue_is_part_of_that_content():
    # One attribution, "Organizers say …"; "want" is inside its content, not a second one
    # whose source would be "Organizers say they".
    assert sources_and_contents("Organizers say they want to avoid violence at the convention.") == [
        ("Organizers", "they want to avoid violence at the convention")]


def test_a_relative_clause_inside_a_source_does_not_hide_its_cue():
    found = sources_and_contents("Voters who want to ban abortion said the decision will make the choice starker.")
    assert ("Voters who want to ban abortion", "the decision will make the choice starker") in found


def test_a_share_written_in_figures_is_a_source():
    assert sources_and_contents("Six in 10 say he is at least somewhat decisive.") == [("Six in 10", "he is at least somewhat decisive")]


def test_after_told_whom_then_a_clause_with_its_own_subject_is_the_content():
    assert sources_and_contents("Gates told investigators he was working with Manafort.") == [
        ("Gates", "he was working with Manafort")]
    assert sources_and_contents("Trump told reporters the wall would be built.") == [("Trump", "the wall would be built")]


def test_a_quotation_after_adding_is_an_attribution_with_its_own_cue(bodies):
    body = bodies["156770d676ce79905198e1c8407f81e5ecfb617d9aa44712718707eb7e3b8e38"]
    start = body.index("Noem later tweeted")
    text = body[start:body.index("\n", start)]
    second = attribution_containing(find_attributions(text), "we need everyone on it")
    assert (second.speaker, second.cue, text[second.cue_start:second.cue_end]) == ("Noem", "adding", "adding")
    # What the app stores is unchanged: both pieces keep the sentence's cue there.
    assert [q.cue for q in find_quotes(text)] == ["tweeted", "tweeted"]


def test_a_quotation_split_around_its_own_attribution_keeps_one_cue():
    text = "“We will build it,” the mayor said. “And we will build it on time.”"
    assert [q.cue for q in find_attributions(text)] == ["said", "said"]


@pytest.mark.parametrize("key, sentence, source, cue, content", [
    ("1f765c48780665e8", "A photo of the meeting was denied by Andrew, hinting that it was a fake.",
     "Andrew", "denied", "A photo of the meeting"),
    ("e7994d5500875202", "Corbyn, a stolid socialist, is accused by critics of promoting high-tax policies",
     "critics", "accused", "Corbyn"),
])
def test_the_agent_of_a_passive_cue_is_the_source_and_its_subject_the_content(bodies, key, sentence, source, cue, content):
    body = next(text for name, text in bodies.items() if name.startswith(key))
    start = body.index(sentence)
    whole = body[start:body.index(".", start + len(sentence) - 1) + 1]
    found = [(whole[r.source_start:r.source_end], whole[r.cue_start:r.cue_end], whole[r.start:r.end])
             for r in find_reported_speech(whole)]
    assert (source, cue, content) in found


def test_a_passive_cue_without_an_agent_has_no_source():
    assert find_reported_speech("The attacks were condemned across the region on Sunday.") == []


def test_a_content_keeps_its_that_and_ends_before_a_participle_cue():
    found = sources_and_contents("The senator told reporters on Monday that the bill was dead, adding that the votes were never there.")
    assert found == [("The senator", "that the bill was dead"), ("The senator", "that the votes were never there")]
