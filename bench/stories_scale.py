"""Per-article story assignment time through the database with 1k, 10k and 100k articles already stored.

    uv run python bench/stories_scale.py                                   # SQLite in a temporary directory, 1k and 10k
    uv run python bench/stories_scale.py --sizes 1000,10000,100000         # add 100k
    uv run python bench/stories_scale.py --check 600                       # the fill makes the app's stories
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres uv run python bench/stories_scale.py --sizes 1000,10000,100000
    DATABASE_URL=... uv run python bench/stories_scale.py --prefix bench_storyspeed_me --keep   # fill once, then reuse
    DATABASE_URL=... uv run python bench/stories_scale.py --prefix bench_storyspeed_me --drop   # drop the kept ones

Articles are recombined DUC 2006/2007 newswire (bench/data/duc200*.jsonl, see bench/duc_convert.py) spread
over ten years. For each size N a fresh database (SQLite file, or a PostgreSQL database named
<prefix>_<N>: bench_storyspeed_<N> unless --prefix or BENCH_STORYSPEED_PREFIX names another, so people
sharing a server never collide; dropped afterwards) is filled with the state the app would hold after N
uploads, then the next --window articles go one by one through the real `assign_story` (features with document
frequencies from KeyCount, StoryKey look-up, locks, scoring, profile, keys, counts) and each is timed.

The fill is honest but fast: every stored row is computed by the same pure core the app calls
(`event_features`, `frequency_keys`, `index_keys`, `score_candidates`, `pick_story`, `merge_small_stories`,
`StoryProfile`; bench/story_fill.py), in publication order, with exact document frequencies (features are
computed in two processes, block by block, each article seeing the counts of every article before it), then
bulk-inserted. What the fill skips, compared with N calls of
`assign_story`:
- no quotes (the bench stores none, so `shared_quote_counts` is zero in both);
- the same-outlet-same-day penalty is taken from the in-memory (outlet, day) pairs of each story, which is
  what the app's query finds;
- KeyCount.stories counts each (key, story) pair once; the app keeps adding one for every further article
  of a story that has a key already above MAX_POSTINGS (never stored). Both stay above MAX_POSTINGS, which is
  all that count is used for;
- explanations are the match's own (`Match.to_dict()`), without the shared-quote list; no StorySlug rows.
A story folded into another by an automatic merge (`Story.take_in`) keeps its emptied row, redirecting to the
survivor, as in the app. `--check N` puts N articles through both and compares their features and stories.
With --keep (PostgreSQL) each filled database is kept as <prefix>_<N>_filled and later runs with --keep
copy it (CREATE DATABASE ... TEMPLATE) instead of filling again, so old and new code can be timed in turn
on the same stored state; --drop removes them. --profile DIR writes cProfile stats (CPU time) of each window.
The features of the first run are cached in bench/data/stories_fill_<N>.pickle (git-ignored) so later
runs (other database, other code) fill the same corpus without recomputing them.
"""

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import story_fill  # noqa: E402 (bench/story_fill.py, found through the path above)
from story_fill import Fill  # noqa: E402

WINDOW = 200


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


def fill_features(rows: list[dict], corpus: int | None = None) -> tuple[list[dict], list[list[str]]]:
    """(features, frequency keys) of every row, cached on disk by corpus size (and by the larger corpus they
    were cut from, for --corpus)."""
    name = f"{corpus}_{len(rows)}" if corpus and corpus != len(rows) else f"{len(rows)}"
    return story_fill.fill_features(rows, ROOT / f"bench/data/stories_fill_{name}.pickle")


