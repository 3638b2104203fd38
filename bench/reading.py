"""Reading at scale: the pages people browse, served by gunicorn from a 100k-article PostgreSQL database, loaded with wrk.

    uv run python bench/reading.py                      # fill bench_reading (100k) and bench_reading_small (10), measure
    uv run python bench/reading.py --reuse              # keep and reuse the filled databases (--drop removes them after)
    uv run python bench/reading.py --reuse --concurrency 5,10,20 --duration 10
    uv run python bench/reading.py --database bench_reading_mine --port 8732   # own databases and port

The databases are NAME and NAME_small (--database, default bench_reading): give your own name when
others may run the benchmark on the same PostgreSQL server.

The fill builds, in bulk (not through the upload pipeline, which would take hours): articles made of
real paragraphs (the extraction benchmark's article bodies and the five seeds, recombined per story
event), 20 sources, stories with memberships (the first a 10-article story, the rest 1-6 articles),
quotes with occurrences (a shared quote in every story of two or more articles, a quote of its own
in a third of the single articles), the marked HTML `record_quotes` would store (made by the same
`mark_html`), and search vectors built with `index_article`'s expression. A twin database of 10
articles (one 10-article story) gives the query counts to compare with.

Then, for each page (home, the 10-article story, one of its articles, its shared quote, a search)
and a constant view (bench/reading_urls.py, the server's ceiling), it prints requests/s and p50/p99
latency from wrk at each concurrency, query counts at 10 and at N articles, and the key lines of
EXPLAIN (ANALYZE) for the home, story and search queries. wrk sends no cookie, so it reads as an
anonymous reader: after each worker's first request a page comes from the page cache
(newsroom/front/page_cache.py). The in-process table gives each page's queries and CPU both made
afresh (page cache off; once with every fragment of newsroom/front/fragments.py made again, once with
them kept) and kept; --no-page-cache serves every wrk request afresh (fragments kept per worker).

--writes-every MS keeps a writer going during every wrk run, as a steady import would: every MS
milliseconds it saves, in a transaction of its own, one article of a story other than the measured
pages' and that story (Article.save() and Story.save(), the signals an upload's rows send), so the
pages show what a reader gets while articles arrive elsewhere. It writes the values already stored:
the database stays the same between runs.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / "bench"
SHARED = PROJECT_DIR.parent / "shared"
GROUND_TRUTH = SHARED / "bench" / "article-extraction-benchmark" / "ground-truth.json"
SEEDS = SHARED / "seeds"
SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "bench_reading"
PORT = 8731
CPU_REPEATS = 40
SECRET = "bench-reading-only-" + "x" * 40


# --- filling --------------------------------------------------------------------------------------

def real_paragraphs() -> list[str]:
    bodies = [entry["articleBody"] for entry in json.loads(GROUND_TRUTH.read_text()).values() if entry.get("articleBody")]
    bodies += [path.read_text() for path in sorted(SEEDS.glob("*.txt"))]
    seen, paragraphs = set(), []
    for body in bodies:
        for paragraph in re.split(r"\n+", body):
            paragraph = " ".join(paragraph.split())
            # 12 words: shorter lines in these texts are captions, bylines and menu leftovers.
            if len(paragraph.split()) > 12 and paragraph not in seen:
                seen.add(paragraph)
                paragraphs.append(paragraph)
    return paragraphs


def first_sentence(paragraph: str) -> str:
    return re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]


def story_sizes(articles: int, rng: random.Random) -> list[int]:
    """The first story has 10 articles (the page measured); then a long tail, as news has: half single articles."""
    sizes, left = [min(10, articles)], articles - min(10, articles)
    while left > 0:
        size = min(left, rng.choice([1, 1, 1, 1, 1, 2, 2, 3, 4, 5, 6]))
        sizes.append(size)
        left -= size
    return sizes


def fill(articles: int) -> None:
    """Fill the (migrated, empty) database Django is connected to. Runs in a child process per database."""
    from django.db import connection, transaction
    from django.utils.text import slugify

    from newsroom.articles.models import Source
    from newsroom.quotes.models import Quote, QuoteOccurrence, Speaker
    from newsroom.search.models import SEARCH_CONFIG
    from search_fill import index_search_documents

    rng = random.Random(20261201)
    paragraphs = real_paragraphs()
    sources = Source.objects.bulk_create(Source(name=f"Bench Outlet {n:02d}", domain=f"outlet{n:02d}.example") for n in range(20))
    first_names = ["Maria", "John", "Aiko", "Samuel", "Fatima", "Peter", "Lena", "Omar", "Grace", "Ivan", "Nadia", "Tom"]
    last_names = ["Garcia", "Smith", "Tanaka", "Okafor", "Haddad", "Novak", "Berg", "Rossi", "Kim", "Silva", "Moreau", "Lee",
                  "Clarke", "Ahmed", "Weber", "Costa", "Dubois", "Park", "Meyer", "Jensen", "Singh", "Kowalski", "Ortiz", "Young", "Hall"]
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"{first} {last}", slug=slugify(f"{first} {last}"), role="spokesperson")
        for first in first_names for last in last_names
    )
    sizes = story_sizes(articles, rng)
    started, made = time.perf_counter(), 0
    chunk: list[int] = []
    for number, size in enumerate(sizes):
        chunk.append(size)
        if sum(chunk) < 2000 and number + 1 < len(sizes):
            continue
        with transaction.atomic():
            fill_stories(chunk, made, rng, paragraphs, sources, speakers)
        made += sum(chunk)
        chunk = []
        if made % 10000 < 2000:
            print(f"  {made} articles filled ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    index_search_documents(connection, SEARCH_CONFIG)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  filled {made} articles, {len(sizes)} stories, {Quote.objects.count()} quotes, "
          f"{QuoteOccurrence.objects.count()} occurrences in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def fill_stories(sizes: list[int], first_number: int, rng: random.Random, paragraphs, sources, speakers) -> None:
    """Stories of these sizes with their articles, memberships, shared quotes, marked HTML and search documents."""
    from django.utils.text import slugify

    from newsroom.articles.models import Article
    from newsroom.quotes.highlighting import Mark, mark_html
    from newsroom.quotes.models import ArticleHighlights, Quote, QuoteOccurrence
    from newsroom.search.models import ArticleSearchDocument
    from newsroom.stories.models import Membership, Story

    start_day = datetime(2023, 1, 1, tzinfo=UTC)
    plans = []  # (story index in this chunk, article, its quoted sentence or "")
    stories_plan = []  # (size, quoted sentence or "")
    number = first_number
    for story_index, size in enumerate(sizes):
        pool = rng.sample(paragraphs, 8)
        day = start_day + timedelta(days=rng.uniform(0, 3 * 365))
        # A shared quote: the first sentence of a pool paragraph every member carries.
        quoted = first_sentence(pool[0]) if size > 1 or rng.random() < 0.33 else ""
        stories_plan.append((size, quoted))
        for _ in range(size):
            own = rng.sample(pool[1:], rng.randint(3, 5)) + rng.sample(paragraphs, rng.randint(1, 2))
            rng.shuffle(own)
            if quoted:
                own.insert(rng.randint(1, len(own)), pool[0])
            title = " ".join(own[0].split()[:12]).rstrip(",.;:")
            text = "\n\n".join(own)
            article = Article(
                content_hash=f"bench-reading-{number:08d}", filename=f"bench-{number:08d}.html", content_type="text/html",
                title=title, byline=rng.choice(["", "Staff reporter", "A. Writer"]), status=Article.Status.READY,
                published=day + timedelta(hours=rng.uniform(0, 72)), source=rng.choice(sources),
                excerpt=own[0][:300], text=text, html="\n".join(f"<p>{escape(p, quote=False)}</p>" for p in own),
                word_count=len(text.split()), kind="html", language="en", extractor_version="bench",
                processed_at=day,
            )
            plans.append((story_index, article, quoted))
            number += 1
    Article.objects.bulk_create([article for _, article, _ in plans])
    members: dict[int, list] = {}
    for story_index, article, _ in plans:
        members.setdefault(story_index, []).append(article)
    stories = []
    for story_index in range(len(stories_plan)):
        group = sorted(members[story_index], key=lambda a: a.published)
        lead = group[0]
        names = sorted({a.source.name for a in group})
        stories.append(Story(
            headline=lead.title, slug=slugify(lead.title)[:80].strip("-") or "story", representative=lead,
            first_published=group[0].published, last_published=group[-1].published, latest_at=group[-1].published,
            article_count=len(group), source_count=len(names), source_names=names,
        ))
    Story.objects.bulk_create(stories)
    Membership.objects.bulk_create(
        Membership(article=article, story=stories[story_index], score=None if n == 0 else 0.4)
        for story_index, group in members.items() for n, article in enumerate(group)
    )
    quotes = {
        story_index: Quote(text=quoted, text_kind="direct", speaker=rng.choice(speakers),
                           occurrence_count=size, article_count=size)
        for story_index, (size, quoted) in enumerate(stories_plan) if quoted
    }
    Quote.objects.bulk_create(quotes.values())
    occurrences = []
    for story_index, article, quoted in plans:
        if quoted:
            start = article.text.index(quoted)
            occurrences.append(QuoteOccurrence(
                article=article, quote=quotes[story_index], start=start, end=start + len(quoted), text=quoted,
                kind="direct", speaker_name=quotes[story_index].speaker.name, match="verbatim",
            ))
    QuoteOccurrence.objects.bulk_create(occurrences)
    marks_of = {o.article_id: [Mark(o.start, o.end, f'class="quote" data-occurrence="{o.pk}"', f'id="q-{o.pk}"')]
                for o in occurrences}
    ArticleHighlights.objects.bulk_create(
        ArticleHighlights(article=article, marked_html=mark_html(article.html, article.text, marks_of.get(article.pk, [])))
        for _, article, _ in plans
    )
    ArticleSearchDocument.objects.bulk_create(ArticleSearchDocument(article=article) for _, article, _ in plans)


# --- pages, query counts and plans (in a child process connected to one database) ---------------------

def page_urls() -> dict[str, str]:
    """The pages measured: the 10-article story (the first filled), one of its articles, its shared quote, a search."""
    from newsroom.quotes.models import QuoteOccurrence
    from newsroom.stories.models import Story

    story = Story.objects.filter(article_count=10).order_by("pk").first()
    article_ids = sorted(story.memberships.values_list("article_id", flat=True))
    quote_id = QuoteOccurrence.objects.filter(article_id=article_ids[0]).values_list("quote_id", flat=True).first()
    # The two longest words of the story's headline, so the search finds its articles at 10 articles as at 100k.
    search = "+".join(sorted(re.findall(r"[a-z]+", story.headline.lower()), key=len, reverse=True)[:2])
    return {
        "home": "/",
        "story (10 articles)": story.get_absolute_url(),
        "article": f"/articles/{article_ids[4]}/",
        "quote": f"/quotes/{quote_id}/",
        "search": f"/search?q={search}",
    }


def inspect(explain: bool) -> None:
    """Print (as JSON on stdout) the page URLs, each page's query count and CPU time, made afresh (page cache
    off) and kept (served from the page cache), its size, and the key lines of its plans."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from newsroom.front.fragments import forget_fragments

    urls = page_urls()
    client = Client()
    report = {"urls": urls, "queries": {}, "kept_queries": {}, "plans": {}, "status": {}, "cpu_ms": {}, "kept_cpu_ms": {}, "cold_cpu_ms": {},
              "kilobytes": {}}

    def cpu_ms(url: str, before_each=lambda: None) -> float:
        client.get(url)  # warm (and, with the page cache on, keep the page)
        begin = time.process_time()
        for _ in range(CPU_REPEATS):
            before_each()
            client.get(url)
        # CPU time of this Python process only (Django's work); the database's own time is not in it.
        return (time.process_time() - begin) / CPU_REPEATS * 1000

    for name, url in {"constant (ceiling)": "/bench/constant", **urls}.items():
        with override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0):
            # Afresh with every fragment made again (a page nobody asked for since its pieces changed), then
            # afresh with the fragments kept (the first view after a change elsewhere).
            report["cold_cpu_ms"][name] = cpu_ms(url, before_each=forget_fragments)
            report["cpu_ms"][name] = cpu_ms(url)
        report["kept_cpu_ms"][name] = cpu_ms(url)
        if name not in urls:
            continue
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        report["kept_queries"][name] = len(captured.captured_queries)
        with override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        report["status"][name] = response.status_code
        report["queries"][name] = len(captured.captured_queries)
        report["kilobytes"][name] = len(response.content) / 1024
        if explain and name in ("home", "story (10 articles)", "search"):
            lines = []
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql)
                    plan = [row[0] for row in cursor.fetchall()]
                key = [line.strip() for line in plan
                       if re.search(r"Scan|Sort|Limit|Join|Nested|Aggregate|Execution Time", line)]
                lines.append({"sql": sql[:160], "plan": key[:8]})
            report["plans"][name] = lines
    print(json.dumps(report))


