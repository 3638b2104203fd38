"""The search page."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from newsroom.front.page_cache import cached_for_readers
from newsroom.search.query import search_articles


@require_GET
@cached_for_readers
def search(request):
    query = request.GET.get("q", "").strip()
    hits = search_articles(query) if query else []
    return render(request, "search/results.html", {"query": query, "hits": hits})
