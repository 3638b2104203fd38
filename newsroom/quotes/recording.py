"""Record an article's quotes, link them to the same statements in other articles, and mark them for reading.

`record_quotes(article)` is an upload-time step (settings.NEWSROOM_AFTER_EXTRACTION). Candidates
come from inverted indexes (QuoteKey, PassageKey) and are checked with the pure core
(`finding`, `matching`); nothing scans all quotes or all articles.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q

from newsroom.quotes.finding import FoundQuote, find_quotes
from newsroom.quotes.highlighting import Mark, TextMap, html_span, mark_html, text_map
from newsroom.quotes.matching import (
    MIN_KEY_WORDS,
    Alignment,
    align_quotes,
    content_words,
    find_quote_spans,
    find_shared_passages,
    index_keys,
    quote_spans,
)
from newsroom.quotes.models import ArticleHighlights, PassageKey, Quote, QuoteKey, QuoteOccurrence, SharedPassage, Speaker
from newsroom.sql_lists import insert_rows, key_array, one_of, one_of_keys

# A key that more than this many distinct quotes contain is a stock phrase ("artificial intelligence
# technology"), not evidence of one statement: it is neither used nor stored again. One statement
# is one Quote however often it is repeated, so real statements stay far below it. Bounding the
# postings per key is also what keeps the look-up cost flat as the corpus grows.
COMMON_QUOTE_KEY = 50
# Candidates aligned per occurrence, best first by shared keys: alignment is the costly part.
MAX_QUOTE_CANDIDATES = 10
# Article-text keys shared by more than this many articles are boilerplate (footers, datelines).
COMMON_PASSAGE_KEY = 50
# A shared passage needs at least min_words=12 content words (find_shared_passages' default), which
# is 10 shingles; 8 shared keys leaves room for two small edits inside it.
MIN_SHARED_PASSAGE_KEYS = 8
MAX_PASSAGE_CANDIDATES = 5
# Keys looked up per article text: a 3,000-word article has ~1,500; more would only slow the query.
MAX_PASSAGE_KEYS = 3000

_KIND_RANK = {"direct": 2, "block": 1, "partial": 0}


@dataclass
class _Statement:
    found: FoundQuote
    paragraph: int
    keys: set[str]
    quote: Quote | None = None
    match: str = ""


def record_quotes(article) -> None:
    """Replace the article's quote occurrences and shared passages, and rebuild its marked HTML.

    Idempotent: running it again on the same text keeps the same quotes (the article's old
    occurrences are removed, but their quotes stay indexed until the end, so the statements rejoin
    them); quotes left without any occurrence are deleted.
    """
    # No savepoint of its own inside an outer transaction (Article.process runs every step in one,
    # and a step that fails rolls all of it back): SAVEPOINT and RELEASE were two round trips.
    with transaction.atomic(savepoint=False):
        # Every recording ends by storing the article's marked HTML, in the same transaction as its
        # occurrences, passages and passage keys: an article without it has none of them to replace,
        # and one query spares the three that would look for them (a new upload, the usual case).
        recorded = ArticleHighlights.objects.filter(article=article).exists()
        previous = set(article.quote_occurrences.values_list("quote_id", flat=True)) if recorded else set()
        if previous:  # else it has none: a new article saves the statement
            article.quote_occurrences.all().delete()
        positions = text_map(article.html, article.text)
        found = find_quotes(article.text)
        touched = _record_occurrences(article, previous, positions, found)
        _update_quotes(touched | previous, reread=previous)
        spans = quote_spans(found)
        partners, partner_spans = _record_shared_passages(article, spans, recorded=recorded)
        rebuild_highlights([article, *partners], {article.pk: positions}, {**partner_spans, article.pk: spans})


# --- quotes -------------------------------------------------------------------------------------

def _statements(text: str, found_quotes: list[FoundQuote]) -> list[_Statement]:
    """The found quotes (`find_quotes(text)`) worth storing: everything with a speaker, and unattributed
    quotes long enough to be a statement (a speakerless two-word fragment is a scare quote: "golden mountain")."""
    statements = []
    for found in found_quotes:
        if not found.speaker and len(content_words(found.text)) < MIN_KEY_WORDS:
            continue
        paragraph = text.count("\n\n", 0, found.start)
        statements.append(_Statement(found, paragraph, index_keys(found.text)))
    return statements


def _record_occurrences(article, previous: set[int], positions: TextMap, found: list[FoundQuote]) -> set[int]:
    statements = _statements(article.text, found)
    speakers = _speakers_for(statements)
    quotes = _Quotes(previous)
    crowded = _CrowdedQuoteKeys()
    for statement in statements:
        if statement.keys:
            _join_or_create(statement, speakers, quotes, crowded)
    for statement in statements:
        if not statement.keys:
            _attach_short(statement, statements, speakers, quotes)
    for statement in statements:
        statement.quote = quotes.current(statement.quote)

    occurrences = []
    for statement in statements:
        found = statement.found
        span = html_span(positions, found.start, found.end)
        occurrences.append(QuoteOccurrence(
            article=article, quote=statement.quote, start=found.start, end=found.end, text=found.text,
            html_start=span[0] if span else None, html_end=span[1] if span else None,
            kind=found.kind, speaker_name=found.speaker[:200], speaker_role=found.speaker_role[:200],
            match=statement.match,
        ))
    QuoteOccurrence.objects.bulk_create(occurrences)
    _promote_canonical(statements, speakers)
    return {statement.quote.pk for statement in statements}


class _Quotes:
    """The quotes one recording works on: one Python object per row, and where merged ones went."""

    def __init__(self, previous: set[int]):
        self.by_pk: dict[int, Quote] = {}
        self.merged: dict[int, int] = {}
        self.previous = previous

    def unindexed(self, text: str, kind: str, speaker: Speaker | None) -> Quote:
        """A quote for a statement too short to index: the one this article had, when reprocessed."""
        quote = Quote.objects.filter(pk__in=self.previous, text=text).first()
        if quote is None:
            quote = Quote.objects.create(text=text, text_kind=kind, speaker=speaker)
        return self.current(quote)

    def current(self, quote: Quote) -> Quote:
        pk = quote.pk
        while pk in self.merged:
            pk = self.merged[pk]
        if pk not in self.by_pk:
            self.by_pk[pk] = quote if quote.pk == pk else Quote.objects.get(pk=pk)
        return self.by_pk[pk]


def _speakers_for(statements: list[_Statement]) -> dict[str, Speaker]:
    """The statements' speakers by name, each stored with the role its first statement gives."""
    roles: dict[str, str] = {}
    for statement in statements:
        if statement.found.speaker:
            roles.setdefault(statement.found.speaker, statement.found.speaker_role)
    return Speaker.for_names(roles)


