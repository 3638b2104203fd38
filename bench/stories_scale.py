"""Per-article story assignment time through the database as the corpus grows (1k, 10k, 100k articles).

    uv run python bench/stories_scale.py                          # SQLite in a temporary directory, 1k and 10k
    uv run python bench/stories_scale.py --sizes 1000,10000,100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench uv run python bench/stories_scale.py  # PostgreSQL (empty database)

Articles are recombined DUC 2006/2007 newswire (bench/data/duc200*.jsonl, see bench/duc_convert.py; the
seeds are used if those are absent) spread over ten years, stored as ready Article rows, then each is put
in its story with `assign_story` (features, index look-up, scoring, profile, keys, document frequencies),
the same function uploads run. Extraction and quotes are not timed here (bench/extraction.py,
bench/quotes_scale.py). The time printed for each size is the mean over the last 500 articles assigned
before the corpus reached that size.
"""

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

WINDOW = 500


def corpus_rows() -> list[dict]:
    from clustering import load  # bench/clustering.py

    files = [p for p in (ROOT / "bench/data/duc2006.jsonl", ROOT / "bench/data/duc2007.jsonl") if p.exists()]
    if files:
        return load(files)
    seeds = sorted((ROOT.parent / "shared/seeds").glob("*.txt"))
    return [{"id": p.stem, "title": p.read_text().partition("\n")[0], "text": p.read_text().partition("\n")[2],
             "published": "2023-01-23", "source": "seed", "event": p.stem[:3]} for p in seeds]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    scratch = tempfile.mkdtemp(prefix="newsroom-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ["NEWSROOM_DATA_DIR"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clustering import synthesize  # bench/clustering.py
    from newsroom.articles.models import Article, Source
    from newsroom.stories.assignment import assign_story
    from newsroom.stories.models import Story

    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        sys.exit("The benchmark needs an empty database.")
    rows = synthesize(corpus_rows(), max(sizes), random.Random(7))
    rows.sort(key=lambda r: (r["published"], r["id"]))
    sources = {name: Source.for_name(name) for name in {r["source"] for r in rows}}

    print(f"database: {connection.vendor}; corpus: {len(rows)} recombined articles")
    print(f"| articles | ms per article (last {WINDOW}) | median | p95 | stories |")
    print("|---|---|---|---|---|")
    timings: list[float] = []
    done = 0
    for size in sizes:
        batch = rows[done:size]
        articles = Article.objects.bulk_create([
            Article(
                content_hash=hashlib.sha256(f"{r['id']}:{r['text']}".encode()).hexdigest(),
                title=r["title"], text=r["text"], status=Article.Status.READY, source=sources[r["source"]],
                published=datetime.fromisoformat(r["published"]).replace(tzinfo=UTC), word_count=len(r["text"].split()),
            )
            for r in batch
        ])
        articles = Article.objects.filter(pk__in=[a.pk for a in articles]).select_related("source").order_by("published", "pk")
        for article in articles:
            started = time.perf_counter()
            assign_story(article)
            timings.append(time.perf_counter() - started)
        done = size
        last = timings[-WINDOW:]
        print(f"| {size:,} | {1000 * statistics.mean(last):.1f} | {1000 * statistics.median(last):.1f} | "
              f"{1000 * sorted(last)[int(0.95 * len(last))]:.1f} | {Story.objects.listed().count():,} |", flush=True)


if __name__ == "__main__":
    main()
