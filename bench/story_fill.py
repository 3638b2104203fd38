"""Bulk fill of the stories tables for the benchmarks: what N calls of `assign_story` would have stored.

Every row is computed by the pure core the app calls (`event_features`, `frequency_keys`, `index_keys`,
`score_candidates`, `pick_story`, `merge_small_stories`, `StoryProfile`), one article at a time in upload
order, then bulk-inserted. Shared by bench/stories_scale.py (stories alone) and bench/ingest_fill.py (the
whole pipeline).

Automatic merges are replayed as `Story.take_in` stores them: the small story's members move to the
survivor (their explanation rewritten, their score kept), its StoryKey rows move with KeyCount.stories
adjusted, and its row stays, emptied (no profile, no counts, no source names, headline and dates kept),
redirecting to the survivor (`merged_into`).

Rows are dicts with "title", "text", "published" (ISO date or datetime, UTC) and "source" (a name).
"""

import hashlib
import pickle
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from multiprocessing import Pool
from pathlib import Path

BLOCK = 250  # articles per feature job: small enough for two processes to share the work evenly


def published_date(row: dict) -> date:
    return datetime.fromisoformat(row["published"]).date()


def published_datetime(row: dict) -> datetime:
    value = datetime.fromisoformat(row["published"])
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _frequency_keys(row: dict) -> list[str]:
    from newsroom.stories.features import frequency_keys

    return sorted(frequency_keys(row["title"], row["text"]))


def _features_block(job) -> list[dict]:
    """Features of consecutive articles, each weighted by the counts of every article before it."""
    from newsroom.stories.features import event_features

    rows, frequencies, documents, keys = job
    frequencies = Counter(frequencies)
    found = []
    for row, row_keys in zip(rows, keys):
        features = event_features(
            row["title"], row["text"], published_date(row),
            document_frequencies=lambda wanted: {k: frequencies[k] for k in wanted if k in frequencies},
            documents=documents,
        )
        found.append(features.to_dict())
        frequencies.update(row_keys)
        documents += 1
    return found


def fill_features(rows: list[dict], cache: Path | None = None, processes: int = 2) -> tuple[list[dict], list[list[str]]]:
    """(features, frequency keys) of every row, with exact document frequencies; cached in `cache` if given.

    Computed block by block in `processes` processes, each block starting from the counts of every
    article before it, so the result is the same as one article at a time.
    """
    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f)
    started = time.perf_counter()
    with Pool(processes) as pool:
        keys = pool.map(_frequency_keys, rows, chunksize=200)

        def jobs():
            frequencies: Counter = Counter()
            for start in range(0, len(rows), BLOCK):
                yield rows[start : start + BLOCK], dict(frequencies), start, keys[start : start + BLOCK]
                for row_keys in keys[start : start + BLOCK]:
                    frequencies.update(row_keys)

        features = [f for block in pool.imap(_features_block, jobs()) for f in block]
    print(f"  story features of {len(rows):,} articles computed in {time.perf_counter() - started:.0f} s", flush=True)
    if cache is not None:
        with cache.open("wb") as f:
            pickle.dump((features, keys), f, protocol=pickle.HIGHEST_PROTOCOL)
    return features, keys