def write(every_ms: int) -> None:
    """Until stopped (SIGTERM), every `every_ms` save one article of a story the measured pages do not show,
    and its story; print how many were saved."""
    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))
    from django.db import transaction

    from newsroom.articles.models import Article
    from newsroom.stories.models import Membership, Story

    measured = Story.objects.filter(article_count=10).order_by("pk").first().pk  # page_urls' story
    # Stories of two or more articles, as an upload joining a story is (the ones with a shared quote).
    others = list(Membership.objects.filter(story__article_count__gte=2).exclude(story_id=measured)
                  .values_list("article_id", flat=True)[:20_000])
    rng = random.Random(8)
    print(json.dumps({"ready": True}), flush=True)
    saved, begin = 0, time.monotonic()
    while not stopped:
        with transaction.atomic():
            article = Article.objects.select_related("membership__story").get(pk=rng.choice(others))
            article.save(update_fields=["title"])
            story = article.membership.story
            story.save(update_fields=["headline", "updated_at"])
        saved += 1
        time.sleep(max(0.0, begin + saved * every_ms / 1000 - time.monotonic()))
    print(json.dumps({"saved": saved, "seconds": time.monotonic() - begin}), flush=True)


# --- the server and the load ----------------------------------------------------------------------------

def child(database: str, *arguments: str, capture: bool = False) -> str:
    env = {**os.environ, **server_env(database)}
    result = subprocess.run([sys.executable, __file__, *arguments], env=env, check=True, text=True,
                            stdout=subprocess.PIPE if capture else None)
    return result.stdout or ""


