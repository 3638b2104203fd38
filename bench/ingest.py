"""Ingest: per-article time through the whole pipeline (store, extract, quotes, stories, search) as the corpus grows,
on SQLite and PostgreSQL, with trafilatura's extract() alone on the same HTML as the yardstick.

    uv run python bench/ingest.py                                   # 1,000 articles on SQLite and on PostgreSQL
    uv run python bench/ingest.py --sizes 1000,10000 --window 200   # 10k: hours today, see bench/README.md
    uv run python bench/ingest.py --databases sqlite --sizes 300    # a quick look

The corpus is generated from real text: each article is one of the extraction benchmark's news
pages (../shared/bench/article-extraction-benchmark/html, real markup with its menus and footers)
whose body paragraphs are replaced by paragraphs of one "event" (a benchmark article's or a seed's
own paragraphs, recombined, a fifth taken from other events), with a headline from its text, one of
20 sources and a date a few days around the event's date, events spread over three years. So
extraction parses real pages, and clustering sees several outlets covering each event.

Every article goes through the same steps `Article.process` runs (store_upload; then, in one
transaction, extract and each of NEWSROOM_AFTER_EXTRACTION), each timed (wall clock). The figures
at size N are over the last `--window` articles before N was reached; for the same articles,
trafilatura's `extract(html, include_comments=False)` is timed alone. SQLite runs in a temporary
NEWSROOM_DATA_DIR; PostgreSQL in a scratch database (`newsroom_bench_ingest`, dropped and made again,
dropped at the end) on `--postgres-url`'s server. Each database runs in its own child process.
"""

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES = SHARED / "bench/article-extraction-benchmark/html"
TRUTH = SHARED / "bench/article-extraction-benchmark/ground-truth.json"
SCRATCH_DATABASE = os.environ.get("BENCH_SCRATCH_DATABASE", "newsroom_bench_ingest")  # another name for parallel runs
STEPS = ["store", "extraction", "quotes", "stories", "search", "total", "trafilatura"]
SOURCES = [
    "City Herald", "Harbour Post", "Valley Times", "Morning Wire", "Coast Courier", "The Ledger", "Daily Signal",
    "Northern Star", "Capital Report", "Metro Bulletin", "Evening Standard Online", "Riverside Gazette",
    "Tech Dispatch", "Market Watchers", "World Desk", "Pacific Review", "Highland News", "Union Tribune Digital",
    "The Observer Wire", "Continental Press",
]


# Corpus ---------------------------------------------------------------------------------------------

def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if len(p.split()) >= 12]


def topics() -> list[list[str]]:
    """Each benchmark article's and each seed's own paragraphs: one topic each."""
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    found = [_paragraphs(row["articleBody"]) for row in truth.values()]
    found += [_paragraphs(path.read_text(encoding="utf-8")) for path in sorted((SHARED / "seeds").glob("*.txt"))]
    return [paragraphs for paragraphs in found if len(paragraphs) >= 4]


def templates() -> list[str]:
    """The benchmark's pages (real markup) that have at least 3 body paragraphs to replace."""
    import lxml.html

    kept = []
    for path in sorted(PAGES.glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        try:
            document = lxml.html.document_fromstring(html)
        except Exception:
            continue
        if sum(1 for p in document.iter("p") if len(p.text_content().split()) >= 12) >= 3:
            kept.append(html)
    return kept


class Corpus:
    def __init__(self, seed: int = 1):
        self.random = random.Random(seed)
        self.topics = topics()
        self.templates = templates()
        self.start = datetime(2023, 1, 1, tzinfo=UTC)
        self.events: list[tuple[int, datetime]] = []

    def article(self, number: int) -> dict:
        """One article: a page whose body now tells one event's story (about 5 articles per event)."""
        import lxml.html

        if not self.events or self.random.random() < 0.2:
            self.events.append((self.random.randrange(len(self.topics)),
                                self.start + timedelta(days=self.random.uniform(0, 3 * 365))))
        topic, day = self.events[-1] if self.random.random() < 0.3 else self.random.choice(self.events[-40:])
        own = self.topics[topic]
        body = self.random.sample(own, min(len(own), self.random.randint(4, 9)))
        for _ in range(self.random.randint(0, 2)):  # a fifth or so from elsewhere: background, other news
            body.insert(self.random.randint(1, len(body)), self.random.choice(self.random.choice(self.topics)))
        headline = " ".join(body[0].split()[: self.random.randint(7, 12)]).rstrip(",;:.")

        document = lxml.html.document_fromstring(self.random.choice(self.templates))
        slots = [p for p in document.iter("p") if len(p.text_content().split()) >= 12]
        for slot, paragraph in zip(slots, body):
            for child in list(slot):
                slot.remove(child)
            slot.text = paragraph
        for slot in slots[len(body):]:
            slot.getparent().remove(slot)
        last = slots[min(len(slots), len(body)) - 1]
        for paragraph in reversed(body[len(slots):]):
            extra = lxml.html.Element("p")
            extra.text = paragraph
            last.addnext(extra)
        for element in list(document.iter("title", "h1"))[:2]:
            for child in list(element):
                element.remove(child)
            element.text = headline
        html = lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>") + f"\n<!-- {number} -->"
        published = day + timedelta(hours=self.random.uniform(-36, 72))
        return {"html": html, "source": self.random.choice(SOURCES), "published": published}


# One database, in a child process ---------------------------------------------------------------------

def _profile_one(corpus: "Corpus", number: int, steps) -> None:
    """cProfile of the pipeline on one more article (10 of them, summed), printed to stderr."""
    import cProfile
    import pstats

    from django.db import transaction

    from newsroom.articles.models import Article

    profiler = cProfile.Profile()
    for extra in range(10):
        item = corpus.article(number + extra)
        article, _ = Article.store_upload(item["html"].encode("utf-8"), filename=f"profile-{extra}.html",
                                          given_source=item["source"], given_published=item["published"])
        profiler.enable()
        with transaction.atomic():
            article.extract()
            for _, step in steps:
                step(article)
        profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)


