"""Put each processed article in its story: the upload-time step after quotes (settings.NEWSROOM_AFTER_EXTRACTION).

Candidates come only from the StoryKey index (bounded postings, bounded candidates), so the cost of one
assignment does not grow with the corpus; the scoring and the merges of small stories are the pure core's
(`clustering.pick_story`, `clustering.merge_small_stories`).
"""

import hashlib
import zlib
from datetime import timedelta

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from newsroom.sql_lists import one_of
from newsroom.stories.clustering import (
    MAX_CANDIDATES,
    MAX_POSTINGS,
    SMALL_STORY,
    THRESHOLD,
    merge_small_stories,
    pick_story,
    score_candidates,
)
from newsroom.stories.features import EventFeatures, event_features, frequency_keys, index_keys
from newsroom.stories.models import (
    DOCUMENTS_KEY,
    ArticleFeatures,
    KeyCount,
    Membership,
    Story,
    StoryKey,
)
from newsroom.stories.profile_cache import candidate_profiles, lock_stories_with_profiles
from newsroom.stories.similarity import Match

# Namespace of our PostgreSQL advisory locks (two-int form), apart from anyone else's single-bigint locks.
ADVISORY_LOCK_CLASS = 4004
# Shared quotes listed in a membership's explanation.
EXPLAINED_QUOTES = 3


def assign_story(article) -> Membership | None:
    """Put a ready article in the story it belongs to (joining one or starting one) and record why.

    Idempotent: reprocessing an article whose title and text did not change changes nothing. An
    editor's placement and a locked story are never changed here. On PostgreSQL, advisory locks on
    the article's index keys make two workers holding related articles take turns, so the second
    sees the first's story and joins it instead of starting a twin.
    """
    if article.status != article.Status.READY:
        return None
    digest = _text_hash(article)
    membership, stored = _earlier_placement(article)
    if membership and stored and stored.text_hash == digest:
        return membership

    # No savepoint inside an outer transaction: the upload's (Article._process_once) rolls back whole when a step
    # fails, so a savepoint here cost two round trips an upload and undid nothing the outer rollback does not.
    with transaction.atomic(savepoint=False):
        features = compute_features(article, stored, digest)
        if membership and (membership.by_editor or membership.story.locked):
            membership.story.rebuild()  # the editor's placement stands; only the story's evidence changes
            return membership
        # Ranked once for the locks, the candidates and the postings: each ranking sorts the article's 120 terms.
        keys = index_keys(features)
        lock_index_keys(keys)
        previous_story = None
        if membership:
            # The text changed: take the article out, and let it rejoin its story if it still belongs.
            previous_story = membership.story
            membership.delete()
            previous_story.rebuild()
        return _place(article, features, previous_story=previous_story, keys=keys)


def _earlier_placement(article) -> tuple[Membership | None, ArticleFeatures | None]:
    """The article's membership (with its story) and stored features, from an earlier placement.

    A new upload has neither: one query says so (the two look-ups were two of the step's costliest ORM calls);
    each is read in full only when it exists."""
    # In SQL: the ORM's query through the article's two reverse relations cost 6% of the step to build (cProfile,
    # storystep3), where the row read costs little.
    quote = connection.ops.quote_name
    memberships, stored_features = quote(Membership._meta.db_table), quote(ArticleFeatures._meta.db_table)
    sql = f"""
        SELECT (SELECT {quote("id")} FROM {memberships} WHERE {quote("article_id")} = %s),
               (SELECT {quote("article_id")} FROM {stored_features} WHERE {quote("article_id")} = %s)"""  # noqa: S608 (names only)
    with connection.cursor() as cursor:
        cursor.execute(sql, [article.pk, article.pk])
        membership_id, features_id = cursor.fetchone()
    if membership_id is None and features_id is None:
        return None, None
    membership = Membership.objects.select_related("story").get(pk=membership_id) if membership_id else None
    stored = ArticleFeatures.objects.get(pk=features_id) if features_id else None
    return membership, stored


