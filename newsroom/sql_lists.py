"""SQL for "this column is one of these values", written once for both databases.

On PostgreSQL the values travel as one array parameter: psycopg parses a query again on every call once it
has more than 50 parameters, and an article's keys run to hundreds (bench/README, "KeyCount through arrays").
SQLite takes an IN list (its parameter limit is 32,766 since 3.32).
"""

from django.db import connection


def one_of(values, array_type: str = "varchar") -> tuple[str, list]:
    """The test (to follow a column name) and its parameters; `array_type` names PostgreSQL's element type
    ("varchar" for keys, "bigint" for ids)."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"= ANY(%s::{array_type}[])", [values]
    return f"IN ({', '.join(['%s'] * len(values))})", values
