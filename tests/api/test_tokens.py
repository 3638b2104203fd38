"""Personal API tokens: made and revoked in the admin, stored hashed, sent as `Authorization: Bearer`."""

import hashlib
import re

import pytest
from django.contrib.messages import get_messages

from newsroom.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_as_a_hash_and_a_prefix_never_the_secret(editor):
    token, secret = ApiToken.issue(editor, "import script")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("nr_") and len(secret) > 40
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.prefix == secret[:11]
    assert secret not in {getattr(stored, field.attname) for field in ApiToken._meta.fields}


def test_the_admin_shows_the_secret_once_after_creating_a_token(editor_client, editor):
    response = editor_client.post("/admin/api/apitoken/add/", {"user": editor.pk, "name": "my reader"}, follow=True)
    assert response.status_code == 200
    messages = [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context["messages"]
    ]
    [secret] = {match for message in messages for match in re.findall(r"nr_[\w-]{40,}", message)}
    token = ApiToken.objects.get(name="my reader")
    assert token.user == editor and token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    # Never again: the token's page shows the prefix only.
    page = editor_client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in page and secret not in page


def test_an_editor_who_is_not_a_superuser_makes_tokens_only_for_themselves(client, django_user_model, editor):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("staffer", password="correct horse battery", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=["add_apitoken", "view_apitoken", "change_apitoken"]))
    client.force_login(staff)
    response = client.post("/admin/api/apitoken/add/", {"user": editor.pk, "name": "someone else's"})
    assert response.status_code == 200  # the form is shown again with an error
    assert not ApiToken.objects.filter(name="someone else's").exists()
    client.post("/admin/api/apitoken/add/", {"user": staff.pk, "name": "mine"})
    assert ApiToken.objects.get(name="mine").user == staff


def test_revoking_in_the_admin_stops_the_token_at_once(editor_client, editor, client, bearer):
    token, secret = ApiToken.issue(editor, "to revoke")
    assert client.get("/api/v1/stories", **bearer(secret)).status_code == 200
    response = editor_client.post(
        "/admin/api/apitoken/", {"action": "revoke_selected", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/stories", **bearer(secret)).status_code == 401


def test_a_call_with_a_token_records_when_it_was_last_used(client, editor, bearer):
    token, secret = ApiToken.issue(editor, "script")
    assert token.last_used_at is None
    client.get("/api/v1/stories", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer nr_not-a-real-token", "Bearer ", "Token nr_abc", "Basic ZWRpdG9yOnB3", "Bearer " + "x" * 500],
)
def test_a_wrong_token_is_a_401_even_where_no_token_is_needed(client, db, header):
    response = client.get("/api/v1/stories", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_users_token_stops_working(client, editor, bearer):
    _, secret = ApiToken.issue(editor, "script")
    editor.is_active = False
    editor.save()
    assert client.get("/api/v1/stories", **bearer(secret)).status_code == 401


def test_a_private_site_needs_a_token_to_read(client, settings, outsider_token, bearer, db):
    settings.NEWSROOM_PUBLIC_READING = False
    response = client.get("/api/v1/stories")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    assert client.get("/api/v1/stories", **bearer(outsider_token)).status_code == 200
    # The document describing the API stays readable.
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_the_command_makes_a_token_and_prints_its_secret_once(editor, capsys):
    from django.core.management import call_command

    call_command("create_api_token", "editor", "--name", "curl")
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(name="curl")
    assert token.user == editor and token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()


def test_the_command_refuses_an_unknown_user(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no user"):
        call_command("create_api_token", "nobody")