def compute_features(article, stored: ArticleFeatures | None = None, digest: str = "") -> EventFeatures:
    """The article's features, weighted by the document frequencies so far, stored once; then its words are counted."""
    digest = digest or _text_hash(article)
    published = article.published.date() if article.published else None
    asked: list[set[str]] = []

    def document_frequencies(keys) -> dict[str, int]:
        asked.append(set(keys) - {DOCUMENTS_KEY})
        return KeyCount.document_frequencies(keys)

    # The articles counted so far come with the words' counts: DOCUMENTS_KEY is a KeyCount row like theirs.
    features = event_features(
        article.title,
        article.text,
        published,
        document_frequencies=document_frequencies,
        documents_key=DOCUMENTS_KEY,
    )
    counted = bool(stored and stored.counted)
    if stored is None:
        _insert_features(article, features, digest)
    else:
        stored.features, stored.text_hash, stored.counted = features.to_dict(), digest, True
        stored.save(update_fields=["features", "text_hash", "counted"])
    if not counted:
        # Counted once per article: a reprocessed article does not count twice (a changed text keeps its first words).
        # The keys event_features looked up are exactly frequency_keys (tests/stories/test_assignment_queries.py
        # checks it), so the text is not parsed a second time for them.
        keys = asked[0] if len(asked) == 1 else frequency_keys(article.title, article.text)
        KeyCount.add(documents=keys | {DOCUMENTS_KEY})
    return features


def _insert_features(article, features: EventFeatures, digest: str) -> None:
    """Store a new article's features (counted), as `ArticleFeatures.objects.create` would: the JSON is adapted by
    the model's own field, and the model has no signal receivers. In SQL: the ORM's save cost three times the
    INSERT (cProfile, storystep3)."""
    quote = connection.ops.quote_name
    field = ArticleFeatures._meta.get_field("features")
    sql = (f"INSERT INTO {quote(ArticleFeatures._meta.db_table)} ({quote('article_id')}, {quote('features')}, "  # noqa: S608
           f"{quote('text_hash')}, {quote('counted')}) VALUES (%s, %s, %s, %s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [article.pk, field.get_db_prep_save(features.to_dict(), connection), digest, True])


def candidate_story_ids(features: EventFeatures, keys: set[str] | None = None) -> list[int]:
    """Stories sharing the most index keys with the article, from the index only: at most MAX_CANDIDATES.
    `keys`: the article's `index_keys`, when the caller has them already.

    Keys posted for more than MAX_POSTINGS stories are skipped (topics, not events), so the rows read
    are bounded by 18 keys × MAX_POSTINGS whatever the corpus size.
    """
    keys = sorted({key[:200] for key in (index_keys(features) if keys is None else keys)})
    if not keys:
        return []
    # One round trip: postings of the article's keys, minus those of crowded keys, counted per story. Written
    # in SQL: building this query (subquery, aggregate, ordering) through the ORM cost more CPU than running it.
    quote = connection.ops.quote_name
    postings, counts = quote(StoryKey._meta.db_table), quote(KeyCount._meta.db_table)
    wanted, params = one_of(keys)
    sql = f"""
        SELECT p.{quote("story_id")} FROM {postings} p
        WHERE p.{quote("key")} {wanted}
          AND NOT EXISTS (SELECT 1 FROM {counts} c WHERE c.{quote("key")} = p.{quote("key")} AND c.{quote("stories")} > %s)
        GROUP BY p.{quote("story_id")}
        ORDER BY COUNT(p.{quote("id")}) DESC, p.{quote("story_id")}
        LIMIT %s"""  # noqa: S608 (table and column names only; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, MAX_POSTINGS, MAX_CANDIDATES])
        return [story_id for (story_id,) in cursor.fetchall()]


def lock_index_keys(keys: set[str]) -> None:
    """On PostgreSQL, hold a transaction-level advisory lock per index key (sorted: no deadlocks).

    SQLite needs none: its write transactions are IMMEDIATE (settings), so writers already take turns.
    """
    if connection.vendor != "postgresql" or not keys:
        return
    ids = sorted({zlib.crc32(key.encode()) - 2**31 for key in keys})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, k) FROM (SELECT unnest(%s::int[]) AS k ORDER BY 1) AS keys",
            [ADVISORY_LOCK_CLASS, ids],
        )