class _CrowdedQuoteKeys:
    """Which statement keys have COMMON_QUOTE_KEY postings or more.

    Each statement's candidate look-up counts its keys' postings anyway and returns which are
    crowded (`learned`), so no query of its own asks; only after a merge (postings move and go)
    are the statement's keys asked again before they are posted. A key's count changes during a
    recording only when the recording posts it (`posted`) or merges quotes (`merged`), so each
    statement sees the same counts as when it asked on its own.
    """

    def __init__(self):
        self.crowded: set[str] = set()
        self.current: set[str] = set()  # keys whose status above is up to date

    def learned(self, keys: set[str], crowded: set[str]) -> None:
        self.crowded = (self.crowded - keys) | crowded
        self.current |= keys

    def usable(self, keys: set[str]) -> list[str]:
        stale = keys - self.current
        if stale:
            self.learned(stale, _crowded_quote_keys(stale))
        return [key for key in keys if key not in self.crowded]

    def posted(self, keys: set[str]) -> None:
        self.current -= keys

    def merged(self) -> None:
        self.current.clear()


def _join_or_create(statement: _Statement, speakers: dict[str, Speaker], quotes: _Quotes,
                    crowded: _CrowdedQuoteKeys) -> None:
    """Join the quote this statement aligns with best, merging other quotes it shows to be the same
    statement (004's two sentences, stored apart, are one statement once 003 carries both); or
    start a new quote."""
    speaker = speakers.get(statement.found.speaker)
    matches: list[tuple[Alignment, Quote]] = []
    now_crowded, candidates = _candidate_quotes(statement.keys)
    crowded.learned(statement.keys, now_crowded)
    for quote in candidates:
        quote = quotes.current(quote)
        alignment = align_quotes(statement.found.text, quote.text)
        if alignment is not None and all(quote.pk != other.pk for _, other in matches):
            matches.append((alignment, quote))
    if not matches:
        quote = Quote.objects.create(text=statement.found.text, text_kind=statement.found.kind, speaker=speaker)
        statement.quote = quotes.current(quote)
        statement.match = ""
    else:
        matches.sort(key=lambda pair: (-pair[0].score, -pair[1].occurrence_count, pair[1].pk))
        alignment, best = matches[0]
        for _, other in matches[1:]:
            if _same_speaker(best, other):
                _merge_into(other, best)
                quotes.merged[other.pk] = best.pk
                crowded.merged()
        statement.quote = best
        statement.match = alignment.kind
    usable = crowded.usable(statement.keys)
    _post_keys(QuoteKey, "quote", statement.quote.pk, sorted(usable))
    crowded.posted(set(usable))


