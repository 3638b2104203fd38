"""Ingest: per-article time through the whole pipeline (store, extract, quotes, stories, search) as the corpus grows,
on SQLite and PostgreSQL, with trafilatura's extract() alone on the same HTML as the yardstick.

    uv run python bench/ingest.py --sizes 1000,10000,100000 --databases postgres,sqlite
    uv run python bench/ingest.py --sizes 1000,10000 --reuse          # keep the filled databases, reuse them next time
    uv run python bench/ingest.py --check-fill 600                     # the bulk fill against 600 real pipeline runs
    uv run python bench/ingest.py --databases sqlite --sizes 300 --window 50   # a quick look

The corpus (bench/ingest_corpus.py) is generated from real text: each article is one of the extraction
benchmark's news pages (real markup with its menus and footers) whose body paragraphs are replaced by
paragraphs of one "event", with a headline from its text, one of 20 sources and a date a few days
around the event's date. So extraction parses real pages, and clustering sees several outlets
covering each event.

For each size N the database is bulk-filled with what the first N uploads would have stored
(bench/ingest_fill.py: computed by the app's pure core in upload order, cached in bench/data/), then
the next `--window` uploads go through the same steps `Article.process` runs (store_upload; then, in
one transaction, extract and each of NEWSROOM_AFTER_EXTRACTION), each timed in wall clock and CPU
(process) time; for the same articles trafilatura's `extract(html, include_comments=False)` is timed
alone. Each database runs in its own child process; filled databases are named
newsroom_bench_ingestscale_<N> (PostgreSQL, on --postgres-url's server) or kept as
bench/data/ingest_fill/ingestscale_<N>.sqlite3; each window runs on a copy, so `--reuse` measures the
same state again without filling.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
STEPS = ["store", "extraction", "quotes", "stories", "search", "commit", "total", "trafilatura"]
STEP_NAMES = {"record_quotes": "quotes", "assign_story": "stories", "index_article": "search"}
# Prefix of the scratch databases; another name keeps parallel runs apart.
SCRATCH = os.environ.get("BENCH_SCRATCH_DATABASE", "newsroom_bench_ingestscale")


# Django in a child process ----------------------------------------------------------------------------

def setup_django(database: str, postgres_url: str, name: str) -> None:
    """Connect Django to `name`: a PostgreSQL database on postgres_url's server, or a SQLite file path."""
    directory = tempfile.mkdtemp(prefix="newsroom-ingestscale-")
    os.environ["NEWSROOM_DATA_DIR"] = directory
    os.environ["NEWSROOM_TASKS"] = "immediate"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    if database == "postgres":
        os.environ["DATABASE_URL"] = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{name}"
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(BENCH))
    import django

    django.setup()


def connect(database: str, postgres_url: str, name: str) -> None:
    """Point the (closed) default connection at another database."""
    from django.db import connection

    close(database)
    connection.settings_dict["NAME"] = name


def close(database: str) -> None:
    from django.db import connection

    connection.close()
    if database == "postgres":
        connection.close_pool()  # the app's psycopg pool holds connections to the last database


