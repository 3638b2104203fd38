"""The quotes several articles share, lit up in their marked HTML: what a side-by-side page shows."""

from newsroom.quotes.highlighting import SharedMark, colour_shared_quotes
from newsroom.quotes.models import ArticleHighlights, QuoteOccurrence

# Distinct colours the stylesheet defines (colour-1 … colour-8); more shared quotes reuse them,
# and the page shows a number badge as well, so a repeat is still told apart.
COLOURS = 8


def marked_columns(article_ids: list[int]) -> dict[int, str]:
    """Reader HTML for each article, every quote that two or more of them carry marked in one colour.

    Two queries whatever the number of articles and quotes: the occurrences (with quote and
    speaker), and the stored marked HTML. An article never processed gets "" (the caller falls back
    to `article.html`).
    """
    occurrences = list(
        QuoteOccurrence.objects.filter(article_id__in=article_ids)
        .values_list("pk", "article_id", "quote_id", "quote__speaker__name")
        .order_by("article_id", "start")
    )
    articles_of: dict[int, set[int]] = {}
    for _, article_id, quote_id, _ in occurrences:
        articles_of.setdefault(quote_id, set()).add(article_id)
    colours: dict[int, int] = {}
    for _, _, quote_id, _ in occurrences:  # in reading order of the first column, so colours are stable
        if len(articles_of[quote_id]) > 1 and quote_id not in colours:
            colours[quote_id] = len(colours) % COLOURS + 1
    shared = {
        pk: SharedMark(quote_id, colours[quote_id], speaker or "")
        for pk, _, quote_id, speaker in occurrences if quote_id in colours
    }
    marked = dict(ArticleHighlights.objects.filter(article_id__in=article_ids).values_list("article_id", "marked_html"))
    return {pk: colour_shared_quotes(marked.get(pk, ""), shared) for pk in article_ids}
