"""Putting an article in its story costs a fixed number of queries, however large its story or the corpus."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.articles.models import Article
from newsroom.stories.assignment import assign_story
from newsroom.stories.features import event_features, frequency_keys

# Round trips of one assignment, transaction and savepoints included: 14-22 on the seeds after the rewrite
# (the most when the headline moves to a new member and its old slug is kept), 23-30 on DUC newswire before
# it. A budget that catches any per-member or per-key loop.
QUERY_BUDGET = 22


def a_copy_of(article: Article, n: int) -> Article:
    """The same text re-run under another file: a wire copy, which must land in the original's story."""
    return Article.objects.create(
        content_hash=hashlib.sha256(f"copy {n} of {article.pk}".encode()).hexdigest(),
        title=article.title, text=article.text, status=Article.Status.READY,
        source=article.source, published=article.published, word_count=article.word_count,
    )


def a_ferry_strike() -> Article:
    """An article about an event none of the seeds is about: it starts a story."""
    return Article.objects.create(
        content_hash=hashlib.sha256(b"a different event").hexdigest(),
        title="Harbour ferry strike ends after nine days",
        text="Ferry crews in the harbour voted to return to work on Thursday, ending a nine-day strike over "
             "rosters that stranded commuters on both shores.\n\nThe union said the agreement caps split shifts.",
        status=Article.Status.READY,
    )


def queries_to_assign(article: Article) -> int:
    with CaptureQueriesContext(connection) as captured:
        assign_story(article)
    return len(captured.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_joining_a_story_costs_the_same_queries_when_the_story_doubles(imported_seeds):
    original = imported_seeds["002"]
    for n in range(1, 5):
        assign_story(a_copy_of(original, n))
    with_eight = queries_to_assign(a_copy_of(original, 5))  # the four seeds and four copies
    for n in range(6, 13):
        assign_story(a_copy_of(original, n))
    with_sixteen = queries_to_assign(a_copy_of(original, 13))

    story = Article.objects.get(pk=original.pk).membership.story
    assert story.article_count == 4 + 13
    # Not equal: a join may also post keys that are new to the story (a look-up and one insert each into
    # StoryKey and KeyCount, whatever their number), which depends on the term weights at that moment, not on
    # the story's size; a per-member loop would make the larger story cost more.
    assert with_sixteen <= with_eight
    assert with_eight <= QUERY_BUDGET


@pytest.mark.django_db(transaction=True)
def test_starting_a_story_stays_within_the_query_budget(imported_seeds):
    lone = a_ferry_strike()
    assert queries_to_assign(lone) <= QUERY_BUDGET
    assert Article.objects.get(pk=lone.pk).membership.story.article_count == 1


@pytest.mark.django_db
def test_the_words_weighted_are_the_words_counted(imported_seeds):
    """assign_story counts the keys event_features looked up instead of parsing the text again: they must be
    exactly frequency_keys, for every seed."""
    for article in imported_seeds.values():
        asked = []
        event_features(article.title, article.text, None,
                       document_frequencies=lambda keys: asked.append(set(keys)) or {}, documents=10)
        assert asked == [frequency_keys(article.title, article.text)]


@pytest.mark.django_db(transaction=True)
def test_a_new_upload_asks_for_its_past_placement_and_for_the_counts_once_each(imported_seeds):
    lone = a_ferry_strike()
    with CaptureQueriesContext(connection) as captured:
        assign_story(lone)
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    # Its membership and its stored features (it has neither): one look-up, not one each.
    assert sum("stories_membership" in sql or "stories_articlefeatures" in sql for sql in reads) == 1
    # The number of articles counted comes with its words' document frequencies.
    counts = [sql for sql in reads if "#documents" in sql]
    assert len(counts) == 1 and "ferry" in counts[0]
