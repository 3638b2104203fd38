"""A processing transaction PostgreSQL rolls back for a deadlock is run again, not left failed.

Two workers recording quotes that share rows can deadlock (the topology test in tests/deployment met
it about once in 100 articles); PostgreSQL then aborts one transaction whole, and retrying is safe.
"""

import pytest
from django.db import OperationalError

from newsroom.articles.models import PROCESS_ATTEMPTS, Article

TEXT = b"Ferry timetable changes\n\nThe harbour ferry will run every twenty minutes from March, the operator said on Tuesday.\n\nEvening crossings stay hourly."
CALLS: list[int] = []


class _Deadlock(Exception):
    sqlstate = "40P01"


def deadlock(article) -> None:
    """A pipeline step that meets a deadlock on its first `deadlock.times` calls."""
    CALLS.append(article.pk)
    if len(CALLS) <= deadlock.times:
        raise OperationalError("deadlock detected") from _Deadlock()


@pytest.fixture
def deadlocking_step(settings, monkeypatch):
    CALLS.clear()
    monkeypatch.setattr("newsroom.articles.models.sleep", lambda seconds: None)
    settings.NEWSROOM_AFTER_EXTRACTION = [*settings.NEWSROOM_AFTER_EXTRACTION, f"{__name__}.deadlock"]
    return deadlock


@pytest.mark.django_db(transaction=True)
def test_a_deadlocked_transaction_is_run_again_and_the_article_ends_ready(deadlocking_step):
    deadlocking_step.times = 1
    article, _ = Article.store_upload(TEXT, filename="ferry.txt")
    article.process()
    article.refresh_from_db()
    assert article.status == Article.Status.READY
    assert len(CALLS) == 2
    assert Article.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_on_every_attempt_leaves_the_article_failed_with_its_reason(deadlocking_step):
    deadlocking_step.times = PROCESS_ATTEMPTS
    article, _ = Article.store_upload(TEXT, filename="ferry.txt")
    article.process()
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.error_code == "internal_error"
    assert "OperationalError" in article.error
    assert len(CALLS) == PROCESS_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_other_errors_are_not_retried(settings):
    CALLS.clear()
    settings.NEWSROOM_AFTER_EXTRACTION = [*settings.NEWSROOM_AFTER_EXTRACTION, f"{__name__}.broken"]
    article, _ = Article.store_upload(TEXT, filename="ferry.txt")
    article.process()
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert len(CALLS) == 1


def broken(article) -> None:
    CALLS.append(article.pk)
    raise ValueError("a bug, not a lock conflict")
