"""Reader pages kept once rendered: anonymous readers all see the same page, so it is made once per change.

`cached_for_readers` wraps a reading view. For a GET by a reader with no session (nobody logged in,
no pending messages) it serves the page kept under the request's address, its htmx flag and the
content stamp (newsroom.front.content_changes), rendering and keeping it on a miss; anyone else gets
the view's own, never kept, response. Every kept page carries an ETag, so a browser revalidating it
gets 304 without the page being sent again.
"""

import hashlib
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import get_conditional_response, patch_cache_control

from newsroom.front.content_changes import change_stamp

PAGE_CACHE = "pages"


@dataclass(frozen=True)
class KeptPage:
    """What a response needs to be made again: status, body, the view's own headers, and its ETag."""

    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str

    @classmethod
    def of(cls, response: HttpResponse) -> "KeptPage":
        return cls(response.status_code, response.content, tuple(response.items()),
                   f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"')

    def respond(self, request) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status, headers=dict(self.headers))
        return answer_reader(request, response, self.etag)


CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


def answer_reader(request, response: HttpResponse, etag: str) -> HttpResponse:
    """A page as every reader sees it: browsers may keep it but must ask again (ETag, 304 if unchanged)."""
    response["ETag"] = etag
    # Set whole, not patched: a kept page has no Cache-Control of its own (see keepable), and this runs on every hit.
    response["Cache-Control"] = "no-cache"
    if any(condition in request.META for condition in CONDITIONS):
        return get_conditional_response(request, etag=etag, response=response)
    return response


def reader_key(request) -> str | None:
    """The cache key of this request's page, or None when the page may differ from an anonymous reader's."""
    if request.method != "GET" or settings.NEWSROOM_PAGE_CACHE_SECONDS <= 0:
        return None
    # A session may hold a login or messages; without one the reader is anonymous (no query needed to know).
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return None
    if request.user.is_authenticated:  # another authentication backend; never with Django's own sessions here
        return None
    stamp = change_stamp()
    if stamp is None:
        return None
    htmx = request.headers.get("HX-Request") == "true"
    # The address includes scheme and host: pages print their canonical URL.
    address = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"page:{'.'.join(map(str, stamp))}:{int(htmx)}:{address}"


def keepable(request, response) -> bool:
    """Only a plain 200 whose body names nothing of this one request (no cookie set, no CSRF token, no CSP nonce)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not get_nonce(request)
        and "Cache-Control" not in response
    )


def cached_for_readers(view):
    """Serve anonymous readers' GETs of this view from the page cache (put it next to the view, inside
    require_GET and vary_on_headers, so those apply to kept pages as to fresh ones)."""

    @wraps(view)
    def served(request, *args, **kwargs):
        key = reader_key(request)
        if key is None:
            response = view(request, *args, **kwargs)
            # Made for this person: no shared cache (a proxy) may keep it.
            patch_cache_control(response, private=True)
            return response
        cache = caches[PAGE_CACHE]
        kept = cache.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            if not keepable(request, response):
                return response
            kept = KeptPage.of(response)
            cache.set(key, kept, settings.NEWSROOM_PAGE_CACHE_SECONDS)
            return answer_reader(request, response, kept.etag)
        return kept.respond(request)

    return served