def admin(postgres_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as server:
        for statement in statements:
            server.execute(statement)


def postgres_exists(postgres_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as server:
        return server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


# The pipeline, as Article.process runs it ---------------------------------------------------------------

class Pipeline:
    def __init__(self, log=None):
        from django.conf import settings
        from django.utils.module_loading import import_string

        self.steps = [(STEP_NAMES.get(p.rsplit(".", 1)[1], p.rsplit(".", 1)[1]), import_string(p))
                      for p in settings.NEWSROOM_AFTER_EXTRACTION]
        self.log = log  # an ingest_queries.QueryLog with --queries: statements and waits booked per step

    @contextmanager
    def timed(self, name: str, wall: dict, cpu: dict, book: bool = True):
        """Time one step in wall clock and CPU (process) time; with a log (and `book`), book its statements and
        waits to it. The outer timings (total, the transaction) do not book, so nothing is counted twice."""
        log = self.log if book else None
        if log:
            log.step, before = name, log.mark()
        t0, c0 = time.perf_counter(), time.process_time()
        yield
        wall[name], cpu[name] = time.perf_counter() - t0, time.process_time() - c0
        if log:
            log.book_marks(name, before, log.mark())

    def upload(self, number: int, html: str, source: str, published) -> tuple[dict, dict, str]:
        """One upload through every step: (wall seconds per step, CPU seconds per step, status)."""
        from django.db import transaction

        from newsroom.articles.models import Article

        wall, cpu = {}, {}
        with self.timed("total", wall, cpu, book=False):  # including the commit
            with self.timed("store", wall, cpu):
                article, _ = Article.store_upload(html.encode("utf-8"), filename=f"ingest-{number}.html",
                                                  content_type="text/html; charset=utf-8", given_source=source,
                                                  given_published=published)
            with self.timed("transaction", wall, cpu, book=False):
                with transaction.atomic():  # as Article.process: one transaction for extraction and every step
                    with self.timed("extraction", wall, cpu):
                        article.extract()
                    if article.status == Article.Status.READY:
                        for name, step in self.steps:
                            with self.timed(name, wall, cpu):
                                step(article)
                    if self.log:
                        self.log.step, before = "commit", self.log.mark()
            if self.log:
                self.log.book_marks("commit", before, self.log.mark())
        # "commit": the transaction's time outside its steps, i.e. the COMMIT (and the little between steps)
        steps = ("extraction", *(name for name, _ in self.steps))
        wall["commit"] = wall.pop("transaction") - sum(wall.get(name, 0.0) for name in steps)
        cpu["commit"] = cpu.pop("transaction") - sum(cpu.get(name, 0.0) for name in steps)
        return wall, cpu, article.status


def measure_window(seed: int, size: int, window: int, queries: bool = False) -> dict:
    """The uploads size..size+window-1 through the real pipeline, and trafilatura alone on each page."""
    from contextlib import nullcontext

    from ingest_corpus import Corpus
    from trafilatura import extract

    from newsroom.stories.models import Story

    log, watching = None, nullcontext()
    if queries:
        from django.db import connection, connections
        from ingest_queries import QueryLog

        from newsroom.articles import models

        log = QueryLog()
        log.find_backend(connection)
        log.time_commits(connections["default"])
        models.call_with_time_limit = log.timed_thread(models.call_with_time_limit)
        watching = connection.execute_wrapper(log)
    pipeline, corpus = Pipeline(log), Corpus(seed)
    rows, statuses = [], {}
    with watching:
        for number in range(size + window):
            plan = corpus.plan(number)
            if number < size:
                continue
            html = corpus.render(plan)
            if log:
                log.start_upload()
            wall, cpu, status = pipeline.upload(number, html, plan.source, plan.published)
            statuses[status] = statuses.get(status, 0) + 1
            t0, c0 = time.perf_counter(), time.process_time()
            extract(html, include_comments=False)
            wall["trafilatura"], cpu["trafilatura"] = time.perf_counter() - t0, time.process_time() - c0
            rows.append({"wall": wall, "cpu": cpu} | ({"db": log.upload} if log else {}))
    result = {"rows": rows, "statuses": statuses, "stories": Story.objects.count(), "load": os.getloadavg()}
    if log:
        result["statements"] = log.statement_shapes(window)
    return result


# One database -------------------------------------------------------------------------------------------

def filled_name(database: str, seed: int, size: int) -> str:
    if database == "postgres":
        return f"{SCRATCH}_s{seed}_{size}"
    return str(BENCH / f"data/ingest_fill/ingestscale_s{seed}_{size}.sqlite3")


def run_database(database: str, sizes: list[int], window: int, postgres_url: str, seed: int, reuse: bool,
                 profile: bool, queries: bool = False) -> dict:
    import ingest_fill
    from django.core.management import call_command

    results = {}
    for size in sizes:
        filled = filled_name(database, seed, size)
        run = f"{SCRATCH}_run" if database == "postgres" else filled.replace(".sqlite3", "_run.sqlite3")
        started = time.perf_counter()
        exists = postgres_exists(postgres_url, filled) if database == "postgres" else Path(filled).exists()
        if not (reuse and exists):
            filling = filled + "_filling" if database == "postgres" else filled + ".filling"
            if database == "postgres":
                admin(postgres_url, f'DROP DATABASE IF EXISTS "{filling}" WITH (FORCE)', f'CREATE DATABASE "{filling}"')
            else:
                Path(filling).unlink(missing_ok=True)
            connect(database, postgres_url, filling)
            call_command("migrate", verbosity=0)
            ingest_fill.insert(seed, size)
            close(database)
            if database == "postgres":  # renamed once complete: a database with the final name is a whole fill
                admin(postgres_url, f'DROP DATABASE IF EXISTS "{filled}" WITH (FORCE)',
                      f'ALTER DATABASE "{filling}" RENAME TO "{filled}"')
            else:
                os.replace(filling, filled)
        fill_seconds = time.perf_counter() - started
        close(database)
        if database == "postgres":
            admin(postgres_url, f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)', f'CREATE DATABASE "{run}" TEMPLATE "{filled}"')
        else:
            shutil.copyfile(filled, run)
        connect(database, postgres_url, run)
        call_command("migrate", verbosity=0)  # a filled database kept from older code gets the newer migrations
        print(f"  {database}: {size:,} filled ({fill_seconds:.0f} s), measuring {window} uploads", file=sys.stderr, flush=True)
        result = measure_window(seed, size, window, queries)
        result["fill_seconds"] = fill_seconds
        results[size] = result
        if profile and size == sizes[-1]:
            profile_uploads(seed, size + window)
        close(database)
        if database == "postgres":
            admin(postgres_url, f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
            if not reuse:
                admin(postgres_url, f'DROP DATABASE IF EXISTS "{filled}" WITH (FORCE)')
        else:
            Path(run).unlink(missing_ok=True)
            if not reuse:
                Path(filled).unlink(missing_ok=True)
    return results


def profile_uploads(seed: int, first: int) -> None:
    """cProfile of the pipeline on 10 more uploads, printed to stderr."""
    import cProfile
    import pstats

    from ingest_corpus import Corpus

    pipeline, corpus = Pipeline(), Corpus(seed)
    profiler = cProfile.Profile()
    for number in range(first + 10):
        plan = corpus.plan(number)
        if number >= first:
            html = corpus.render(plan)
            profiler.enable()
            pipeline.upload(number, html, plan.source, plan.published)
            profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)


# The fill against real runs -----------------------------------------------------------------------------

def check_fill(seed: int, size: int) -> None:
    """Fill `size` uploads in bulk and through the real pipeline (two SQLite files), then compare every table."""
    import ingest_fill
    from django.core.management import call_command
    from ingest_corpus import Corpus

    directory = Path(tempfile.mkdtemp(prefix="newsroom-ingestscale-check-"))
    connect("sqlite", "", str(directory / "real.sqlite3"))
    call_command("migrate", verbosity=0)
    pipeline, corpus = Pipeline(), Corpus(seed)
    started = time.perf_counter()
    for number in range(size):
        plan = corpus.plan(number)
        pipeline.upload(number, corpus.render(plan), plan.source, plan.published)
    print(f"  {size} real pipeline runs in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    real = dump()
    ingest_fill.prepare(seed, [size], fresh=True)
    connect("sqlite", "", str(directory / "bulk.sqlite3"))
    call_command("migrate", verbosity=0)
    ingest_fill.insert(seed, size)
    bulk = dump()
    close("sqlite")
    shutil.rmtree(directory, ignore_errors=True)
    print(f"\nfill against {size} real uploads (same rows, ids included, unless said):\n")
    print("| table | real | bulk | same | only real | only bulk |")
    print("|---|---|---|---|---|---|")
    for table in real:
        a, b = real[table], bulk[table]
        print(f"| {table} | {len(a):,} | {len(b):,} | {len(a & b):,} | {len(a - b):,} | {len(b - a):,} |")


def dump() -> dict[str, set]:
    """Every row the pipeline writes, as comparable tuples (timestamps left out)."""
    from newsroom.articles.boilerplate import SourceBlock
    from newsroom.articles.models import Article, Source
    from newsroom.quotes.models import ArticleHighlights, PassageKey, Quote, QuoteKey, QuoteOccurrence, SharedPassage, Speaker
    from newsroom.stories.models import ArticleFeatures, KeyCount, Membership, Story, StoryKey

    def rows(model, *fields):
        return {tuple(json.dumps(v, sort_keys=True) if isinstance(v, dict | list) else v for v in row)
                for row in model.objects.values_list(*fields)}

    return {
        "Source": rows(Source, "pk", "name", "domain"),
        "Article": rows(Article, "pk", "status", "title", "byline", "published", "source_id", "canonical_url", "site_name",
                        "language", "excerpt", "html", "text", "word_count", "kind", "content_hash", "error_code"),
        "SourceBlock": rows(SourceBlock, "source_id", "article_id", "fingerprint"),
        "Speaker": rows(Speaker, "pk", "name", "slug", "role"),
        "Quote": rows(Quote, "pk", "text", "text_kind", "speaker_id", "occurrence_count", "article_count"),
        "QuoteOccurrence": rows(QuoteOccurrence, "pk", "article_id", "quote_id", "start", "end", "text", "html_start",
                                "html_end", "kind", "speaker_name", "speaker_role", "match"),
        "QuoteKey (key, quote)": rows(QuoteKey, "key", "quote_id"),
        "PassageKey (key, article)": rows(PassageKey, "key", "article_id"),
        "SharedPassage": rows(SharedPassage, "pk", "first_id", "first_start", "first_end", "second_id", "second_start",
                              "second_end", "score"),
        "ArticleHighlights": rows(ArticleHighlights, "article_id", "marked_html", "quote_spans"),
        "ArticleFeatures": rows(ArticleFeatures, "article_id", "features", "text_hash"),
        "Story": rows(Story, "pk", "headline", "representative_id", "article_count", "source_names", "first_published",
                      "last_published", "profile", "merged_into_id"),
        "Membership (article, story, score)": rows(Membership, "article_id", "story_id", "score"),
        "Membership explanation": rows(Membership, "article_id", "explanation"),
        "StoryKey (key, story)": rows(StoryKey, "key", "story_id"),
        "KeyCount (key, documents)": rows(KeyCount, "key", "documents"),
        "KeyCount (key, stories)": rows(KeyCount, "key", "stories"),
    }


# Parent: one child per database, then the tables ------------------------------------------------------------

def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * q + 0.5) - 1)]


