"""Editors upload one or many files, or pasted text, in the admin; each gets its own outcome."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsroom.articles.models import Article

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:articles_article_upload")


def _file(name: str, content: bytes, content_type: str = "text/plain") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


GOOD_TEXT = b"Tram line opens\n\nThe new tram line between the station and the university opened on Monday with free rides all day.\n\nThe city expects twenty thousand passengers a day by the end of the year."
OTHER_TEXT = b"Museum wins award\n\nThe maritime museum won the national heritage award on Thursday for its restored lighthouse gallery.\n\nThe jury praised the volunteers who worked on the project for six years."


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_logged_in_non_staff_cannot_upload(outsider_client):
    response = outsider_client.post(UPLOAD_URL, {"files": [_file("a.txt", GOOD_TEXT)]})
    assert response.status_code == 302
    assert Article.objects.count() == 0


def test_an_editor_uploads_several_files_at_once(editor_client):
    response = editor_client.post(UPLOAD_URL, {"files": [_file("tram.txt", GOOD_TEXT), _file("museum.txt", OTHER_TEXT)]})
    assert response.status_code == 200
    assert Article.objects.filter(status=Article.Status.READY).count() == 2
    page = response.content.decode()
    assert page.count('class="outcome-created"') == 2


def test_one_bad_file_does_not_block_the_others(editor_client):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    response = editor_client.post(
        UPLOAD_URL, {"files": [_file("photo.html", png, "text/html"), _file("tram.txt", GOOD_TEXT)]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="outcome-failed"' in page and 'class="outcome-created"' in page
    assert "PNG" in page
    assert Article.objects.filter(status=Article.Status.FAILED).count() == 1
    assert Article.objects.filter(status=Article.Status.READY).count() == 1


def test_the_editor_is_told_when_an_article_already_exists(editor_client):
    editor_client.post(UPLOAD_URL, {"files": [_file("tram.txt", GOOD_TEXT)]})
    existing = Article.objects.get()
    response = editor_client.post(UPLOAD_URL, {"files": [_file("tram-copy.txt", GOOD_TEXT)]})
    page = response.content.decode()
    assert 'class="outcome-duplicate"' in page
    assert f"Already uploaded as article {existing.pk}" in page
    assert reverse("admin:articles_article_change", args=[existing.pk]) in page
    assert Article.objects.count() == 1


def test_pasted_text_with_overrides_becomes_an_article(editor_client):
    response = editor_client.post(
        UPLOAD_URL,
        {
            "pasted_text": OTHER_TEXT.decode(),
            "source": "Harbour Herald",
            "url": "https://herald.example/museum",
            "published": "2024-05-02 10:30",
        },
    )
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.status == Article.Status.READY
    assert article.source.name == "Harbour Herald"
    assert article.canonical_url == "https://herald.example/museum"
    assert article.published.date().isoformat() == "2024-05-02"
    assert article.original_bytes() == OTHER_TEXT


def test_an_empty_form_asks_for_files_or_text(editor_client):
    response = editor_client.post(UPLOAD_URL, {})
    assert response.status_code == 200
    assert "Choose one or more files" in response.content.decode()


def test_the_reprocess_action_runs_extraction_again(editor_client):
    editor_client.post(UPLOAD_URL, {"files": [_file("tram.txt", GOOD_TEXT)]})
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(text="stale", extractor_version="0")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "reprocess_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert "free rides all day" in article.text
    assert article.extractor_version != "0"
