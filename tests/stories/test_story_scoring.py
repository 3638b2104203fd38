"""How score_against weighs an article against a story: time, amounts, copies, outlets and quotes."""

import json
from datetime import date

from newsroom.stories.features import event_features
from newsroom.stories.similarity import StoryProfile, amount_consistency, amounts_agree, score_against

FLOOD = (
    "Floods on the Yangtze River forced the evacuation of 200,000 people from Wuhan, officials said. "
    "The Yangtze floods destroyed dikes near Jiujiang and the army sent soldiers to reinforce them. "
    "Relief agencies asked for $30 million in aid for the flood victims along the Yangtze."
)
OTHER = (
    "The central bank raised interest rates by half a point to fight inflation, surprising markets. "
    "Bond traders said the rate increase would slow lending to companies and homebuyers."
)


def story_of(*texts, published=None):
    return StoryProfile.of([event_features("", text, published) for text in texts])


def test_the_same_text_scores_as_a_near_duplicate():
    match = score_against(event_features("Floods", FLOOD, None), story_of(FLOOD))
    assert match.near_duplicate
    assert match.score >= 1.0


def test_an_unrelated_article_scores_low():
    assert score_against(event_features("Rates", OTHER, None), story_of(FLOOD)).score < 0.1


def test_years_apart_cost_more_than_days_apart():
    story = story_of(FLOOD, published=date(1998, 8, 1))
    later_text = FLOOD.replace("200,000", "150,000") + " More rain fell on Thursday."
    days = score_against(event_features("", later_text, date(1998, 8, 4)), story)
    years = score_against(event_features("", later_text, date(2002, 8, 4)), story)
    assert years.score < days.score
    assert any("days apart" in reason for reason in years.reasons)


def test_a_year_the_story_cannot_predate_separates_an_undated_article():
    story = story_of(FLOOD, published=date(1998, 8, 1))
    undated = event_features("", FLOOD.replace("200,000", "150,000") + " It is the worst since 2010.", None)
    assert any("days apart" in reason for reason in score_against(undated, story).reasons)


def test_different_headline_amounts_count_against_a_match():
    story = story_of("Microsoft will invest $1 billion in OpenAI, the companies said on Monday.")
    article = event_features("", "Microsoft will invest $10 billion in OpenAI, the companies said on Monday.", None)
    same = event_features("", "Microsoft will invest $1 billion in OpenAI, the companies said on Monday.", None)
    assert score_against(article, story).score < score_against(same, story).score


def test_several_billions_agree_with_ten_billions_but_not_with_one():
    assert amounts_agree("usd:multi1e9", "usd:1e10")
    assert not amounts_agree("usd:multi1e9", "usd:1e9")
    assert not amounts_agree("usd:1e9", "eur:1e9")


def test_shared_quotes_raise_the_score():
    story = story_of(FLOOD)
    article = event_features("", FLOOD[:150] + " " + OTHER, None)
    assert score_against(article, story, shared_quotes=1).score > score_against(article, story).score


def test_the_same_outlet_on_the_same_day_lowers_the_score_unless_it_is_a_copy():
    story = story_of(FLOOD)
    article = event_features("", FLOOD[:150] + " " + OTHER, None)
    assert score_against(article, story, same_source_same_day=True).score < score_against(article, story).score
    copy = event_features("Floods", FLOOD, None)
    assert score_against(copy, story, same_source_same_day=True).near_duplicate


def test_a_profile_survives_a_round_trip_through_json():
    profile = story_of(FLOOD, OTHER, published=date(1998, 8, 1))
    assert StoryProfile.from_dict(json.loads(json.dumps(profile.to_dict()))) == profile


def seed_features(seed_texts, number):
    title, _, text = seed_texts[number].partition("\n")
    return event_features(title, text, None)


def test_a_story_defined_by_one_figure_holds_its_amount_fully(seed_texts):
    # 001's headline says "$1 billion": a story of it alone is defined by that figure.
    assert amount_consistency(StoryProfile.of([seed_features(seed_texts, "001")])) == 1.0


def test_a_story_whose_members_cite_different_figures_holds_its_amounts_loosely(seed_texts):
    # 000's lead says "multibillion-dollar", 001's "$1 billion": each figure is stated by one member of two.
    mixed = StoryProfile.of([seed_features(seed_texts, "000"), seed_features(seed_texts, "001")])
    assert amount_consistency(mixed) == 0.5

