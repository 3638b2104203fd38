"""Background work on articles, through Django's tasks API (inline or in db_worker processes)."""

from django.tasks import task

from newsroom.articles.models import Article


@task
def process_article(article_id: int) -> str:
    """Extract one stored article; returns its status. A deleted article is nothing to do."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return "missing"
    article.process()
    return article.status
