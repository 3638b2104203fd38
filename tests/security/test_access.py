"""Who may change things, and how: staff only, POST with CSRF only, and no password guessing."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsroom.accounts.models import LoginFailures
from newsroom.articles.ingest import ingest
from newsroom.articles.models import Article
from tests.security.hostile import html_page

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery"


def _login(client, username, password, address="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address)


def test_login_is_refused_after_too_many_failures_even_with_the_right_password(client, editor, settings):
    settings.NEWSROOM_LOGIN_MAX_FAILURES = 3
    for attempt in range(3):
        assert _login(client, "editor", f"guess {attempt}").status_code == 200
    response = _login(client, "editor", PASSWORD)
    assert response.status_code == 200  # the form again, not the redirect into the admin
    assert "_auth_user_id" not in client.session
    assert LoginFailures.objects.get(username="editor").locked_until > timezone.now()


def test_the_lockout_is_per_address_and_ends_after_its_window(client, editor, settings):
    settings.NEWSROOM_LOGIN_MAX_FAILURES = 2
    for attempt in range(2):
        _login(client, "Editor", f"guess {attempt}")  # usernames count case-insensitively
    assert _login(Client(), "editor", PASSWORD, address="203.0.113.9").status_code == 302
    assert _login(client, "editor", PASSWORD).status_code == 200
    LoginFailures.objects.update(locked_until=timezone.now(), first_at=timezone.now() - timezone.timedelta(days=1))
    assert _login(client, "editor", PASSWORD).status_code == 302
    assert not LoginFailures.objects.filter(username="editor", address="198.51.100.7").exists()


def test_failures_below_the_limit_do_not_lock(client, editor, settings):
    settings.NEWSROOM_LOGIN_MAX_FAILURES = 3
    _login(client, "editor", "wrong")
    _login(client, "editor", "wrong again")
    assert _login(client, "editor", PASSWORD).status_code == 302


@pytest.fixture
def staff_without_permissions(django_user_model):
    """Staff may enter the admin, but was given no permission on articles."""
    return django_user_model.objects.create_user("intern", password=PASSWORD, is_staff=True)


@pytest.fixture
def article(db):
    return ingest(html_page([], "access").encode(), filename="access.html").article


UPLOAD = "admin:articles_article_upload"
CHANGELIST = "admin:articles_article_changelist"


def _reprocess_form(article):
    return {"action": "reprocess_selected", "_selected_action": [article.pk], "index": 0}


@pytest.mark.parametrize("name", [UPLOAD, CHANGELIST])
def test_anonymous_readers_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("name", [UPLOAD, CHANGELIST])
def test_logged_in_readers_who_are_not_staff_are_sent_to_log_in(outsider_client, name):
    response = outsider_client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_anonymous_posts_change_nothing(client, article):
    assert client.post(reverse(UPLOAD), {"pasted_text": "A new article"}).status_code == 302
    assert client.post(reverse(CHANGELIST), _reprocess_form(article)).status_code == 302
    assert Article.objects.count() == 1


def test_staff_without_permission_get_403(client, staff_without_permissions, article):
    client.force_login(staff_without_permissions)
    assert client.get(reverse(UPLOAD)).status_code == 403
    assert client.post(reverse(UPLOAD), {"fetch_url": "https://news.example/a"}).status_code == 403
    assert client.post(reverse(CHANGELIST), _reprocess_form(article)).status_code == 403


def test_the_reprocess_action_needs_the_change_permission(client, staff_without_permissions, article, monkeypatch):
    staff_without_permissions.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(staff_without_permissions)
    reprocessed = []
    monkeypatch.setattr(Article, "reprocess", lambda self: reprocessed.append(self.pk))
    client.post(reverse(CHANGELIST), _reprocess_form(article))
    assert reprocessed == []


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_upload_view_answers_405_to_other_methods(editor_client, method):
    assert getattr(editor_client, method)(reverse(UPLOAD)).status_code == 405


def test_a_get_with_action_parameters_reprocesses_nothing(editor_client, article, monkeypatch):
    reprocessed = []
    monkeypatch.setattr(Article, "reprocess", lambda self: reprocessed.append(self.pk))
    editor_client.get(reverse(CHANGELIST), _reprocess_form(article))
    assert reprocessed == []


def test_state_changing_posts_need_the_csrf_token(editor, article, monkeypatch):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    reprocessed = []
    monkeypatch.setattr(Article, "reprocess", lambda self: reprocessed.append(self.pk))
    assert client.post(reverse(UPLOAD), {"pasted_text": "A new article about the harbour wall and its long delays."}).status_code == 403
    assert client.post(reverse(UPLOAD), {"fetch_url": "https://news.example/a"}).status_code == 403
    assert client.post(reverse(CHANGELIST), _reprocess_form(article)).status_code == 403
    assert client.post(LOGIN, {"username": "editor", "password": PASSWORD}).status_code == 403
    assert Article.objects.count() == 1 and reprocessed == []


def test_with_the_token_the_editor_can_upload(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    token = client.get(reverse(UPLOAD)).context["csrf_token"]
    response = client.post(reverse(UPLOAD), {"pasted_text": "Harbour wall finished\n\nThe harbour authority said on Monday that the new sea wall was finished, two years late.", "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 200
    assert Article.objects.count() == 1


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_pages_and_the_admin_carry_a_strict_content_security_policy(client, path, article):
    for url in (path, article.get_absolute_url()):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        for directive in ("default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"):
            assert directive in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"


def test_the_original_upload_is_served_as_sandboxed_plain_text(client, article):
    response = client.get(article.get_original_url())
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_article_pages_show_stored_html_with_remote_images_off_as_placeholders(client, settings):
    article = ingest(html_page(['<figure><img src="https://images.example/wall.jpg" alt="The wall"></figure>'], "img").encode(), filename="img.html").article
    assert 'referrerpolicy="no-referrer"' in client.get(article.get_absolute_url()).content.decode()
    settings.NEWSROOM_REMOTE_IMAGES = False
    page = client.get(article.get_absolute_url()).content.decode()
    assert "images.example" not in page
    assert '<span class="image-placeholder">Image not loaded: The wall</span>' in page
