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


def insert_rows(cursor, table: str, columns, rows, *, suffix: str = "", rows_per_statement: int = 500) -> None:
    """INSERT `rows` (tuples in `columns`' order) into `table` as VALUES lists, in the order given (so ids follow
    it), `rows_per_statement` at a time; `suffix` follows each VALUES list (an ON CONFLICT clause). For writes
    where making model instances and the ORM's INSERT cost more than the statement (bench/README, quotestep3,
    storystep3); the caller announces what signals would have (front.content_changes)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    row_sql = f"({', '.join(['%s'] * len(columns))})"
    rows = list(rows)
    for start in range(0, len(rows), rows_per_statement):
        chunk = rows[start : start + rows_per_statement]
        cursor.execute(
            f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([row_sql] * len(chunk))} {suffix}",  # noqa: S608 (names only)
            [value for row in chunk for value in row],
        )
