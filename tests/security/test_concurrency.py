"""Eight editors uploading at once against a real server on PostgreSQL: nothing lost, nothing stored twice."""

import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import urllib3
from django.db import connection
from django.urls import reverse

from newsroom.articles.models import Article
from tests.security.hostile import PARAGRAPHS

pytestmark = pytest.mark.django_db(transaction=True)

UPLOADERS = 8
DISTINCT = 400
DUPLICATES = 100
OUTCOME = re.compile(r'<tr class="outcome-(\w+)">')


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent uploads need a server database: SQLite serialises writers by design "
                    "(run with DATABASE_URL=postgres://… to exercise it)")


def _article_text(number: int) -> bytes:
    return (f"Harbour report number {number}\n\n{PARAGRAPHS[number % 4]} (Report {number}.)\n\n"
            f"{PARAGRAPHS[(number + 1) % 4]} (Filed as item {number * 7919 % 10007}.)\n").encode()


def test_concurrent_uploads_store_every_article_once_and_report_every_duplicate(postgresql_only, live_server, editor, settings, client):
    # Uploads are queued for workers, as in production; processing is tested elsewhere.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}, "database": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(editor)
    session = client.cookies["sessionid"].value
    http = urllib3.PoolManager(maxsize=UPLOADERS, retries=False, timeout=urllib3.Timeout(connect=5, read=60))
    upload_url = live_server.url + reverse("admin:articles_article_upload")
    page = http.request("GET", upload_url, headers={"Cookie": f"sessionid={session}"})
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.data.decode()).group(1)

    rng = random.Random(11)
    uploads = list(range(DISTINCT)) + [rng.randrange(DISTINCT) for _ in range(DUPLICATES)]
    rng.shuffle(uploads)
    outcomes: list[tuple[int, str]] = []
    lock = threading.Lock()

    def upload(number: int) -> None:
        response = http.request(
            "POST", upload_url,
            fields={"csrfmiddlewaretoken": token, "files": (f"report-{number}.txt", _article_text(number), "text/plain")},
            headers={"Cookie": f"sessionid={session}; csrftoken={csrf_cookie}", "Referer": upload_url},
        )
        found = OUTCOME.findall(response.data.decode())
        with lock:
            outcomes.append((number, f"http {response.status}" if response.status != 200 or len(found) != 1 else found[0]))

    with ThreadPoolExecutor(UPLOADERS) as pool:
        list(pool.map(upload, uploads))

    states = [state for _, state in outcomes]
    stored = Article.objects.count()
    print(f"\nsent {len(uploads)}, stored {stored}, duplicates reported {states.count('duplicate')}, "
          f"other outcomes {sorted(set(states) - {'pending', 'duplicate'})}")
    assert len(outcomes) == len(uploads)
    assert set(states) <= {"pending", "duplicate"}
    assert states.count("pending") == DISTINCT  # every distinct article created exactly once...
    assert states.count("duplicate") == DUPLICATES  # ...and every repeat said so
    assert stored == DISTINCT
    assert {a.filename for a in Article.objects.only("filename")} == {f"report-{n}.txt" for n in range(DISTINCT)}
    assert all(article.original_bytes() == _article_text(int(article.filename[7:-4])) for article in Article.objects.select_related("original"))