class Fill:
    """The stories the app would hold, built one article at a time by the pure core, ready to bulk-insert."""

    def __init__(self, features: list | None = None):
        from newsroom.stories.similarity import StoryProfile

        self.StoryProfile = StoryProfile
        self.features = features or []  # EventFeatures by position
        self.story_of: list[int] = []  # per article (by position): its story's id
        self.explanations: list[dict] = []
        self.scores: list[float | None] = []
        self.profiles: dict[int, object] = {}
        self.members: dict[int, list[int]] = defaultdict(list)
        self.representative: dict[int, tuple[int, float]] = {}
        self.postings: dict[str, list[int]] = defaultdict(list)  # stored StoryKey rows, in posting order
        self.story_counts: Counter = Counter()  # KeyCount.stories
        self.story_keys: dict[int, set[str]] = defaultdict(set)
        self.outlet_days: dict[int, set] = defaultdict(set)
        self.merged_into: dict[int, int] = {}  # automatic merges (clustering.merge_small_stories): small -> big
        # What a folded story's emptied row keeps (Story.take_in clears only profile and counts): its members
        # and representative at the time of the merge, for the headline and dates.
        self.folded: dict[int, tuple[list[int], tuple[int, float]]] = {}
        self.started = 0  # stories ever started: the next story's id (folded stories keep theirs)
        self.frequencies: Counter = Counter()
        self.documents = 0

    def candidates(self, features) -> dict[int, object]:
        """The candidate stories' profiles, as `candidate_story_ids` ranks them from the StoryKey index."""
        from newsroom.stories.clustering import MAX_CANDIDATES, MAX_POSTINGS
        from newsroom.stories.features import index_keys

        hits: Counter = Counter()
        for key in sorted({key[:200] for key in index_keys(features)}):
            if self.story_counts[key] <= MAX_POSTINGS:
                hits.update(self.postings.get(key, ()))
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]
        return {story_id: self.profiles[story_id] for story_id, _ in ranked}

    def add(self, row: dict, features, keys: list[str], shared_quotes=None, explain=None) -> int:
        """Place the next article as `assign_story` does, automatic merges included.

        `shared_quotes(candidate ids)` gives the quotes it shares per candidate story; `explain(story id,
        explanation)` may complete the explanation of a joining article before any merge (as
        `assignment._explanation` does). Returns the id of the story that holds the article at the end."""
        from newsroom.stories.assignment import _founder_explanation
        from newsroom.stories.clustering import MAX_POSTINGS, merge_small_stories, pick_story, score_candidates
        from newsroom.stories.features import index_keys
        from newsroom.stories.models import profile_closeness

        own_keys = sorted({key[:200] for key in index_keys(features)})
        candidates = self.candidates(features)
        outlet_day = (row["source"], features.published)
        crowded = {s for s in candidates if outlet_day in self.outlet_days[s]}
        quotes = shared_quotes(candidates) if shared_quotes and candidates else {}
        matches = score_candidates(features, candidates, same_source_same_day=crowded, shared_quotes=quotes)
        story_id, match = pick_story(matches)
        joined = story_id is not None
        if not joined:
            self.started += 1
            story_id = self.started
            self.profiles[story_id] = self.StoryProfile()
            self.explanations.append(_founder_explanation(match))
            self.scores.append(None)
        else:
            self.explanations.append(match.to_dict())
            self.scores.append(match.score)
            if explain is not None:
                explain(story_id, self.explanations[-1])
        profile = self.profiles[story_id]
        profile.add(features)
        position = len(self.story_of)
        self.story_of.append(story_id)
        self.members[story_id].append(position)
        self.outlet_days[story_id].add(outlet_day)
        # The representative as Story.absorb picks it: the current one re-scored against the grown profile
        # (that score is stored even when it stays), the newcomer taking over only if strictly closer.
        closeness = profile_closeness(features, profile)
        current = self.representative.get(story_id)
        if current is not None:
            current = (current[0], profile_closeness(self.features[current[0]], profile))
        self.representative[story_id] = (position, closeness) if current is None or closeness > current[1] else current
        # Stored as JSON (centroid weights rounded) and read back for the next article, as the app does.
        self.profiles[story_id] = self.StoryProfile.from_dict(profile.to_dict())
        new = [key for key in own_keys if key not in self.story_keys[story_id]]
        for key in new:
            if self.story_counts[key] <= MAX_POSTINGS:
                self.postings[key].append(story_id)
                self.story_keys[story_id].add(key)
            self.story_counts[key] += 1
        self.frequencies.update(keys)
        self.documents += 1
        if not joined or len(matches) < 2:
            return story_id
        # assignment.merge_bridged_stories: the candidates' profiles as read, the joined one as grown in memory
        # (not yet rounded through JSON), merged in place by the pure core.
        profiles = {pk: self.profiles[pk] for pk in candidates}
        profiles[story_id] = profile
        survivor = story_id
        for small, big, why in merge_small_stories(story_id, matches, profiles):
            self.take_in(small, big, profiles[big], why)
            survivor = big
        return survivor

    def take_in(self, small: int, big: int, profile, why) -> None:
        """Story.take_in: `small`'s members, StoryKey postings and outlet days move to `big`, whose merged
        `profile` the pure core computed; `small` keeps an emptied row redirecting to `big`."""
        from newsroom.stories.clustering import MAX_POSTINGS
        from newsroom.stories.models import profile_closeness

        moved = self.members.pop(small)
        self.folded[small] = (list(moved), self.representative.pop(small))
        explanation = {**why.to_dict(), "reasons": [f"its story {small} was merged into this one", *why.reasons]}
        for position in moved:
            self.story_of[position] = big
            self.members[big].append(position)
            self.explanations[position] = dict(explanation)  # the score stays the article's own
        self.members[big].sort()
        for story, into in self.merged_into.items():  # earlier redirects to `small` now point at `big`
            if into == small:
                self.merged_into[story] = big
        self.merged_into[small] = big
        # The representative stays unless the newcomer's is strictly closer to the merged profile.
        kept, newcomer = self.representative[big][0], self.folded[small][1][0]
        kept_score = profile_closeness(self.features[kept], profile)
        newcomer_score = profile_closeness(self.features[newcomer], profile)
        self.representative[big] = (newcomer, newcomer_score) if newcomer_score > kept_score else (kept, kept_score)
        self.profiles.pop(small, None)
        self.profiles[big] = self.StoryProfile.from_dict(profile.to_dict())
        # small.replace_keys(set()) then big.add_keys(its keys): every posting of small goes (one story fewer
        # for each key), then big is posted under those it lacks, unless they became crowded.
        keys = self.story_keys.pop(small, set())
        for key in keys:
            self.postings[key].remove(small)
            if not self.postings[key]:
                del self.postings[key]
            self.story_counts[key] -= 1
        for key in sorted(keys - self.story_keys[big]):
            if self.story_counts[key] <= MAX_POSTINGS:
                self.postings[key].append(big)
                self.story_keys[big].add(key)
            self.story_counts[key] += 1
        self.outlet_days[big] |= self.outlet_days.pop(small, set())


