"""manage.py recluster rebuilds automatic assignments, keeping corrections and story ids (permalinks)."""

from io import StringIO

import pytest
from django.core.management import call_command

from newsroom.stories.models import Membership, Story
from newsroom.stories.reclustering import _keep_old_ids

pytestmark = pytest.mark.django_db


def membership_of(articles) -> dict[str, int]:
    return {number: Membership.objects.get(article=article).story_id for number, article in articles.items()}


def run_recluster() -> str:
    out = StringIO()
    call_command("recluster", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_recluster_keeps_the_seed_stories_and_their_ids(imported_seeds):
    before = membership_of(imported_seeds)
    urls = {story.pk: story.get_absolute_url() for story in Story.objects.all()}
    output = run_recluster()
    assert membership_of(imported_seeds) == before
    assert {story.pk: story.get_absolute_url() for story in Story.objects.listed()} == urls
    assert "5 articles reassigned: 2 stories kept their id" in output


def test_recluster_keeps_an_editors_move(imported_seeds):
    deal_2019 = imported_seeds["001"].membership.story
    imported_seeds["003"].membership.move_to(deal_2019)
    run_recluster()
    assert Membership.objects.get(article=imported_seeds["003"]).story_id == deal_2019.pk
    assert Membership.objects.get(article=imported_seeds["003"]).by_editor
    deal_2023 = Membership.objects.get(article=imported_seeds["000"]).story
    assert {m.article_id for m in deal_2023.memberships.all()} == {imported_seeds[n].pk for n in ("000", "002", "004")}


def test_recluster_keeps_a_split(imported_seeds):
    deal_2023 = imported_seeds["000"].membership.story
    split = deal_2023.split_off([imported_seeds["004"]])
    run_recluster()
    assert set(Membership.objects.filter(story=split).values_list("article_id", flat=True)) == {imported_seeds["004"].pk}
    assert set(Membership.objects.filter(story=deal_2023).values_list("article_id", flat=True)) == {
        imported_seeds[n].pk for n in ("000", "002", "003")
    }
    assert Membership.objects.get(article=imported_seeds["001"]).story_id == imported_seeds["001"].membership.story_id


def test_recluster_leaves_a_locked_story_alone(imported_seeds):
    deal_2023 = imported_seeds["000"].membership.story
    imported_seeds["001"].membership.move_to(deal_2023)  # wrong, but locked: recluster must keep it
    Membership.objects.filter(article=imported_seeds["001"]).update(assigned_by=Membership.AssignedBy.AUTO)
    deal_2023.lock()
    run_recluster()
    assert Membership.objects.get(article=imported_seeds["001"]).story_id == deal_2023.pk
    assert Story.objects.get(pk=deal_2023.pk).article_count == 5


def test_recluster_undoes_an_automatic_mistake_and_keeps_the_majority_story_id(imported_seeds):
    deal_2023 = imported_seeds["000"].membership.story
    deal_2019 = imported_seeds["001"].membership.story
    # As if clustering had wrongly put 004 in the 2019 story: recluster puts it back, ids stay.
    Membership.objects.filter(article=imported_seeds["004"]).update(story=deal_2019)
    deal_2023.rebuild()
    deal_2019.rebuild()
    run_recluster()
    assert membership_of(imported_seeds) == {"000": deal_2023.pk, "001": deal_2019.pk, "002": deal_2023.pk,
                                             "003": deal_2023.pk, "004": deal_2023.pk}


def test_each_new_cluster_takes_the_id_of_the_old_story_holding_most_of_its_articles(imported_seeds):
    deal_2023 = imported_seeds["000"].membership.story
    deal_2019 = imported_seeds["001"].membership.story
    ids = {n: a.pk for n, a in imported_seeds.items()}
    # Before: old story A held 000, 002 and 001; old story B held 003 and 004.
    old_story = {ids["000"]: deal_2023.pk, ids["002"]: deal_2023.pk, ids["001"]: deal_2023.pk,
                 ids["003"]: deal_2019.pk, ids["004"]: deal_2019.pk}
    # After reclustering, new stories hold {000, 002, 003, 004} and {001}.
    new_big, new_small = Story.objects.create(), Story.objects.create()
    Membership.objects.filter(article_id__in=[ids[n] for n in ("000", "002", "003", "004")]).update(story=new_big)
    Membership.objects.filter(article_id=ids["001"]).update(story=new_small)
    Story.objects.filter(pk__in=[deal_2023.pk, deal_2019.pk]).update(article_count=0)
    result = _keep_old_ids(old_story, {deal_2023.pk, deal_2019.pk}, 5)
    # The big cluster shares 2 articles with A and 2 with B: the tie goes to the lower id (A); 001 goes to B,
    # the only old story still free that held it? No: 001 was in A, which is taken, so it keeps a new id.
    assert Membership.objects.get(article_id=ids["000"]).story_id == deal_2023.pk
    assert Membership.objects.get(article_id=ids["001"]).story_id == new_small.pk
    # B is left empty: its permalink now leads to where most of its articles went.
    assert Story.objects.get(pk=deal_2019.pk).merged_into_id == deal_2023.pk
    assert (result.kept_ids, result.new_stories, result.redirected) == (1, 1, 1)


def test_recluster_permalinks_of_absorbed_stories_still_answer(client, imported_seeds):
    urls = [story.get_absolute_url() for story in Story.objects.listed()]
    run_recluster()
    for url in urls:
        assert client.get(url, follow=True).status_code == 200
