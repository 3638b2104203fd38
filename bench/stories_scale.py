"""Per-article story assignment time through the database with 1k, 10k and 100k articles already stored.

    uv run python bench/stories_scale.py                                   # SQLite in a temporary directory, 1k and 10k
    uv run python bench/stories_scale.py --sizes 1000,10000,100000         # add 100k
    uv run python bench/stories_scale.py --check 600                       # the fill makes the app's stories
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres uv run python bench/stories_scale.py --sizes 1000,10000,100000

Articles are recombined DUC 2006/2007 newswire (bench/data/duc200*.jsonl, see bench/duc_convert.py) spread
over ten years. For each size N a fresh database (SQLite file, or a PostgreSQL database named
bench_storyspeed_<N>, dropped afterwards) is filled with the state the app would hold after N uploads, then
the next --window articles go one by one through the real `assign_story` (features with document
frequencies from KeyCount, StoryKey look-up, locks, scoring, profile, keys, counts) and each is timed.

The fill is honest but fast: every stored row is computed by the same pure core the app calls
(`event_features`, `frequency_keys`, `index_keys`, `score_candidates`, `pick_story`, `merge_small_stories`,
`StoryProfile`), in publication order, with
exact document frequencies (features are computed in two processes, block by block, each article seeing the
counts of every article before it), then bulk-inserted. What the fill skips, compared with N calls of
`assign_story`:
- no quotes (the bench stores none, so `shared_quote_counts` is zero in both);
- the same-outlet-same-day penalty is taken from the in-memory (outlet, day) pairs of each story, which is
  what the app's query finds;
- KeyCount.stories counts each (key, story) pair once; the app keeps adding one for every further article
  of a story that has a key already above MAX_POSTINGS (never stored). Both stay above MAX_POSTINGS, which is
  all that count is used for;
- explanations are the match's own (`Match.to_dict()`), without the shared-quote list; no StorySlug rows;
  a story folded into another (`Story.take_in`) keeps an empty row redirecting to the survivor, without
  its headline.
`--check N` puts N articles through both and compares their stories.
The features of the first run are cached in bench/data/stories_fill_<N>.pickle (git-ignored) so later
runs (other database, other code) fill the same corpus without recomputing them.
"""

import argparse
import hashlib
import os
import pickle
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

WINDOW = 200
BLOCK = 250  # articles per feature job: small enough for two processes to share the work evenly


def corpus_rows() -> list[dict]:
    from clustering import load  # bench/clustering.py

    files = [p for p in (ROOT / "bench/data/duc2006.jsonl", ROOT / "bench/data/duc2007.jsonl") if p.exists()]
    if not files:
        sys.exit("bench/data/duc2006.jsonl is missing: see bench/README.md (Stories) to build it.")
    return load(files)


def synthetic_rows(count: int) -> list[dict]:
    from clustering import synthesize  # bench/clustering.py

    rows = synthesize(corpus_rows(), count, random.Random(7))
    rows.sort(key=lambda r: (r["published"], r["id"]))
    return rows


def _published(row: dict) -> date:
    return date.fromisoformat(row["published"])


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
            row["title"], row["text"], _published(row),
            document_frequencies=lambda wanted: {k: frequencies[k] for k in wanted if k in frequencies},
            documents=documents,
        )
        found.append(features.to_dict())
        frequencies.update(row_keys)
        documents += 1
    return found


def fill_features(rows: list[dict]) -> tuple[list[dict], list[list[str]]]:
    """(features, frequency keys) of every row, cached on disk by corpus size."""
    cache = ROOT / f"bench/data/stories_fill_{len(rows)}.pickle"
    if cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f)
    started = time.perf_counter()
    with Pool(2) as pool:
        keys = pool.map(_frequency_keys, rows, chunksize=200)

        def jobs():
            frequencies: Counter = Counter()
            for start in range(0, len(rows), BLOCK):
                yield rows[start : start + BLOCK], dict(frequencies), start, keys[start : start + BLOCK]
                for row_keys in keys[start : start + BLOCK]:
                    frequencies.update(row_keys)

        features = [f for block in pool.imap(_features_block, jobs()) for f in block]
    print(f"features of {len(rows):,} articles computed in {time.perf_counter() - started:.0f} s", flush=True)
    with cache.open("wb") as f:
        pickle.dump((features, keys), f, protocol=pickle.HIGHEST_PROTOCOL)
    return features, keys