def insert_state(fill: Fill, rows: list[dict], features_dicts: list[dict], size: int) -> None:
    """Bulk-insert the first `size` articles and everything the app derives from them."""
    from newsroom.articles.models import Article, Source
    from newsroom.stories.models import Membership, Story, StoryKey

    sources = {name: Source.for_name(name) for name in sorted({r["source"] for r in rows})}
    articles = Article.objects.bulk_create(
        [_article(r, sources) for r in rows[:size]], batch_size=2000
    )
    story_fill.insert_stories(fill, rows, features_dicts, [a.pk for a in articles])
    story_fill.reset_sequences([Story, Membership, StoryKey, Article])


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
    parser.add_argument("--prefix", default=os.environ.get("BENCH_STORYSPEED_PREFIX", "bench_storyspeed"),
                        help="PostgreSQL database names: <prefix>_<N> (so runs of several people never collide)")
    parser.add_argument("--keep", action="store_true", help="PostgreSQL: keep each filled database as "
                        "<prefix>_<N>_filled and reuse it when it exists, instead of filling again")
    parser.add_argument("--profile", metavar="DIR", help="also write cProfile stats of each size's window to "
                        "DIR/stories_<N>.prof (timings then include the profiler's overhead)")
    parser.add_argument("--corpus", type=int, metavar="N", help="recombine a corpus of N articles (default: the "
                        "largest size plus the window) and use its first ones")
    parser.add_argument("--drop", action="store_true", help="PostgreSQL: drop the <prefix>_<N>_filled databases and stop")
    args = parser.parse_args()
    if args.drop:
        for size in args.sizes.split(","):
            _drop_postgres(os.environ["DATABASE_URL"], f"{args.prefix}_{int(size)}_filled")
        return
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
    from newsroom.stories.models import Story

    # Each article's features depend only on those before it, so the first rows of a larger corpus can be
    # filled alone (--corpus): 10k articles of the 100k corpus, whose stories are fewer and larger.
    rows = synthetic_rows(args.corpus or sizes[-1] + args.window)[: sizes[-1] + args.window]
    features_dicts, keys = fill_features(rows, args.corpus)
    fill = Fill([EventFeatures.from_dict(d) for d in features_dicts])
    load = os.getloadavg()
    print(f"database: {'postgresql' if postgres else 'sqlite'}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"window {args.window} articles per size")
    print("| stored articles | stories | ms per article, median | p90 | CPU ms, median | queries per article (min–max) | fill s |")
    print("|---|---|---|---|---|---|---|")
    medians, cpu_medians = {}, {}
    done = 0
    kept = set()
    if args.keep and postgres:
        kept = set(_existing_postgres(base_url, [f"{args.prefix}_{size}_filled" for size in sizes]))
    # The in-memory fill runs up to the largest size that has no kept database.
    last_to_fill = max((size for size in sizes if f"{args.prefix}_{size}_filled" not in kept), default=0)
    for size in sizes:
        started = time.perf_counter()
        if size <= last_to_fill:
            for i in range(done, size):
                fill.add(rows[i], fill.features[i], keys[i])
            done = size
        name = f"{args.prefix}_{size}"
        template = f"{args.prefix}_{size}_filled"
        _close(connection, postgres)
        if postgres:
            _recreate_postgres(base_url, name, template=template if template in kept else None)
            connection.settings_dict["NAME"] = name
        else:
            connection.settings_dict["NAME"] = f"{scratch}/bench_{size}.sqlite3"
        if template not in kept:
            call_command("migrate", verbosity=0)
            insert_state(fill, rows, features_dicts, size)
            if args.keep and postgres:
                _close(connection, postgres)
                _recreate_postgres(base_url, template, template=name)
        filled = time.perf_counter() - started
        stories = Story.objects.filter(merged_into__isnull=True).count()
        if args.profile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)  # CPU time: waiting on a loaded machine is not cost
            wall, cpu, queries = profiler.runcall(measure, rows, size, args.window)
            profiler.dump_stats(Path(args.profile) / f"stories_{size}.prof")
        else:
            wall, cpu, queries = measure(rows, size, args.window)
        medians[size], cpu_medians[size] = statistics.median(wall), statistics.median(cpu)
        print(f"| {size:,} | {stories:,} | {1000 * statistics.median(wall):.1f} | "
              f"{1000 * statistics.quantiles(wall, n=10)[-1]:.1f} | {1000 * statistics.median(cpu):.1f} | "
              f"{min(queries)}–{max(queries)} | {filled:.0f}{' (kept)' if template in kept else ''} |", flush=True)
        _close(connection, postgres)
        if postgres:
            _drop_postgres(base_url, name)
    if len(sizes) > 1:
        print(f"ratio {sizes[-1]:,}/{sizes[0]:,} of the medians: {medians[sizes[-1]] / medians[sizes[0]]:.2f} wall, "
              f"{cpu_medians[sizes[-1]] / cpu_medians[sizes[0]]:.2f} CPU; "
              f"load average now {os.getloadavg()[0]:.2f}")


def check_fill(count: int) -> None:
    """Fill `count` articles in memory and put the same articles through `assign_story` one by one in a fresh
    SQLite database; print whether features, stories and automatic merges agree."""
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
    features_dicts, keys = story_fill.fill_features(rows)  # not from the cache: the check is of today's code
    fill = Fill([EventFeatures.from_dict(d) for d in features_dicts])
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
    same_ids = in_memory == stored
    redirects = dict(Story.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))
    print(f"{count} articles: same features {same_features}/{count}; stories {len(in_memory)} in the fill, "
          f"{len(stored)} from assign_story; same stories: {same} (same ids: {same_ids}); "
          f"merges {len(fill.merged_into)} in the fill, {len(redirects)} in the database; "
          f"same merges: {fill.merged_into == redirects}")


def _close(connection, postgres: bool) -> None:
    """Close the connection and, on PostgreSQL, the app's psycopg pool, which holds connections to the last database."""
    connection.close()
    if postgres:
        connection.close_pool()


def _admin_cursor(base_url: str):
    import psycopg

    return psycopg.connect(base_url, autocommit=True)


def _recreate_postgres(base_url: str, name: str, template: str | None = None) -> None:
    """A fresh database `name`: empty, or a copy of `template` (which nobody may be connected to)."""
    with _admin_cursor(base_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def _existing_postgres(base_url: str, names: list[str]) -> list[str]:
    with _admin_cursor(base_url) as admin:
        return [row[0] for row in admin.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", [names])]


def _drop_postgres(base_url: str, name: str) -> None:
    with _admin_cursor(base_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