def table(database: str, results: dict, window: int) -> None:
    print(f"\n{database}: per new article, milliseconds, median / p90 wall clock over the {window} uploads after each size; "
          "CPU = process time (PostgreSQL's own work not included)\n")
    print("| articles | stories | " + " | ".join(f"{step}" for step in STEPS)
          + " | total CPU | total ÷ trafilatura (wall) | total ÷ trafilatura (CPU) | fill s | load |")
    print("|---|---|" + "---|" * len(STEPS) + "---|---|---|---|---|")
    totals = {}
    for size, result in sorted(results.items(), key=lambda item: int(item[0])):
        cells = []
        for step in STEPS:
            values = [row["wall"].get(step, 0.0) * 1000 for row in result["rows"]]
            cells.append(f"{statistics.median(values):.1f} / {_quantile(values, 0.9):.1f}")
        total = statistics.median(row["wall"]["total"] for row in result["rows"])
        total_cpu = statistics.median(row["cpu"]["total"] for row in result["rows"])
        yard = statistics.median(row["wall"]["trafilatura"] for row in result["rows"])
        yard_cpu = statistics.median(row["cpu"]["trafilatura"] for row in result["rows"])
        totals[int(size)] = (total, total_cpu)
        print(f"| {int(size):,} | {result['stories']:,} | " + " | ".join(cells) + f" | {total_cpu * 1000:.1f} | "
              f"{total / yard:.1f}× | {total_cpu / yard_cpu:.1f}× | {result['fill_seconds']:.0f} | "
              f"{result['load'][0]:.1f} |")
    print("\nCPU (process) time per step, median, milliseconds:\n")
    print("| articles | " + " | ".join(STEPS) + " |")
    print("|---|" + "---|" * len(STEPS))
    for size, result in sorted(results.items(), key=lambda item: int(item[0])):
        print(f"| {int(size):,} | " + " | ".join(
            f"{statistics.median(row['cpu'].get(step, 0.0) for row in result['rows']) * 1000:.1f}" for step in STEPS) + " |")
    first, last = min(totals), max(totals)
    if first != last:
        print(f"\n{last:,} ÷ {first:,}, median total per article: {totals[last][0] / totals[first][0]:.2f} wall, "
              f"{totals[last][1] / totals[first][1]:.2f} CPU (flat: within 1.5)")
    statuses = [result["statuses"] for result in results.values()]
    print(f"statuses of the measured uploads: {statuses}")