def _place(
    article, features: EventFeatures, *, previous_story: Story | None = None, closed: frozenset[int] = frozenset(),
    keys: set[str] | None = None,
) -> Membership:
    """Join the best candidate or start a story. Stories in `closed` take no article but their own former members.
    `keys`: the article's `index_keys`, when the caller has them already."""
    if keys is None:
        keys = index_keys(features)
    ids = candidate_story_ids(features, keys)
    if previous_story is not None and previous_story.pk not in ids:
        ids.append(previous_story.pk)
    own = previous_story.pk if previous_story is not None else None
    stories = {
        pk: story
        for pk, story in lock_stories_with_profiles(ids).items()
        if not story.locked and story.merged_into_id is None and (pk not in closed or pk == own)
    }
    profiles = candidate_profiles(stories)  # shared with later uploads: changed only as copies
    crowded = same_source_same_day(article, profiles)
    quotes = shared_quote_counts(article, profiles)

    story_id, match, started = None, None, False
    matches = score_candidates(features, profiles, same_source_same_day=crowded, shared_quotes=quotes)
    if previous_story is not None and previous_story.pk in profiles:
        # Still belongs where it was: stay, even if another story scores a little higher.
        kept = matches[previous_story.pk]
        if kept.score >= THRESHOLD or kept.near_duplicate:
            story_id, match = previous_story.pk, kept
    if story_id is None:
        story_id, match = pick_story(matches)

    if story_id is None:
        # Starting a story; a reprocessed article left alone in its old one keeps that story's id.
        if previous_story is not None and previous_story.pk in stories and not stories[previous_story.pk].profile.get("members"):
            story = stories[previous_story.pk].story()
        else:
            story = Story.objects.create()
            started = True
        score, explanation = None, _founder_explanation(match)
    else:
        story = stories[story_id].story()
        score, explanation = match.score, _explanation(match, article, story)

    profile = profiles[story.pk].copy() if story.pk in profiles else story.profile_object()
    profile.add(features)
    membership = Membership.objects.create(
        article=article, story=story, score=score, explanation=explanation,
        assigned_by=Membership.AssignedBy.AUTO, assigned_at=timezone.now(),
    )
    story.absorb(article, features, profile, new_story=started, keys=keys)
    if story_id is not None:
        profiles[story.pk] = profile
        survivor = merge_bridged_stories(story.pk, matches, profiles, stories, closed=closed)
        if survivor.pk != story.pk:
            membership.refresh_from_db()  # take_in moved it and rewrote its explanation
    return membership


def merge_bridged_stories(joined: int, matches, profiles, stories, *, closed=frozenset()) -> Story:
    """Fold the small stories among the candidates into bigger ones where they fit (`clustering.merge_small_stories`);
    returns the story that now holds the article. `stories`: the candidates' locked rows
    (`profile_cache.LockedStory`), whose Story objects are built only for the stories merged. A small story holding an editor's placement or an edited
    headline, or one closed for a recluster, never moves: the editor judged it. The database is asked about a
    small story only once a merge fits it, so an upload that merges nothing costs no query here."""
    if len(matches) < 2 or not any(p.members <= SMALL_STORY for pk, p in profiles.items() if pk != joined):
        return stories[joined].story()

    def can_move(pk: int) -> bool:
        if pk in closed or stories[pk].headline_is_edited:
            return False
        return not Membership.objects.filter(story_id=pk, assigned_by=Membership.AssignedBy.EDITOR).exists()

    survivor = joined
    for absorbed, into, why in merge_small_stories(joined, matches, profiles, can_move=can_move):
        stories[into].story().take_in(stories[absorbed].story(), profiles[into], why.to_dict())
        survivor = into
    return stories[survivor].story()


def same_source_same_day(article, profiles) -> set[int]:
    """Candidates that already hold an article from this outlet published the same day.

    Asked from the outlet's articles of that day (a handful, through the `published` index), not from the
    candidates' members: those are 40 stories of up to hundreds of articles each on a large corpus.
    """
    if not profiles or not article.source_id or not article.published:
        return set()
    from newsroom.articles.models import Article

    day = article.published.replace(hour=0, minute=0, second=0, microsecond=0)
    # In SQL for the same reason as candidate_story_ids: the ORM's subquery cost more to build than to run.
    quote = connection.ops.quote_name
    articles, memberships = quote(Article._meta.db_table), quote(Membership._meta.db_table)
    wanted, candidates = one_of(sorted(profiles), "bigint")
    sql = f"""
        SELECT DISTINCT m.{quote("story_id")} FROM {memberships} m
        WHERE m.{quote("story_id")} {wanted}
          AND m.{quote("article_id")} IN (
            SELECT a.{quote("id")} FROM {articles} a
            WHERE a.{quote("source_id")} = %s AND a.{quote("published")} >= %s AND a.{quote("published")} < %s
              AND a.{quote("id")} <> %s)"""  # noqa: S608 (table and column names only; values are parameters)
    with connection.cursor() as cursor:
        # Adapted as the ORM does (SQLite stores UTC text without an offset; compared as text there).
        bounds = [connection.ops.adapt_datetimefield_value(moment) for moment in (day, day + timedelta(days=1))]
        cursor.execute(sql, [*candidates, article.source_id, *bounds, article.pk])
        return {story_id for (story_id,) in cursor.fetchall()}


