"""The five seed articles form exactly two stories, whatever order they arrive in."""

import itertools
from datetime import date

import pytest

from newsroom.stories.clustering import StoryIndex
from newsroom.stories.features import event_features, frequency_keys

THE_2023_DEAL = {"000", "002", "003", "004"}
THE_2019_DEAL = {"001"}


def cluster_seeds(seed_texts: dict[str, str], order: tuple[str, ...]) -> set[frozenset[str]]:
    """Upload the seeds in `order`, undated, with document frequencies growing as the database's would."""
    stories = StoryIndex()
    assigned = {}
    for number in order:
        title, _, text = seed_texts[number].partition("\n")
        features = event_features(
            title, text, None, document_frequencies=stories.document_frequencies, documents=stories.documents
        )
        assigned[number], _ = stories.assign(features)
        stories.count(frequency_keys(title, text))
    assigned = {number: stories.resolve(story) for number, story in assigned.items()}  # after any later merge
    return {frozenset(n for n in assigned if assigned[n] == story) for story in set(assigned.values())}


def test_the_seeds_form_exactly_two_stories(seed_texts):
    assert cluster_seeds(seed_texts, tuple(sorted(seed_texts))) == {frozenset(THE_2023_DEAL), frozenset(THE_2019_DEAL)}


@pytest.mark.parametrize("order", list(itertools.permutations(["000", "001", "002", "003", "004"])))
def test_it_keeps_the_2019_deal_apart_in_any_order_of_arrival(seed_texts, order):
    assert cluster_seeds(seed_texts, order) == {frozenset(THE_2023_DEAL), frozenset(THE_2019_DEAL)}


def test_it_keeps_the_2019_deal_apart_when_dates_are_known(seed_texts):
    stories = StoryIndex()
    dates = {"000": "2023-01-23", "001": "2019-07-22", "002": "2023-01-24", "003": "2023-01-24", "004": "2023-01-23"}
    assigned = {}
    for number in ["001", "004", "000", "003", "002"]:
        title, _, text = seed_texts[number].partition("\n")
        assigned[number], _ = stories.assign(event_features(title, text, date.fromisoformat(dates[number])))
    assert len({assigned[n] for n in THE_2023_DEAL}) == 1
    assert assigned["001"] != assigned["000"]


def test_its_reasons_name_what_the_2023_articles_share(seed_texts):
    stories = StoryIndex()
    for number in ["000", "002"]:
        title, _, text = seed_texts[number].partition("\n")
        _, match = stories.assign(event_features(title, text, None))
    assert {"microsoft", "openai"} <= set(match.shared_entities)
    assert "usd:multi1e9" in match.shared_amounts
    assert match.reasons[0].startswith("content similarity")