class Fill:
    """The stories the app would hold, built one article at a time by the pure core, ready to bulk-insert."""

    def __init__(self):
        from newsroom.stories.similarity import StoryProfile

        self.StoryProfile = StoryProfile
        self.story_of: list[int] = []  # per article (by position): its story's id
        self.matches: list[dict | None] = []
        self.profiles: dict[int, object] = {}
        self.members: dict[int, list[int]] = defaultdict(list)
        self.representative: dict[int, tuple[int, float]] = {}
        self.postings: dict[str, list[int]] = defaultdict(list)  # stored StoryKey rows, in posting order
        self.story_counts: Counter = Counter()  # KeyCount.stories
        self.story_keys: dict[int, set[str]] = defaultdict(set)
        self.outlet_days: dict[int, set] = defaultdict(set)
        self.merged_into: dict[int, int] = {}  # automatic merges (clustering.merge_small_stories)
        self.started = 0  # stories ever started: the next id
        self.frequencies: Counter = Counter()
        self.documents = 0

    def add(self, row: dict, features, keys: list[str]) -> None:
        from newsroom.stories.clustering import MAX_CANDIDATES, MAX_POSTINGS, merge_small_stories, pick_story, score_candidates
        from newsroom.stories.features import index_keys
        from newsroom.stories.models import profile_closeness

        own_keys = sorted({key[:200] for key in index_keys(features)})
        hits: Counter = Counter()
        for key in own_keys:
            if self.story_counts[key] <= MAX_POSTINGS:
                hits.update(self.postings.get(key, ()))
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]
        candidates = {story_id: self.profiles[story_id] for story_id, _ in ranked}
        outlet_day = (row["source"], features.published)
        crowded = {s for s in candidates if outlet_day in self.outlet_days[s]}
        matches = score_candidates(features, candidates, same_source_same_day=crowded)
        story_id, match = pick_story(matches)
        joined = story_id is not None
        if not joined:
            self.started += 1
            story_id = self.started
            self.profiles[story_id] = self.StoryProfile()
            match = None
        profile = self.profiles[story_id]
        profile.add(features)
        position = len(self.story_of)
        self.story_of.append(story_id)
        self.matches.append(match.to_dict() if match else None)
        self.members[story_id].append(position)
        self.outlet_days[story_id].add(outlet_day)
        # The representative as Story.absorb picks it: the current one re-scored against the grown profile.
        closeness = profile_closeness(features, profile)
        current = self.representative.get(story_id)
        if current is None or closeness > profile_closeness(self.features_at(current[0]), profile):
            self.representative[story_id] = (position, closeness)
        new = [key for key in own_keys if key not in self.story_keys[story_id]]
        for key in new:
            if self.story_counts[key] <= MAX_POSTINGS:
                self.postings[key].append(story_id)
                self.story_keys[story_id].add(key)
            self.story_counts[key] += 1
        if joined:
            for small, big, why in merge_small_stories(story_id, matches, self.profiles):
                self.take_in(small, big, why)
        self.frequencies.update(keys)
        self.documents += 1

    def take_in(self, small: int, big: int, why) -> None:
        """Story.take_in: the small story's members, postings and outlet days move; its row redirects."""
        from newsroom.stories.clustering import MAX_POSTINGS
        from newsroom.stories.models import profile_closeness

        for position in self.members.pop(small):
            self.story_of[position] = big
            self.members[big].append(position)
            self.matches[position] = {**why.to_dict(), "reasons": [f"its story {small} was merged into this one", *why.reasons]}
        self.members[big].sort()
        profile = self.profiles[big]
        reps = [self.representative[big][0], self.representative.pop(small)[0]]
        scores = [profile_closeness(self.features_at(p), profile) for p in reps]
        self.representative[big] = (reps[1], scores[1]) if scores[1] > scores[0] else (reps[0], scores[0])
        moved = self.story_keys.pop(small, set())
        for key in moved:
            self.postings[key].remove(small)
            self.story_counts[key] -= 1
        for key in sorted(moved - self.story_keys[big]):
            if self.story_counts[key] <= MAX_POSTINGS:
                self.postings[key].append(big)
                self.story_keys[big].add(key)
            self.story_counts[key] += 1
        self.outlet_days[big] |= self.outlet_days.pop(small, set())
        self.merged_into[small] = big

    def features_at(self, position: int):
        return self.features[position]