def _candidate_quotes(keys: set[str]) -> tuple[set[str], list[Quote]]:
    """Which of a statement's index keys are crowded (COMMON_QUOTE_KEY postings or more), and the
    quotes sharing its usable ones: the MAX_QUOTE_CANDIDATES sharing the most, in id order (the
    caller ranks them by alignment, so their order is not used).

    One statement for what were two querysets built per statement (the crowded keys, then the
    ranking as a subquery of the rows' look-up): both read the same postings, so a CTE reads them
    once, and the database counts, so what comes back is a few rows however many postings the keys
    have (postings per key are bounded by COMMON_QUOTE_KEY).
    """
    if not keys:
        return set(), []
    quote = connection.ops.quote_name
    wanted, key_params = one_of_keys(sorted(keys))
    # Locked (on PostgreSQL) so a concurrent merge cannot delete a quote this article is joining; in
    # id order, so two workers lock in the same order. (FOR UPDATE may not stand beside UNION, but
    # may in a CTE.)
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    sql = f"""
        WITH postings AS (
            SELECT {quote("key")} AS k, {quote("quote_id")} AS q FROM {quote(QuoteKey._meta.db_table)}
            WHERE {quote("key")} {wanted}
        ), crowded AS (SELECT k FROM postings GROUP BY k HAVING COUNT(*) >= %s),
        best AS (
            SELECT q FROM postings WHERE k NOT IN (SELECT k FROM crowded)
            GROUP BY q ORDER BY COUNT(*) DESC, q LIMIT %s
        ), locked AS (
            SELECT {", ".join(quote(column) for column in _CANDIDATE_COLUMNS)} FROM {quote(Quote._meta.db_table)}
            WHERE {quote("id")} IN (SELECT q FROM best) ORDER BY {quote("id")}{lock}
        )
        SELECT k, {", ".join(["NULL"] * len(_CANDIDATE_COLUMNS))} FROM crowded
        UNION ALL
        SELECT NULL, locked.* FROM locked"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key_params, COMMON_QUOTE_KEY, MAX_QUOTE_CANDIDATES])
        rows = cursor.fetchall()
    crowded = {row[0] for row in rows if row[0] is not None}
    candidates = sorted((row[1:] for row in rows if row[0] is None), key=lambda row: row[0])
    return crowded, [Quote.from_db(connection.alias, _CANDIDATE_COLUMNS, row) for row in candidates]


# What joining, merging and promoting read of a candidate quote (in Quote's field order, as from_db
# takes them); the other fields stay deferred.
_CANDIDATE_COLUMNS = ["id", "text", "text_kind", "speaker_id", "occurrence_count"]


def _crowded_quote_keys(keys: set[str]) -> set[str]:
    """The keys with COMMON_QUOTE_KEY postings or more (asked again after a merge)."""
    quote = connection.ops.quote_name
    wanted, key_params = one_of_keys(sorted(keys))
    sql = f"""
        SELECT {quote("key")} FROM {quote(QuoteKey._meta.db_table)} WHERE {quote("key")} {wanted}
        GROUP BY {quote("key")} HAVING COUNT(*) >= %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key_params, COMMON_QUOTE_KEY])
        return {key for key, in cursor.fetchall()}


