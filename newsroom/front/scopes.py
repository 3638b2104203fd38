"""What a reader page shows and what a changed row touches, named by the same scopes, so a change drops
only the kept pages that show it.

A scope is a short string: "listing" (home and search, which list the latest stories and any article),
"story:<id>", "article:<id>", "quote:<id>", "speaker:<slug>" (the forms the pages' addresses carry).
A row names the scopes it is seen in directly where its own columns tell (an article its page, a
membership its story); what only a lookup tells (the story an article is in, the quotes it carries,
the articles it shares passages with) is looked up once per committed transaction, after the rows
are final, so rows written without signals in the same transaction (the quotes step's bulk
writes: counts, partners' marks) are covered by the article saved with them.
"""

from dataclasses import dataclass, field

LISTING = "listing"
# Above this many scopes one announcement says "everything" instead: a bulk change (a reclustering)
# touches most pages anyway, and a NOTIFY payload is limited to 8,000 bytes.
MOST_SCOPES = 400


def story(pk) -> str:
    return f"story:{pk}"


def article(pk) -> str:
    return f"article:{pk}"


def quote(pk) -> str:
    return f"quote:{pk}"


def speaker(slug: str) -> str:
    return f"speaker:{slug}"


@dataclass
class Changes:
    """What one transaction changed: the scopes known from the rows themselves, and the ids whose
    pages are only found by a lookup. `everything` drops every page (a change nobody can scope)."""

    scopes: set[str] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)  # their stories, partners and quotes are looked up
    quotes: set[int] = field(default_factory=set)  # their speakers' pages are looked up
    speakers: set[int] = field(default_factory=set)  # their slugs are looked up
    speakers_quotes: set[int] = field(default_factory=set)  # speakers whose every quote page shows them
    everything: bool = False

    def add(self, other: "Changes") -> None:
        self.scopes |= other.scopes
        self.articles |= other.articles
        self.quotes |= other.quotes
        self.speakers |= other.speakers
        self.speakers_quotes |= other.speakers_quotes
        self.everything = self.everything or other.everything

    def needs_lookup(self) -> bool:
        return not self.everything and bool(self.articles or self.quotes or self.speakers or self.speakers_quotes)

    def __bool__(self) -> bool:
        return bool(self.everything or self.scopes or self.articles or self.quotes or self.speakers or self.speakers_quotes)


EVERYTHING = Changes(everything=True)


def of_row(label: str, row, created: bool = False) -> Changes:
    """The scopes a saved or deleted row of a watched model (content_changes.WATCHED_MODELS) is seen in."""
    if label == "articles.Source":
        # Its name is on stories, articles and search hits; a new one is on no page yet (the articles
        # naming it announce their own), but every process still hears that something changed.
        return Changes({LISTING}) if created else Changes(everything=True)
    if label == "articles.Article":
        if created and row.status == row.Status.PENDING:
            # Just stored, not processed: nothing carries it yet (no quotes, partners or story), so there is
            # nothing to look up; processing saves it again, which looks them up (3 queries an upload saved).
            return Changes({article(row.pk), LISTING})
        return Changes({article(row.pk), LISTING}, articles={row.pk})
    if label == "stories.Story":
        scopes = {story(row.pk), LISTING}
        if row.merged_into_id:
            scopes.add(story(row.merged_into_id))
        return Changes(scopes)
    if label == "stories.StorySlug":
        return Changes({story(row.story_id)})
    if label == "stories.Membership":
        # The story it left is rebuilt and saved by every path that moves a member (move_to, take_in,
        # merge_into, split_off, reclustering), which announces that story.
        return Changes({story(row.story_id), article(row.article_id), LISTING})
    if label == "quotes.Speaker":
        return Changes({speaker(row.slug)}, speakers_quotes={row.pk})
    if label == "quotes.Quote":
        return Changes({quote(row.pk)}, quotes={row.pk}, speakers={row.speaker_id} if row.speaker_id else set())
    if label == "quotes.QuoteOccurrence":
        return Changes({quote(row.quote_id), article(row.article_id)}, articles={row.article_id}, quotes={row.quote_id})
    if label == "quotes.SharedPassage":
        return Changes({article(row.first_id), article(row.second_id)}, articles={row.first_id, row.second_id})
    if label == "quotes.ArticleHighlights":
        return Changes({article(row.article_id)}, articles={row.article_id})
    if label == "search.ArticleSearchDocument":
        return Changes({LISTING})
    return Changes(everything=True)


def resolved(changes: Changes, using: str = "default") -> frozenset[str] | None:
    """Every scope `changes` touch, with the lookups done (one statement; one more for each of a saved
    speaker's slug and quotes); None for everything."""
    if changes.everything or len(changes.articles) > MOST_SCOPES:  # their own pages alone are too many
        return None
    from newsroom.quotes.models import Quote, Speaker

    scopes = set(changes.scopes)
    articles = set(changes.articles)
    quotes = set(changes.quotes)
    # Speakers' slugs read with the quotes: the speakers of the quotes a transaction saved need no lookup
    # of their own (a Speaker row saved, or a quote's earlier speaker, still does).
    slugs_of_speakers: dict[int, str] = {}
    if articles or quotes:
        for kind, pk, speaker_id, slug in _carried(changes.articles, changes.quotes, using):
            if kind == "article":
                articles.add(pk)
            elif kind == "quote":
                quotes.add(pk)
                if slug:
                    scopes.add(speaker(slug))
                    slugs_of_speakers[speaker_id] = slug
            else:
                scopes.add(story(pk))
        scopes.update(article(pk) for pk in articles)
        scopes.update(quote(pk) for pk in quotes)
    # Unordered: the rows go into a set (the models' default orderings only sort them for nothing).
    if unread_speakers := changes.speakers - slugs_of_speakers.keys():
        scopes.update(speaker(slug) for slug in Speaker.objects.using(using).filter(pk__in=unread_speakers)
                      .order_by().values_list("slug", flat=True))
    if changes.speakers_quotes:
        # Past MOST_SCOPES the announcement says everything, so which 401 are read does not matter.
        scopes.update(quote(pk) for pk in Quote.objects.using(using).filter(speaker_id__in=changes.speakers_quotes)
                      .order_by().values_list("pk", flat=True)[:MOST_SCOPES + 1])
    return None if len(scopes) > MOST_SCOPES else frozenset(scopes)


