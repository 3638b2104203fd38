"""The search page."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from newsroom.search.query import search_articles


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()
    hits = search_articles(query) if query else []
    return render(request, "search/results.html", {"query": query, "hits": hits})
