"""Per-article cost of extraction + quote recording (finding, index look-ups, alignment, passages, marked HTML)
when the database already holds 1k and 10k articles, on SQLite.

    uv run python bench/quotes_scale.py                       # 1k and 10k, 40 measured articles at each
    uv run python bench/quotes_scale.py --sizes 1000,5000 --measure 20

Articles are made from real text: paragraphs of the five seeds and of the extraction benchmark's
articleBody texts (../shared/bench/article-extraction-benchmark/ground-truth.json), recombined, with
real sentences put in quotation marks and attributed to one of a few hundred speakers; a fifth of
the quotes re-use a statement already quoted elsewhere (shared quotes), and recombined paragraphs
give shared passages. The database is filled through the same `record_quotes` step (so its indexes
are what a running site would have), in a throw-away directory; then new articles are measured
through the whole upload path: extraction from the uploaded bytes, then `record_quotes`.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def setup_django(directory: str) -> None:
    os.environ["NEWSROOM_DATA_DIR"] = directory
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def paragraphs() -> list[str]:
    pool = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        pool += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if len(p.split()) >= 12]
    truth = json.loads((SHARED / "bench/article-extraction-benchmark/ground-truth.json").read_text(encoding="utf-8"))
    for row in truth.values():
        pool += [p.strip() for p in row["articleBody"].split("\n") if len(p.split()) >= 12]
    return list(dict.fromkeys(pool))


class Generator:
    def __init__(self, pool: list[str], seed: int):
        self.random = random.Random(seed)
        self.pool = pool
        self.sentences = [s for p in pool for s in re.split(r"(?<=[.!?])\s+", p) if 10 <= len(s.split()) <= 40
                          and not re.search(r"[“”\"]", s)]
        first = ["Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luis",
                 "Maya", "Nils", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara"]
        last = ["Adams", "Brook", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski",
                "Larsen", "Moreau", "Novak", "Okafor"]
        self.speakers = [f"{a} {b}" for a in first for b in last]
        self.quoted: list[tuple[str, str]] = []  # statements already quoted, to quote again

    def article(self, number: int) -> str:
        body = self.random.sample(self.pool, self.random.randint(5, 10))
        for _ in range(self.random.randint(1, 3)):
            if self.quoted and self.random.random() < 0.2:
                sentence, speaker = self.random.choice(self.quoted)
            else:
                sentence, speaker = self.random.choice(self.sentences), self.random.choice(self.speakers)
                self.quoted.append((sentence, speaker))
            quote = f"\u201c{sentence.rstrip('.')},\u201d said {speaker}."
            body.insert(self.random.randint(0, len(body)), quote)
        return f"Report number {number} on the news of the day\n\n" + "\n\n".join(body) + f"\n\nFiled as item {number}."


def fill(generator: Generator, start: int, stop: int) -> None:
    """Add articles start..stop-1 directly as extracted text (extraction is not what fills measure).

    The indexes, quotes and passages are built by record_quotes as on a running site; only the
    marked HTML, which nothing later reads back while recording, is skipped to save time.
    """
    from html import escape
    from unittest import mock

    from newsroom.articles.models import Article
    from newsroom.quotes import recording

    record_quotes = recording.record_quotes
    skip_marking = mock.patch.object(recording, "rebuild_highlights", lambda articles, positions=None: None)
    skip_marking.start()

    for number in range(start, stop):
        text = generator.article(number)
        html = "".join(f"<p>{escape(p, quote=False)}</p>" for p in text.split("\n\n"))
        article = Article.objects.create(
            content_hash=f"bench-{number}", title=f"Report {number}", text=text, html=html,
            status=Article.Status.READY, word_count=len(text.split()), kind="text",
        )
        record_quotes(article)
        if (number + 1) % 500 == 0:
            print(f"  filled {number + 1} articles", file=sys.stderr, flush=True)
    skip_marking.stop()


def measure(generator: Generator, count: int, offset: int) -> dict[str, list[float]]:
    """Wall time, process CPU time (SQLite runs in-process, so its work counts) and SQL queries of
    each new article. CPU time is the figure to compare on a shared, loaded machine."""
    from django.db import connection

    from newsroom.articles.models import Article
    from newsroom.quotes.recording import record_quotes

    queries = []

    def count_queries(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    result: dict[str, list[float]] = {"extraction_cpu": [], "quotes_cpu": [], "quotes_wall": [], "queries": []}
    for number in range(offset, offset + count):
        data = generator.article(number).encode("utf-8")
        article, _ = Article.store_upload(data, filename=f"bench-{number}.txt", content_type="text/plain")
        cpu = time.process_time()
        article.extract()
        extracted_cpu = time.process_time()
        wall = time.perf_counter()
        queries.clear()
        with connection.execute_wrapper(count_queries):
            record_quotes(article)
        result["quotes_wall"].append(time.perf_counter() - wall)
        result["quotes_cpu"].append(time.process_time() - extracted_cpu)
        result["extraction_cpu"].append(extracted_cpu - cpu)
        result["queries"].append(len(queries))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="database sizes to measure at (comma-separated)")
    parser.add_argument("--measure", type=int, default=40, help="articles measured at each size")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as directory:
        setup_django(directory)
        from newsroom.quotes.models import Quote, QuoteKey, SharedPassage

        generator = Generator(paragraphs(), seed=1)
        rows, filled, measured = [], 0, 0
        for size in sizes:
            started = time.perf_counter()
            fill(generator, filled, size - measured)
            filled = size - measured
            fill_seconds = time.perf_counter() - started
            timings = measure(generator, args.measure, 10_000_000 + measured)
            measured += args.measure
            filled += args.measure
            rows.append((size, timings, Quote.objects.count(), QuoteKey.objects.count(), SharedPassage.objects.count()))
            print(f"  at {size:,}: quotes CPU median {statistics.median(timings['quotes_cpu']) * 1000:.1f} ms "
                  f"(filled in {fill_seconds:.0f} s)", file=sys.stderr, flush=True)

    print(f"\nPer new article on SQLite, {args.measure} measured at each size (milliseconds; CPU = process time)\n")
    print("| articles in the database | extraction CPU | quotes CPU median | quotes CPU p90 | quotes wall median "
          "| SQL queries median | quotes | quote keys | shared passages |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size, t, n_quotes, n_keys, n_passages in rows:
        cpu = sorted(t["quotes_cpu"])
        print(f"| {size:,} | {statistics.median(t['extraction_cpu']) * 1000:.1f} | {statistics.median(cpu) * 1000:.1f} | "
              f"{cpu[int(len(cpu) * 0.9) - 1] * 1000:.1f} | {statistics.median(t['quotes_wall']) * 1000:.1f} | "
              f"{statistics.median(t['queries']):.0f} | {n_quotes:,} | {n_keys:,} | {n_passages:,} |")


if __name__ == "__main__":
    main()
