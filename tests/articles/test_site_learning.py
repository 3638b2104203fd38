"""A source's articles teach the reader its furniture: a box repeated in every article goes."""

import pytest

from newsroom.articles.boilerplate import SourceBlock
from newsroom.articles.models import Article
from tests.harbour_texts import BRIDGE_PARAGRAPHS, HARBOUR_STORIES

pytestmark = pytest.mark.django_db

BOX = "Every weekday morning the Harbour Times briefing brings the port's news to your inbox."
STORIES = HARBOUR_STORIES


def upload(paragraphs: list[str], number: int, given_source: str = "") -> Article:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    data = (f"<html><head><title>Story {number}</title><meta property='og:site_name' content='Harbour Times'></head>"
            f"<body><article>{body}</article></body></html>").encode()
    article, _ = Article.store_upload(data, filename=f"story-{number}.html", content_type="text/html",
                                      given_source=given_source)
    article.extract()
    return article


def test_the_first_articles_keep_the_box_and_the_next_one_loses_it():
    first = [upload([*story, BOX], number) for number, story in enumerate(STORIES[:3])]
    assert all(BOX in article.text for article in first)
    assert first[0].source.name == "Harbour Times"

    fourth = upload([*STORIES[3], BOX], 3)
    assert fourth.status == Article.Status.READY
    assert fourth.text.split("\n\n") == STORIES[3]


def test_reprocessing_does_not_count_an_article_twice():
    article = upload([*STORIES[0], BOX], 0)
    blocks = SourceBlock.objects.filter(article=article).count()
    article.reprocess()
    article.reprocess()
    assert SourceBlock.objects.filter(article=article).count() == blocks > 0


def test_an_upload_made_of_the_sources_repeated_background_is_ready_with_its_body():
    # The source named at upload, as an import gives it: its boilerplate applies from the first pass.
    background = BRIDGE_PARAGRAPHS[:4]
    for number, story in enumerate(STORIES[:3]):
        upload([*story, *background, BOX], number, given_source="Harbour Times")
    retold = upload([*background, BOX], 3, given_source="Harbour Times")
    assert retold.status == Article.Status.READY
    for paragraph in background:
        assert paragraph in retold.text
