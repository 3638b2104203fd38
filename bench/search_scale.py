"""Search speed at scale: fill an empty PostgreSQL database with N articles made from real text, then time queries.

    createdb -h 127.0.0.1 -U postgres newsroom_search_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_search_bench uv run python bench/search_scale.py --articles 100000

Articles are inserted directly (bulk_create) rather than through the upload pipeline, because only
search is measured here; their search vectors are built by the same expression `index_article` uses,
in one UPDATE. Prints per-query latency (median and worst of 5 runs, warm) and the query plan.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
GROUND_TRUTH = PROJECT_DIR.parent / "shared" / "bench" / "article-extraction-benchmark" / "ground-truth.json"
QUERIES = ["supercomputer", "climate change policy", "election results", "OpenAI Microsoft investment", "football"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2_000)
    options = parser.parse_args()

    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from newsroom.articles.models import Article
    from newsroom.search.models import SEARCH_CONFIG, ArticleSearchDocument
    from search_fill import index_search_documents
    from newsroom.search.query import search_articles

    if connection.vendor != "postgresql":
        sys.exit("search_scale measures PostgreSQL full-text search: set DATABASE_URL to an empty PostgreSQL database")
    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        sys.exit("the database already holds articles: give an empty one")

    bodies = [entry["articleBody"] for entry in json.loads(GROUND_TRUTH.read_text()).values() if entry.get("articleBody")]
    paragraphs = [p for body in bodies for p in body.split("\n") if len(p.split()) > 12]
    random.seed(20261122)
    started = time.perf_counter()
    for first in range(0, options.articles, options.batch):
        batch = []
        for number in range(first, min(first + options.batch, options.articles)):
            text = "\n\n".join(random.sample(paragraphs, 6))
            title = " ".join(text.split()[:10])
            batch.append(Article(content_hash=f"bench-{number:08d}", title=title, text=text, status="ready",
                                 word_count=len(text.split())))
        created = Article.objects.bulk_create(batch)
        ArticleSearchDocument.objects.bulk_create(ArticleSearchDocument(article=a) for a in created)
    index_search_documents(connection, SEARCH_CONFIG)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_articlesearchdocument; ANALYZE articles_article")
    print(f"{options.articles} articles stored and indexed in {time.perf_counter() - started:.0f} s")

    print(f"\n| query | results | median ms | worst ms |\n|---|---|---|---|")
    for query in QUERIES:
        timings = []
        for _ in range(6):
            begin = time.perf_counter()
            hits = search_articles(query)
            timings.append((time.perf_counter() - begin) * 1000)
        warm = timings[1:]
        print(f"| {query} | {len(hits)} | {statistics.median(warm):.1f} | {max(warm):.1f} |")

    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    query = SearchQuery(QUERIES[0], search_type="websearch", config=SEARCH_CONFIG)
    plan = (
        ArticleSearchDocument.objects.filter(vector=query, article__status="ready")
        .annotate(rank=SearchRank(F("vector"), query))
        .order_by("-rank")
        .values_list("article_id", flat=True)[:20]
        .explain(analyze=True)
    )
    print("\nPlan of the ranked query:\n" + plan)


if __name__ == "__main__":
    main()
