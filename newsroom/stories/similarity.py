"""How well an article fits a story: content, names, amounts, time, quotes and source, with the reasons.

A StoryProfile aggregates a story's members incrementally and is stored as JSON; no Django here.
"""

import math
import operator
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from newsroom.stories.features import EventFeatures

PROFILE_TERMS = 300  # centroid size kept per story: plenty for cosine, bounded for storage
PROFILE_ENTITIES = 200  # names kept per story, most frequent first
PROFILE_FINGERPRINTS = 20  # near-duplicate checks compare with the latest members only

# Scoring weights, tuned for best BCubed F1 on DUC 2006 (bench/clustering.py); DUC 2007 held out.
NEAR_DUPLICATE = 0.6  # share of agreeing min-hashes: wire copy re-run with light edits
TIME_GRACE_DAYS = 14  # coverage of one event runs for days, follow-ups for weeks
TIME_PENALTY_PER_DAY = 0.0002
TIME_PENALTY_MAX = 0.1
AMOUNT_CONFLICT_PENALTY = 0.3  # scaled by amount_consistency: full for a story defined by one figure
AMOUNT_AGREEMENT_BONUS = 0.05
QUOTE_BONUS = 0.08
SAME_SOURCE_SAME_DAY_PENALTY = 0.05


@dataclass
class StoryProfile:
    """Aggregated evidence of a story's members, updated one member at a time."""

    centroid: dict[str, float] = field(default_factory=dict)
    members: int = 0
    entities: Counter = field(default_factory=Counter)
    amounts: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    not_before: date | None = None
    fingerprints: list[tuple[int, ...]] = field(default_factory=list)
    # The centroid's norm, kept until `add` or `merge` changes the centroid (the only ways it changes): a
    # candidate is scored by many uploads in a row (profile_cache keeps it decoded), and a grown story's
    # 300-600 squared weights were summed again for every one of them.
    _norm: float | None = field(default=None, init=False, repr=False, compare=False)

    def centroid_norm(self) -> float:
        """Euclidean norm of the centroid (0.0 when empty)."""
        if self._norm is None:
            self._norm = math.sqrt(sum(v * v for v in self.centroid.values()))
        return self._norm

    def copy(self) -> "StoryProfile":
        """An independent copy (same order of keys, so trimming ties fall the same way), to change while the
        original stays shared."""
        # replace() carries every other field; only the containers `add` and `merge` change need copies.
        twin = replace(
            self, centroid=dict(self.centroid), entities=Counter(self.entities), amounts=Counter(self.amounts),
            years=Counter(self.years), fingerprints=list(self.fingerprints),
        )
        twin._norm = self._norm  # not an init field, so replace() leaves it at None
        return twin

    def add(self, features: EventFeatures) -> None:
        self._norm = None
        for key, weight in features.terms.items():
            self.centroid[key] = self.centroid.get(key, 0.0) + weight
        if len(self.centroid) > PROFILE_TERMS * 2:
            self.centroid = dict(sorted(self.centroid.items(), key=lambda kv: -kv[1])[:PROFILE_TERMS])
        self.members += 1
        self.entities.update(features.entities)
        if len(self.entities) > PROFILE_ENTITIES * 2:
            self.entities = Counter(dict(self.entities.most_common(PROFILE_ENTITIES)))
        self.amounts.update(features.amounts)
        self.years.update(features.years)
        if features.published:
            self.first = min(filter(None, [self.first, features.published]))
            self.last = max(filter(None, [self.last, features.published]))
        if features.not_before:
            self.not_before = min(filter(None, [self.not_before, features.not_before]))
        if features.fingerprint:
            self.fingerprints = (self.fingerprints + [features.fingerprint])[-PROFILE_FINGERPRINTS:]

    def merge(self, other: "StoryProfile") -> None:
        """Take in every member of `other` at once (an automatic story merge), as if each had been added."""
        self._norm = None
        for key, weight in other.centroid.items():
            self.centroid[key] = self.centroid.get(key, 0.0) + weight
        if len(self.centroid) > PROFILE_TERMS * 2:
            self.centroid = dict(sorted(self.centroid.items(), key=lambda kv: -kv[1])[:PROFILE_TERMS])
        self.members += other.members
        self.entities.update(other.entities)
        if len(self.entities) > PROFILE_ENTITIES * 2:
            self.entities = Counter(dict(self.entities.most_common(PROFILE_ENTITIES)))
        self.amounts.update(other.amounts)
        self.years.update(other.years)
        self.first = min(filter(None, [self.first, other.first]), default=None)
        self.last = max(filter(None, [self.last, other.last]), default=None)
        self.not_before = min(filter(None, [self.not_before, other.not_before]), default=None)
        self.fingerprints = (other.fingerprints + self.fingerprints)[-PROFILE_FINGERPRINTS:]

    @classmethod
    def of(cls, members: list[EventFeatures]) -> "StoryProfile":
        profile = cls()
        for features in members:
            profile.add(features)
        return profile

    def to_dict(self) -> dict:
        return {
            "centroid": {k: round(v, 5) for k, v in self.centroid.items()},
            "members": self.members,
            "entities": dict(self.entities),
            "amounts": dict(self.amounts),
            "years": {str(y): n for y, n in self.years.items()},
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "not_before": self.not_before.isoformat() if self.not_before else None,
            "fingerprints": [list(f) for f in self.fingerprints],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "StoryProfile":
        def day(value):
            return date.fromisoformat(value) if value else None

        return cls(
            centroid=dict(data["centroid"]),
            members=data["members"],
            entities=Counter(data["entities"]),
            amounts=Counter(data["amounts"]),
            years=Counter({int(y): n for y, n in data["years"].items()}),
            first=day(data["first"]),
            last=day(data["last"]),
            not_before=day(data.get("not_before")),
            fingerprints=[tuple(f) for f in data["fingerprints"]],
        )


@dataclass(frozen=True)
class Match:
    """A score and the evidence behind it, as shown to editors."""

    score: float
    shared_terms: list[str]
    shared_entities: list[str]
    shared_amounts: list[str]
    reasons: list[str]
    near_duplicate: bool = False

    def to_dict(self) -> dict:
        return {
            "score": round(self.score, 4),
            "shared_terms": self.shared_terms,
            "shared_entities": self.shared_entities,
            "shared_amounts": self.shared_amounts,
            "reasons": self.reasons,
            "near_duplicate": self.near_duplicate,
        }


def amounts_agree(a: str, b: str) -> bool:
    """Equal amounts, or "several billions" against a figure of two billions or more in the same currency."""
    if a == b:
        return True
    currency_a, value_a = a.split(":", 1)
    currency_b, value_b = b.split(":", 1)
    if currency_a != currency_b:
        return False
    for vague, exact in ((value_a, value_b), (value_b, value_a)):
        if vague.startswith("multi") and not exact.startswith("multi"):
            floor = 2 * float(vague.removeprefix("multi"))
            return floor <= float(exact) < floor * 500
    return False


def amount_consistency(profile: StoryProfile) -> float:
    """Share of the story's members whose lead states its commonest amount: 1.0 for a story defined by one
    figure (a deal, a toll), low for a broad story whose members each cite figures of their own."""
    if not profile.amounts or not profile.members:
        return 0.0
    return min(1.0, profile.amounts.most_common(1)[0][1] / profile.members)


def time_gap_days(features: EventFeatures, profile: StoryProfile) -> int:
    """Days between the article and the story's dated coverage; year-only clues count as a lower bound."""
    if features.published and profile.first:
        if features.published < profile.first:
            return (profile.first - features.published).days
        return max(0, (features.published - profile.last).days)
    # One side lacks a date: only a year the other side cannot predate separates them.
    if features.published and profile.not_before and features.published < profile.not_before:
        return (profile.not_before - features.published).days
    if profile.last and features.not_before and features.not_before > profile.last:
        return (features.not_before - profile.last).days
    return 0


def near_duplicate(features: EventFeatures, profile: StoryProfile) -> float:
    best = 0.0
    for other in profile.fingerprints:
        if len(other) == len(features.fingerprint) and other:
            # map(operator.eq) counts the same as a generator of comparisons, for less: 20 of them per candidate.
            best = max(best, sum(map(operator.eq, other, features.fingerprint)) / len(other))
    return best


def score_against(
    features: EventFeatures,
    profile: StoryProfile,
    *,
    same_source_same_day: bool = False,
    shared_quotes: int = 0,
) -> Match:
    """Cosine of the article against the story's centroid, adjusted by amounts, time, quotes and source."""
    norm = profile.centroid_norm() or 1.0
    contributions = {
        key: weight * profile.centroid[key] / norm for key, weight in features.terms.items() if key in profile.centroid
    }
    cosine = sum(contributions.values())
    reasons = [f"content similarity {cosine:.2f}"]
    shared_terms, shared_entities = _shared_keys(contributions)
    score, shared_amounts = _amounts_and_time(
        cosine, reasons, features.amounts, profile, time_gap_days(features, profile)
    )

    if shared_quotes:
        score += QUOTE_BONUS * min(shared_quotes, 3)
        reasons.append(f"{shared_quotes} shared quote{'s' if shared_quotes > 1 else ''}")

    duplicate = near_duplicate(features, profile) >= NEAR_DUPLICATE
    if duplicate:
        score = max(score, 1.0)
        reasons.append("near-duplicate of a member")
    elif same_source_same_day:
        score -= SAME_SOURCE_SAME_DAY_PENALTY
        reasons.append("same outlet, same day")
    return Match(
        score=score,
        shared_terms=shared_terms,
        shared_entities=shared_entities,
        shared_amounts=shared_amounts,
        reasons=reasons,
        near_duplicate=duplicate,
    )


def story_gap_days(small: StoryProfile, big: StoryProfile) -> int:
    """Days between the dated coverage of two stories (0 when they overlap or one is undated)."""
    if not (small.first and big.first):
        return 0
    return max(0, (small.first - big.last).days, (big.first - small.last).days)


def score_story_against(small: StoryProfile, big: StoryProfile) -> Match:
    """How well a small story fits a bigger one, weighed like an article joining it: the cosine of the two
    centroids, then amounts and time as in `score_against`. For a one-member story this is its founder's own
    score against the bigger story (less quotes and outlet), so the article threshold applies to it unchanged."""
    norm_small = small.centroid_norm() or 1.0
    norm_big = big.centroid_norm() or 1.0
    contributions = {
        key: weight * big.centroid[key] / (norm_small * norm_big)
        for key, weight in small.centroid.items()
        if key in big.centroid
    }
    cosine = sum(contributions.values())
    reasons = [f"stories' content similarity {cosine:.2f}"]
    shared_terms, shared_entities = _shared_keys(contributions)
    score, shared_amounts = _amounts_and_time(cosine, reasons, small.amounts, big, story_gap_days(small, big))
    return Match(
        score=score,
        shared_terms=shared_terms,
        shared_entities=shared_entities,
        shared_amounts=shared_amounts,
        reasons=reasons,
    )


def _shared_keys(contributions: dict[str, float]) -> tuple[list[str], list[str]]:
    """The 8 terms and 8 entities that contribute most to a cosine, best first."""
    ranked = sorted(contributions, key=lambda k: -contributions[k])
    return [k for k in ranked if not k.startswith("e:")][:8], [k[2:] for k in ranked if k.startswith("e:")][:8]


def _amounts_and_time(
    score: float, reasons: list[str], amounts, profile: StoryProfile, gap: int
) -> tuple[float, list[str]]:
    """The amount and time adjustments an article (or a small story) gets against a story: the adjusted
    score and the amounts they share; each adjustment's reason is appended to `reasons`."""
    shared_amounts = sorted(a for a in amounts if any(amounts_agree(a, b) for b in profile.amounts))
    if shared_amounts:
        score += AMOUNT_AGREEMENT_BONUS
        reasons.append(f"same amounts: {', '.join(shared_amounts)}")
    elif amounts and profile.amounts:
        score -= AMOUNT_CONFLICT_PENALTY * amount_consistency(profile)
        reasons.append(f"different amounts: {', '.join(sorted(amounts))} vs {', '.join(sorted(profile.amounts))}")
    if gap > TIME_GRACE_DAYS:
        score -= min(TIME_PENALTY_MAX, (gap - TIME_GRACE_DAYS) * TIME_PENALTY_PER_DAY)
        reasons.append(f"{gap} days apart")
    return score, shared_amounts
