"""Posting a story under keys: only keys it is not posted under yet, never crowded ones, each counted once."""

import pytest

from newsroom.stories import models
from newsroom.stories.clustering import MAX_POSTINGS
from newsroom.stories.models import KeyCount, Story, StoryKey

pytestmark = pytest.mark.django_db


def posted_keys(story: Story) -> set[str]:
    return set(StoryKey.objects.filter(story=story).values_list("key", flat=True))


def story_counts(*keys: str) -> dict[str, int]:
    return dict(KeyCount.objects.filter(key__in=keys).values_list("key", "stories"))


@pytest.fixture
def a_posted_story() -> Story:
    """A story posted under "t:dam"; "t:river" is a topic (more stories than MAX_POSTINGS); "e:wuhan" is posted elsewhere."""
    story, other = Story.objects.create(), Story.objects.create()
    story.add_keys({"t:dam"}, posted=set())
    other.add_keys({"e:wuhan"}, posted=set())
    KeyCount.objects.create(key="t:river", stories=MAX_POSTINGS + 1)
    return story


def test_a_join_posts_the_new_keys_that_are_not_crowded_and_counts_every_new_one(a_posted_story):
    a_posted_story.add_keys({"t:dam", "t:river", "e:wuhan", "a:usd:1e9"})
    assert posted_keys(a_posted_story) == {"t:dam", "e:wuhan", "a:usd:1e9"}
    assert story_counts("t:dam", "t:river", "e:wuhan", "a:usd:1e9") == {
        "t:dam": 1, "t:river": MAX_POSTINGS + 2, "e:wuhan": 2, "a:usd:1e9": 1,
    }


def test_a_join_with_nothing_new_changes_no_count(a_posted_story):
    a_posted_story.add_keys({"t:dam"})
    assert posted_keys(a_posted_story) == {"t:dam"}
    assert story_counts("t:dam") == {"t:dam": 1}


def test_many_keys_are_posted_the_same_way(a_posted_story, monkeypatch):
    monkeypatch.setattr(models, "ONE_LOOK_UP_KEYS", 2)  # more keys than one look-up takes: the two plain queries
    a_posted_story.add_keys({"t:dam", "t:river", "e:wuhan", "a:usd:1e9"})
    assert posted_keys(a_posted_story) == {"t:dam", "e:wuhan", "a:usd:1e9"}
    assert story_counts("t:dam", "t:river", "e:wuhan") == {"t:dam": 1, "t:river": MAX_POSTINGS + 2, "e:wuhan": 2}
