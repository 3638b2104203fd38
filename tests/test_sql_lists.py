"""one_of and one_of_keys: the same rows through PostgreSQL's arrays and SQLite's IN list, for keys and for ids."""

import pytest
from django.db import connection

from newsroom.sql_lists import KEY_SEPARATOR, key_array, one_of, one_of_keys
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


def test_keys_match_the_same_rows_when_sent_as_one_string():
    keys = [f"word{i}" for i in range(300)] + ["Nadella's", "50%", "a,b", "{braces}", 'say "no"', "back\\slash"]
    KeyCount.objects.bulk_create([KeyCount(key=key) for key in keys])
    wanted = keys[::7] + keys[-6:] + ["absent"]
    assert _keys_where(*one_of_keys(wanted)) == set(keys[::7] + keys[-6:])
    assert _keys_where(*one_of_keys(iter(["a,b"]))) == {"a,b"}


def test_a_key_holding_the_separator_still_matches_exactly():
    keys = [f"x{KEY_SEPARATOR}y", "x", "y"]
    KeyCount.objects.bulk_create([KeyCount(key=key) for key in keys])
    assert _keys_where(*one_of_keys([keys[0]])) == {keys[0]}
    assert _keys_where(*one_of_keys(["x", "y"])) == {"x", "y"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's arrays")
def test_postgresql_gets_keys_as_one_string_split_in_order():
    array, params = key_array(["b", "a", "c"])
    assert params == [f"b{KEY_SEPARATOR}a{KEY_SEPARATOR}c", KEY_SEPARATOR]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT unnest({array})", params)  # noqa: S608
        assert [key for key, in cursor.fetchall()] == ["b", "a", "c"]
    assert key_array([f"x{KEY_SEPARATOR}y"]) == ("%s::varchar[]", [[f"x{KEY_SEPARATOR}y"]])


def test_no_values_match_no_row():
    KeyCount.objects.bulk_create([KeyCount(key="dam")])
    assert _keys_where(*one_of([])) == set()
    assert _keys_where(*one_of([], using=connection)) == set()
