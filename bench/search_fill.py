"""Bulk fills for the benchmarks: every stored search document's vector in one statement.

The app indexes one article at a time while processing (newsroom.search.models.index_article); a
benchmark that bulk-inserts 100,000 articles builds the same weighted vectors here in one pass.
"""


def index_search_documents(connection, search_config: str) -> None:
    """Set each search document's vector from its article: title at weight A, text at weight B (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_articlesearchdocument d SET vector = "
            "setweight(to_tsvector(%s::regconfig, a.title), 'A') || setweight(to_tsvector(%s::regconfig, a.text), 'B') "
            "FROM articles_article a WHERE a.id = d.article_id",
            [search_config, search_config],
        )
