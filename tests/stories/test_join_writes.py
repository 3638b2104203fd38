"""What a join writes and builds: the story's UPDATE names only the fields the join changed, candidates are locked
without a Story object each, and the pattern (`_like`) indexes no query uses are gone on PostgreSQL."""

import hashlib
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.articles.models import Article
from newsroom.stories import profile_cache
from newsroom.stories.assignment import assign_story
from newsroom.stories.models import Story, profile_closeness


def a_copy_of(article: Article, n: int) -> Article:
    return Article.objects.create(
        content_hash=hashlib.sha256(f"copy {n} of {article.pk}".encode()).hexdigest(),
        title=article.title, text=article.text, status=Article.Status.READY,
        source=article.source, published=article.published, word_count=article.word_count,
    )


def story_updates(captured) -> list[str]:
    table = connection.ops.quote_name(Story._meta.db_table)
    return [query["sql"] for query in captured.captured_queries if query["sql"].startswith(f"UPDATE {table} SET")]


@pytest.mark.django_db(transaction=True)
def test_a_join_updates_only_the_story_fields_it_changed(imported_seeds):
    original = imported_seeds["002"]
    assign_story(a_copy_of(original, 1))
    with CaptureQueriesContext(connection) as captured:
        assign_story(a_copy_of(original, 2))
    [update] = story_updates(captured)
    quote = connection.ops.quote_name
    assert quote("profile") in update and quote("article_count") in update and quote("updated_at") in update
    # Fields a join never changes are not rewritten: an editor's lock or headline taken meanwhile is not overwritten.
    for unchanged in ("locked", "merged_into_id", "created_at", "headline_is_edited"):
        assert quote(unchanged) not in update


def _story_grown_by_copies(original, copies: int):
    """The story `original` is in after `copies` copies of it were assigned one by one."""
    for n in range(1, copies + 1):
        assign_story(a_copy_of(original, n))
    return Article.objects.get(pk=original.pk).membership.story


@pytest.mark.django_db(transaction=True)
def test_the_joined_story_holds_what_a_rebuild_computes(imported_seeds):
    story = _story_grown_by_copies(imported_seeds["002"], 3)
    joined = {field: getattr(story, field) for field in (
        "article_count", "source_count", "source_names", "first_published", "last_published", "headline", "slug",
        "representative_id")}
    story.rebuild()
    story.refresh_from_db()
    assert joined == {field: getattr(story, field) for field in joined}


@pytest.mark.django_db
def test_locking_candidates_builds_no_story_object(imported_seeds):
    stories = [Story.objects.create(headline=f"Story {n}", profile={"members": n}) for n in range(3)]
    with mock.patch.object(Story, "__init__", side_effect=AssertionError("a Story was built")):
        locked = profile_cache.lock_stories_with_profiles([story.pk for story in stories])
    assert sorted(locked) == sorted(story.pk for story in stories)
    first = locked[stories[0].pk]
    assert (first.locked, first.merged_into_id, first.headline_is_edited) == (False, None, False)
    assert locked[stories[2].pk].profile == {"members": 2}
    built = first.story()
    assert built is first.story()  # the same object for the join and the merges after it
    assert (built.pk, built.headline, built.profile) == (stories[0].pk, "Story 0", {"members": 0})


@pytest.mark.django_db(transaction=True)
def test_the_representatives_score_is_its_closeness_to_the_grown_profile(imported_seeds):
    story = _story_grown_by_copies(imported_seeds["002"], 2)
    representative = story.representative.story_features.event_features()
    assert story.representative_score == profile_closeness(representative, story.profile_object())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the _like indexes are PostgreSQL's")
def test_no_pattern_index_is_left_on_the_story_tables():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename LIKE 'stories%%' AND indexdef LIKE '%%pattern_ops%%'"
        )
        assert cursor.fetchall() == []
