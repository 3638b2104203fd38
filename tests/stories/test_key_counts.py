"""KeyCount's bulk upsert and look-up, on both databases (PostgreSQL sends arrays, SQLite chunks of 500)."""

import pytest

from newsroom.sql_lists import KEY_SEPARATOR
from newsroom.stories.models import KeyCount

pytestmark = pytest.mark.django_db


def test_counts_add_up_across_calls_and_columns():
    KeyCount.add(documents={"dam", "river"})
    KeyCount.add(documents={"dam"}, stories=["dam", "flood"])
    rows = {row.key: (row.documents, row.stories) for row in KeyCount.objects.all()}
    assert rows == {"dam": (2, 1), "river": (1, 0), "flood": (0, 1)}


def test_frequencies_of_more_keys_than_one_statement_holds():
    keys = {f"word{i:04d}" for i in range(1200)}
    KeyCount.add(documents=keys)
    KeyCount.add(documents={"word0007"})
    found = KeyCount.document_frequencies(keys | {"never-seen"})
    assert len(found) == 1200 and "never-seen" not in found
    assert found["word0007"] == 2 and found["word1199"] == 1


def test_keys_are_cut_to_the_column_length():
    long_key = "x" * 250
    KeyCount.add(documents={long_key})
    assert KeyCount.document_frequencies([long_key[:200]]) == {long_key[:200]: 1}


def test_a_key_holding_the_separator_is_counted_and_found_all_the_same():
    odd = f"odd{KEY_SEPARATOR}key"
    KeyCount.add(documents={odd, "plain"}, stories=[odd])
    KeyCount.add(documents={"plain", "other"})
    assert KeyCount.document_frequencies([odd, "plain", "other"]) == {odd: 1, "plain": 2, "other": 1}
    assert KeyCount.objects.get(key=odd).stories == 1
    assert not KeyCount.objects.filter(key__in=["odd", "key"]).exists()


def test_no_keys_find_nothing():
    KeyCount.add(documents={"plain"})
    assert KeyCount.document_frequencies([]) == {}