def _carried(articles: set[int], quotes: set[int], using: str) -> list[tuple[str, int, int | None, str | None]]:
    """What changed articles and quotes carry, in one statement (one round trip after every upload's commit):
    ("article", pk) for each article sharing a passage with one of `articles` (the quotes step re-marks
    them in one bulk write, no signal); ("quote", pk, speaker id, speaker slug) for each of `quotes` and
    each quote the articles carry (its page lists them, its count is updated in bulk); ("story", pk) for
    the story of each of them, of their partners, and of up to MOST_SCOPES + 1 articles carrying any of
    those quotes (story pages colour the quotes their members share by id and name the speaker: a quote
    merged into another, its occurrences moved by one UPDATE, or given a speaker changes every story
    carrying it). Each part is an IN (subquery), which both databases run as index lookups; one
    query OR-ing the joins scanned every membership (200 ms at 100k articles)."""
    from django.db import connections

    from newsroom.quotes.models import Quote, QuoteOccurrence, SharedPassage, Speaker
    from newsroom.sql_lists import one_of
    from newsroom.stories.models import Membership

    connection = connections[using]
    name = connection.ops.quote_name

    def table(model) -> str:
        return name(model._meta.db_table)

    def column(model, field: str) -> str:
        return name(model._meta.get_field(field).column)

    # An empty set matches no row, so it needs no statement of its own.
    changed, changed_params = one_of(sorted(articles), "bigint", using=connection)
    given, given_params = one_of(sorted(quotes), "bigint", using=connection)
    passage, occurrence, membership, quote = table(SharedPassage), table(QuoteOccurrence), table(Membership), table(Quote)
    sql = f"""
        WITH partners (article_id) AS (
            SELECT {column(SharedPassage, "first")} FROM {passage} WHERE {column(SharedPassage, "second")} {changed}
            UNION SELECT {column(SharedPassage, "second")} FROM {passage} WHERE {column(SharedPassage, "first")} {changed}
        ), carried (quote_id, speaker_id, slug) AS (
            SELECT q.{column(Quote, "id")}, q.{column(Quote, "speaker")}, s.{column(Speaker, "slug")}
            FROM {quote} q LEFT JOIN {table(Speaker)} s ON s.{column(Speaker, "id")} = q.{column(Quote, "speaker")}
            WHERE q.{column(Quote, "id")} IN (
                SELECT {column(QuoteOccurrence, "quote")} FROM {occurrence} WHERE {column(QuoteOccurrence, "article")} {changed}
                UNION ALL SELECT {column(Quote, "id")} FROM {quote} WHERE {column(Quote, "id")} {given})
        ), carrying (article_id) AS (
            SELECT {column(QuoteOccurrence, "article")} FROM {occurrence}
            WHERE {column(QuoteOccurrence, "quote")} IN (SELECT quote_id FROM carried)
            ORDER BY {column(QuoteOccurrence, "article")}, {column(QuoteOccurrence, "start")}
            LIMIT {MOST_SCOPES + 1}
        )
        SELECT 'article', article_id, NULL, NULL FROM partners
        UNION ALL SELECT 'quote', quote_id, speaker_id, slug FROM carried
        UNION ALL SELECT 'story', {column(Membership, "story")}, NULL, NULL FROM {membership}
            WHERE {column(Membership, "article")} {changed}
        UNION ALL SELECT 'story', {column(Membership, "story")}, NULL, NULL FROM {membership}
            WHERE {column(Membership, "article")} IN (SELECT article_id FROM partners UNION ALL SELECT article_id FROM carrying)
    """
    params = [*changed_params, *changed_params, *changed_params, *given_params, *changed_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- what a page shows ------------------------------------------------------------------------------

def _pk(kwargs) -> int:
    return kwargs["pk"]


# The cached reader views (page_cache.cached_for_readers) by URL name, and the scopes their address
# tells; a view may add what only it knows (page_cache.page_shows: the article page its story).
# A page of a URL not named here is dropped by any change at all.
PAGE_SCOPES = {
    "front:home": lambda kwargs: {LISTING},
    "front:article": lambda kwargs: {article(_pk(kwargs))},
    "stories:story": lambda kwargs: {story(_pk(kwargs))},
    "stories:story-by-id": lambda kwargs: {story(_pk(kwargs))},
    "stories:compare": lambda kwargs: {story(_pk(kwargs))},
    "quotes:quote": lambda kwargs: {quote(_pk(kwargs))},
    "quotes:speaker": lambda kwargs: {speaker(kwargs["slug"])},
    "search:search": lambda kwargs: {LISTING},
}


def of_page(view_name: str | None, kwargs: dict, added: set[str]) -> frozenset[str] | None:
    """The scopes a page shows, from its URL and what its view added; None when unknown (any change drops it)."""
    scopes_of = PAGE_SCOPES.get(view_name)
    if scopes_of is None:
        return None
    return frozenset(scopes_of(kwargs) | added)
