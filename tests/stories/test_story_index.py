"""Candidate stories come from index look-ups, bounded however many stories exist."""

from datetime import date

from newsroom.stories import clustering
from newsroom.stories.clustering import StoryIndex, choose_story
from newsroom.stories.features import event_features
from newsroom.stories.similarity import StoryProfile

WIRE = (
    "Floods on the Yangtze River forced the evacuation of 200,000 people from Wuhan, officials said on Sunday. "
    "The Yangtze floods destroyed dikes near Jiujiang and the army sent soldiers to reinforce them."
)


def test_an_article_sharing_no_key_with_any_story_starts_a_new_one():
    stories = StoryIndex()
    first, _ = stories.assign(event_features("Floods", WIRE, date(1998, 8, 1)))
    second, match = stories.assign(event_features("Rates", "The central bank raised interest rates.", date(1998, 8, 1)))
    assert second != first
    assert match is None


def test_a_wire_copy_joins_even_from_the_same_outlet_on_the_same_day():
    stories = StoryIndex()
    first, _ = stories.assign(event_features("Floods", WIRE, date(1998, 8, 1)), source="AP")
    copy, match = stories.assign(event_features("Yangtze floods", WIRE + " More rain is due.", date(1998, 8, 1)), source="AP")
    assert copy == first
    assert match.near_duplicate


def test_keys_shared_by_too_many_stories_are_not_looked_up(monkeypatch):
    monkeypatch.setattr(clustering, "MAX_POSTINGS", 3)
    stories = StoryIndex()
    keys = clustering.index_keys(event_features("Floods", WIRE, None))
    for year in range(1990, 1995):  # the same text in five far-apart years: five stories share every key
        stories.profiles[year] = StoryProfile.of([event_features("Floods", WIRE, date(year, 8, 1))])
        for key in keys:
            stories.postings[key].add(year)
    assert stories.candidates(event_features("Floods", WIRE, None)) == {}


def test_choose_story_starts_a_new_story_below_the_threshold():
    profile = StoryProfile.of([event_features("Floods", WIRE, date(1998, 8, 1))])
    story, match = choose_story(event_features("Rates", "The central bank raised interest rates.", None), {7: profile})
    assert story is None
    assert match.score < clustering.THRESHOLD
