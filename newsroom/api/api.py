"""Version 1 of the JSON API: reading stories, articles, quotes and search; editors adding and correcting.

django-ninja builds the OpenAPI document (/api/v1/openapi.json) from these functions and schemas;
views stay short: check access, ask a model or a service, return a schema's dict.
"""

from datetime import datetime
from typing import Annotated

from django.core.exceptions import RequestDataTooBig
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from pydantic import WithJsonSchema

from newsroom.api import creation
from newsroom.api.auth import AnonymousReadThrottle, ApiTokenAuth, may_see_unprocessed
from newsroom.api.schemas import (
    ArticleIn,
    ArticleOut,
    DuplicateError,
    Error,
    MoveIn,
    QuoteOut,
    SearchResults,
    StoryOut,
    StoryPage,
    absolute,
    article_out,
    article_summary,
    parse_rfc3339,
    speaker_out,
    story_summary,
)
from newsroom.articles.ingest import UploadRejected
from newsroom.articles.models import Article
from newsroom.quotes.models import Quote, QuoteOccurrence
from newsroom.search.query import search_articles
from newsroom.stories.models import Membership, Story

READ = ApiTokenAuth()
WRITE = ApiTokenAuth(write=True)
# An empty requirement alongside the token: reads work without one (while reading is public).
OPTIONAL_TOKEN = {"security": [{}]}
MAX_PAGE_SIZE = 100
MAX_OFFSET = 1_000_000
# Ids are 64-bit: a larger number in a path would overflow the database driver instead of being a 404.
MAX_ID = 2**63 - 1

# Statuses every read may answer with, whatever the operation.
READ_ERRORS = {400: Error, 401: Error, 404: Error, 429: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}

api = NinjaAPI(
    title="Newsroom API",
    version="1",
    description=(
        "Read stories, articles, quotes and search results; editors add articles and correct stories. "
        "Every object has a stable `id`, a permalink `url` for people and an `api_url`. Reads need no token while "
        "reading is public, and are rate-limited per address (NEWSROOM_API_ANON_RATE); writes need a personal token "
        "of a staff user (admin → API tokens), sent as `Authorization: Bearer <token>`. Errors are JSON with a "
        "machine-readable `code` and a `reason` in words."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # our own page at /api/v1/docs: ninja's Swagger UI loads from a CDN, which the CSP forbids
    throttle=[AnonymousReadThrottle()],
)


def _error(request, status: int, code: str, reason: str, **extra):
    return api.create_response(request, {"code": code, "reason": reason, **extra}, status=status)


@api.exception_handler(ValidationError)
def _invalid_request(request, exc):
    errors = [{"loc": [str(part) for part in e.get("loc", [])], "msg": str(e.get("msg", ""))} for e in exc.errors]
    where = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors[:5])
    return _error(request, 400, "invalid_request", f"The request is not valid: {where}", errors=errors)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    return _error(request, 429, "throttled", "Too many requests without a token; wait a little (see Retry-After).")


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    response = _error(request, 401, "unauthorized", exc.message)
    response["WWW-Authenticate"] = 'Bearer realm="newsroom"'
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    codes = {400: "invalid_request", 403: "forbidden", 404: "not_found"}
    return _error(request, exc.status_code, getattr(exc, "code", codes.get(exc.status_code, "error")), exc.message)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", "There is nothing with this id.")


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _error(request, 400, "too_large", "The request body is over the upload limit (NEWSROOM_MAX_UPLOAD_BYTES).")


class ApiError(HttpError):
    """An HttpError with a machine-readable code."""

    def __init__(self, status: int, code: str, reason: str):
        super().__init__(status, reason)
        self.code = code


def _visible_articles(request):
    articles = Article.objects.all()
    return articles if may_see_unprocessed(request) else articles.ready()


# Documented as a date-time, read as text and parsed by parse_rfc3339 (pydantic would also take numbers).
DateTimeText = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


def _moment(value: str) -> datetime:
    try:
        return parse_rfc3339(value)
    except ValueError:
        raise ApiError(400, "invalid_since", "`since` must be an RFC 3339 date-time, e.g. 2026-11-20T09:00:00Z.") from None


# Stories -----------------------------------------------------------------------------------