def _post_keys(model, owner: str, owner_id: int, keys: list[str]) -> None:
    """Add postings (key, owner) to an index (QuoteKey or PassageKey), skipping those it has.

    Raw SQL rather than bulk_create: for an article's ~230 passage keys, making and compiling model
    instances cost more than the insert itself (8.3 against 2.8 ms an article on the 960-article
    quotes_scale database, load average 7).
    """
    if not keys:
        return
    quote = connection.ops.quote_name
    into = f"INSERT INTO {quote(model._meta.db_table)} ({quote('key')}, {quote(model._meta.get_field(owner).column)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement with an array: executemany still adapts and sends a row at a time.
            # unnest keeps the caller's (sorted) order, so two workers lock keys in the same order.
            array, params = key_array(keys)
            cursor.execute(f"{into} SELECT unnest({array}), %s ON CONFLICT DO NOTHING", [*params, owner_id])
        else:
            cursor.executemany(f"{into} VALUES (%s, %s) ON CONFLICT DO NOTHING", [(key, owner_id) for key in keys])


def _same_speaker(a: Quote, b: Quote) -> bool:
    return a.speaker_id is None or b.speaker_id is None or a.speaker_id == b.speaker_id


def _merge_into(other: Quote, survivor: Quote) -> None:
    """Move every occurrence and key of `other` to `survivor`, then delete `other`."""
    QuoteOccurrence.objects.filter(quote=other).update(quote=survivor)
    keys = set(QuoteKey.objects.filter(quote=other).values_list("key", flat=True))
    QuoteKey.objects.bulk_create([QuoteKey(key=key, quote=survivor) for key in keys], ignore_conflicts=True)
    fields = []
    if _canonical_rank(other.text, other.text_kind) > _canonical_rank(survivor.text, survivor.text_kind):
        survivor.text, survivor.text_kind = other.text, other.text_kind
        fields += ["text", "text_kind"]
    if survivor.speaker_id is None and other.speaker_id is not None:
        survivor.speaker_id = other.speaker_id
        fields.append("speaker")
    if fields:
        survivor.save(update_fields=fields)
    other.delete()


def _attach_short(statement: _Statement, statements: list[_Statement], speakers: dict[str, Speaker],
                  quotes: _Quotes) -> None:
    """A fragment too short to index ("shared ambition") joins the nearest quote of the same speaker
    in the same paragraph, as the finder attributed both to them; alone, it is a quote of its own."""
    found = statement.found
    near = [
        other for other in statements
        if other.keys and other.quote is not None and other.paragraph == statement.paragraph
        and other.found.speaker == found.speaker
    ]
    if near:
        nearest = min(near, key=lambda other: abs(other.found.start - found.start))
        statement.quote, statement.match = quotes.current(nearest.quote), "fragment"
        return
    statement.quote = quotes.unindexed(found.text, found.kind, speakers.get(found.speaker))


def _canonical_rank(text: str, kind: str) -> tuple[int, int, int]:
    """Which version is the canonical text: quoted beats an unmarked block (often a translation),
    which beats a fragment; then the most content words, then the longest."""
    return _KIND_RANK.get(kind, 0), len(content_words(text)), len(text)


def _promote_canonical(statements: list[_Statement], speakers: dict[str, Speaker]) -> None:
    """The longest clean version becomes the quote's text, and its speaker the quote's speaker."""
    for statement in statements:
        quote, found = statement.quote, statement.found
        speaker = speakers.get(found.speaker)
        if _canonical_rank(found.text, found.kind) > _canonical_rank(quote.text, quote.text_kind):
            quote.text, quote.text_kind = found.text, found.kind
            fields = ["text", "text_kind"]
            if speaker is not None and quote.speaker_id != speaker.pk:
                quote.speaker = speaker
                fields.append("speaker")
            quote.save(update_fields=fields)
        elif quote.speaker_id is None and speaker is not None:
            quote.speaker = speaker
            quote.save(update_fields=["speaker"])


