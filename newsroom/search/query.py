"""Answering a search: PostgreSQL full-text search with ranking and highlighted snippets, a substring fallback elsewhere."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.articles.models import Article
from newsroom.search.models import SEARCH_CONFIG, ArticleSearchDocument

MAX_RESULTS = 20
# Markers that cannot occur in article text (control characters are stripped at extraction),
# so the snippet can be escaped whole and the markers turned into <mark> afterwards.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 40
# Articles that must not be found. Searching excludes their (few) ids rather than joining every match to
# its article to read its status: at 100k articles, 1,232 matches, the join doubled the ranked query
# (about 22 ms against 10 ms, EXPLAIN ANALYZE in bench/reading.py). The cost is bounded by how many
# articles are pending or failed at once, not by the corpus.
NOT_READY = [status for status in Article.Status.values if status != Article.Status.READY]


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    snippet: SafeString


def search_articles(query: str, limit: int = MAX_RESULTS) -> list[ArticleHit]:
    query = " ".join(query.split())[:200]
    if not query:
        return []
    if connection.vendor == "postgresql":
        return _full_text(query, limit)
    return _substring(query, limit)


def _full_text(query: str, limit: int) -> list[ArticleHit]:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    ranked = (
        ArticleSearchDocument.objects.filter(vector=search_query)
        .exclude(article_id__in=Article.objects.filter(status__in=NOT_READY).values("pk"))
        .annotate(rank=SearchRank(F("vector"), search_query))
        .order_by("-rank", "-article_id")
        .values_list("article_id", flat=True)[:limit]
    )
    ids = list(ranked)
    articles = (
        Article.objects.filter(pk__in=ids)
        .order_by()  # the ranked order is restored from `ids`; no sort by the model's default
        .select_related("source")
        .annotate(
            snippet=SearchHeadline(
                "text",
                search_query,
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=15,
            )
        )
        .defer("text", "html")
    )
    by_id = {article.pk: article for article in articles}
    return [ArticleHit(by_id[pk], _marked(by_id[pk].snippet)) for pk in ids if pk in by_id]


def _substring(query: str, limit: int) -> list[ArticleHit]:
    terms = [term for term in re.findall(r"\w+", query) if len(term) > 1][:8]
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition &= Q(title__icontains=term) | Q(text__icontains=term)
    articles = Article.objects.ready().filter(condition).select_related("source").latest_first()[:limit]
    return [ArticleHit(article, _marked(_snippet_around(article.text, terms))) for article in articles]


def _snippet_around(text: str, terms: list[str]) -> str:
    """A window of words around the first term found, with every term wrapped in the markers."""
    words = text.split()
    lowered = [word.lower() for word in words]
    first = next((i for i, word in enumerate(lowered) if any(term.lower() in word for term in terms)), 0)
    start = max(0, first - SNIPPET_WORDS // 3)
    window = " ".join(words[start : start + SNIPPET_WORDS])
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    return pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", window)


def _marked(snippet: str) -> SafeString:
    return mark_safe(escape(snippet or "").replace(START, "<mark>").replace(STOP, "</mark>"))
