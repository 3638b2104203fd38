"""Extraction's own database work stays small: the source is looked up once and its boilerplate read in one query."""

import pytest

from newsroom.articles.models import Article, Source
from tests.harbour_texts import HARBOUR_STORIES

pytestmark = pytest.mark.django_db

BOX = "Every weekday morning the Harbour Times briefing brings the port's news to your inbox."


def store(paragraphs: list[str], number: int, given_source: str = "Harbour Times") -> Article:
    body = "".join(f"<p>{p}</p>" for p in [*paragraphs, BOX])
    data = f"<html><head><title>Story {number}</title></head><body><article>{body}</article></body></html>".encode()
    article, _ = Article.store_upload(data, filename=f"story-{number}.html", content_type="text/html",
                                      given_source=given_source)
    return article


def test_extracting_an_article_of_a_known_source_sends_five_statements(django_assert_num_queries):
    for number, story in enumerate(HARBOUR_STORIES[:3]):
        store(story, number).extract()
    fourth = store(HARBOUR_STORIES[3], 3)
    # The source by name; its boilerplate (the blocks of its recent articles, one query); the article's
    # UPDATE; its old blocks deleted and the new ones inserted.
    with django_assert_num_queries(5) as captured:
        fourth.extract()
    lookups = [query["sql"] for query in captured.captured_queries if 'FROM "articles_source"' in query["sql"]]
    assert len(lookups) == 1, lookups
    assert fourth.status == Article.Status.READY
    assert fourth.source == Source.objects.get(name="Harbour Times")
    assert BOX not in fourth.text  # the boilerplate was read and applied


def test_a_source_found_only_by_extraction_is_looked_up_after_it():
    page = (b"<html><head><title>Pier</title><meta property='og:site_name' content='Harbour Times'></head>"
            b"<body><article>" + "".join(f"<p>{p}</p>" for p in HARBOUR_STORIES[0]).encode() + b"</article></body></html>")
    article, _ = Article.store_upload(page, filename="pier.html", content_type="text/html")
    article.extract()
    assert article.source == Source.objects.get(name="Harbour Times")


def test_a_given_source_seen_for_the_first_time_is_created_with_its_domain():
    article = store(HARBOUR_STORIES[0], 0, given_source="Quay Gazette")
    article.given_url = "https://www.quaygazette.example/pier"
    article.extract()
    assert (article.source.name, article.source.domain) == ("Quay Gazette", "quaygazette.example")
