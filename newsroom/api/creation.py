"""Adding an article through the API: HTML, text or a URL, all through `ingest` (same limits and deduplication as the admin)."""

import importlib

from newsroom.articles.ingest import IngestResult, UploadRejected, ingest, ingest_text


class FetchUnavailable(Exception):
    """No SSRF-safe fetcher (newsroom.articles.fetching.add_by_url) in this installation."""


def create_article(payload) -> IngestResult:
    """Ingest what `payload` (schemas.ArticleIn) carries; raises UploadRejected with a code for bad input."""
    given = [name for name in ("html", "text") if getattr(payload, name) is not None]
    if len(given) > 1:
        raise UploadRejected("invalid_request", "Send one of `html`, `text` or `url`, not several.")
    overrides = {
        "title": payload.title,
        "source": payload.source,
        "byline": payload.byline,
        "published": payload.published,
    }
    if payload.html is not None:
        _check_not_blank(payload.html)
        return ingest(
            payload.html.encode("utf-8"), filename="api.html", content_type="text/html; charset=utf-8",
            url=_checked_url(payload.url) if payload.url else "", **overrides,
        )
    if payload.text is not None:
        _check_not_blank(payload.text)
        return ingest_text(payload.text, url=_checked_url(payload.url) if payload.url else "", **overrides)
    if payload.url:
        return _ingest_url(_checked_url(payload.url), overrides)
    raise UploadRejected("empty", "Send the article as `html`, `text`, or a `url` to fetch.")


def _check_not_blank(content: str) -> None:
    if not content.strip():
        raise UploadRejected("empty", "The article is empty.")


def _checked_url(url: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise UploadRejected("invalid_url", "`url` must be an http or https address.") from None
    return url


def _ingest_url(url: str, overrides: dict) -> IngestResult:
    """Fetch through the project's SSRF-safe fetcher (as the admin's add-by-address), then ingest the page.

    Refusals (a private address, a failed fetch, too large…) are UploadRejected with their own codes.
    """
    try:
        fetching = importlib.import_module("newsroom.articles.fetching")
    except ImportError:
        fetching = None
    add_by_url = getattr(fetching, "add_by_url", None)
    if add_by_url is None:
        raise FetchUnavailable("Adding by URL is not available on this server yet; send the page as `html` instead.")
    return add_by_url(url, **overrides)