QUERY_STEPS = ["store", "extraction", "quotes", "stories", "search", "commit"]


def query_table(results: dict) -> None:
    """Where each step's wall time went (means, so the parts add up), then the costliest statements."""
    for size, result in sorted(results.items(), key=lambda item: int(item[0])):
        rows = result["rows"]

        def mean(value) -> float:
            return sum(value(row) for row in rows) / len(rows)

        print(f"\n{int(size):,} articles: where the wall time goes, mean ms per upload (queries: mean count), so the "
              "parts add up: wall = CPU + waiting for a core (runnable, no core free: /proc schedstat of the main and "
              "extraction threads) + off CPU (blocked: on the server, disk, locks). In queries: wall inside "
              "cursor.execute, and the client's CPU there; commits: wall of COMMIT; server: the PostgreSQL backend "
              "on a CPU, and waiting for one\n")
        print("| step | queries | wall | CPU | waiting for a core | off CPU | in queries | client CPU in queries "
              "| commits | server CPU | server waiting |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        sums = [0.0] * 10
        for step in QUERY_STEPS:
            def db(row, field, step=step):
                return row["db"].get(step, {}).get(field, 0.0)

            wall, cpu = mean(lambda row: row["wall"].get(step, 0.0)), mean(lambda row: row["cpu"].get(step, 0.0))
            waiting = mean(lambda row: db(row, "wait"))
            cells = [mean(lambda row: db(row, "queries")), wall, cpu, waiting, wall - cpu - waiting,
                     *(mean(lambda row, field=field: db(row, field))
                       for field in ("db", "db_cpu", "commit", "server", "server_wait"))]
            sums = [a + b for a, b in zip(sums, cells)]
            print(f"| {step} | {cells[0]:.1f} | " + " | ".join(f"{value * 1000:.1f}" for value in cells[1:]) + " |")
        total = mean(lambda row: row["wall"]["total"])
        print(f"| all steps | {sums[0]:.1f} | " + " | ".join(f"{value * 1000:.1f}" for value in sums[1:])
              + f" |\n\n(total wall {total * 1000:.1f} ms: {(total - sums[1]) * 1000:.1f} ms outside the steps)")
        statements = result.get("statements", [])
        print("\nthe 10 statements with the most time (wall as the client sees it):\n")
        statement_table(statements[:10], 400)
        for step in QUERY_STEPS:
            print(f"\n{step}: every statement it sends\n")
            statement_table([statement for statement in statements if statement["step"] == step], 160)


def statement_table(statements: list[dict], longest: int) -> None:
    print("| per upload | ms per upload | ms each | step | statement |")
    print("|---|---|---|---|---|")
    for statement in statements:
        sql = " ".join(statement["sql"].split()).replace("|", "\\|")
        sql = sql if len(sql) <= longest else sql[:longest - 100] + " … " + sql[-90:]
        print(f"| {statement['per_upload']:.2f} | {statement['ms_per_upload']:.2f} | {statement['ms_each']:.3f} | "
              f"{statement['step']} | `{sql}` |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000", help="corpus sizes to measure at (comma-separated)")
    parser.add_argument("--window", type=int, default=200, help="uploads measured after each size")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
                        help="a server where scratch databases may be made")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the filled databases, and measure on kept ones without filling")
    parser.add_argument("--fresh", action="store_true", help="recompute the fill's cached state (bench/data/ingest_fill/)")
    parser.add_argument("--check-fill", type=int, metavar="N", help="compare the bulk fill with N real uploads (SQLite), then stop")
    parser.add_argument("--profile", action="store_true", help="then cProfile 10 more uploads at the last size (stderr)")
    parser.add_argument("--queries", action="store_true",
                        help="also count each step's queries, their time, commits, server CPU and waits for a core")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    sizes = sorted(int(size) for size in options.sizes.split(","))
    if options.child:
        child(options, sizes)
        return
    import platform

    print(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, load average "
          f"{' '.join(f'{load:.1f}' for load in os.getloadavg())} at start")
    base = [sys.executable, __file__, "--sizes", options.sizes, "--window", str(options.window),
            "--postgres-url", options.postgres_url, "--seed", str(options.seed)]
    if options.check_fill:
        subprocess.run([*base, "--child", "check", "--check-fill", str(options.check_fill)], cwd=ROOT, check=True)
        return
    started = time.perf_counter()
    subprocess.run([*base, "--child", "prepare"] + (["--fresh"] if options.fresh else []), cwd=ROOT, check=True)
    print(f"fill state ready in {time.perf_counter() - started:.0f} s")
    for database in options.databases.split(","):
        started = time.perf_counter()
        command = ([*base, "--child", database] + (["--reuse"] if options.reuse else [])
                   + (["--profile"] if options.profile else []) + (["--queries"] if options.queries else []))
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        if done.returncode != 0:
            print(f"\n{database}: the run failed (exit {done.returncode})")
            continue
        results = json.loads(done.stdout.strip().splitlines()[-1])
        saved = BENCH / f"data/ingest_fill/results_{database}_s{options.seed}.json"  # git-ignored: the raw timings
        saved.write_text(json.dumps(results))
        table(database, results, options.window)
        if options.queries:
            query_table(results)
        print(f"{database}: {time.perf_counter() - started:.0f} s in all; load average now "
              f"{' '.join(f'{load:.1f}' for load in os.getloadavg())}", flush=True)


def child(options, sizes: list[int]) -> None:
    scratch = tempfile.mkdtemp(prefix="newsroom-ingestscale-")
    if options.child in ("prepare", "check"):
        setup_django("sqlite", "", f"{scratch}/unused.sqlite3")
        import ingest_fill

        if options.child == "prepare":
            ingest_fill.prepare(options.seed, sizes, fresh=options.fresh)
        else:
            check_fill(options.seed, options.check_fill)
    else:
        setup_django(options.child, options.postgres_url, f"{SCRATCH}_run" if options.child == "postgres" else f"{scratch}/x.sqlite3")
        results = run_database(options.child, sizes, options.window, options.postgres_url, options.seed,
                               options.reuse, options.profile, options.queries)
        print(json.dumps(results))
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