def _update_quotes(quote_ids: set[int], reread: set[int]) -> None:
    """Refresh the counts of the quotes this article touched; delete those left without occurrences.

    Quotes the article carried before (only on reprocessing) take their canonical text again from
    the occurrences they have now, as the article's own version may have changed or gone.
    """
    if not quote_ids:
        return
    if not reread:
        # A first recording (the usual upload): every quote it touched carries an occurrence of this
        # article, so none is deleted and none re-reads its text; the counts are computed by the
        # UPDATE itself, in one round trip instead of a read then a write.
        _count_occurrences(sorted(quote_ids))
        return
    counts = {
        row["quote_id"]: row
        for row in QuoteOccurrence.objects.filter(quote_id__in=quote_ids)
        .values("quote_id").annotate(occurrences=Count("id"), articles=Count("article_id", distinct=True))
    }
    Quote.objects.filter(pk__in=quote_ids - counts.keys()).delete()
    # Written without reading the rows back: an UPDATE needs only the id and the new values.
    counted = []
    for pk, row in sorted(counts.items()):
        quote = Quote(pk=pk, occurrence_count=row["occurrences"], article_count=row["articles"])
        if pk in reread:
            versions = QuoteOccurrence.objects.filter(quote_id=pk).values_list("text", "kind")
            quote.text, quote.text_kind = max(versions, key=lambda version: _canonical_rank(*version))
            quote.save(update_fields=["occurrence_count", "article_count", "text", "text_kind"])
        else:
            counted.append(quote)
    Quote.objects.bulk_update(counted, ["occurrence_count", "article_count"])


def _count_occurrences(quote_ids: list[int]) -> None:
    """Set the quotes' occurrence and article counts from their occurrences, in one statement
    written once rather than a queryset with two subqueries compiled per upload."""
    quote = connection.ops.quote_name
    table, occurrences = quote(Quote._meta.db_table), quote(QuoteOccurrence._meta.db_table)
    wanted, params = one_of(quote_ids, "bigint")
    # Only the quote's occurrences are read, through the index on quote_id.
    its_own = f"o.{quote('quote_id')} = {table}.{quote('id')}"
    sql = f"""
        UPDATE {table} SET
            {quote("occurrence_count")} = (SELECT COUNT(*) FROM {occurrences} o WHERE {its_own}),
            {quote("article_count")} = (SELECT COUNT(DISTINCT o.{quote("article_id")}) FROM {occurrences} o WHERE {its_own})
        WHERE {quote("id")} {wanted}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- shared passages ----------------------------------------------------------------------------

def _record_shared_passages(article, spans: tuple[tuple[int, int], ...], *,
                            recorded: bool = True) -> tuple[list, dict[int, list | None]]:
    """Replace the passages this article shares with others; returns the other articles whose marked
    HTML must change (those it shared passages with before or shares them with now), and their
    stored quote spans by id (None where never stored). `spans`: the article's `quote_spans`, found
    once for its occurrences. `recorded=False`: the article was never recorded, so it has no
    passages or passage keys to remove."""
    partner_ids = set()
    if recorded:
        before = SharedPassage.objects.filter(Q(first=article) | Q(second=article))
        partner_ids = {pk for pair in before.values_list("first_id", "second_id") for pk in pair} - {article.pk}
        if partner_ids:  # else it has no passages (a passage always has a partner)
            before.delete()
        article.passage_keys.all().delete()

    keys, candidates = _passage_candidates(sorted(index_keys(article.text))[:MAX_PASSAGE_KEYS])
    _post_keys(PassageKey, "article", article.pk, keys)

    passages = []
    # With their HTML: those sharing a passage are re-marked next, without reading them again.
    loaded, stored_spans = {}, {}
    for other in _with_quote_spans(candidates):
        loaded[other.pk] = other
        stored_spans[other.pk] = other.quote_spans
        for passage in find_shared_passages(article.text, other.text, a_quotes=spans, b_quotes=stored_spans[other.pk]):
            a = (article.pk, passage.a_start, passage.a_end)
            b = (other.pk, passage.b_start, passage.b_end)
            first, second = (a, b) if article.pk < other.pk else (b, a)
            passages.append((first[0], second[0], first[1], first[2], second[1], second[2], passage.score))
            partner_ids.add(other.pk)
    _insert_passages(passages)
    partners = [loaded[pk] for pk in partner_ids if pk in loaded]
    if partner_ids - loaded.keys():  # partners of before that are no longer candidates
        for other in _with_quote_spans(partner_ids - loaded.keys()):
            partners.append(other)
            stored_spans[other.pk] = other.quote_spans
    return partners, {other.pk: stored_spans[other.pk] for other in partners}


@dataclass
class _Partner:
    """What comparing and re-marking read of another article: rebuild_highlights takes it as an Article."""

    pk: int
    text: str
    html: str
    quote_spans: list | None  # None where never recorded


def _with_quote_spans(article_ids) -> list[_Partner]:
    """The articles' text and HTML, with their stored quote spans in the same query (a join), newest
    first as Article's ordering gives them (the order their passages are stored in, so their ids).

    Raw SQL and plain rows rather than a queryset with select_related and only(): compiling it and
    making two model instances a row was ~3 ms of Django work an upload with the marking's two
    querysets (bench/README, quotestep3, profiled together, not apart).
    """
    from newsroom.articles.models import Article

    quote = connection.ops.quote_name
    articles, highlights = quote(Article._meta.db_table), quote(ArticleHighlights._meta.db_table)
    wanted, params = one_of(sorted(article_ids), "bigint")
    spans = ArticleHighlights._meta.get_field("quote_spans")
    sql = f"""
        SELECT a.{quote("id")}, a.{quote("text")}, a.{quote("html")}, h.{quote("quote_spans")}
        FROM {articles} a LEFT OUTER JOIN {highlights} h ON h.{quote("article_id")} = a.{quote("id")}
        WHERE a.{quote("id")} {wanted} ORDER BY a.{quote("created_at")} DESC"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_Partner(pk, text, html, spans.from_db_value(stored, None, connection)) for pk, text, html, stored in rows]