def run(database: str, sizes: list[int], window: int, postgres_url: str, seed: int, profile: bool = False) -> dict:
    directory = tempfile.mkdtemp(prefix="newsroom-ingest-")
    os.environ["NEWSROOM_DATA_DIR"] = directory
    os.environ["NEWSROOM_TASKS"] = "immediate"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    if database == "postgres":
        import psycopg

        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {SCRATCH_DATABASE}")
        os.environ["DATABASE_URL"] = postgres_url.rsplit("/", 1)[0] + f"/{SCRATCH_DATABASE}"
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils.module_loading import import_string
    from trafilatura import extract

    from newsroom.articles.models import Article

    call_command("migrate", verbosity=0)
    steps = [(path.rsplit(".", 1)[1], import_string(path)) for path in settings.NEWSROOM_AFTER_EXTRACTION]
    names = {"record_quotes": "quotes", "assign_story": "stories", "index_article": "search"}
    corpus = Corpus(seed)
    results, times, statuses = {}, [], {}
    started = time.perf_counter()
    try:
        for number in range(max(sizes)):
            item = corpus.article(number)
            data = item["html"].encode("utf-8")
            row = {}
            t0 = time.perf_counter()
            article, _ = Article.store_upload(data, filename=f"ingest-{number}.html", content_type="text/html; charset=utf-8",
                                              given_source=item["source"], given_published=item["published"])
            t1 = time.perf_counter()
            row["store"] = t1 - t0
            with transaction.atomic():  # as Article.process: one transaction for extraction and every step
                article.extract()
                t2 = time.perf_counter()
                row["extraction"] = t2 - t1
                if article.status == Article.Status.READY:
                    for name, step in steps:
                        step_started = time.perf_counter()
                        step(article)
                        row[names.get(name, name)] = time.perf_counter() - step_started
            row["total"] = time.perf_counter() - t0  # including the commit
            statuses[article.status] = statuses.get(article.status, 0) + 1
            size = number + 1
            if any(size > goal - window and size <= goal for goal in sizes):
                yardstick = time.perf_counter()
                extract(item["html"], include_comments=False)
                row["trafilatura"] = time.perf_counter() - yardstick
                times.append(row)
            if size in sizes:
                from newsroom.stories.models import Story

                results[size] = {
                    "rows": times, "stories": Story.objects.count(), "statuses": dict(statuses),
                    "elapsed": time.perf_counter() - started,
                }
                times = []
                print(f"  {database}: {size:,} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            elif size % 250 == 0:
                print(f"  {database}: {size:,} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        if profile:
            _profile_one(corpus, max(sizes), steps)
    finally:
        connection.close()
        if database == "postgres":
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(postgres_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")
        shutil.rmtree(directory, ignore_errors=True)
    return results


# Parent: one child per database, then the tables -------------------------------------------------------

def table(database: str, results: dict, window: int) -> None:
    print(f"\n{database}: per new article, milliseconds over the last {window} before each size (wall clock)\n")
    print("| articles | stories | " + " | ".join(f"{step} median / p90" for step in STEPS) + " | total ÷ trafilatura |")
    print("|---|---|" + "---|" * len(STEPS) + "---|")
    for size, result in sorted(results.items(), key=lambda item: int(item[0])):
        cells = []
        for step in STEPS:
            values = sorted(row.get(step, 0.0) * 1000 for row in result["rows"])
            cells.append(f"{statistics.median(values):.1f} / {values[max(0, int(len(values) * 0.9) - 1)]:.1f}")
        total = statistics.median(row["total"] for row in result["rows"])
        yard = statistics.median(row["trafilatura"] for row in result["rows"])
        print(f"| {int(size):,} | {result['stories']:,} | " + " | ".join(cells) + f" | {total / yard:.1f}× |")
    last = results[max(results, key=int)]
    print(f"\nstatuses: {last['statuses']}; whole run {last['elapsed']:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000", help="corpus sizes to report at (comma-separated)")
    parser.add_argument("--window", type=int, default=200, help="articles measured before each size")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
                        help="a server where the scratch database may be made")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="then cProfile 10 more articles (to stderr)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    sizes = sorted(int(size) for size in options.sizes.split(","))
    if options.child:
        print(json.dumps(run(options.child, sizes, options.window, options.postgres_url, options.seed, options.profile)))
        return
    import platform

    print(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, load average "
          f"{' '.join(f'{load:.1f}' for load in os.getloadavg())} at start")
    for database in options.databases.split(","):
        command = [sys.executable, __file__, "--child", database, "--sizes", options.sizes, "--window", str(options.window),
                   "--postgres-url", options.postgres_url, "--seed", str(options.seed)] + (["--profile"] if options.profile else [])
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        if done.returncode != 0:
            print(f"\n{database}: the run failed (exit {done.returncode})")
            continue
        table(database, json.loads(done.stdout.strip().splitlines()[-1]), options.window)


if __name__ == "__main__":
    main()
