"""SQL for "this column is one of these values", written once for both databases.

On PostgreSQL the values travel as one array parameter: psycopg parses a query again on every call once it
has more than 50 parameters, and an article's keys run to hundreds (bench/README, "KeyCount through arrays").
SQLite takes an IN list (its parameter limit is 32,766 since 3.32).
"""

from django.db import connection

# Text keys go to PostgreSQL as one string the server splits (`key_array`): an array parameter is written
# element by element by psycopg and its literal parsed back element by element by the server, 5.2 against
# 1.5 ms of wall for 190 keys (bench/README, quotestep2). Keys are words, names, amounts and shingle hashes,
# so none holds the separator; a list where one does still travels as an array.
KEY_SEPARATOR = "\x1f"  # ASCII unit separator


def one_of(values, array_type: str = "varchar", *, using=None) -> tuple[str, list]:
    """The test (to follow a column name) and its parameters; `array_type` names PostgreSQL's element type
    ("varchar" for keys, "bigint" for ids); `using`, the connection it is for (the default one otherwise).
    No values match no row (SQLite takes an empty IN list, PostgreSQL an empty array)."""
    values = list(values)
    if (using or connection).vendor == "postgresql":
        return f"= ANY(%s::{array_type}[])", [values]
    return f"IN ({', '.join(['%s'] * len(values))})", values


def one_of_keys(keys) -> tuple[str, list]:
    """`one_of` for text keys, which PostgreSQL receives as one separated string (`key_array`)."""
    keys = list(keys)
    if connection.vendor == "postgresql":
        array, params = key_array(keys)
        return f"= ANY({array})", params
    return one_of(keys)


def key_array(keys) -> tuple[str, list]:
    """A PostgreSQL varchar[] of `keys`, in their order, as SQL and its parameters."""
    keys = list(keys)
    joined = KEY_SEPARATOR.join(keys)
    if keys and joined.count(KEY_SEPARATOR) == len(keys) - 1:
        return "string_to_array(%s, %s)::varchar[]", [joined, KEY_SEPARATOR]
    return "%s::varchar[]", [keys]