_PASSAGE_COLUMNS = ["first_id", "second_id", "first_start", "first_end", "second_start", "second_end", "score"]


def _insert_passages(passages: list[tuple]) -> None:
    """Insert SharedPassage rows (values in _PASSAGE_COLUMNS' order), in the order given, so their ids
    follow it as bulk_create's did; without making model instances or reading the ids back (the
    marking reads the passages again)."""
    with connection.cursor() as cursor:
        insert_rows(cursor, SharedPassage._meta.db_table, _PASSAGE_COLUMNS, passages)


def _passage_candidates(keys: list[str]) -> tuple[list[str], list[int]]:
    """The keys with fewer than COMMON_PASSAGE_KEY postings (in the order given), and the articles
    sharing at least MIN_SHARED_PASSAGE_KEYS of them: the MAX_PASSAGE_CANDIDATES sharing the most,
    most first (ties by id).

    One round trip for what were two queries (crowded keys, then the count per article of the
    others): both read the same postings, so a CTE reads them once and the query returns the crowded
    keys and the candidates as rows of one result.
    """
    if not keys:
        return [], []
    quote = connection.ops.quote_name
    wanted, key_params = one_of_keys(keys)
    sql = f"""
        WITH postings AS (
            SELECT {quote("key")} AS k, {quote("article_id")} AS a FROM {quote(PassageKey._meta.db_table)}
            WHERE {quote("key")} {wanted}
        ), crowded AS (SELECT k FROM postings GROUP BY k HAVING COUNT(*) >= %s)
        SELECT k, NULL, NULL FROM crowded
        UNION ALL
        SELECT * FROM (
            SELECT NULL, a, COUNT(*) AS shared FROM postings WHERE k NOT IN (SELECT k FROM crowded)
            GROUP BY a HAVING COUNT(*) >= %s ORDER BY shared DESC, a LIMIT %s
        ) AS best"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key_params, COMMON_PASSAGE_KEY, MIN_SHARED_PASSAGE_KEYS, MAX_PASSAGE_CANDIDATES])
        rows = cursor.fetchall()
    crowded = {key for key, _, _ in rows if key is not None}
    best = sorted((-shared, article_id) for key, article_id, shared in rows if key is None)
    return [key for key in keys if key not in crowded], [article_id for _, article_id in best]


# --- marked HTML --------------------------------------------------------------------------------

def rebuild_highlights(articles: list, positions: dict[int, TextMap] | None = None,
                       spans: dict[int, Sequence[Sequence[int]] | None] | None = None) -> None:
    """Store each article's reader HTML with its quote occurrences and shared passages marked, and
    the spans of its found quotes.

    Three queries however many articles (a new one and its passage partners): their occurrences,
    their passages, and one upsert of the marked HTML and spans. `positions`: `text_map` of
    some of the articles, by id, where the caller has computed it already; `spans`: their
    `quote_spans`, where known (the others' quotes are found).
    """
    positions = positions or {}
    spans = spans or {}
    marks: dict[int, list[Mark]] = {article.pk: [] for article in articles}
    occurrences, passages = _marked_rows(list(marks))
    for pk, article_id, start, end in occurrences:
        marks[article_id].append(Mark(start, end, f'class="quote" data-occurrence="{pk}"', f'id="q-{pk}"'))
    passages.sort()
    # For each article, the passages where it is the first article, then those where it is the
    # second, each in id order: the order a query per article returned them on SQLite (one index,
    # then the other), which decides how two passages of equal length nest.
    for pk, first_id, first_start, first_end, _, _, _ in passages:
        if first_id in marks:
            marks[first_id].append(Mark(first_start, first_end, f'class="passage" data-passage="{pk}"'))
    for pk, _, _, _, second_id, second_start, second_end in passages:
        if second_id in marks:
            marks[second_id].append(Mark(second_start, second_end, f'class="passage" data-passage="{pk}"'))
    # In id order, so two workers re-marking overlapping partners lock their rows in the same order.
    rows = [
        ArticleHighlights(
            article_id=article.pk,
            marked_html=mark_html(article.html, article.text, marks[article.pk], positions.get(article.pk)),
            quote_spans=_as_stored(_known_or_found(spans.get(article.pk), article.text)),
        )
        for article in sorted(articles, key=lambda article: article.pk)
    ]
    _upsert_highlights(rows)


def _marked_rows(ids: list[int]) -> tuple[list[tuple], list[tuple]]:
    """The articles' occurrences (id, article, start, end), by article then start (QuoteOccurrence's
    ordering), and the passages either side of which is one of them (id, first, first_start,
    first_end, second, second_start, second_end). Written once as SQL rather than two querysets
    compiled per upload."""
    quote = connection.ops.quote_name
    wanted, params = one_of(ids, "bigint")
    occurrence_columns = ", ".join(quote(column) for column in ("id", "article_id", "start", "end"))
    passage_columns = ", ".join(quote(column) for column in (
        "id", "first_id", "first_start", "first_end", "second_id", "second_start", "second_end"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {occurrence_columns} FROM {quote(QuoteOccurrence._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('article_id')} {wanted} ORDER BY {quote('article_id')}, {quote('start')}",
            params,
        )
        occurrences = cursor.fetchall()
        cursor.execute(
            f"SELECT {passage_columns} FROM {quote(SharedPassage._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('first_id')} {wanted} OR {quote('second_id')} {wanted}",
            params + params,
        )
        passages = cursor.fetchall()
    return occurrences, passages


def _upsert_highlights(rows: list[ArticleHighlights]) -> None:
    """Insert the rows or replace their marked HTML and spans, in the order given.

    A VALUES list rather than `bulk_create(update_conflicts=True)`, which on PostgreSQL sends the rows as
    arrays (UNNEST): the ~6 KB marked HTML then travels as an array literal the client writes and the
    server parses back, 8.5 against 2.5–4.6 ms of wall for one row, 13 against 6 for five (bench/README,
    quotestep2). 16 rows a statement keep it under psycopg's 50 parameters of a query it parses once.
    """
    quote = connection.ops.quote_name
    spans = ArticleHighlights._meta.get_field("quote_spans")
    upsert = (f"ON CONFLICT ({quote('article_id')}) DO UPDATE SET {quote('marked_html')} = excluded.{quote('marked_html')}, "
              f"{quote('quote_spans')} = excluded.{quote('quote_spans')}")
    values = [(row.article_id, row.marked_html, spans.get_db_prep_save(row.quote_spans, connection)) for row in rows]
    with connection.cursor() as cursor:
        insert_rows(cursor, ArticleHighlights._meta.db_table, ("article_id", "marked_html", "quote_spans"), values,
                    suffix=upsert, rows_per_statement=16)


def _known_or_found(spans: Sequence[Sequence[int]] | None, text: str) -> Sequence[Sequence[int]]:
    return find_quote_spans(text) if spans is None else spans


def _as_stored(spans: Sequence[Sequence[int]]) -> list[list[int]]:
    """Spans as the JSON field gives them back, so a row written and a row read compare equal."""
    return [[start, end] for start, end in spans]
