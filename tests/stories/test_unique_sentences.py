"""What each article adds: sentences no other article of the story carries (pure core, no database)."""

from pathlib import Path

import pytest

from newsroom.stories.unique_sentences import content_words, split_sentences, unique_sentences

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_it_splits_sentences_at_full_stops_and_paragraphs():
    text = "Rescuers reached Tarnow on Monday. “We found 40 families,” she said.\nA second paragraph\n\nAnd 3 more."
    assert split_sentences(text) == [
        "Rescuers reached Tarnow on Monday.", "“We found 40 families,” she said.", "A second paragraph", "And 3 more.",
    ]


def test_it_keeps_decimal_numbers_and_initials_inside_a_sentence():
    assert split_sentences("Shares rose 2.5 percent to $10.4 billion on Friday.") == [
        "Shares rose 2.5 percent to $10.4 billion on Friday."
    ]


def test_british_and_american_spellings_share_content_words():
    assert content_words("democratise AI") == content_words("democratize AI")


def test_it_returns_only_the_sentences_the_other_articles_lack():
    shared = "The dam on the river Vell broke near Tarnow on Monday, flooding forty homes in the valley."
    texts = {
        1: f"{shared} The mayor of Tarnow asked the army for help with sandbags and boats.",
        2: f"{shared.replace('Monday', 'Monday morning')} Insurers expect claims above two million euros this year.",
    }
    result = unique_sentences(texts)
    assert result == {
        1: ["The mayor of Tarnow asked the army for help with sandbags and boats."],
        2: ["Insurers expect claims above two million euros this year."],
    }


def test_a_single_article_adds_nothing_to_compare():
    assert unique_sentences({1: "The dam on the river Vell broke near Tarnow on Monday, flooding forty homes."}) == {1: []}


def test_short_fragments_are_not_findings():
    texts = {1: "Share on Facebook. The council voted to rebuild the bridge over the river by spring.", 2: "Nothing else here."}
    assert unique_sentences(texts)[1] == ["The council voted to rebuild the bridge over the river by spring."]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_in_the_seed_story_nadellas_statement_is_shared_and_choys_comment_is_tyler_s_own():
    texts = {path.name[:3]: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}
    story = {key: texts[key] for key in ("000", "002", "003", "004")}
    result = unique_sentences(story)
    assert not any("We formed our partnership with OpenAI" in s for s in result["000"])
    assert any("Marshall Choy, SVP product at SambaNova" in s for s in result["002"])
    assert any("laying off 10,000 people" in s for s in result["000"])
    assert not any("laying off" in s for s in result["002"])
