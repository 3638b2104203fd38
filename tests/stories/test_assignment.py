"""Each processed article joins its story at upload time, through the real pipeline and the database index."""

import itertools

import pytest

from newsroom.articles.ingest import ingest
from newsroom.articles.models import Article
from newsroom.stories import assignment
from newsroom.stories.models import ArticleFeatures, Membership, Story, StoryKey

THE_2023_DEAL = {"000", "002", "003", "004"}
THE_2019_DEAL = {"001"}


def stories_of(articles: dict[str, Article]) -> set[frozenset[str]]:
    story_of = dict(Membership.objects.filter(article__in=articles.values()).values_list("article_id", "story_id"))
    by_story: dict[int, set[str]] = {}
    for number, article in articles.items():
        by_story.setdefault(story_of[article.pk], set()).add(number)
    return {frozenset(numbers) for numbers in by_story.values()}


def upload_seeds(seeds_dir, order) -> dict[str, Article]:
    paths = {path.name[:3]: path for path in seeds_dir.glob("*.txt")}
    articles = {}
    for number in order:
        result = ingest(paths[number].read_bytes(), filename=paths[number].name, content_type="text/plain")
        articles[number] = Article.objects.get(pk=result.article.pk)
    return articles


@pytest.mark.django_db
def test_the_seeds_make_exactly_two_stories(imported_seeds):
    assert stories_of(imported_seeds) == {frozenset(THE_2023_DEAL), frozenset(THE_2019_DEAL)}
    assert Story.objects.listed().count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "order",
    [("004", "003", "002", "001", "000"), ("001", "000", "002", "003", "004"), ("002", "001", "004", "000", "003")],
)
def test_the_seeds_make_the_same_two_stories_in_any_upload_order(seeds_dir, order):
    articles = upload_seeds(seeds_dir, order)
    assert stories_of(articles) == {frozenset(THE_2023_DEAL), frozenset(THE_2019_DEAL)}


@pytest.mark.django_db
def test_the_2023_story_counts_its_articles_and_sources(imported_seeds):
    story = imported_seeds["000"].membership.story
    assert story.article_count == 4
    assert story.headline in {imported_seeds[n].title for n in THE_2023_DEAL}
    assert story.slug


@pytest.mark.django_db
def test_a_membership_says_why_the_article_joined(imported_seeds):
    joined = [m for m in Membership.objects.filter(story=imported_seeds["000"].membership.story) if m.score is not None]
    assert len(joined) == 3
    for membership in joined:
        assert membership.explanation["reasons"][0].startswith("content similarity")
        shared = set(membership.explanation["shared_terms"]) | set(membership.explanation["shared_entities"])
        assert {"microsoft", "openai"} <= shared
        assert "usd:multi1e9" in membership.explanation["shared_amounts"]


@pytest.mark.django_db
def test_shared_quotes_count_as_evidence_and_are_named(imported_seeds):
    explanation = imported_seeds["004"].membership.explanation
    assert any("shared quote" in reason for reason in explanation["reasons"])
    assert any("shared ambition" in quote for quote in explanation["shared_quotes"])


@pytest.mark.django_db
def test_reprocessing_changes_nothing(imported_seeds):
    before = dict(Membership.objects.values_list("article_id", "story_id"))
    keys_before = StoryKey.objects.count()
    for article in imported_seeds.values():
        article.reprocess()
    assert dict(Membership.objects.values_list("article_id", "story_id")) == before
    assert StoryKey.objects.count() == keys_before
    assert Story.objects.listed().count() == 2


@pytest.mark.django_db
def test_an_article_whose_text_changed_stays_in_its_story_if_it_still_belongs(imported_seeds):
    article = imported_seeds["002"]
    story_id = article.membership.story_id
    article.text += "\n\nAnalysts expect the partnership to deepen further."
    article.save(update_fields=["text"])
    assignment.assign_story(article)
    assert Membership.objects.get(article=article).story_id == story_id
    assert Story.objects.get(pk=story_id).article_count == 4


@pytest.mark.django_db
def test_features_are_computed_once_per_article(imported_seeds):
    assert ArticleFeatures.objects.count() == 5
    assert all(row.counted for row in ArticleFeatures.objects.all())


@pytest.mark.django_db
def test_an_editors_move_is_kept_when_the_article_is_processed_again(imported_seeds):
    story_2019 = imported_seeds["001"].membership.story
    imported_seeds["000"].membership.move_to(story_2019)
    imported_seeds["000"].text += "\n\nA new closing paragraph about the companies."
    imported_seeds["000"].save(update_fields=["text"])
    assignment.assign_story(imported_seeds["000"])
    assert Membership.objects.get(article=imported_seeds["000"]).story_id == story_2019.pk


@pytest.mark.django_db
def test_a_locked_story_takes_no_new_articles(seeds_dir):
    articles = upload_seeds(seeds_dir, ["000"])
    articles["000"].membership.story.lock()
    articles.update(upload_seeds(seeds_dir, ["002"]))
    assert articles["002"].membership.story_id != articles["000"].membership.story_id


@pytest.mark.django_db
def test_an_old_article_uploaded_late_joins_its_old_story():
    def upload(title, body, published, source):
        return ingest(f"{title}\n\n{body}".encode(), filename=f"{title}.txt", source=source, published=published).article

    from datetime import UTC, datetime

    flood = ("Floods on the Yangtze River forced the evacuation of 200,000 people from Wuhan, officials said on Sunday. "
             "The Yangtze floods destroyed dikes near Jiujiang and the army sent soldiers to reinforce them.")
    first = upload("Yangtze floods force evacuations", flood, datetime(1998, 8, 2, tzinfo=UTC), "Wire A")
    for n in range(3):
        upload(f"Unrelated council vote {n}", f"The council of town {n} voted on parking fees and bus lanes {n}.",
               datetime(2024, 1, 1 + n, tzinfo=UTC), f"Paper {n}")
    late = upload("Yangtze dikes break near Jiujiang", flood.replace("Sunday", "Saturday") + " Rain continued.",
                  datetime(1998, 8, 1, tzinfo=UTC), "Wire B")
    assert Membership.objects.get(article=late).story_id == Membership.objects.get(article=first).story_id
