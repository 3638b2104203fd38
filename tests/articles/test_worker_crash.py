"""A worker killed mid-article leaves it pending, never half-written; a restarted worker finishes it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsroom.articles.models import Article
from newsroom.articles.tasks import process_article

PROJECT_DIR = Path(__file__).resolve().parents[2]
TEXT = (
    b"Tunnel repairs finish early\n\n"
    b"Engineers finished the repairs to the harbour tunnel on Friday, two weeks ahead of the plan agreed with the city.\n\n"
    b"Traffic will use both tubes again from Monday morning, the roads department said."
)


def _database_url_for_subprocess() -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def _wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_the_article_pending_and_a_restarted_worker_finishes_it():
    if connection.vendor != "postgresql":
        pytest.skip("a worker in another process needs a server database to share the test data (run on PostgreSQL)")
    article, _ = Article.store_upload(TEXT, filename="tunnel.txt")
    process_article.using(backend="database").enqueue(article.pk)

    environment = {**os.environ, "DATABASE_URL": _database_url_for_subprocess(), "PYTHONPATH": str(PROJECT_DIR)}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--backend", "database", "--no-startup-delay", "--no-reload",
         "--settings", "tests.support.slow_processing_settings"],
        cwd=PROJECT_DIR, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists())
        # Extraction and the quote step have run inside the pipeline's transaction; the worker now sleeps in it.
        time.sleep(1.0)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()

    article.refresh_from_db()
    assert article.status == Article.Status.PENDING
    assert article.text == "" and article.html == ""

    call_command("requeue_stale_tasks", older_than=0)
    call_command("db_worker", "--backend", "database", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    article.refresh_from_db()
    assert article.status == Article.Status.READY
    assert "two weeks ahead of the plan" in article.text
