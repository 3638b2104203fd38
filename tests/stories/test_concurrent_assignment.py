"""Two related articles processed at the same moment by two workers end in one story (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from newsroom.articles.models import Article


@pytest.mark.django_db(transaction=True)
def test_two_workers_processing_related_articles_at_once_make_one_story(seeds_dir):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by design; the race needs a server database")
    articles = []
    for number in ("000", "004"):
        path = next(seeds_dir.glob(f"{number}_*.txt"))
        article, _ = Article.store_upload(path.read_bytes(), filename=path.name)
        articles.append(article.pk)

    start = threading.Barrier(len(articles))
    errors = []

    def work(pk: int) -> None:
        try:
            article = Article.objects.get(pk=pk)
            start.wait(timeout=30)
            article.process()
        except Exception as error:  # collected and asserted below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(pk,)) for pk in articles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    processed = Article.objects.filter(pk__in=articles).select_related("membership__story")
    assert {article.status for article in processed} == {Article.Status.READY}
    assert len({article.membership.story_id for article in processed}) == 1
