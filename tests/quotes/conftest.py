"""Helpers for the quote tests that use the database."""

import pytest


@pytest.fixture
def occurrence_of(db):
    """The one occurrence in `article` whose text contains `words`."""

    # Imported here: the pure-core tests in this folder also run without Django (-p no:django).
    from newsroom.quotes.models import QuoteOccurrence

    def find(article, words: str) -> QuoteOccurrence:
        found = [o for o in QuoteOccurrence.objects.filter(article=article).select_related("quote__speaker") if words in o.text]
        assert len(found) == 1, f"{len(found)} occurrences containing {words!r} in {article.filename}"
        return found[0]

    return find
