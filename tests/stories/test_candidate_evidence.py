"""The evidence read for each candidate story (same outlet the same day, shared quotes), and the profiles kept between
assignments, are what the stored rows say."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.articles.models import Article, Source
from newsroom.quotes.models import QuoteOccurrence
from newsroom.stories import profile_cache
from newsroom.stories.assignment import same_source_same_day, shared_quote_counts
from newsroom.stories.models import Membership, Story

NOON = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


def an_article(source, published, title="Harbour ferry strike") -> Article:
    return Article.objects.create(
        content_hash=hashlib.sha256(f"{title} {source} {published}".encode()).hexdigest(),
        title=title, text=f"{title}.", status=Article.Status.READY, source=source, published=published,
    )


def a_story_of(*articles) -> Story:
    story = Story.objects.create()
    for article in articles:
        Membership.objects.create(article=article, story=story)
    return story


@pytest.mark.django_db
def test_only_stories_holding_the_outlets_article_of_that_day_count_as_same_source_same_day():
    herald, courier = Source.objects.create(name="Herald"), Source.objects.create(name="Courier")
    same_day = a_story_of(an_article(herald, NOON.replace(hour=1), "Morning edition"))
    day_before = a_story_of(an_article(herald, NOON - timedelta(days=1), "Yesterday"))
    other_outlet = a_story_of(an_article(courier, NOON, "Rival"))
    not_a_candidate = a_story_of(an_article(herald, NOON.replace(hour=20), "Evening edition"))
    article = an_article(herald, NOON, "Noon edition")
    own_story = a_story_of(article)  # its own membership (a reprocessed article) is not evidence

    candidates = dict.fromkeys([same_day.pk, day_before.pk, other_outlet.pk, own_story.pk])
    assert same_source_same_day(article, candidates) == {same_day.pk}
    assert not_a_candidate.pk not in same_source_same_day(article, candidates)


@pytest.mark.django_db
def test_the_outlets_day_runs_from_midnight_to_midnight():
    herald = Source.objects.create(name="Herald")
    midnight = NOON.replace(hour=0)
    at_midnight = a_story_of(an_article(herald, midnight, "First thing"))
    last_moment = a_story_of(an_article(herald, midnight + timedelta(days=1, microseconds=-1), "Last thing"))
    next_midnight = a_story_of(an_article(herald, midnight + timedelta(days=1), "Next day"))
    just_before = a_story_of(an_article(herald, midnight - timedelta(microseconds=1), "Day before"))
    article = an_article(herald, NOON, "Noon edition")

    candidates = dict.fromkeys([at_midnight.pk, last_moment.pk, next_midnight.pk, just_before.pk])
    assert same_source_same_day(article, candidates) == {at_midnight.pk, last_moment.pk}


@pytest.mark.django_db
def test_shared_quotes_are_counted_per_story_from_the_other_members_occurrences(imported_seeds):
    article = imported_seeds["004"]
    own = set(QuoteOccurrence.objects.filter(article=article).values_list("quote_id", flat=True))
    assert own, "the seed 004 carries quotes"
    stories = list(Story.objects.listed())
    expected = {}
    for story in stories:
        others = Membership.objects.filter(story=story).exclude(article=article).values_list("article_id", flat=True)
        carried = set(QuoteOccurrence.objects.filter(article_id__in=others).values_list("quote_id", flat=True)) & own
        if carried:
            expected[story.pk] = len(carried)
    assert expected  # 004 shares quotes with the other 2023 articles
    assert shared_quote_counts(article, dict.fromkeys(story.pk for story in stories)) == expected


@pytest.mark.django_db
def test_a_kept_profile_is_used_only_while_its_story_is_unchanged(imported_seeds):
    story = imported_seeds["000"].membership.story
    profile_cache.forget()
    assert profile_cache.lock_stories_with_profiles([story.pk])[story.pk].profile == story.profile

    with CaptureQueriesContext(connection) as captured:
        kept = profile_cache.lock_stories_with_profiles([story.pk])[story.pk]
    assert kept.profile == story.profile
    assert len(captured.captured_queries) == 1  # the locked rows only: the profile was not read again

    changed = Story.objects.get(pk=story.pk)  # as another worker would: a save moves updated_at
    changed.profile = {**changed.profile, "members": 99}
    changed.save()
    assert profile_cache.lock_stories_with_profiles([story.pk])[story.pk].profile["members"] == 99