def server_env(database: str) -> dict[str, str]:
    return {
        "DATABASE_URL": f"{SERVER}/{database}",
        "DJANGO_SETTINGS_MODULE": "reading_settings",
        "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), str(PROJECT_DIR)]),
        "SECRET_KEY": SECRET,
        "DEBUG": "false",
        # collectstatic's manifest, made once by the parent in a temporary directory (or BENCH_READING_STATIC).
        "STATIC_ROOT": os.environ["BENCH_READING_STATIC"],
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def writer(database: str, every_ms: int):
    """The writer (`write`) running in a process of its own while the block runs; then how fast it saved."""
    saves: dict[str, str] = {}
    if not every_ms:
        yield saves
        return
    process = subprocess.Popen([sys.executable, __file__, "--child", "write", "--writes-every", str(every_ms)],
                               env={**os.environ, **server_env(database)}, stdout=subprocess.PIPE, text=True)
    process.stdout.readline()  # ready: Django set up and its articles chosen before wrk starts
    try:
        yield saves
    finally:
        process.terminate()
        done = json.loads(process.communicate(timeout=30)[0].strip().splitlines()[-1])
        saves["rate"] = f" {done['saved'] / done['seconds']:.1f} saves/s |"


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(["psql", f"{SERVER}/{database}", "-Atqc", sql], check=True, text=True, capture_output=True).stdout


def database_exists(name: str) -> bool:
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip() == "1"


def prepare(name: str, articles: int, reuse: bool) -> None:
    if reuse and database_exists(name):
        print(f"reusing {name}", file=sys.stderr)
        return
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    child(name, "--child", "migrate")
    print(f"filling {name} with {articles} articles", file=sys.stderr, flush=True)
    child(name, "--child", "fill", "--articles", str(articles))


def start_gunicorn(database: str, workers: int, port: int) -> subprocess.Popen:
    # As the Dockerfile runs it, access log on stdout included (discarded here), on loopback.
    command = [str(Path(sys.executable).parent / "gunicorn"), "newsroom.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--access-logfile", "-"]
    server = subprocess.Popen(command, env={**os.environ, **server_env(database)}, cwd=PROJECT_DIR,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    sys.exit("gunicorn did not answer /healthz within 60 s")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def wrk(url: str, connections: int, duration: int, port: int) -> dict[str, float]:
    """One bounded wrk run (one thread: the client must not take the server's cores); requests/s, p50, p99 in ms."""
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency", f"http://127.0.0.1:{port}{url}"],
        check=True, text=True, capture_output=True, timeout=duration + 30,
    ).stdout
    def milliseconds(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds("50%"), "p99": milliseconds("99%"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", default=DATABASE, help="name of the big database; the small one is NAME_small")
    parser.add_argument("--port", type=int, default=PORT, help="gunicorn's port on loopback")
    parser.add_argument("--no-page-cache", action="store_true", help="serve every page afresh (NEWSROOM_PAGE_CACHE_SECONDS=0)")
    parser.add_argument("--reuse", action="store_true", help="reuse the filled databases when they exist")
    parser.add_argument("--drop", action="store_true", help="drop both databases at the end")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (README: 2 x cores + 1)")
    parser.add_argument("--concurrency", default="10", help="wrk connections, comma-separated")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--writes-every", type=int, default=0, metavar="MS",
                        help="during wrk, save one article (and its story) elsewhere every MS milliseconds")
    parser.add_argument("--child", choices=["migrate", "fill", "inspect", "write"], help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.child:
        import django

        django.setup()
        if options.child == "migrate":
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
        elif options.child == "fill":
            fill(options.articles)
        elif options.child == "write":
            write(options.writes_every)
        else:
            inspect(explain=True)
        return

    if options.no_page_cache:
        os.environ["NEWSROOM_PAGE_CACHE_SECONDS"] = "0"
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed")
    own_static = "BENCH_READING_STATIC" not in os.environ
    if own_static:
        os.environ["BENCH_READING_STATIC"] = tempfile.mkdtemp(prefix="bench_reading_static_")
    print(f"$ uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    big_name, small_name = options.database, f"{options.database}_small"
    prepare(small_name, 10, options.reuse)
    prepare(big_name, options.articles, options.reuse)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, check=True,
                   env={**os.environ, **server_env(big_name)})

    small = json.loads(child(small_name, "--child", "inspect", capture=True))
    big = json.loads(child(big_name, "--child", "inspect", capture=True))
    print(f"\nQuery counts per page (10 articles / {options.articles:,} articles), status at {options.articles:,}; "
          "made afresh (page cache off) and kept (served from the page cache):\n")
    print("| page | URL | queries at 10 | queries at N | kept: queries | status | KB | Django CPU ms/request at N, "
          "fresh, fragments cold | fresh | kept |\n|---|---|---|---|---|---|---|---|---|---|")
    print(f"| constant (ceiling) | `/bench/constant` | 0 | 0 | 0 | 200 | 0 | {big['cold_cpu_ms']['constant (ceiling)']:.2f} | "
          f"{big['cpu_ms']['constant (ceiling)']:.2f} | {big['kept_cpu_ms']['constant (ceiling)']:.2f} |")
    for name, url in big["urls"].items():
        print(f"| {name} | `{url}` | {small['queries'][name]} | {big['queries'][name]} | {big['kept_queries'][name]} | "
              f"{big['status'][name]} | {big['kilobytes'][name]:.0f} | {big['cold_cpu_ms'][name]:.2f} | "
              f"{big['cpu_ms'][name]:.2f} | {big['kept_cpu_ms'][name]:.2f} |")

    print(f"\nEXPLAIN (ANALYZE) key lines at {options.articles:,} articles:")
    for name, queries in big["plans"].items():
        print(f"\n{name}:")
        for query in queries:
            print(f"  {query['sql']}")
            for line in query["plan"]:
                print(f"      {line}")

    server = start_gunicorn(big_name, options.workers, options.port)
    try:
        pages = {"constant (ceiling)": "/bench/constant", **big["urls"]}
        for url in pages.values():  # warm every worker's caches and pool
            wrk(url, 5, 1, options.port)
        writing = (f"; a writer saves one article and its story elsewhere every {options.writes_every} ms during wrk"
                   if options.writes_every else "")
        print(f"\ngunicorn {options.workers} workers, wrk 1 thread, {options.duration} s per run, loopback{writing}; "
              f"uptime before: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
        for connections in [int(c) for c in options.concurrency.split(",")]:
            print(f"\nConcurrency {connections}:\n")
            print("| page | requests/s | of ceiling | p50 ms | p99 ms | non-2xx |" + (" writer |" if options.writes_every else "")
                  + "\n|---|---|---|---|---|---|" + ("---|" if options.writes_every else ""))
            ceiling = None
            for name, url in pages.items():
                with writer(big_name, options.writes_every) as saves:
                    result = wrk(url, connections, options.duration, options.port)
                ceiling = ceiling or result["rps"]
                print(f"| {name} | {result['rps']:.0f} | {result['rps'] / ceiling:.0%} | {result['p50']:.1f} | "
                      f"{result['p99']:.1f} | {result['errors']} |{saves.get('rate', '')}", flush=True)
        print(f"\nuptime after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    finally:
        stop(server)
        if options.drop:
            psql(f"DROP DATABASE IF EXISTS {big_name}")
            psql(f"DROP DATABASE IF EXISTS {small_name}")
        if own_static:
            shutil.rmtree(os.environ["BENCH_READING_STATIC"], ignore_errors=True)


if __name__ == "__main__":
    main()