def shared_quote_counts(article, profiles) -> dict[int, int]:
    """Per candidate story: how many of the article's quotes its members also carry (from the quotes app).

    Read from the occurrences of the article's own quotes, then each one's membership: the quotes a new
    article carries are few, while the candidates' members are 40 stories of up to hundreds of articles.
    The ORM's join (through the articles table) let SQLite start from those members and read every
    occurrence of each; CROSS JOIN is SQLite's way of keeping the order written (PostgreSQL plans it
    from its statistics either way).
    """
    if not profiles or not apps.is_installed("newsroom.quotes"):
        return {}
    from newsroom.quotes.models import QuoteOccurrence

    quote = connection.ops.quote_name
    occurrences, memberships = quote(QuoteOccurrence._meta.db_table), quote(Membership._meta.db_table)
    wanted, candidates = one_of(sorted(profiles), "bigint")
    sql = f"""
        SELECT m.{quote("story_id")}, COUNT(DISTINCT o.{quote("quote_id")})
        FROM {occurrences} o CROSS JOIN {memberships} m
        WHERE o.{quote("quote_id")} IN (SELECT {quote("quote_id")} FROM {occurrences} WHERE {quote("article_id")} = %s)
          AND o.{quote("article_id")} <> %s
          AND m.{quote("article_id")} = o.{quote("article_id")}
          AND m.{quote("story_id")} {wanted}
        GROUP BY m.{quote("story_id")}"""  # noqa: S608 (table and column names only; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [article.pk, article.pk, *candidates])
        return dict(cursor.fetchall())


def _shared_quotes(article, story: Story) -> list[str]:
    if not apps.is_installed("newsroom.quotes"):
        return []
    from newsroom.quotes.models import Quote, QuoteOccurrence

    # Each of the article's own quotes asks whether the story carries it (stopping at the first occurrence
    # found), rather than reading every member's occurrences: stories grow to hundreds of articles. In SQL: the
    # ORM's query (a subquery and an EXISTS through the articles table) cost more CPU to build than the rest of
    # the explanation (cProfile, storystep3); members are joined on the occurrence's article directly.
    quote = connection.ops.quote_name
    quotes, occurrences = quote(Quote._meta.db_table), quote(QuoteOccurrence._meta.db_table)
    memberships = quote(Membership._meta.db_table)
    sql = f"""
        SELECT q.{quote("text")} FROM {quotes} q
        WHERE q.{quote("id")} IN (SELECT {quote("quote_id")} FROM {occurrences} WHERE {quote("article_id")} = %s)
          AND EXISTS (SELECT 1 FROM {occurrences} o JOIN {memberships} m ON m.{quote("article_id")} = o.{quote("article_id")}
                      WHERE o.{quote("quote_id")} = q.{quote("id")} AND m.{quote("story_id")} = %s)
        ORDER BY q.{quote("id")}
        LIMIT %s"""  # noqa: S608 (table and column names only; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [article.pk, story.pk, EXPLAINED_QUOTES])
        return [text[:200] for (text,) in cursor.fetchall()]


def _explanation(match: Match, article, story: Story) -> dict:
    explanation = match.to_dict()
    if any("shared quote" in reason for reason in match.reasons):
        explanation["shared_quotes"] = _shared_quotes(article, story)
    return explanation


def _founder_explanation(best: Match | None) -> dict:
    reasons = ["started this story: no earlier story was close enough"]
    if best is not None:
        reasons.append(f"closest other story scored {best.score:.2f} (threshold {THRESHOLD})")
    return {"score": None, "reasons": reasons, "shared_terms": [], "shared_entities": [], "shared_amounts": []}


def _text_hash(article) -> str:
    return hashlib.sha256(f"{article.title}\0{article.text}".encode()).hexdigest()
