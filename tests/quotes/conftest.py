"""Helpers for the quote tests: the benchmark's article bodies, and occurrences in the database."""

import json
from pathlib import Path

import pytest

GROUND_TRUTH = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "article-extraction-benchmark" / "ground-truth.json"


@pytest.fixture(scope="session")
def bodies() -> dict[str, str]:
    """The extraction benchmark's ground-truth article bodies (../shared/bench), by page key."""
    if not GROUND_TRUTH.is_file():
        pytest.skip(f"the extraction benchmark is not at {GROUND_TRUTH}")
    return {key: page["articleBody"] for key, page in json.loads(GROUND_TRUTH.read_text(encoding="utf-8")).items()}


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
