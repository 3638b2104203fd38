"""A quote with every article that carries it, and a speaker with their quotes."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsroom.articles.models import Article
from newsroom.front.fragments import kept_fragment
from newsroom.front.page_cache import cached_for_readers
from newsroom.quotes.models import Quote, QuoteOccurrence, Speaker

READY = Article.Status.READY


@require_GET
@cached_for_readers
def quote_detail(request, pk: int):
    occurrences = (
        QuoteOccurrence.objects.filter(article__status=READY)
        .select_related("article__source")
        .only("pk", "quote_id", "text", "kind", "match", "speaker_name", "start", "end",
              "article__id", "article__title", "article__filename", "article__published", "article__source__name")
        .order_by("article__published", "article_id", "start")
    )
    quote = get_object_or_404(
        Quote.objects.select_related("speaker").prefetch_related(Prefetch("occurrences", queryset=occurrences)), pk=pk
    )
    cards = [
        kept_fragment("quotes/quote.html#occurrence", occurrence_key(quote, occurrence),
                      {"quote": quote, "occurrence": occurrence})
        for occurrence in quote.occurrences.all()
    ]
    return render(request, "quotes/quote.html", {"quote": quote, "occurrence_cards": cards})


def occurrence_key(quote: Quote, occurrence: QuoteOccurrence) -> tuple:
    """Every value an occurrence's entry shows (its wording is compared with the quote's): it is
    rendered again when one of them changes."""
    article = occurrence.article
    source_name = article.source.name if article.source else None
    return (occurrence.pk, occurrence.article_id, article.display_title, source_name, article.published,
            occurrence.kind, occurrence.match, occurrence.speaker_name, occurrence.text, quote.text)


@require_GET
@cached_for_readers
def speaker_detail(request, slug: str):
    speaker = get_object_or_404(Speaker, slug=slug)
    quotes = speaker.quotes.order_by("-article_count", "pk")
    return render(request, "quotes/speaker.html", {"speaker": speaker, "quotes": quotes})
