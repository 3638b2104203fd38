"""Editors writing through the API: adding articles (HTML, text, URL), reprocessing, moving between stories."""

import json

import pytest

from newsroom.api import creation
from newsroom.articles.models import Article
from newsroom.stories.models import Membership

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html><head><title>Harbour reopens after storm | Coast News</title></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour reopens after storm</h1>
<p>Portsmouth harbour reopened on Sunday after two days in which a storm with winds of 90 mph kept ferries in port.</p>
<p>"We will reopen as soon as it is safe to do so," the harbour authority had said on Friday, and on Sunday it did.</p>
</article><footer>Share this article</footer></body></html>"""


def post(client, url, body, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.post(url, json.dumps(body) if not isinstance(body, str) else body, content_type="application/json", **headers)


# Adding articles -----------------------------------------------------------------------------


def test_an_editor_adds_an_article_from_text(client, editor_token):
    response = post(client, "/api/v1/articles", {
        "text": "Council approves new tram line\n\nThe city council voted 31 to 9 on Monday to build a tram line to the airport.",
        "source": "City Herald", "published": "2026-11-20T09:00:00Z", "byline": "A. Reporter",
    }, editor_token)
    assert response.status_code == 201
    data = response.json()
    article = Article.objects.get(pk=data["id"])
    assert article.status == Article.Status.READY
    assert data["title"] == "Council approves new tram line"
    assert data["source"]["name"] == "City Herald" and data["byline"] == "A. Reporter"
    assert data["published"].startswith("2026-11-20T09:00:00")
    assert data["url"] == f"http://testserver/articles/{article.pk}/"
    assert data["story"] is not None


def test_an_editor_adds_an_article_from_html_with_its_address(client, editor_token):
    response = post(client, "/api/v1/articles", {"html": PAGE, "url": "https://coast.example/harbour-reopens"}, editor_token)
    assert response.status_code == 201
    data = response.json()
    assert data["title"].startswith("Harbour reopens after storm")
    assert "Share this article" not in data["text"] and "90 mph" in data["text"]
    assert data["canonical_url"] == "https://coast.example/harbour-reopens"
    assert Article.objects.get(pk=data["id"]).original_bytes() == PAGE.encode()


def test_the_same_bytes_twice_is_a_409_with_the_existing_article(client, editor_token):
    first = post(client, "/api/v1/articles", {"html": PAGE}, editor_token).json()
    response = post(client, "/api/v1/articles", {"html": PAGE}, editor_token)
    assert response.status_code == 409
    data = response.json()
    assert data["code"] == "duplicate"
    assert data["article_id"] == first["id"]
    assert data["article_url"] == f"http://testserver/articles/{first['id']}/"
    assert data["article_api_url"] == f"http://testserver/api/v1/articles/{first['id']}"
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "empty"),
        ({"text": "   \n  "}, "empty"),
        ({"html": "<p>a</p>", "text": "a"}, "invalid_request"),
        ({"text": "Headline\n\nBody.", "url": "javascript:alert(1)"}, "invalid_url"),
        ({"text": 42}, "invalid_request"),
        ({"text": "Headline\n\nBody.", "published": "last week"}, "invalid_request"),
        ({"text": "Headline\n\nBody.", "published": "2026-11-20"}, "invalid_request"),
        ({"text": "Headline\n\nBody.", "published": 1700000000}, "invalid_request"),
        ("{not json", "invalid_request"),
    ],
)
def test_bad_input_is_a_400_with_a_machine_readable_code(client, editor_token, body, code):
    response = post(client, "/api/v1/articles", body, editor_token)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["reason"]
    assert not Article.objects.exists()


def test_an_article_over_the_size_limit_is_refused_as_in_the_admin(client, editor_token, settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 2048
    response = post(client, "/api/v1/articles", {"text": "Headline\n\n" + "word " * 1000}, editor_token)
    assert response.status_code == 400
    assert response.json()["code"] == "too_large"
    assert "NEWSROOM_MAX_UPLOAD_BYTES" in response.json()["reason"]
    assert not Article.objects.exists()


def test_a_request_body_over_djangos_limit_is_a_400_not_a_crash(client, editor_token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    response = post(client, "/api/v1/articles", {"text": "Headline\n\n" + "word " * 2000}, editor_token)
    assert response.status_code == 400
    assert response.json()["code"] == "too_large"


def test_an_article_that_cannot_be_read_is_kept_as_failed(client, editor_token):
    response = post(client, "/api/v1/articles", {"html": "<html><body><nav>Menu</nav></body></html>"}, editor_token)
    assert response.status_code == 201
    assert response.json()["status"] == "failed" and response.json()["error_code"]


def test_adding_by_url_goes_through_the_fetcher(client, editor_token, monkeypatch):
    from newsroom.articles import fetching

    fetched = []

    def fetch(url):
        fetched.append(url)
        return PAGE.encode(), "text/html; charset=utf-8", url

    monkeypatch.setattr(fetching, "fetch", fetch)
    response = post(client, "/api/v1/articles", {"url": "https://coast.example/harbour-reopens", "source": "Coast News"}, editor_token)
    assert response.status_code == 201
    assert fetched == ["https://coast.example/harbour-reopens"]
    data = response.json()
    assert data["canonical_url"] == "https://coast.example/harbour-reopens"
    assert data["source"]["name"] == "Coast News" and "90 mph" in data["text"]


@pytest.mark.parametrize(
    ("url", "code"),
    [("http://127.0.0.1:8000/admin/", "private_address"), ("http://169.254.169.254/latest/meta-data/", "private_address"),
     ("http://[::1]/", "private_address"), ("ftp://example.com/file", "invalid_url")],
)
def test_adding_by_url_refuses_addresses_off_the_public_internet(client, editor_token, url, code):
    response = post(client, "/api/v1/articles", {"url": url}, editor_token)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Article.objects.exists()


def test_adding_by_url_without_a_fetcher_says_so(client, editor_token, monkeypatch):
    def missing(name):
        raise ImportError(name)

    monkeypatch.setattr(creation.importlib, "import_module", missing)
    response = post(client, "/api/v1/articles", {"url": "https://coast.example/harbour-reopens"}, editor_token)
    assert response.status_code == 501
    assert response.json()["code"] == "fetch_unavailable"


# Who may write -------------------------------------------------------------------------------


def test_writing_without_a_token_is_a_401(client, editor_client):
    # Even a logged-in editor's session cookie does not write through the API: only tokens do (no CSRF to worry about).
    response = post(editor_client, "/api/v1/articles", {"text": "Headline\n\nBody."})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_writing_with_a_bad_token_is_a_401(client, db):
    assert post(client, "/api/v1/articles", {"text": "Headline\n\nBody."}, "nr_wrong").status_code == 401


def test_writing_with_a_token_of_someone_not_staff_is_a_403(client, outsider_token):
    response = post(client, "/api/v1/articles", {"text": "Headline\n\nBody."}, outsider_token)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Article.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/articles/1/reprocess", "/api/v1/articles/1/move"])
def test_corrections_need_a_staff_token(client, small_world, outsider_token, path):
    assert post(client, path, {"story_id": 1}).status_code == 401
    assert post(client, path, {"story_id": 1}, outsider_token).status_code == 403


def test_reading_endpoints_do_not_take_writes(client, editor_token):
    response = post(client, "/api/v1/stories", {}, editor_token)
    assert response.status_code == 405


# Reprocessing and moving ---------------------------------------------------------------------


def test_an_editor_reprocesses_an_article(client, small_world, editor_token):
    article = small_world["harbour"]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, error_code="internal_error", title="")
    response = post(client, f"/api/v1/articles/{article.pk}/reprocess", {}, editor_token)
    assert response.status_code == 200
    assert response.json()["status"] == "ready" and response.json()["error_code"] == ""
    assert response.json()["title"] == "Storm closes Portsmouth harbour for two days"


def test_reprocessing_an_unknown_article_is_a_404(client, editor_token, db):
    assert post(client, "/api/v1/articles/999/reprocess", {}, editor_token).status_code == 404


def test_an_editor_moves_an_article_to_another_story(client, small_world, editor_token):
    article, harbour = small_world["acme_2"], small_world["harbour"].membership.story
    response = post(client, f"/api/v1/articles/{article.pk}/move", {"story_id": harbour.pk}, editor_token)
    assert response.status_code == 200
    assert response.json()["story"]["id"] == harbour.pk
    membership = Membership.objects.get(article=article)
    assert membership.story_id == harbour.pk and membership.by_editor


def test_moving_to_an_unknown_story_is_a_404_saying_which(client, small_world, editor_token):
    response = post(client, f"/api/v1/articles/{small_world['acme_2'].pk}/move", {"story_id": 999}, editor_token)
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_story"


def test_moving_an_article_in_no_story_is_a_409(client, small_world, editor_token):
    article = small_world["harbour"]
    Membership.objects.filter(article=article).delete()
    story = small_world["acme_1"].membership.story
    response = post(client, f"/api/v1/articles/{article.pk}/move", {"story_id": story.pk}, editor_token)
    assert response.status_code == 409
    assert response.json()["code"] == "not_in_a_story"


def test_moving_needs_a_story_id(client, small_world, editor_token):
    response = post(client, f"/api/v1/articles/{small_world['acme_2'].pk}/move", {}, editor_token)
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"
