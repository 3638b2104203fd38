"""Clustering quality against labeled events: BCubed and pairwise precision, recall and F1."""

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __str__(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"


def bcubed(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> Scores:
    """Per-item precision and recall of its cluster against its event, averaged over items (Bagga & Baldwin)."""
    items = list(gold)
    if not items:
        return Scores(1.0, 1.0)
    both = Counter((predicted[i], gold[i]) for i in items)
    cluster_sizes = Counter(predicted[i] for i in items)
    event_sizes = Counter(gold[i] for i in items)
    precision = sum(both[predicted[i], gold[i]] / cluster_sizes[predicted[i]] for i in items) / len(items)
    recall = sum(both[predicted[i], gold[i]] / event_sizes[gold[i]] for i in items) / len(items)
    return Scores(precision, recall)


def pairwise(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> Scores:
    """Precision and recall over pairs of items put together (by the clustering, by the events)."""
    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    items = list(gold)
    together = sum(pairs(n) for n in Counter((predicted[i], gold[i]) for i in items).values())
    predicted_pairs = sum(pairs(n) for n in Counter(predicted[i] for i in items).values())
    gold_pairs = sum(pairs(n) for n in Counter(gold[i] for i in items).values())
    return Scores(together / predicted_pairs if predicted_pairs else 1.0, together / gold_pairs if gold_pairs else 1.0)
