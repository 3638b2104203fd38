"""Reader pages kept once rendered: anonymous readers all see the same page, so it is made once per change.

`ReaderPageMiddleware`, early in the stack, answers a GET by a reader with no session (nobody logged in,
no pending messages) on a public instance with the page kept under its address and its htmx flag,
headers included, before sessions, CSRF, CSP and the rest run again, as long as nothing it shows
changed since it was made: each kept page carries the scopes it shows (newsroom.front.scopes: its
story, article, quote, speaker, or the listing for home and search) and the number of the last change
this process knew of when it was made (newsroom.front.content_changes). On a miss the request goes on;
views wrapped in `cached_for_readers` mark their response as the same for every reader, and the
middleware keeps it as it leaves. Anyone else gets the view's own response, never kept and marked
private. Every kept page carries an ETag, so a browser revalidating it gets 304 without the page
being sent again.
"""

import hashlib
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import get_conditional_response, patch_cache_control

from newsroom.access import ALWAYS_OPEN_PREFIXES
from newsroom.front import scopes
from newsroom.front.content_changes import change_stamp, seen

PAGE_CACHE = "pages"
CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


@dataclass(frozen=True)
class KeptPage:
    """A response as it was sent (status, body, every header, its ETag), what it shows, and the number of
    the last change known when its rows were read."""

    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    shows: frozenset[str] | None  # None: not known, any change drops it
    made_after: int

    @classmethod
    def of(cls, response: HttpResponse, shows: frozenset[str] | None, made_after: int) -> "KeptPage":
        return cls(response.status_code, response.content, tuple(response.items()), response["ETag"], shows, made_after)

    def still_right(self) -> bool:
        return seen.unchanged_since(self.made_after, self.shows)

    def respond(self, request) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status, headers=dict(self.headers))
        return revalidated(request, response, self.etag)


def revalidated(request, response: HttpResponse, etag: str) -> HttpResponse:
    """304 when the browser already has this version of the page."""
    if any(condition in request.META for condition in CONDITIONS):
        return get_conditional_response(request, etag=etag, response=response)
    return response


def reader_key(request) -> str | None:
    """The cache key of this request's page, or None when the page may differ from an anonymous reader's."""
    if (
        request.method != "GET"
        or settings.NEWSROOM_PAGE_CACHE_SECONDS <= 0
        # A private instance sends readers to log in (ReadingAccessMiddleware): nothing is shared.
        or not settings.NEWSROOM_PUBLIC_READING
        or request.path.startswith(ALWAYS_OPEN_PREFIXES)
        # A session may hold a login or messages; without one the reader is anonymous (no query needed to know).
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    ):
        return None
    # Also brings this process up to date with the others' changes (the SQLite log).
    if change_stamp() is None:
        return None
    htmx = request.headers.get("HX-Request") == "true"
    # The address includes scheme and host: pages print their canonical URL.
    address = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"page:{int(htmx)}:{address}"


def page_shows(request, *shown: str) -> None:
    """A view adds scopes its page shows that its address does not tell (newsroom.front.scopes.PAGE_SCOPES),
    e.g. the story of an article: a change to them drops the kept page too."""
    request.page_shows = getattr(request, "page_shows", frozenset()) | frozenset(shown)


def shown_on(request) -> frozenset[str] | None:
    """The scopes of this request's page: its URL's, and what its view added."""
    match = request.resolver_match
    if match is None:
        return None
    return scopes.of_page(match.view_name, match.kwargs, set(getattr(request, "page_shows", ())))


def keepable(request, response) -> bool:
    """A page a view marked as every reader's, a plain 200 naming nothing of this one request
    (no cookie set, no CSRF token, no CSP nonce) and not marked otherwise by the view."""
    return (
        getattr(response, "for_every_reader", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not get_nonce(request)
        and "Cache-Control" not in response
    )


class ReaderPageMiddleware:
    """Serve kept reader pages before the rest of the stack; keep the ones views mark (see module docstring).

    Goes right after WhiteNoise: the headers the middleware below it add (Vary: Cookie, CSP and the
    other security headers) are kept with the page; SecurityMiddleware, above it, adds its own each time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.reader_page_key = reader_key(request)
        if key is None:
            return self.get_response(request)
        # Read before the page is made: a change committed meanwhile is numbered after it, so a page
        # made from rows read before that change is dropped at its next request.
        made_after = seen.number
        cache = caches[PAGE_CACHE]
        kept = cache.get(key)
        if kept is not None and kept.still_right():
            return kept.respond(request)
        response = self.get_response(request)
        if keepable(request, response):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            # Browsers may keep it but must ask again; set whole: keepable pages have no Cache-Control.
            response["Cache-Control"] = "no-cache"
            cache.set(key, KeptPage.of(response, shown_on(request), made_after), settings.NEWSROOM_PAGE_CACHE_SECONDS)
            return revalidated(request, response, response["ETag"])
        return response


@receiver(setting_changed)
def forget_pages_made_under_other_settings(**kwargs) -> None:
    """Settings shape pages (NEWSROOM_REMOTE_IMAGES, DEBUG…). They change inside a running process only
    in tests (override_settings); a restarted process starts with no kept pages anyway."""
    caches[PAGE_CACHE].clear()


def cached_for_readers(view):
    """Mark this view's pages for anonymous readers as the same for all of them, so ReaderPageMiddleware
    keeps them; anyone else's are marked private. The view must show nothing of the request but its
    address and the HX-Request header (and the user's staff status, which anonymous readers all share)."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(request, "reader_page_key", None) is not None and not request.user.is_authenticated:
            response.for_every_reader = True
        else:
            # Made for this person: no shared cache (a proxy) may keep it.
            patch_cache_control(response, private=True)
        return response

    return marked
