"""A story's permalink /stories/<id>-<slug>/ keeps working: old slugs, merges, splits and recluster all 301 or stay."""

import pytest
from django.urls import reverse

from newsroom.stories.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal_2023(imported_seeds):
    return imported_seeds["000"].membership.story


@pytest.fixture
def deal_2019(imported_seeds):
    return imported_seeds["001"].membership.story


def test_the_permalink_carries_the_id_and_a_slug_of_the_headline(deal_2019):
    assert deal_2019.get_absolute_url() == f"/stories/{deal_2019.pk}-{deal_2019.slug}/"
    assert deal_2019.slug.startswith("microsoft-to-invest-1-billion-in-openai")


def test_the_permalink_answers_200(client, deal_2019):
    assert client.get(deal_2019.get_absolute_url()).status_code == 200


def test_a_wrong_slug_redirects_permanently_to_the_current_one(client, deal_2019):
    response = client.get(reverse("stories:story", args=[deal_2019.pk, "something-else"]))
    assert response.status_code == 301
    assert response["Location"] == deal_2019.get_absolute_url()


def test_the_id_alone_redirects_permanently(client, deal_2019):
    response = client.get(reverse("stories:story-by-id", args=[deal_2019.pk]))
    assert response.status_code == 301
    assert response["Location"] == deal_2019.get_absolute_url()


def test_an_edited_headline_changes_the_slug_and_the_old_one_still_leads_there(client, deal_2019):
    old_url = deal_2019.get_absolute_url()
    deal_2019.set_headline("Microsoft's first billion for OpenAI", edited=True)
    assert deal_2019.slug == "microsofts-first-billion-for-openai"
    assert deal_2019.old_slugs.filter(slug=old_url.split("-", 1)[1].strip("/")).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == deal_2019.get_absolute_url()


def test_an_absorbed_story_redirects_permanently_to_the_survivor(client, deal_2023, deal_2019):
    old_url = deal_2019.get_absolute_url()
    deal_2019.merge_into(deal_2023)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == Story.objects.get(pk=deal_2023.pk).get_absolute_url()


def test_a_chain_of_merges_leads_to_the_last_survivor(client, imported_seeds, deal_2023, deal_2019):
    third = deal_2023.split_off([imported_seeds["004"]])
    deal_2019.merge_into(deal_2023)
    deal_2023.merge_into(third)
    response = client.get(Story.objects.get(pk=deal_2019.pk).get_absolute_url(), follow=False)
    assert response.status_code == 301
    assert response["Location"] == Story.objects.get(pk=third.pk).get_absolute_url()


def test_a_split_keeps_the_original_id(client, imported_seeds, deal_2023):
    new_story = deal_2023.split_off([imported_seeds["003"]])
    deal_2023.refresh_from_db()
    assert new_story.pk != deal_2023.pk
    assert deal_2023.article_count == 3
    assert set(deal_2023.memberships.values_list("article_id", flat=True)) == {
        imported_seeds[n].pk for n in ("000", "002", "004")
    }
    assert client.get(deal_2023.get_absolute_url()).status_code == 200


def test_the_id_stays_while_the_story_grows(imported_seeds, deal_2023):
    assert {imported_seeds[n].membership.story_id for n in ("000", "002", "003", "004")} == {deal_2023.pk}


def test_an_unknown_story_is_404(client):
    assert client.get(reverse("stories:story", args=[999999, "nothing"])).status_code == 404
