"""one_of: the same rows through PostgreSQL's array and SQLite's IN list, for keys and for ids."""

import pytest
from django.db import connection

from newsroom.sql_lists import one_of
from newsroom.stories.models import KeyCount

pytestmark = pytest.mark.django_db


def _keys_where(test: str, params: list) -> set[str]:
    table = connection.ops.quote_name(KeyCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "key" FROM {table} WHERE "key" {test}', params)  # noqa: S608
        return {key for key, in cursor.fetchall()}


def test_it_matches_exactly_the_listed_keys_however_many():
    keys = [f"word{i}" for i in range(300)] + ["Nadella's", "50%", "a,b"]
    KeyCount.objects.bulk_create([KeyCount(key=key) for key in keys])
    wanted = keys[::7] + ["absent"]
    assert _keys_where(*one_of(wanted)) == set(keys[::7])
    assert _keys_where(*one_of(iter(["a,b", "50%"]))) == {"a,b", "50%"}


def test_ids_take_their_own_element_type():
    KeyCount.objects.bulk_create([KeyCount(key=f"k{i}", documents=i) for i in range(5)])
    table = connection.ops.quote_name(KeyCount._meta.db_table)
    test, params = one_of([1, 3], "bigint")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "key" FROM {table} WHERE documents {test} ORDER BY "key"', params)  # noqa: S608
        assert [key for key, in cursor.fetchall()] == ["k1", "k3"]
