"""Search finds only articles a reader can open: one that failed or waits for processing is left out."""

import pytest

from newsroom.articles.ingest import ingest_text
from newsroom.articles.models import Article
from newsroom.search.query import search_articles

pytestmark = pytest.mark.django_db

FERRY = (
    "Ferry service resumes to the island\n\n"
    "The ferry to the island sailed again on Tuesday after storms kept it in harbour for a week.\n\n"
    "Islanders queued at the pier with empty shopping bags and letters for the mainland."
)
FERRY_AGAIN = (
    "Island ferry back after the storms\n\n"
    "After a week of storms the island ferry left the harbour on Tuesday, its first crossing in seven days.\n\n"
    "The captain said the crossing was rough but the boat was full of islanders going shopping."
)


@pytest.mark.parametrize("status", [Article.Status.FAILED, Article.Status.PENDING])
def test_an_article_not_ready_is_not_found_and_the_ready_one_is(status):
    shown, hidden = ingest_text(FERRY).article, ingest_text(FERRY_AGAIN).article
    assert {hit.article.pk for hit in search_articles("island ferry")} == {shown.pk, hidden.pk}
    Article.objects.filter(pk=hidden.pk).update(status=status)
    assert [hit.article.pk for hit in search_articles("island ferry")] == [shown.pk]