def insert_state(fill: Fill, rows: list[dict], features_dicts: list[dict], size: int) -> None:
    """Bulk-insert the first `size` articles and everything the app derives from them."""
    from django.core.management.color import no_style
    from django.db import connection
    from django.utils.text import slugify

    from newsroom.articles.models import Article, Source
    from newsroom.stories.models import DOCUMENTS_KEY, SLUG_LENGTH, ArticleFeatures, KeyCount, Membership, Story, StoryKey

    sources = {name: Source.for_name(name) for name in sorted({r["source"] for r in rows})}
    now = datetime.now(UTC)
    articles = Article.objects.bulk_create(
        [_article(r, sources) for r in rows[:size]], batch_size=2000
    )
    pk_at = [a.pk for a in articles]
    ArticleFeatures.objects.bulk_create(
        [ArticleFeatures(article_id=pk_at[i], features=features_dicts[i], counted=True,
                         text_hash=hashlib.sha256(f"{rows[i]['title']}\0{rows[i]['text']}".encode()).hexdigest())
         for i in range(size)],
        batch_size=2000,
    )
    stories = []
    for story_id, members in fill.members.items():
        dates = [datetime.fromisoformat(rows[i]["published"]).replace(tzinfo=UTC) for i in members]
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

    def survivor(story_id: int) -> int:
        while story_id in fill.merged_into:
            story_id = fill.merged_into[story_id]
        return story_id

    # Stories folded into others keep their rows, empty, answering 301 to the survivor (Story.take_in).
    Story.objects.bulk_create(
        [Story(pk=small, merged_into_id=survivor(small), created_at=now, updated_at=now, latest_at=now)
         for small in sorted(fill.merged_into)],
        batch_size=1000,
    )
    Membership.objects.bulk_create(
        [Membership(article_id=pk_at[i], story_id=fill.story_of[i], assigned_at=now,
                    score=(fill.matches[i] or {}).get("score"),
                    explanation=fill.matches[i] or {"score": None, "reasons": ["started this story"]})
         for i in range(size)],
        batch_size=2000,
    )
    StoryKey.objects.bulk_create(
        [StoryKey(key=key, story_id=s) for key, posted in fill.postings.items() for s in posted], batch_size=5000
    )
    counts = [KeyCount(key=key[:200], documents=n, stories=fill.story_counts.pop(key[:200], 0))
              for key, n in fill.frequencies.items()]
    counts += [KeyCount(key=key, documents=0, stories=n) for key, n in fill.story_counts.items() if n]
    counts.append(KeyCount(key=DOCUMENTS_KEY, documents=fill.documents))
    KeyCount.objects.bulk_create(counts, batch_size=5000)
    with connection.cursor() as cursor:  # explicit ids: move the sequences past them
        for sql in connection.ops.sequence_reset_sql(no_style(), [Story, Membership, StoryKey, Article]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def _article(row: dict, sources):
    from newsroom.articles.models import Article

    return Article(
        content_hash=hashlib.sha256(f"{row['id']}:{row['text']}".encode()).hexdigest(),
        title=row["title"], text=row["text"], status=Article.Status.READY, source=sources[row["source"]],
        published=datetime.fromisoformat(row["published"]).replace(tzinfo=UTC), word_count=len(row["text"].split()),
    )


def measure(rows: list[dict], size: int, window: int) -> tuple[list[float], list[float], list[int]]:
    """Wall and CPU seconds, and queries, of `assign_story` for the articles after the first `size`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsroom.articles.models import Article, Source
    from newsroom.stories.assignment import assign_story

    sources = {s.name: s for s in Source.objects.all()}
    created = Article.objects.bulk_create([_article(r, sources) for r in rows[size : size + window]])
    articles = Article.objects.filter(pk__in=[a.pk for a in created]).select_related("source").order_by("published", "pk")
    wall, cpu, queries = [], [], []
    for article in articles:
        connection.queries_log.clear()  # the log keeps 9,000 queries: once full, the context would count 0
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            assign_story(article)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        queries.append(len(captured.captured_queries))
    return wall, cpu, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--window", type=int, default=WINDOW, help="articles timed through assign_story per size")
    parser.add_argument("--check", type=int, metavar="N", help="only check that the fill of N articles makes the "
                        "same stories as N real assign_story calls (SQLite)")
    args = parser.parse_args()
    if args.check:
        check_fill(args.check)
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))

    scratch = tempfile.mkdtemp(prefix="newsroom-bench-")
    base_url = os.environ.get("DATABASE_URL", "")
    os.environ["NEWSROOM_DATA_DIR"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    postgres = base_url.startswith("postgres")
    os.environ["DATABASE_URL"] = (
        base_url.rsplit("/", 1)[0] + "/bench_storyspeed_placeholder" if postgres else f"sqlite:///{scratch}/bench.sqlite3"
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from newsroom.stories.features import EventFeatures

    rows = synthetic_rows(sizes[-1] + args.window)
    features_dicts, keys = fill_features(rows)
    fill = Fill()
    fill.features = [EventFeatures.from_dict(d) for d in features_dicts]
    load = os.getloadavg()
    print(f"database: {'postgresql' if postgres else 'sqlite'}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"window {args.window} articles per size")
    print("| stored articles | stories | ms per article, median | p90 | CPU ms, median | queries per article (min–max) | fill s |")
    print("|---|---|---|---|---|---|---|")
    medians = {}
    done = 0
    for size in sizes:
        started = time.perf_counter()
        for i in range(done, size):
            fill.add(rows[i], fill.features[i], keys[i])
        done = size
        name = f"bench_storyspeed_{size}"
        _close(connection, postgres)
        if postgres:
            _recreate_postgres(base_url, name)
            connection.settings_dict["NAME"] = name
        else:
            connection.settings_dict["NAME"] = f"{scratch}/bench_{size}.sqlite3"
        call_command("migrate", verbosity=0)
        insert_state(_copy(fill), rows, features_dicts, size)
        filled = time.perf_counter() - started
        wall, cpu, queries = measure(rows, size, args.window)
        medians[size] = statistics.median(wall)
        print(f"| {size:,} | {len(fill.members):,} | {1000 * statistics.median(wall):.1f} | "
              f"{1000 * statistics.quantiles(wall, n=10)[-1]:.1f} | {1000 * statistics.median(cpu):.1f} | "
              f"{min(queries)}–{max(queries)} | {filled:.0f} |", flush=True)
        _close(connection, postgres)
        if postgres:
            _drop_postgres(base_url, name)
    if len(sizes) > 1:
        print(f"ratio {sizes[-1]:,}/{sizes[0]:,} of the medians: {medians[sizes[-1]] / medians[sizes[0]]:.2f}; "
              f"load average now {os.getloadavg()[0]:.2f}")


def check_fill(count: int) -> None:
    """Fill `count` articles in memory and put the same articles through `assign_story` one by one in a fresh
    SQLite database; print whether features and stories (automatic merges included) agree."""
    scratch = tempfile.mkdtemp(prefix="newsroom-bench-check-")
    os.environ["NEWSROOM_DATA_DIR"] = scratch
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/check.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    from newsroom.articles.models import Article, Source
    from newsroom.stories.assignment import assign_story
    from newsroom.stories.features import EventFeatures
    from newsroom.stories.models import ArticleFeatures, Membership, Story

    call_command("migrate", verbosity=0)
    rows = synthetic_rows(count)
    features_dicts, keys = fill_features(rows)
    fill = Fill()
    fill.features = [EventFeatures.from_dict(d) for d in features_dicts]
    for i, row in enumerate(rows):
        fill.add(row, fill.features[i], keys[i])
    in_memory: dict[int, set[int]] = defaultdict(set)
    for position, story_id in enumerate(fill.story_of):
        in_memory[story_id].add(position)

    sources = {name: Source.for_name(name) for name in sorted({r["source"] for r in rows})}
    created = Article.objects.bulk_create([_article(r, sources) for r in rows])
    position_of = {article.pk: i for i, article in enumerate(created)}
    for article in Article.objects.filter(pk__in=list(position_of)).select_related("source").order_by("published", "pk"):
        assign_story(article)
    stored: dict[int, set[int]] = defaultdict(set)
    for article_id, story_id in Membership.objects.values_list("article_id", "story_id"):
        stored[story_id].add(position_of[article_id])
    same_features = sum(
        EventFeatures.from_dict(row.features) == fill.features[position_of[row.article_id]]
        for row in ArticleFeatures.objects.all()
    )
    same = {frozenset(v) for v in in_memory.values()} == {frozenset(v) for v in stored.values()}
    print(f"{count} articles: same features {same_features}/{count}; stories {len(in_memory)} in the fill, "
          f"{len(stored)} from assign_story; same stories: {same}; merges {len(fill.merged_into)} in the fill, "
          f"{Story.objects.filter(merged_into__isnull=False).count()} in the database")


def _close(connection, postgres: bool) -> None:
    """Close the connection and, on PostgreSQL, the app's psycopg pool, which holds connections to the last database."""
    connection.close()
    if postgres:
        connection.close_pool()


def _copy(fill: Fill) -> Fill:
    """insert_state consumes the story counts; keep the running fill intact."""
    copy = Fill.__new__(Fill)
    copy.__dict__ = dict(fill.__dict__)
    copy.story_counts = Counter(fill.story_counts)
    return copy


def _admin_cursor(base_url: str):
    import psycopg

    return psycopg.connect(base_url, autocommit=True)


def _recreate_postgres(base_url: str, name: str) -> None:
    with _admin_cursor(base_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _drop_postgres(base_url: str, name: str) -> None:
    with _admin_cursor(base_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
