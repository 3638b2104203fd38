"""Incremental event clustering: pick the story an article joins, from candidates found through an inverted index,
and fold a one-member story into the story an article joins when the two fit as one event.

`StoryIndex` is the in-memory twin of the database design (rows of (key, story_id)), used by tests and the bench.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date

from newsroom.stories.features import EventFeatures, index_keys
from newsroom.stories.similarity import Match, StoryProfile, score_against, score_story_against

# 0.12: best BCubed F1 on DUC 2006 (bench/clustering.py, date order); DUC 2007 held out.
THRESHOLD = 0.12
# Keys shared by more stories than this name a topic, not an event; skipping them keeps lookups flat.
MAX_POSTINGS = 200
# Only the stories hit by the most keys are scored in full.
MAX_CANDIDATES = 40
# A story of at most this many members may be folded into another story when an article fits both: a founder
# that fell just short of an existing story gets a second chance. Only the small side ever moves, so a merge
# costs at most this many members, and two grown stories never merge automatically.
SMALL_STORY = 1
# A one-member candidate the article did not reach is weighed against the story the article joined too (the
# story has grown since its founder fell short), but must fit it by this much more than the threshold: with no
# article bridging them the stories' own similarity is the only evidence. 0.05 on DUC 2006 (BCubed F1 0.886 ->
# 0.893); 0.04 scored 0.897 but 0.03 falls to 0.891 (wrong sets fold in), so the flatter 0.05 is kept.
UNBRIDGED_MARGIN = 0.05


def score_candidates(
    features: EventFeatures,
    candidates: Mapping[int, StoryProfile],
    *,
    same_source_same_day: frozenset[int] | set[int] = frozenset(),
    shared_quotes: Mapping[int, int] | None = None,
) -> dict[int, Match]:
    """The article's match with every candidate story.

    `same_source_same_day` holds the candidate ids that already have an article from this outlet on this day;
    `shared_quotes` maps candidate ids to the number of quotes the article shares with them."""
    return {
        story_id: score_against(
            features,
            candidates[story_id],
            same_source_same_day=story_id in same_source_same_day,
            shared_quotes=(shared_quotes or {}).get(story_id, 0),
        )
        for story_id in sorted(candidates)
    }


def pick_story(matches: Mapping[int, Match], threshold: float = THRESHOLD) -> tuple[int | None, Match | None]:
    """The best-scoring story and why, or (None, best match or None) when the article starts a new story."""
    best_id, best = None, None
    for story_id in sorted(matches):
        if best is None or matches[story_id].score > best.score:
            best_id, best = story_id, matches[story_id]
    if best is not None and (best.score >= threshold or best.near_duplicate):
        return best_id, best
    return None, best


def choose_story(
    features: EventFeatures,
    candidates: Mapping[int, StoryProfile],
    *,
    same_source_same_day: frozenset[int] | set[int] = frozenset(),
    shared_quotes: Mapping[int, int] | None = None,
    threshold: float = THRESHOLD,
) -> tuple[int | None, Match | None]:
    """The best-scoring candidate story and why, or (None, best match or None) when the article starts a new story."""
    matches = score_candidates(
        features, candidates, same_source_same_day=same_source_same_day, shared_quotes=shared_quotes
    )
    return pick_story(matches, threshold)


def merge_small_stories(
    joined: int,
    matches: Mapping[int, Match],
    profiles: MutableMapping[int, StoryProfile],
    threshold: float = THRESHOLD,
    can_move: Callable[[int], bool] | None = None,
) -> list[tuple[int, int, Match]]:
    """After an article joined story `joined` (its profile already counts it), fold into one story every pair
    of it and a candidate where one side is small and the small story, weighed as a whole, fits the bigger one
    (`score_story_against`): at the threshold when the article fits the candidate too (it bridges them), at
    the threshold plus UNBRIDGED_MARGIN when it does not.

    The smaller side moves (on a tie, the younger story: higher id), so older and bigger stories keep their
    ids; `can_move(small)` (asked only once a merge fits) may refuse, e.g. for a story an editor placed.
    `profiles` is changed in place: the survivor's entry becomes a merged copy and the absorbed one is removed;
    the profile objects themselves are never changed, so a caller may share them (profile_cache). Returns
    (absorbed, survivor, why) in the order applied; the article's story is the last survivor (or `joined`)."""
    merged = []
    survivor = joined
    for other in sorted(matches, key=lambda s: (-matches[s].score, s)):  # the stories it fits best first
        if other == survivor or other not in profiles:
            continue
        here, there = profiles[survivor], profiles[other]
        if min(here.members, there.members) > SMALL_STORY:
            continue
        small, big = (survivor, other) if (here.members, -survivor) < (there.members, -other) else (other, survivor)
        bar = threshold if matches[other].score >= threshold else threshold + UNBRIDGED_MARGIN
        why = score_story_against(profiles[small], profiles[big])
        if why.score >= bar and (can_move is None or can_move(small)):
            profiles[big] = profiles[big].copy()
            profiles[big].merge(profiles.pop(small))
            merged.append((small, big, why))
            survivor = big
    return merged


@dataclass
class StoryIndex:
    """Stories in memory with an inverted index of their members' keys and document frequencies."""

    profiles: dict[int, StoryProfile] = field(default_factory=dict)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    frequencies: Counter = field(default_factory=Counter)
    documents: int = 0
    outlet_days: dict[int, set[tuple[str, date]]] = field(default_factory=lambda: defaultdict(set))
    threshold: float = THRESHOLD
    keys: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))  # each story's postings
    merged_into: dict[int, int] = field(default_factory=dict)
    started: int = 0  # stories ever started: the next id (merged stories keep theirs, unused)

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

    def resolve(self, story_id: int) -> int:
        """The story that now holds what `story_id` held (itself unless merged)."""
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    def assign(self, features: EventFeatures, source: str = "") -> tuple[int, Match | None]:
        candidates = self.candidates(features)
        day = features.published
        crowded = {s for s in candidates if source and day and (source, day) in self.outlet_days[s]}
        matches = score_candidates(features, candidates, same_source_same_day=crowded)
        story_id, match = pick_story(matches, self.threshold)
        joined = story_id is not None
        if not joined:
            self.started += 1
            story_id = self.started
            self.profiles[story_id] = StoryProfile()
        self.profiles[story_id].add(features)
        self.post(story_id, index_keys(features))
        if source and day:
            self.outlet_days[story_id].add((source, day))
        if joined:
            for small, big, _ in merge_small_stories(story_id, matches, self.profiles, self.threshold):
                self.absorb_story(small, big)
                story_id = big
        return story_id, match

    def post(self, story_id: int, keys: set[str]) -> None:
        for key in keys:
            self.postings[key].add(story_id)
        self.keys[story_id] |= keys

    def absorb_story(self, small: int, big: int) -> None:
        """Index bookkeeping of a merge whose profiles `merge_small_stories` already combined."""
        moved = self.keys.pop(small, set())
        for key in moved:
            self.postings[key].discard(small)
        self.post(big, moved)
        self.outlet_days[big] |= self.outlet_days.pop(small, set())
        self.merged_into[small] = big
