"""The shapes the API reads and writes (they make its OpenAPI document), and how objects become them.

Every object carries its stable `id`, its `url` (the page people read, absolute) and its `api_url`.
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Schema
from pydantic import field_validator

# RFC 3339, as OpenAPI's "date-time" means it. Pydantic alone would also take numbers and bare dates.
RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?")


def parse_rfc3339(value: str) -> datetime:
    """An aware datetime in UTC (no offset means UTC); ValueError for anything else or out of range."""
    match = RFC3339.fullmatch(value.strip())
    if match is None:
        raise ValueError("not an RFC 3339 date-time")
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction, offset = match.group(7) or "", (match.group(8) or "Z").upper()
    try:
        # A leap second (:60) is valid RFC 3339; Python's datetime stops at :59.
        moment = datetime(year, month, day, hour, minute, min(second, 59), int(float(fraction or "0") * 1_000_000))
        if offset != "Z":
            sign = -1 if offset[0] == "-" else 1
            moment -= sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    except OverflowError:
        raise ValueError("out of range") from None
    return moment.replace(tzinfo=UTC)


# Machine-readable reasons a call fails; `reason` says the same in words.
ErrorCode = Literal[
    "invalid_request", "invalid_since", "too_large", "empty", "duplicate", "invalid_url", "not_in_a_story",
    "unknown_story", "not_found", "unauthorized", "forbidden", "throttled", "fetch_unavailable",
    # Adding by URL: the fetcher's refusals (newsroom.articles.fetching).
    "private_address", "dns", "unreachable", "http_status", "timeout", "redirects",
]


class Error(Schema):
    code: str = Field(description="machine-readable, e.g. " + ", ".join(ErrorCode.__args__))
    reason: str = Field(description="what went wrong, in words")
    errors: list[dict] | None = Field(None, description="for invalid_request: where the request was wrong")


class DuplicateError(Error):
    article_id: int
    article_url: str = Field(description="permalink of the article already stored with these bytes")
    article_api_url: str


class SourceOut(Schema):
    id: int
    name: str
    domain: str


class SpeakerOut(Schema):
    id: int
    name: str
    slug: str
    role: str
    url: str
    feed_url: str


class StoryRef(Schema):
    id: int
    headline: str
    slug: str
    url: str
    api_url: str


class ArticleSummary(Schema):
    id: int
    title: str
    byline: str
    published: datetime | None
    source: SourceOut | None
    canonical_url: str
    status: str
    url: str
    api_url: str


class OccurrenceInArticle(Schema):
    id: int
    quote_id: int
    quote_url: str
    quote_api_url: str
    text: str = Field(description="as written in the article: `article.text[start:end]`")
    start: int
    end: int
    kind: str
    speaker_name: str
    match: str


class ArticleOut(ArticleSummary):
    excerpt: str
    site_name: str
    language: str
    lead_image: str
    word_count: int
    created_at: datetime
    processed_at: datetime | None
    error_code: str
    error: str
    original_url: str = Field(description="the uploaded bytes, as plain text")
    html: str = Field(description="sanitized reader HTML")
    text: str = Field(description="plain text, paragraphs separated by blank lines")
    story: StoryRef | None
    quote_occurrences: list[OccurrenceInArticle]


class StorySummary(StoryRef):
    first_published: datetime | None
    last_published: datetime | None
    latest_at: datetime
    updated_at: datetime
    article_count: int
    source_count: int
    sources: list[str]
    locked: bool
    feed_url: str = Field(description="Atom feed of this story's articles")


class Member(Schema):
    article: ArticleSummary
    score: float | None
    assigned_by: str
    explanation: dict


class StoryOut(StorySummary):
    members: list[Member]


class StoryPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[StorySummary]


class OccurrenceInQuote(Schema):
    id: int
    article: ArticleSummary
    text: str
    start: int
    end: int
    kind: str
    speaker_name: str
    match: str
    url: str = Field(description="the article's page, at this occurrence")


class QuoteOut(Schema):
    id: int
    text: str
    speaker: SpeakerOut | None
    occurrence_count: int
    article_count: int
    url: str
    api_url: str
    occurrences: list[OccurrenceInQuote]


class SearchHit(Schema):
    article: ArticleSummary
    snippet: str = Field(description="HTML: escaped text with the matched words in <mark>")


class SearchResults(Schema):
    query: str
    results: list[SearchHit]


class ArticleIn(Schema):
    """Exactly one of `html`, `text` or `url` (fetched by the server) says what the article is."""

    html: str | None = Field(None, description="the page's HTML")
    text: str | None = Field(None, description="plain text; the first line is taken as the headline")
    url: str | None = Field(
        None, max_length=2000,
        description="the article's address: fetched by the server when neither html nor text is given, else recorded",
    )
    title: str = Field("", max_length=500)
    source: str = Field("", max_length=200, description="outlet name, if extraction should not guess it")
    byline: str = Field("", max_length=500)
    published: datetime | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _rfc3339(cls, value):
        if value is None or isinstance(value, datetime):
            return value
        if not isinstance(value, str):
            raise ValueError("must be an RFC 3339 date-time string, e.g. 2026-11-20T09:00:00Z")
        return parse_rfc3339(value)

    @field_validator("title", "source", "byline")
    @classmethod
    def _without_nul(cls, value: str) -> str:
        # PostgreSQL text cannot hold NUL; it can only be junk in a title, an outlet name or a byline.
        return value.replace("\x00", "")


class MoveIn(Schema):
    story_id: int = Field(ge=1, le=2**63 - 1, description="the story the article moves to (a merged story means its survivor)")


# Turning objects into these shapes --------------------------------------------------------


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def source_out(source) -> dict | None:
    return {"id": source.pk, "name": source.name, "domain": source.domain} if source else None


def speaker_out(request, speaker) -> dict | None:
    if speaker is None:
        return None
    return {
        "id": speaker.pk, "name": speaker.name, "slug": speaker.slug, "role": speaker.role,
        "url": absolute(request, speaker.get_absolute_url()),
        "feed_url": absolute(request, reverse("api:speaker-feed", args=[speaker.slug])),
    }


def article_summary(request, article) -> dict:
    return {
        "id": article.pk,
        "title": article.display_title,
        "byline": article.byline,
        "published": article.published,
        "source": source_out(article.source),
        "canonical_url": article.canonical_url,
        "status": article.status,
        "url": absolute(request, article.get_absolute_url()),
        "api_url": absolute(request, reverse("api-v1:article", args=[article.pk])),
    }


def story_ref(request, story) -> dict:
    return {
        "id": story.pk,
        "headline": story.headline,
        "slug": story.slug,
        "url": absolute(request, story.get_absolute_url()),
        "api_url": absolute(request, reverse("api-v1:story", args=[story.pk])),
    }


def story_summary(request, story) -> dict:
    return {
        **story_ref(request, story),
        "first_published": story.first_published,
        "last_published": story.last_published,
        "latest_at": story.latest_at,
        "updated_at": story.updated_at,
        "article_count": story.article_count,
        "source_count": story.source_count,
        "sources": list(story.source_names or []),
        "locked": story.locked,
        "feed_url": absolute(request, reverse("api:story-feed", args=[story.pk, story.slug or "story"])),
    }


def article_out(request, article, occurrences) -> dict:
    membership = getattr(article, "membership", None)
    return {
        **article_summary(request, article),
        "excerpt": article.excerpt,
        "site_name": article.site_name,
        "language": article.language,
        "lead_image": article.lead_image,
        "word_count": article.word_count,
        "created_at": article.created_at,
        "processed_at": article.processed_at,
        "error_code": article.error_code,
        "error": article.error,
        "original_url": absolute(request, article.get_original_url()),
        "html": article.html,
        "text": article.text,
        "story": story_ref(request, membership.story) if membership else None,
        "quote_occurrences": [
            {
                "id": occurrence.pk,
                "quote_id": occurrence.quote_id,
                "quote_url": absolute(request, reverse("quotes:quote", args=[occurrence.quote_id])),
                "quote_api_url": absolute(request, reverse("api-v1:quote", args=[occurrence.quote_id])),
                "text": occurrence.text,
                "start": occurrence.start,
                "end": occurrence.end,
                "kind": occurrence.kind,
                "speaker_name": occurrence.speaker_name,
                "match": occurrence.match,
            }
            for occurrence in occurrences
        ],
    }
