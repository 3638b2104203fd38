"""Reading is public or behind a login; every page carries the security headers; /healthz checks the database."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_reading_is_public_by_default(client):
    assert client.get(reverse("front:home")).status_code == 200


def test_a_private_instance_sends_anonymous_readers_to_log_in(client, settings):
    settings.NEWSROOM_PUBLIC_READING = False
    response = client.get(reverse("front:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_private_instance_lets_logged_in_readers_read(outsider_client, settings):
    settings.NEWSROOM_PUBLIC_READING = False
    assert outsider_client.get(reverse("front:home")).status_code == 200


def test_healthz_answers_without_a_login_and_checks_the_database(client, settings):
    settings.NEWSROOM_PUBLIC_READING = False
    response = client.get(reverse("front:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_every_page_carries_the_security_headers(client):
    response = client.get(reverse("front:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'none'", "base-uri 'none'", "form-action 'self'", "img-src 'self' https:"):
        assert directive in policy
