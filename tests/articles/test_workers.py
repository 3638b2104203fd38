"""Processing on worker processes: what docker-compose runs with NEWSROOM_TASKS=database."""

import pytest
from django.core.management import call_command

from newsroom.articles.models import Article
from newsroom.articles.tasks import process_article

TEXT = b"Night trains return\n\nThe night train between the capital and the coast returns in December after a four-year pause.\n\nTickets go on sale next week, the rail company said."


@pytest.mark.django_db(transaction=True)
def test_a_queued_upload_stays_pending_until_a_worker_processes_it():
    article, created = Article.store_upload(TEXT, filename="trains.txt")
    assert created
    process_article.using(backend="database").enqueue(article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING

    call_command("db_worker", "--backend", "database", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    article.refresh_from_db()
    assert article.status == Article.Status.READY
    assert "four-year pause" in article.text
