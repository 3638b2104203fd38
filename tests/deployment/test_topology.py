"""The scaled-out topology on one machine: 2 gunicorn web processes and 2 db_worker processes on one PostgreSQL.

200 distinct articles go in through the API, round-robin over both web processes, with an editor's
token; the workers process them from the database queue; each is read back from the other web
process. All must be ready, each stored and processed once. `bench/topology.py` starts the processes
(the same commands README's "Running at scale" documents).
"""

import json
import random
import re
import secrets
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bench.topology import Topology
from newsroom.api.models import ApiToken
from newsroom.articles.models import Article

ARTICLES = 200
STALL_SECONDS = 45  # no article finished for this long: the workers are stuck
SOURCES = ["City Herald", "Harbour Post", "Valley Times", "Morning Wire", "Coast Courier"]


def _database_url_for_subprocesses() -> str:
    """The pytest-django test database (not the configured one), as the processes' DATABASE_URL."""
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def _articles(seed_texts: dict[str, str]) -> list[dict]:
    """Plain-text articles recombined from the seeds' sentences: real prose, each one different."""
    sentences = []
    for text in seed_texts.values():
        for paragraph in text.split("\n"):
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", paragraph.strip()) if 8 <= len(s.split()) <= 45]
    sentences = list(dict.fromkeys(sentences))
    chooser = random.Random(8)
    start = datetime(2024, 1, 1, 8, tzinfo=UTC)
    articles = []
    for number in range(ARTICLES):
        picked = chooser.sample(sentences, 8)
        title = " ".join(picked[0].split()[:9]).rstrip(",;:.")
        body = [" ".join(picked[1:4]), " ".join(picked[4:6]), " ".join(picked[6:8])]
        articles.append({
            "text": f"{title}\n\n" + "\n\n".join(body),
            "source": SOURCES[number % len(SOURCES)],
            "published": (start + timedelta(days=number, hours=number % 9)).isoformat(),
            "sentences": picked[1:],
        })
    return articles


def _request(method: str, url: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json",
    })
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.mark.django_db(transaction=True)
def test_200_articles_through_two_web_processes_and_two_workers_are_all_processed_once_and_read_back(
    seed_texts, django_user_model, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("the topology shares one server database between processes: run with DATABASE_URL=postgres://…")
    editor = django_user_model.objects.create_user("topology-editor", is_staff=True)
    _, token = ApiToken.issue(editor, "topology test")
    articles = _articles(seed_texts)
    assert len({a["text"] for a in articles}) == ARTICLES

    environment = {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "NEWSROOM_DATA_DIR": str(tmp_path / "data"),
        "LOG_LEVEL": "WARNING",
        "DATABASE_POOL_MAX_SIZE": "4",
    }
    with Topology(_database_url_for_subprocesses(), web=2, workers=2, log_dir=tmp_path / "logs",
                  environment=environment) as topology:
        first, second = topology.web_urls

        def post(number: int) -> tuple[int, int, dict]:
            article = articles[number]
            payload = {key: article[key] for key in ("text", "source", "published")}
            status, answer = _request("POST", f"{(first, second)[number % 2]}/api/v1/articles", token, payload)
            return number, status, answer

        with ThreadPoolExecutor(4) as pool:
            posted = list(pool.map(post, range(ARTICLES)))
        refused = [(number, status, answer) for number, status, answer in posted if status != 201]
        assert not refused, f"{len(refused)} posts refused, e.g. {refused[:3]}\n{topology.logs_tail()}"
        ids = {number: answer["id"] for number, _, answer in posted}
        assert len(set(ids.values())) == ARTICLES

        # Wait while the workers make progress: give up only after STALL_SECONDS with no article finished, so a
        # loaded machine (slower, still working) passes and stuck workers (no progress at all) fail.
        done, last_progress = 0, time.monotonic()
        while time.monotonic() - last_progress < STALL_SECONDS:
            now_done = Article.objects.filter(pk__in=ids.values()).exclude(status=Article.Status.PENDING).count()
            if now_done == ARTICLES:
                break
            if now_done > done:
                done, last_progress = now_done, time.monotonic()
            time.sleep(0.25)
        statuses = dict(Article.objects.filter(pk__in=ids.values()).values_list("pk", "status"))
        not_ready = {pk: status for pk, status in statuses.items() if status != Article.Status.READY}
        assert not not_ready, f"{len(not_ready)} not ready ({STALL_SECONDS} s without progress): {list(not_ready.items())[:5]}\n{topology.logs_tail()}"

        def read_back(number: int) -> tuple[int, int, dict]:
            # From the web process the article did not go in through.
            status, answer = _request("GET", f"{(second, first)[number % 2]}/api/v1/articles/{ids[number]}", token)
            return number, status, answer

        with ThreadPoolExecutor(4) as pool:
            read = list(pool.map(read_back, range(ARTICLES)))

    for number, status, answer in read:
        assert status == 200, (number, status, answer)
        assert answer["status"] == "ready"
        assert answer["id"] == ids[number]
        # Plain-text cleaning may drop a recombined sentence it takes for furniture, never the whole article.
        assert any(sentence in answer["text"] for sentence in articles[number]["sentences"]), (number, answer["text"])
        assert answer["text"] == Article.objects.get(pk=ids[number]).text
        assert answer["source"]["name"] == articles[number]["source"]
    # Stored once, processed once: one article and one successful task per post, nothing else in the queue.
    assert Article.objects.count() == ARTICLES
    assert Article.objects.values("content_hash").distinct().count() == ARTICLES
    results = list(DBTaskResult.objects.values_list("status", flat=True))
    assert len(results) == ARTICLES
    assert set(results) == {TaskResultStatus.SUCCESSFUL}
