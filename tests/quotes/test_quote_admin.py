"""Quotes in the admin: editors can look at them; processing, not typing, makes them."""

from django.urls import reverse


def test_editors_see_quotes_speakers_occurrences_and_passages(editor_client, imported_seeds, occurrence_of):
    quote = occurrence_of(imported_seeds["000"], "We formed our partnership").quote
    for name in ("quote", "speaker", "quoteoccurrence", "sharedpassage"):
        response = editor_client.get(reverse(f"admin:quotes_{name}_changelist"))
        assert response.status_code == 200, name
    page = editor_client.get(reverse("admin:quotes_quote_change", args=[quote.pk])).content.decode()
    assert "We formed our partnership" in page


def test_nobody_adds_quotes_by_hand(editor_client, db):
    assert editor_client.get(reverse("admin:quotes_quote_add")).status_code == 403
    assert editor_client.get(reverse("admin:quotes_quoteoccurrence_add")).status_code == 403


def test_outsiders_cannot_open_the_quotes_admin(outsider_client, db):
    response = outsider_client.get(reverse("admin:quotes_quote_changelist"))
    assert response.status_code == 302