@api.get(
    "/stories", response={200: StoryPage, **READ_ERRORS}, auth=READ, openapi_extra=OPTIONAL_TOKEN,
    url_name="stories", tags=["stories"], summary="Latest stories",
)
def list_stories(
    request: HttpRequest,
    since: DateTimeText | None = Query(
        None, description="only stories changed at or after this moment (RFC 3339, e.g. 2026-11-20T09:00:00Z)",
    ),
    limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE, description=f"stories per page, at most {MAX_PAGE_SIZE}"),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="how many stories to skip"),
):
    """Stories, latest first (by their newest article), `limit` at a time; `next` links the following page."""
    stories = Story.objects.listed()
    if since is not None:
        stories = stories.filter(updated_at__gte=_moment(since))
    count = stories.count()
    page = list(stories.latest_first()[offset : offset + limit])

    def page_url(at: int) -> str:
        query = request.GET.copy()
        query["offset"], query["limit"] = str(at), str(limit)
        return absolute(request, f"{request.path}?{query.urlencode()}")

    return {
        "count": count,
        "next": page_url(offset + limit) if offset + limit < count else None,
        "previous": page_url(max(0, offset - limit)) if offset > 0 else None,
        "results": [story_summary(request, story) for story in page],
    }


@api.get(
    "/stories/{story_id}", response={200: StoryOut, 301: None, **READ_ERRORS}, auth=READ, openapi_extra=OPTIONAL_TOKEN,
    url_name="story", tags=["stories"], summary="A story with its articles",
)
def story_detail(request: HttpRequest, story_id: int = Path(..., ge=1, le=MAX_ID, description="its stable id")):
    """A story and its articles, oldest first. A story merged into another answers 301 to the survivor."""
    members = Membership.objects.select_related("article__source").order_by("article__published", "article_id")
    if not may_see_unprocessed(request):
        members = members.filter(article__status=Article.Status.READY)
    story = get_object_or_404(Story.objects.prefetch_related(Prefetch("memberships", queryset=members)), pk=story_id)
    if story.merged_into_id:
        return HttpResponseRedirect(reverse("api-v1:story", args=[story.survivor().pk]), status=301)
    if story.article_count == 0:
        raise Http404
    return {
        **story_summary(request, story),
        "members": [
            {
                "article": article_summary(request, member.article),
                "score": member.score,
                "assigned_by": member.assigned_by,
                "explanation": member.explanation or {},
            }
            for member in story.memberships.all()
        ],
    }


# Articles ----------------------------------------------------------------------------------


def _article_with_everything(request, article_id: int) -> tuple[Article, list[QuoteOccurrence]]:
    """The article with its source, story and quote occurrences, in two queries."""
    occurrences = QuoteOccurrence.objects.order_by("start")
    article = get_object_or_404(
        _visible_articles(request)
        .select_related("source", "membership__story")
        .prefetch_related(Prefetch("quote_occurrences", queryset=occurrences)),
        pk=article_id,
    )
    return article, list(article.quote_occurrences.all())


@api.get(
    "/articles/{article_id}", response={200: ArticleOut, **READ_ERRORS}, auth=READ, openapi_extra=OPTIONAL_TOKEN,
    url_name="article", tags=["articles"], summary="An article with its reader view, story and quotes",
)
def article_detail(request: HttpRequest, article_id: int = Path(..., ge=1, le=MAX_ID, description="its stable id")):
    """Metadata, sanitized reader HTML, plain text, its story, and where it quotes whom (offsets into `text`)."""
    return article_out(request, *_article_with_everything(request, article_id))


@api.post(
    "/articles",
    response={201: ArticleOut, 409: DuplicateError, 501: Error, **WRITE_ERRORS}, auth=WRITE,
    url_name="article-create", tags=["articles"], summary="Add an article (editors)",
)
def create_article(request: HttpRequest, payload: ArticleIn):
    """From `html`, `text`, or a `url` the server fetches (with the admin's limits and address rules).

    201 with the article (processed, or `pending` when a worker processes it); 409 when the same bytes
    were uploaded before, with that article's permalink; 400 with a `code` for input refused.
    """
    try:
        result = creation.create_article(payload)
    except UploadRejected as rejected:
        return Status(400, {"code": rejected.code, "reason": rejected.reason})
    except creation.FetchUnavailable as unavailable:
        return Status(501, {"code": "fetch_unavailable", "reason": str(unavailable)})
    article = result.article
    if result.duplicate:
        return Status(409, {
            "code": "duplicate",
            "reason": f"These bytes were uploaded before, as article {article.pk}; nothing new was stored.",
            "article_id": article.pk,
            "article_url": absolute(request, article.get_absolute_url()),
            "article_api_url": absolute(request, reverse("api-v1:article", args=[article.pk])),
        })
    return Status(201, article_out(request, *_article_with_everything(request, article.pk)))


