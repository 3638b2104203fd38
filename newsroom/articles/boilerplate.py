"""Per-site learning in the app: each article's block fingerprints, kept per source.

What several stored articles of one source share is that source's boilerplate (see
newsroom/reader/site_boilerplate.py), removed when the source's articles are extracted.
"""

from django.db import models

from newsroom.reader.site_boilerplate import MIN_ARTICLES, learn_site_boilerplate

# 200: a source's recent articles; sites change their templates, and the query stays small.
LEARNING_WINDOW = 200


class SourceBlock(models.Model):
    """One block fingerprint seen in one article of a source."""

    source = models.ForeignKey("articles.Source", on_delete=models.CASCADE, related_name="blocks")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="source_blocks")
    fingerprint = models.CharField(max_length=16)

    class Meta:
        app_label = "articles"
        constraints = [
            models.UniqueConstraint(fields=["article", "fingerprint"], name="sourceblock_unique_article_fingerprint"),
        ]
        indexes = [models.Index(fields=["source", "fingerprint"], name="sourceblock_source_fingerprint")]

    def __str__(self) -> str:
        return f"{self.fingerprint} in article {self.article_id}"


def site_boilerplate_for(source, article=None) -> frozenset[str]:
    """Fingerprints repeated in at least MIN_ARTICLES of the source's recent articles, `article` left out."""
    if source is None:
        return frozenset()
    recent = source.articles.exclude(pk=getattr(article, "pk", None)).order_by("-processed_at", "-pk")
    # One query, the recent ids as a subquery: a source with fewer than MIN_ARTICLES articles gives no
    # fingerprint MIN_ARTICLES times, so it needs no count of its own (a round trip and 200 parameters less).
    by_article: dict[int, list[str]] = {}
    rows = SourceBlock.objects.filter(
        source=source, article_id__in=recent.values("pk")[:LEARNING_WINDOW]
    ).values_list("article_id", "fingerprint")
    for article_id, fingerprint in rows:
        by_article.setdefault(article_id, []).append(fingerprint)
    return learn_site_boilerplate(by_article.values(), MIN_ARTICLES)


def record_blocks(article, fingerprints: tuple[str, ...]) -> None:
    """Replace what is stored of `article`'s blocks (after each extraction)."""
    SourceBlock.objects.filter(article=article).delete()
    if article.source_id and fingerprints:
        SourceBlock.objects.bulk_create(
            [SourceBlock(source_id=article.source_id, article=article, fingerprint=value) for value in fingerprints],
            ignore_conflicts=True,
        )
