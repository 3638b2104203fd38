"""Incremental event clustering: pick the story an article joins, from candidates found through an inverted index.

`StoryIndex` is the in-memory twin of the database design (rows of (key, story_id)), used by tests and the bench.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from newsroom.stories.features import EventFeatures, index_keys
from newsroom.stories.similarity import Match, StoryProfile, score_against

# 0.12: best BCubed F1 on DUC 2006 (bench/clustering.py, date order); DUC 2007 held out.
THRESHOLD = 0.12
# Keys shared by more stories than this name a topic, not an event; skipping them keeps lookups flat.
MAX_POSTINGS = 200
# Only the stories hit by the most keys are scored in full.
MAX_CANDIDATES = 40


def choose_story(
    features: EventFeatures,
    candidates: Mapping[int, StoryProfile],
    *,
    same_source_same_day: frozenset[int] | set[int] = frozenset(),
    shared_quotes: Mapping[int, int] | None = None,
    threshold: float = THRESHOLD,
) -> tuple[int | None, Match | None]:
    """The best-scoring candidate story and why, or (None, best match or None) when the article starts a new story.

    `same_source_same_day` holds the candidate ids that already have an article from this outlet on this day;
    `shared_quotes` maps candidate ids to the number of quotes the article shares with them."""
    best_id, best = None, None
    for story_id in sorted(candidates):
        match = score_against(
            features,
            candidates[story_id],
            same_source_same_day=story_id in same_source_same_day,
            shared_quotes=(shared_quotes or {}).get(story_id, 0),
        )
        if best is None or match.score > best.score:
            best_id, best = story_id, match
    if best is not None and (best.score >= threshold or best.near_duplicate):
        return best_id, best
    return None, best


@dataclass
class StoryIndex:
    """Stories in memory with an inverted index of their members' keys and document frequencies."""

    profiles: dict[int, StoryProfile] = field(default_factory=dict)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    frequencies: Counter = field(default_factory=Counter)
    documents: int = 0
    outlet_days: dict[int, set[tuple[str, date]]] = field(default_factory=lambda: defaultdict(set))
    threshold: float = THRESHOLD

    def document_frequencies(self, keys) -> dict[str, int]:
        return {key: self.frequencies[key] for key in keys if key in self.frequencies}

    def candidates(self, features: EventFeatures) -> dict[int, StoryProfile]:
        hits: Counter = Counter()
        for key in index_keys(features):
            stories = self.postings.get(key)
            if stories and len(stories) <= MAX_POSTINGS:
                hits.update(stories)
        return {story_id: self.profiles[story_id] for story_id, _ in hits.most_common(MAX_CANDIDATES)}

    def count(self, keys: set[str]) -> None:
        """Add one article's distinct keys (`frequency_keys`) to the document frequencies."""
        self.frequencies.update(keys)
        self.documents += 1

    def assign(self, features: EventFeatures, source: str = "") -> tuple[int, Match | None]:
        candidates = self.candidates(features)
        day = features.published
        crowded = {s for s in candidates if source and day and (source, day) in self.outlet_days[s]}
        story_id, match = choose_story(features, candidates, same_source_same_day=crowded, threshold=self.threshold)
        if story_id is None:
            story_id = len(self.profiles) + 1
            self.profiles[story_id] = StoryProfile()
        self.profiles[story_id].add(features)
        for key in index_keys(features):
            self.postings[key].add(story_id)
        if source and day:
            self.outlet_days[story_id].add((source, day))
        return story_id, match