@api.post(
    "/articles/{article_id}/reprocess", response={200: ArticleOut, **WRITE_ERRORS}, auth=WRITE,
    url_name="article-reprocess", tags=["articles"], summary="Run extraction again (editors)",
)
def reprocess_article(request: HttpRequest, article_id: int = Path(..., ge=1, le=MAX_ID, description="its stable id")):
    """Extraction, quotes and story assignment again from the stored original; answers with the result."""
    article = get_object_or_404(Article, pk=article_id)
    article.reprocess()
    return article_out(request, *_article_with_everything(request, article.pk))


@api.post(
    "/articles/{article_id}/move", response={200: ArticleOut, 409: Error, **WRITE_ERRORS}, auth=WRITE,
    url_name="article-move", tags=["articles"], summary="Move an article to another story (editors)",
)
def move_article(request: HttpRequest, payload: MoveIn, article_id: int = Path(..., ge=1, le=MAX_ID, description="its stable id")):
    """An editor's decision, kept by automatic clustering and `recluster` (as moving it in the admin).

    404 `not_found` for an unknown article, 404 `unknown_story` for an unknown story, 409 `not_in_a_story`
    for an article that is in no story yet (pending or failed).
    """
    article = get_object_or_404(Article, pk=article_id)
    story = Story.objects.filter(pk=payload.story_id).first()
    if story is None:
        raise ApiError(404, "unknown_story", f"There is no story {payload.story_id}.")
    if not Membership.objects.filter(article=article).exists():
        raise ApiError(409, "not_in_a_story", "This article is in no story yet (it is pending or failed).")
    story.move_article(article)
    return article_out(request, *_article_with_everything(request, article.pk))


# Quotes and search -------------------------------------------------------------------------


@api.get(
    "/quotes/{quote_id}", response={200: QuoteOut, **READ_ERRORS}, auth=READ, openapi_extra=OPTIONAL_TOKEN,
    url_name="quote", tags=["quotes"], summary="A quote with its speaker and every article carrying it",
)
def quote_detail(request: HttpRequest, quote_id: int = Path(..., ge=1, le=MAX_ID, description="its stable id")):
    """The canonical text, the speaker, and each occurrence with the exact wording and offsets that article used."""
    occurrences = QuoteOccurrence.objects.select_related("article__source").order_by(
        "article__published", "article_id", "start"
    )
    if not may_see_unprocessed(request):
        occurrences = occurrences.filter(article__status=Article.Status.READY)
    quote = get_object_or_404(
        Quote.objects.select_related("speaker").prefetch_related(Prefetch("occurrences", queryset=occurrences)),
        pk=quote_id,
    )
    return {
        "id": quote.pk,
        "text": quote.text,
        "speaker": speaker_out(request, quote.speaker),
        "occurrence_count": quote.occurrence_count,
        "article_count": quote.article_count,
        "url": absolute(request, quote.get_absolute_url()),
        "api_url": absolute(request, reverse("api-v1:quote", args=[quote.pk])),
        "occurrences": [
            {
                "id": occurrence.pk,
                "article": article_summary(request, occurrence.article),
                "text": occurrence.text,
                "start": occurrence.start,
                "end": occurrence.end,
                "kind": occurrence.kind,
                "speaker_name": occurrence.speaker_name,
                "match": occurrence.match,
                "url": absolute(request, occurrence.get_absolute_url()),
            }
            for occurrence in quote.occurrences.all()
        ],
    }


@api.get(
    "/search", response={200: SearchResults, **READ_ERRORS}, auth=READ, openapi_extra=OPTIONAL_TOKEN,
    url_name="search", tags=["search"], summary="Search articles",
)
def search(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=200, description="words; on PostgreSQL also \"phrases\" and -exclusions"),
    limit: int = Query(20, ge=1, le=50, description="results, at most 50"),
):
    """Ready articles matching `q`, best first (PostgreSQL full-text ranking; newest first on SQLite)."""
    hits = search_articles(q.replace("\x00", " "), limit=limit)
    return {
        "query": q,
        "results": [{"article": article_summary(request, hit.article), "snippet": str(hit.snippet)} for hit in hits],
    }
