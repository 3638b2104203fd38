"""What event_features reads from one article: amounts, years, names, dates and index keys."""

import json
from datetime import date

from newsroom.stories.features import MAX_INDEX_ENTITIES, MAX_INDEX_TERMS, EventFeatures, event_features, index_keys


def test_it_normalizes_money_amounts():
    features = event_features("Deal", "OpenAI will receive a $1 billion investment, then $10billion and $300 million.", None)
    assert {"usd:1e9", "usd:1e10", "usd:3e8"} <= features.amounts


def test_it_reads_multibillion_dollar_as_several_billions():
    features = event_features("Deal", "a multiyear, multibillion-dollar investment", None)
    assert features.amounts == {"usd:multi1e9"}


def test_it_collects_the_years_a_text_mentions():
    features = event_features("Deal", "It follows investments in 2019 and 2021 and costs $2,019.", None)
    assert features.years == {2019, 2021}


def test_it_keeps_the_given_publication_date():
    features = event_features("Deal", "Announced on January 23, 2023.", date(2023, 1, 24))
    assert features.published == date(2023, 1, 24)
    assert not features.date_inferred


def test_it_infers_a_date_from_a_full_date_in_the_text_when_none_is_given():
    features = event_features("Deal", "Announced on January 23, 2023 in Redmond.", None)
    assert features.published == date(2023, 1, 23)
    assert features.date_inferred


def test_it_finds_multiword_names_but_not_sentence_starts():
    text = "Microsoft said Satya Nadella would speak. However the board agreed with Satya Nadella."
    features = event_features("", text, None)
    assert "satya nadella" in features.entities
    assert "microsoft" in features.entities
    assert "however" not in features.entities


def test_a_title_case_headline_gives_no_names_of_its_own():
    # From DUC 2006 (Xinhua, 1998): the Title Case headline once made "help farmers harvest" a name.
    features = event_features(
        "Spiders Help Farmers Harvest More Grain in Hunan Province",
        "Farmers in Xiangyin County use spiders to eat pests in their paddy fields, Liu Hui said.",
        None,
    )
    assert not any("harvest" in name or "spiders" in name for name in features.entities)
    assert {"xiangyin county", "liu hui"} <= features.entities


def test_a_sentence_case_headline_still_names_who_it_is_about():
    features = event_features("Microsoft invests in OpenAI", "The deal was announced on Monday.", None)
    assert {"microsoft", "openai"} <= features.entities


def test_it_names_the_2019_deal_from_the_seed(seed_texts):
    title, _, text = seed_texts["001"].partition("\n")
    features = event_features(title, text, None)
    assert "usd:1e9" in features.amounts
    assert {"microsoft", "openai"} <= features.entities


def test_it_survives_a_round_trip_through_json(seed_texts):
    title, _, text = seed_texts["002"].partition("\n")
    features = event_features(title, text, date(2023, 1, 23))
    assert EventFeatures.from_dict(json.loads(json.dumps(features.to_dict()))) == features


def test_it_bounds_the_number_of_index_keys(seed_texts):
    for raw in seed_texts.values():
        title, _, text = raw.partition("\n")
        keys = index_keys(event_features(title, text, None))
        assert 0 < len(keys) <= MAX_INDEX_ENTITIES + MAX_INDEX_TERMS + 6  # names, terms, at most six amounts


def test_it_weighs_rare_words_above_common_ones():
    frequencies = {"ceasefire": 1, "government": 90}
    features = event_features(
        "", "The government announced a ceasefire. The government spoke.", None,
        document_frequencies=lambda keys: {k: v for k, v in frequencies.items() if k in keys}, documents=100,
    )
    assert features.terms["ceasefire"] > features.terms["government"]
