"""The full-text index of articles: a weighted tsvector per article on PostgreSQL."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Value

from newsroom.articles.models import Article
from newsroom.front.content_changes import content_changed
from newsroom.front.scopes import of_row

# The language of the stemming dictionary; articles are mostly English today.
SEARCH_CONFIG = "english"


class ArticleSearchDocument(models.Model):
    """What search matches an article against: its title (weight A) and text (weight B).

    Filled at processing time, so a query never re-parses article text. The GIN index
    exists on PostgreSQL only (migration 0002); on SQLite the column stays empty and
    search falls back to substring matching (see newsroom.search.query).
    """

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="search_document")
    vector = SearchVectorField(null=True)

    def __str__(self) -> str:
        return f"search document of article {self.article_id}"


def index_article(article: Article) -> None:
    """Processing step: (re)build the article's search document. A no-op where the database has no full-text search."""
    if connection.vendor != "postgresql":
        return
    vector = SearchVector(Value(article.title), weight="A", config=SEARCH_CONFIG) + SearchVector(
        Value(article.text), weight="B", config=SEARCH_CONFIG
    )
    # One INSERT … ON CONFLICT DO UPDATE: update_or_create took seven statements (two savepoints, a locking
    # SELECT, an INSERT or UPDATE, then this UPDATE), ~6 ms a processed article (bench/ingest.py --queries).
    document = ArticleSearchDocument(article=article, vector=vector)
    ArticleSearchDocument.objects.bulk_create([document], update_conflicts=True, unique_fields=["article"],
                                              update_fields=["vector"])
    # bulk_create sends no post_save: announce what save() would have (the result listings, content_changes)
    content_changed(changes=of_row(ArticleSearchDocument._meta.label, document))
