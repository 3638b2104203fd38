"""A founder left alone in its story is folded into a bigger story once an article shows they are one event
(or, with no article bridging them, once the grown story fits it by a margin), in the pure core and at upload
time alike; grown stories and editors' placements never merge automatically."""

import math
from datetime import UTC, date, datetime

import pytest

from newsroom.articles.ingest import ingest
from newsroom.stories.clustering import (
    THRESHOLD,
    UNBRIDGED_MARGIN,
    StoryIndex,
    merge_small_stories,
    score_candidates,
)
from newsroom.stories.features import EventFeatures, event_features, frequency_keys
from newsroom.stories.models import Membership, Story
from newsroom.stories.similarity import Match, StoryProfile

# Made-up local news: the closure, a founder about the ferries that shares no index key with it, and an
# article about both that fits each of them.
CLOSURE = ("Council closes the harbour bridge to cars",
           "The city council voted on Tuesday to close the old harbour bridge to cars from next spring. "
           "Engineers had warned for years that the steel supports of the harbour bridge were corroding. "
           "Residents on the north bank said the detour would add twenty minutes to their commute.")
FERRIES = ("Two ferries ordered for the crossing",
           "The ferry company ordered two new boats, each carrying two hundred passengers and forty bicycles. "
           "The mayor promised the ferry service would run every twenty minutes from the quay.")
BRIDGING = ("Ferry promised as the harbour bridge closes",
            "The mayor promised a ferry across the harbour after the council voted to close the old bridge to cars. "
            "The ferry will leave the north bank every twenty minutes until a new bridge opens, the council said.")
DAY = date(2024, 3, 5)


def cluster_in_memory(texts) -> tuple[StoryIndex, list[int]]:
    index, stories = StoryIndex(), []
    for title, text in texts:
        features = event_features(title, text, DAY, document_frequencies=index.document_frequencies,
                                  documents=index.documents)
        stories.append(index.assign(features)[0])
        index.count(frequency_keys(title, text))
    return index, [index.resolve(story) for story in stories]


def test_the_founder_joins_the_bigger_story_an_article_bridges_it_to():
    index, stories = cluster_in_memory([CLOSURE, FERRIES])
    assert stories[0] != stories[1]  # the ferries article shares nothing the index looks up with the closure
    index, stories = cluster_in_memory([CLOSURE, FERRIES, BRIDGING])
    assert stories[0] == stories[1] == stories[2] == 1  # the older story keeps its id
    assert index.merged_into == {2: 1}
    assert index.profiles[1].members == 3 and 2 not in index.profiles
    assert 2 not in index.postings["t:ferry"] and 1 in index.postings["t:ferry"]


def test_two_grown_stories_never_merge_automatically():
    profile = StoryProfile.of([event_features(*CLOSURE, DAY)] * 2)
    other = StoryProfile.of([event_features(*CLOSURE, DAY)] * 2)  # the same content: only their size stops it
    bridging = event_features(*BRIDGING, DAY)
    profiles = {1: profile, 2: other}
    matches = score_candidates(bridging, profiles)
    assert min(m.score for m in matches.values()) >= THRESHOLD
    profile.add(bridging)
    assert merge_small_stories(1, matches, profiles) == []
    assert set(profiles) == {1, 2}


def test_a_founder_that_does_not_fit_the_bigger_story_stays_apart():
    closure, bridging = event_features(*CLOSURE, DAY), event_features(*BRIDGING, DAY)
    rates = event_features("Rates", "The central bank raised interest rates to fight inflation.", DAY)
    profiles = {1: StoryProfile.of([closure]), 2: StoryProfile.of([rates])}
    matches = score_candidates(bridging, profiles)
    matches[2] = matches[1]  # even if the article seemed to fit both, the two stories themselves do not
    profiles[1].add(bridging)
    assert merge_small_stories(1, matches, profiles) == []


def one_term_story(cosine: float) -> tuple[StoryProfile, StoryProfile]:
    """A grown story about one word and a founder whose centroid has exactly `cosine` with it."""
    grown = StoryProfile.of([EventFeatures({"bridge": 1.0}, frozenset(), frozenset(), frozenset(), DAY)] * 3)
    founder = EventFeatures({"bridge": cosine, "ferry": math.sqrt(1 - cosine * cosine)},
                            frozenset(), frozenset(), frozenset(), DAY)
    return grown, StoryProfile.of([founder])


def article_scores(joined: float, founder: float) -> dict[int, Match]:
    """The article's matches: with the story it joined (1) and with the founder's story (2)."""
    return {pk: Match(score=score, shared_terms=[], shared_entities=[], shared_amounts=[], reasons=[])
            for pk, score in ((1, joined), (2, founder))}


