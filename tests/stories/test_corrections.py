"""Editors correct stories on the story page and in the admin: merge, move, split, lock, headline."""

import pytest
from django.urls import reverse

from newsroom.stories import assignment
from newsroom.stories.models import Membership, Story

pytestmark = pytest.mark.django_db

CORRECTIONS = ["stories:merge", "stories:move", "stories:split", "stories:lock", "stories:headline"]


@pytest.fixture
def deal_2023(imported_seeds):
    return imported_seeds["000"].membership.story


@pytest.fixture
def deal_2019(imported_seeds):
    return imported_seeds["001"].membership.story


@pytest.mark.parametrize("name", CORRECTIONS)
def test_corrections_are_refused_to_readers_who_are_not_staff(outsider_client, deal_2023, name):
    assert outsider_client.post(reverse(name, args=[deal_2023.pk]), {"into": 1, "locked": "on"}).status_code == 403
    assert Story.objects.get(pk=deal_2023.pk).locked is False


@pytest.mark.parametrize("name", CORRECTIONS)
def test_corrections_are_refused_to_anonymous_visitors(client, deal_2023, name):
    assert client.post(reverse(name, args=[deal_2023.pk])).status_code == 403


@pytest.mark.parametrize("name", CORRECTIONS)
def test_corrections_only_answer_post(editor_client, deal_2023, name):
    assert editor_client.get(reverse(name, args=[deal_2023.pk])).status_code == 405


def test_corrections_need_the_csrf_token(editor, deal_2023):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(reverse("stories:lock", args=[deal_2023.pk]), {"locked": "on"}).status_code == 403


def test_an_editor_merges_a_story_into_another(editor_client, deal_2023, deal_2019, imported_seeds):
    response = editor_client.post(reverse("stories:merge", args=[deal_2019.pk]), {"into": deal_2023.pk})
    assert response.status_code == 302
    survivor = Story.objects.get(pk=deal_2023.pk)
    assert response["Location"] == survivor.get_absolute_url()
    assert survivor.article_count == 5
    assert Story.objects.get(pk=deal_2019.pk).merged_into_id == survivor.pk
    assert Membership.objects.get(article=imported_seeds["001"]).story_id == survivor.pk


def test_merging_a_story_into_itself_changes_nothing(editor_client, deal_2019):
    response = editor_client.post(reverse("stories:merge", args=[deal_2019.pk]), {"into": deal_2019.pk})
    assert response.status_code == 302
    assert Story.objects.get(pk=deal_2019.pk).merged_into_id is None


def test_an_editor_moves_an_article_and_clustering_keeps_it_there(editor_client, deal_2023, deal_2019, imported_seeds):
    article = imported_seeds["003"]
    response = editor_client.post(reverse("stories:move", args=[deal_2023.pk]), {"article": article.pk, "to": deal_2019.pk})
    assert response.status_code == 302
    membership = Membership.objects.get(article=article)
    assert membership.story_id == deal_2019.pk
    assert membership.by_editor
    assert Story.objects.get(pk=deal_2023.pk).article_count == 3
    assert Story.objects.get(pk=deal_2019.pk).article_count == 2
    article.text += "\n\nOne more paragraph, so the text changed."
    article.save(update_fields=["text"])
    assignment.assign_story(article)
    assert Membership.objects.get(article=article).story_id == deal_2019.pk


def test_moving_to_a_story_that_does_not_exist_changes_nothing(editor_client, deal_2023, imported_seeds):
    response = editor_client.post(reverse("stories:move", args=[deal_2023.pk]), {"article": imported_seeds["003"].pk, "to": 999999})
    assert response.status_code == 302
    assert Membership.objects.get(article=imported_seeds["003"]).story_id == deal_2023.pk


def test_an_editor_splits_an_article_into_a_new_story(editor_client, deal_2023, imported_seeds):
    response = editor_client.post(reverse("stories:split", args=[deal_2023.pk]), {"articles": [imported_seeds["004"].pk]})
    assert response.status_code == 302
    assert response["Location"] == Story.objects.get(pk=deal_2023.pk).get_absolute_url()
    new_story = Membership.objects.get(article=imported_seeds["004"]).story
    assert new_story.pk != deal_2023.pk
    assert new_story.article_count == 1
    assert new_story.headline == imported_seeds["004"].title


def test_an_editor_locks_a_story_and_it_takes_no_new_articles(editor_client, deal_2023, imported_seeds):
    response = editor_client.post(reverse("stories:lock", args=[deal_2023.pk]), {"locked": "on"})
    assert response.status_code == 302
    assert Story.objects.get(pk=deal_2023.pk).locked
    article = imported_seeds["002"]
    Membership.objects.filter(article=article).delete()
    assignment.assign_story(article)
    assert Membership.objects.get(article=article).story_id != deal_2023.pk
    editor_client.post(reverse("stories:lock", args=[deal_2023.pk]))
    assert not Story.objects.get(pk=deal_2023.pk).locked


def test_an_editor_rewrites_the_headline_and_clustering_keeps_it(editor_client, deal_2023, imported_seeds):
    response = editor_client.post(reverse("stories:headline", args=[deal_2023.pk]), {"headline": "Microsoft's $10bn bet on OpenAI"})
    story = Story.objects.get(pk=deal_2023.pk)
    assert response["Location"] == story.get_absolute_url()
    assert story.headline == "Microsoft's $10bn bet on OpenAI" and story.headline_is_edited
    story.rebuild()
    assert Story.objects.get(pk=deal_2023.pk).headline == "Microsoft's $10bn bet on OpenAI"


def test_the_admin_merges_selected_stories(editor_client, deal_2023, deal_2019):
    url = reverse("admin:stories_story_changelist")
    confirm = editor_client.post(url, {"action": "merge_stories", "_selected_action": [deal_2019.pk]})
    assert confirm.status_code == 200
    done = editor_client.post(url, {"action": "merge_stories", "_selected_action": [deal_2019.pk], "into": deal_2023.pk})
    assert done.status_code == 302
    assert Story.objects.get(pk=deal_2019.pk).merged_into_id == deal_2023.pk


def test_the_admin_locks_selected_stories(editor_client, deal_2023):
    url = reverse("admin:stories_story_changelist")
    editor_client.post(url, {"action": "lock_stories", "_selected_action": [deal_2023.pk]})
    assert Story.objects.get(pk=deal_2023.pk).locked


def test_the_admin_moves_an_article_by_changing_its_story(editor_client, deal_2019, imported_seeds):
    membership = Membership.objects.get(article=imported_seeds["000"])
    url = reverse("admin:stories_membership_change", args=[membership.pk])
    assert editor_client.post(url, {"story": deal_2019.pk}).status_code == 302
    membership.refresh_from_db()
    assert membership.story_id == deal_2019.pk and membership.by_editor


def test_the_admin_splits_selected_articles_off(editor_client, deal_2023, imported_seeds):
    membership = Membership.objects.get(article=imported_seeds["003"])
    url = reverse("admin:stories_membership_changelist")
    editor_client.post(url, {"action": "split_into_new_story", "_selected_action": [membership.pk]})
    membership.refresh_from_db()
    assert membership.story_id != deal_2023.pk
    assert Story.objects.get(pk=deal_2023.pk).article_count == 3


def test_the_admin_story_pages_open(editor_client, deal_2023):
    assert editor_client.get(reverse("admin:stories_story_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:stories_story_change", args=[deal_2023.pk])).status_code == 200
    assert editor_client.get(reverse("admin:stories_membership_changelist")).status_code == 200
