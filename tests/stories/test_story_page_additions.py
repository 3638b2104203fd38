"""The story page's "what only this article reports", kept per process, follows a member's text when it changes."""

import re
from datetime import UTC, datetime

import pytest

from newsroom.articles.ingest import ingest
from newsroom.articles.models import Article
from newsroom.stories.models import Membership, Story

pytestmark = pytest.mark.django_db


def additions(page: str) -> str:
    return " ".join(re.findall(r'<details class="adds">(.*?)</details>', page, re.S))


def test_a_reprocessed_text_shows_its_new_sentence_not_the_kept_one(client):
    articles = []
    for number, detail in enumerate(["Rescue boats reached the flooded school before noon.",
                                     "The regional governor promised new funds for repairs."]):
        result = ingest(
            (f"Dam breaks on the river Vell, report {number}\n\nThe dam on the river Vell broke near Tarnow on Monday, "
             f"flooding 40 homes along the northern bank. {detail}").encode(),
            filename=f"vell-{number}.txt", source=f"Paper {number}", published=datetime(2024, 5, 3, number, tzinfo=UTC),
        )
        articles.append(result.article)
    story = Story.objects.create(headline="Dam breaks on the river Vell", slug="dam-breaks")
    Membership.objects.filter(article__in=articles).update(story=story)

    before = additions(client.get(story.get_absolute_url()).content.decode())
    assert "Rescue boats reached the flooded school" in before

    changed = articles[0].text.replace("Rescue boats reached the flooded school before noon.",
                                       "Army engineers began closing the breach at dusk.")
    # As reprocessing stores it: through save(), which also tells the page cache the story page changed.
    article = Article.objects.get(pk=articles[0].pk)
    article.text = changed
    article.save(update_fields=["text"])
    after = additions(client.get(story.get_absolute_url()).content.decode())
    assert "Army engineers began closing the breach" in after
    assert "Rescue boats reached the flooded school" not in after
