"""The search page."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from newsroom.front.fragments import kept_fragment
from newsroom.front.page_cache import cached_for_readers
from newsroom.search.query import ArticleHit, search_articles


@require_GET
@cached_for_readers
def search(request):
    query = request.GET.get("q", "").strip()
    hits = search_articles(query) if query else []
    hit_cards = [kept_fragment("search/results.html#hit", hit_key(hit), {"hit": hit}) for hit in hits]
    return render(request, "search/results.html", {"query": query, "hits": hits, "hit_cards": hit_cards})


def hit_key(hit: ArticleHit) -> tuple:
    """Every value a hit shows: it is rendered again when one of them changes."""
    article = hit.article
    source_name = article.source.name if article.source else None
    return (article.pk, article.display_title, source_name, article.published, hit.snippet)
