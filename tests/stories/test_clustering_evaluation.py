"""BCubed and pairwise precision and recall, checked on small cases worked out by hand."""

import pytest

from newsroom.stories.evaluation import bcubed, pairwise

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


def test_a_perfect_clustering_scores_one():
    assert bcubed(GOLD, GOLD).f1 == 1.0
    assert pairwise(GOLD, GOLD).f1 == 1.0


def test_singletons_have_full_precision_and_low_recall():
    singletons = {item: item for item in GOLD}
    assert bcubed(singletons, GOLD).precision == 1.0
    assert bcubed(singletons, GOLD).recall == pytest.approx((3 * 1 / 3 + 2 * 1 / 2) / 5)
    assert pairwise(singletons, GOLD).recall == 0.0


def test_one_big_cluster_has_full_recall_and_low_precision():
    lumped = {item: 0 for item in GOLD}
    assert bcubed(lumped, GOLD).recall == 1.0
    assert bcubed(lumped, GOLD).precision == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)
    assert pairwise(lumped, GOLD).precision == pytest.approx(4 / 10)


def test_one_misplaced_item_costs_both_measures():
    predicted = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}
    assert pairwise(predicted, GOLD).precision == pytest.approx(2 / 4)
    assert pairwise(predicted, GOLD).recall == pytest.approx(2 / 4)
    assert bcubed(predicted, GOLD).precision == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
