"""Candidate profiles are decoded once per stored version of a story and shared between uploads: nothing that
scores, joins or merges may change a shared profile, and a profile's kept centroid norm follows its changes."""

import math
from datetime import UTC, date, datetime

import pytest

from newsroom.articles.ingest import ingest
from newsroom.stories import profile_cache
from newsroom.stories.clustering import THRESHOLD, UNBRIDGED_MARGIN, merge_small_stories
from newsroom.stories.features import EventFeatures, event_features
from newsroom.stories.models import Membership, Story
from newsroom.stories.similarity import Match, StoryProfile, score_against, score_story_against

DAY = date(2024, 3, 5)
CLOSURE = ("Council closes the harbour bridge to cars",
           "The city council voted on Tuesday to close the old harbour bridge to cars from next spring. "
           "Engineers had warned for years that the steel supports of the harbour bridge were corroding.")
FOLLOW_UP = ("Harbour bridge closure to cars confirmed by council",
             "The council confirmed the old harbour bridge will close to cars next spring after engineers "
             "warned that its steel supports were corroding. Residents fear a long detour.")


def features(terms: dict[str, float]) -> EventFeatures:
    return EventFeatures(terms, frozenset(), frozenset(), frozenset(), DAY)


def fresh_norm(profile: StoryProfile) -> float:
    return math.sqrt(sum(v * v for v in profile.centroid.values()))


def test_the_kept_centroid_norm_follows_add_and_merge():
    profile = StoryProfile.of([features({"bridge": 1.0})])
    assert profile.centroid_norm() == 1.0
    profile.add(features({"ferry": 1.0}))
    assert profile.centroid_norm() == fresh_norm(profile) == math.sqrt(2)
    profile.merge(StoryProfile.of([features({"ferry": 2.0, "quay": 1.0})]))
    assert profile.centroid_norm() == fresh_norm(profile)
    article = features({"ferry": 1.0})
    assert score_against(article, profile).score == pytest.approx(3.0 / math.sqrt(11))


def test_a_copy_is_equal_and_independent():
    original = StoryProfile.of([event_features(*CLOSURE, DAY), event_features(*FOLLOW_UP, DAY)])
    original.centroid_norm()
    twin = original.copy()
    assert twin == original and twin.to_dict() == original.to_dict()
    assert list(twin.centroid) == list(original.centroid)  # same order: trimming ties fall the same way
    before = original.to_dict()
    twin.add(event_features("Rates", "The central bank raised interest rates to fight inflation.", DAY))
    assert original.to_dict() == before
    assert twin.centroid_norm() == fresh_norm(twin) != original.centroid_norm()


def test_merging_small_stories_changes_no_profile_it_is_given():
    grown = StoryProfile.of([features({"bridge": 1.0})] * 3)
    cosine = THRESHOLD + UNBRIDGED_MARGIN + 0.01
    founder = StoryProfile.of([features({"bridge": cosine, "ferry": math.sqrt(1 - cosine * cosine)})])
    before = grown.to_dict(), founder.to_dict()
    matches = {pk: Match(score=score, shared_terms=[], shared_entities=[], shared_amounts=[], reasons=[])
               for pk, score in ((1, THRESHOLD + 0.1), (2, THRESHOLD - 0.05))}
    profiles = {1: grown, 2: founder}
    assert [(small, big) for small, big, _ in merge_small_stories(1, matches, profiles)] == [(2, 1)]
    assert profiles[1].members == 4 and profiles[1] is not grown and 2 not in profiles
    assert (grown.to_dict(), founder.to_dict()) == before  # shared objects, as profile_cache hands them out
    assert grown.centroid_norm() == fresh_norm(grown)
    assert score_story_against(founder, grown).score == pytest.approx(cosine)


def upload(title: str, text: str, source: str = "Harbour Gazette"):
    return ingest(f"{title}\n\n{text}".encode(), filename=f"{title}.txt", source=source,
                  published=datetime(2024, 3, 5, tzinfo=UTC)).article


@pytest.mark.django_db
def test_a_kept_profile_is_decoded_once_and_a_join_changes_a_copy():
    profile_cache.forget()
    first = upload(*CLOSURE)
    story = Membership.objects.get(article=first).story
    kept = profile_cache.candidate_profiles(profile_cache.lock_stories_with_profiles([story.pk]))[story.pk]
    again = profile_cache.candidate_profiles(profile_cache.lock_stories_with_profiles([story.pk]))[story.pk]
    assert again is kept  # the story did not change: not decoded again
    assert kept == Story.objects.get(pk=story.pk).profile_object()
    before = kept.to_dict()

    second = upload(*FOLLOW_UP, source="Quay News")
    assert Membership.objects.get(article=second).story_id == story.pk
    assert kept.to_dict() == before and kept.members == 1  # the join grew a copy
    grown = profile_cache.candidate_profiles(profile_cache.lock_stories_with_profiles([story.pk]))[story.pk]
    assert grown is not kept and grown.members == 2
    assert grown == Story.objects.get(pk=story.pk).profile_object()