def test_a_founder_no_article_reached_folds_in_only_when_it_fits_by_the_margin():
    matches = article_scores(THRESHOLD + 0.1, THRESHOLD - 0.05)
    grown, founder = one_term_story(THRESHOLD + UNBRIDGED_MARGIN + 0.01)
    profiles = {1: grown, 2: founder}
    assert [(small, big) for small, big, _ in merge_small_stories(1, matches, profiles)] == [(2, 1)]
    assert profiles[1].members == 4 and 2 not in profiles

    grown, founder = one_term_story(THRESHOLD + UNBRIDGED_MARGIN / 2)  # close, but nothing bridges them
    assert merge_small_stories(1, matches, {1: grown, 2: founder}) == []


def test_a_founder_the_article_reached_needs_only_the_threshold():
    grown, founder = one_term_story(THRESHOLD + UNBRIDGED_MARGIN / 2)
    matches = article_scores(THRESHOLD + 0.1, THRESHOLD + 0.01)
    assert [(small, big) for small, big, _ in merge_small_stories(1, matches, {1: grown, 2: founder})] == [(2, 1)]


def test_a_founder_that_may_not_move_stays_apart_even_when_it_fits():
    grown, founder = one_term_story(0.9)
    asked = []

    def refuse(pk: int) -> bool:  # an editor placed it
        asked.append(pk)
        return False

    assert merge_small_stories(1, article_scores(0.5, 0.5), {1: grown, 2: founder}, can_move=refuse) == []
    assert asked == [2]


def upload(title: str, text: str, source: str = "Harbour Gazette"):
    return ingest(f"{title}\n\n{text}".encode(), filename=f"{title}.txt", source=source,
                  published=datetime(2024, 3, 5, tzinfo=UTC)).article


@pytest.mark.django_db
def test_uploads_make_the_same_stories_as_the_pure_core_and_the_merged_story_redirects(client):
    closure, ferries = upload(*CLOSURE), upload(*FERRIES, source="Quay News")
    founder = Membership.objects.get(article=ferries).story
    assert founder.pk != Membership.objects.get(article=closure).story_id
    bridging = upload(*BRIDGING, source="Wire")

    story_of = dict(Membership.objects.values_list("article_id", "story_id"))
    assert story_of[closure.pk] == story_of[ferries.pk] == story_of[bridging.pk]
    _, in_memory = cluster_in_memory([CLOSURE, FERRIES, BRIDGING])
    assert len(set(in_memory)) == len(set(story_of.values())) == 1

    survivor = Story.objects.get(pk=story_of[closure.pk])
    assert survivor.article_count == 3 and survivor.source_count == 3
    assert survivor.profile["members"] == 3
    assert set(survivor.keys.values_list("key", flat=True)) >= {"t:ferry", "t:bridge"}
    founder.refresh_from_db()
    assert founder.merged_into_id == survivor.pk and not founder.keys.exists()
    moved = Membership.objects.get(article=ferries)
    assert moved.assigned_by == Membership.AssignedBy.AUTO
    assert moved.explanation["reasons"][0] == f"its story {founder.pk} was merged into this one"
    response = client.get(f"/stories/{founder.pk}-{founder.slug}/")
    assert response.status_code == 301 and response["Location"] == survivor.get_absolute_url()


@pytest.mark.django_db
def test_a_founder_an_editor_placed_is_never_merged_away():
    closure, ferries = upload(*CLOSURE), upload(*FERRIES, source="Quay News")
    founder = Story.objects.create()
    Membership.objects.get(article=ferries).move_to(founder)  # the editor's decision: the ferries are apart
    bridging = upload(*BRIDGING, source="Wire")
    story_of = dict(Membership.objects.values_list("article_id", "story_id"))
    assert story_of[ferries.pk] == founder.pk != story_of[closure.pk] == story_of[bridging.pk]
    founder.refresh_from_db()
    assert founder.merged_into_id is None


@pytest.mark.django_db
def test_recluster_makes_the_same_merge_and_leaves_no_empty_story_behind():
    from io import StringIO

    from django.core.management import call_command

    closure, ferries = upload(*CLOSURE), upload(*FERRIES, source="Quay News")
    founder = Membership.objects.get(article=ferries).story_id
    upload(*BRIDGING, source="Wire")
    survivor = Membership.objects.get(article=closure).story_id
    call_command("recluster", stdout=StringIO(), stderr=StringIO())
    assert set(Membership.objects.values_list("story_id", flat=True)) == {survivor}
    assert dict(Story.objects.values_list("pk", "merged_into_id")) == {survivor: None, founder: survivor}