def insert_stories(fill: Fill, rows: list[dict], features_dicts: list[dict], pk_at: list[int]) -> None:
    """Bulk-insert features, stories, memberships, StoryKey postings and KeyCount for the articles placed in `fill`.

    `rows[i]`, `features_dicts[i]` and `pk_at[i]` (the stored article's id) belong to the i-th placed article.
    Consumes nothing of `fill`.
    """
    from django.utils.text import slugify

    from newsroom.stories.models import DOCUMENTS_KEY, SLUG_LENGTH, ArticleFeatures, KeyCount, Membership, Story, StoryKey

    size = len(fill.story_of)
    now = datetime.now(UTC)
    ArticleFeatures.objects.bulk_create(
        [ArticleFeatures(article_id=pk_at[i], features=features_dicts[i], counted=True,
                         text_hash=hashlib.sha256(f"{rows[i]['title']}\0{rows[i]['text']}".encode()).hexdigest())
         for i in range(size)],
        batch_size=2000,
    )
    stories = []
    for story_id, members in fill.members.items():
        dates = [published_datetime(rows[i]) for i in members]
        names = sorted({rows[i]["source"] for i in members})
        position, score = fill.representative[story_id]
        headline = rows[position]["title"]
        stories.append(Story(
            pk=story_id, headline=headline, slug=slugify(headline)[:SLUG_LENGTH].strip("-") or "story",
            representative_id=pk_at[position], representative_score=score,
            first_published=min(dates), last_published=max(dates), latest_at=max(dates),
            article_count=len(members), source_count=len(names), source_names=names,
            profile=fill.profiles[story_id].to_dict(), created_at=now, updated_at=now,
        ))
    Story.objects.bulk_create(stories, batch_size=1000)
    # Stories folded into others (Story.take_in) keep their rows, emptied, answering 301 to the survivor;
    # inserted after every live story, so the survivor a row points to always exists already.
    folded = []
    for small, into in fill.merged_into.items():
        members, (position, score) = fill.folded[small]
        dates = [published_datetime(rows[i]) for i in members]
        headline = rows[position]["title"]
        folded.append(Story(
            pk=small, headline=headline, slug=slugify(headline)[:SLUG_LENGTH].strip("-") or "story",
            representative_id=pk_at[position], representative_score=score, merged_into_id=into,
            first_published=min(dates), last_published=max(dates), latest_at=max(dates),
            article_count=0, source_count=0, source_names=[], profile={}, created_at=now, updated_at=now,
        ))
    Story.objects.bulk_create(folded, batch_size=1000)
    Membership.objects.bulk_create(
        [Membership(article_id=pk_at[i], story_id=fill.story_of[i], assigned_at=now,
                    score=fill.scores[i], explanation=fill.explanations[i])
         for i in range(size)],
        batch_size=2000,
    )
    StoryKey.objects.bulk_create(
        [StoryKey(key=key, story_id=s) for key, posted in fill.postings.items() for s in posted], batch_size=5000
    )
    story_counts = Counter(fill.story_counts)
    counts = [KeyCount(key=key[:200], documents=n, stories=story_counts.pop(key[:200], 0))
              for key, n in fill.frequencies.items()]
    counts += [KeyCount(key=key, documents=0, stories=n) for key, n in story_counts.items() if n]
    counts.append(KeyCount(key=DOCUMENTS_KEY, documents=fill.documents))
    KeyCount.objects.bulk_create(counts, batch_size=5000)


def reset_sequences(models) -> None:
    """Rows were inserted with explicit ids: move the sequences past them (and ANALYZE on PostgreSQL)."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
