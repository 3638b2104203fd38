"""Stories' profiles as last read from the database, kept between assignments so candidates are not decoded again.

An assignment reads up to clustering.MAX_CANDIDATES stories, and most of them have not changed since the
last upload that read them; their profile is the largest field (hundreds of terms and names) and decoding
its JSON was a third of the story step on a 10k-article corpus. A story's `updated_at` changes with
every save, so it tells whether the kept copy is still the stored one. The decoded `StoryProfile` is kept
too (`candidate_profiles`), with its centroid norm: building it again for each of 40 candidates per upload
is what grew with the stories. It is shared between uploads, so whoever changes a profile changes a copy
(`StoryProfile.copy`; `clustering.merge_small_stories` never changes the objects it is given).
"""

from collections import OrderedDict

from django.db import connection

from newsroom.sql_lists import one_of
from newsroom.stories.similarity import StoryProfile

# Stories kept: several assignments' worth of candidates (40 each), a few MB of decoded JSON.
KEPT_STORIES = 256

# (database name, story id) -> [updated_at when read, the profile as decoded from the database's JSON,
# its StoryProfile once asked for (None before)]
_kept: OrderedDict[tuple[str, int], list] = OrderedDict()


class LockedStory:
    """A candidate story's row as locked, without its model object: the ORM building one Story per candidate (40 an
    upload) was most of the cost of locking them (cProfile, storystep), and an upload joins one. `story()` builds it."""

    __slots__ = ("pk", "values", "profile", "_story")

    def __init__(self, values: dict):
        self.pk, self.values, self.profile, self._story = values["id"], values, None, None

    def __getattr__(self, name):
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def story(self):
        """The Story of this row (built once: the assignment and the merges after it change the same object)."""
        if self._story is None:
            from newsroom.stories.models import Story

            self._story = Story.from_db(connection.alias, list(self.values), list(self.values.values()))
            self._story.profile = self.profile
        return self._story


def _story_columns(fields: tuple[str, ...]) -> tuple[str, list]:
    """The SELECT list of these Story fields, and for each column the converters the ORM applies to its values
    (backend's, then field's: `SQLCompiler.get_converters`), for the connection in use."""
    from newsroom.stories.models import Story

    table = Story._meta.db_table
    quote = connection.ops.quote_name
    columns, converters = [], []
    for name in fields:
        field = Story._meta.get_field(name)
        column = field.get_col(table)
        columns.append(f"{quote(table)}.{quote(field.column)}")
        converters.append((column, connection.ops.get_db_converters(column) + column.get_db_converters(connection)))
    return ", ".join(columns), converters


def _story_rows(fields: tuple[str, ...], ids: list[int], *, lock: bool = False) -> list[list]:
    """The stories' values of `fields`, in id order, converted as the ORM's `values_list` converts them; `lock`:
    locked FOR UPDATE where the database has it (in that order, so never deadlocking; SQLite's write transactions
    take turns instead, as the ORM's select_for_update does there). In SQL: building the ORM's query and iterating it cost
    two thirds of locking 40 candidates (cProfile, storystep3)."""
    from newsroom.stories.models import Story

    columns, converters = _story_columns(fields)
    quote = connection.ops.quote_name
    wanted, params = one_of(ids, "bigint")
    sql = (f"SELECT {columns} FROM {quote(Story._meta.db_table)} WHERE {quote('id')} {wanted} "  # noqa: S608 (names only)
           f"ORDER BY {quote('id')}{' FOR UPDATE' if lock and connection.features.has_select_for_update else ''}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [list(row) for row in cursor.fetchall()]
    for position, (column, functions) in enumerate(converters):
        if functions:
            for row in rows:
                value = row[position]
                for function in functions:
                    value = function(value, column, connection)
                row[position] = value
    return rows


def _unprofiled_fields() -> tuple[str, ...]:
    from newsroom.stories.models import Story

    return tuple(field.attname for field in Story._meta.concrete_fields if field.name != "profile")


def lock_stories_with_profiles(ids) -> dict[int, LockedStory]:
    """The stories with these ids, locked until the transaction ends (in id order, so never deadlocking, as
    `models.lock_stories`), each with its profile from the kept copy when its row has not changed since.

    The profiles are exactly what the database returns (kept as read, never as written: PostgreSQL's
    jsonb gives keys back in its own order, and ties in the profile's trimming follow that order); only
    the ones not kept, or changed, are read, in one more query.
    """
    fields = _unprofiled_fields()
    ids = sorted(set(ids))
    stories = {}
    for row in _story_rows(fields, ids, lock=True) if ids else ():
        story = LockedStory(dict(zip(fields, row)))
        stories[story.pk] = story
    database = connection.settings_dict["NAME"]
    profiles = {}
    for pk, story in stories.items():
        kept = _kept.get((database, pk))
        if kept is not None and kept[0] == story.updated_at:
            profiles[pk] = kept[1]
            _kept.move_to_end((database, pk))
    missing = [pk for pk in stories if pk not in profiles]
    if missing:
        # The rows are locked already (above): what this reads is what they hold until the transaction ends.
        for pk, profile in _story_rows(("id", "profile"), missing):
            profiles[pk] = profile
            _kept[(database, pk)] = [stories[pk].updated_at, profile, None]
        while len(_kept) > KEPT_STORIES:
            _kept.popitem(last=False)
    for pk, story in stories.items():
        story.profile = profiles[pk]
    return stories


def candidate_profiles(stories: dict) -> dict[int, StoryProfile]:
    """The StoryProfile of each story (from `lock_stories_with_profiles`) that has one: the kept object while
    the story is unchanged, to be read only (copy it to change it).

    The same as `story.profile_object()`, decoded once per stored version of the story instead of per upload."""
    database = connection.settings_dict["NAME"]
    profiles = {}
    for pk, story in stories.items():
        if not story.profile:
            continue
        kept = _kept.get((database, pk))
        if kept is None or kept[0] != story.updated_at or kept[1] is not story.profile:
            profiles[pk] = StoryProfile.from_dict(story.profile)  # not read through the cache, or changed since
            continue
        if kept[2] is None:
            kept[2] = StoryProfile.from_dict(story.profile)
        profiles[pk] = kept[2]
    return profiles


def forget() -> None:
    """Drop every kept profile (tests that rewrite stories behind the ORM's back)."""
    _kept.clear()
