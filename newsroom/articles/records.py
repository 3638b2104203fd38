"""Articles as JSON Lines records: what export_articles writes and import_articles reads.

An exported record carries the original upload (base64) besides the extracted fields, so
importing an export restores the very same articles, byte for byte, and deduplicates
against what is already there.
"""

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime


from newsroom.articles.models import Article, parse_published


class RecordError(ValueError):
    """A JSON Lines record that cannot become an upload; the message says which field is wrong."""


@dataclass(frozen=True)
class UploadRequest:
    data: bytes
    options: dict = field(default_factory=dict)


def article_to_record(article: Article) -> dict:
    return {
        "id": article.pk,
        "url": article.canonical_url,
        "permalink": article.get_absolute_url(),
        "source": article.source.name if article.source else "",
        "title": article.title,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "text": article.text,
        "html": article.html,
        "status": article.status,
        "error": article.error,
        "filename": article.filename,
        "content_type": article.content_type,
        "content_hash": article.content_hash,
        "original_base64": base64.b64encode(article.original_bytes()).decode("ascii"),
        "quotes": [
            {
                "quote_id": occurrence.quote_id,
                "speaker": occurrence.quote.speaker.name if occurrence.quote.speaker else "",
                "text": occurrence.text,
                "start": occurrence.start,
                "end": occurrence.end,
            }
            # Ordered in Python: the export prefetches occurrences, and order_by() would query again.
            for occurrence in sorted(article.quote_occurrences.all(), key=lambda occurrence: occurrence.start)
        ],
        "story": _story_of(article),
        # What the editor gave at upload time, so a restored article keeps the editor's corrections.
        "given": {
            "title": article.given_title,
            "source": article.given_source,
            "url": article.given_url,
            "published": article.given_published.isoformat() if article.given_published else None,
            "byline": article.given_byline,
        },
    }


def _story_of(article: Article) -> dict | None:
    """The article's story (id, slug, permalink), or None before it is assigned one."""
    membership = getattr(article, "membership", None)
    if membership is None:
        return None
    story = membership.story
    return {"id": story.pk, "slug": story.slug, "url": story.get_absolute_url()}


def record_to_upload(record: object) -> UploadRequest:
    """Turn one JSON Lines object into the bytes to store and the fields given with them."""
    if not isinstance(record, dict):
        raise RecordError("each line must be a JSON object")
    options = {
        "title": _string(record, "title"),
        "source": _string(record, "source"),
        "url": _string(record, "url"),
        "byline": _string(record, "byline"),
        "published": _published(record.get("published")),
        "external_id": str(record.get("id") or "")[:200],
    }
    if record.get("original_base64"):
        try:
            data = base64.b64decode(record["original_base64"], validate=True)
        except (binascii.Error, TypeError):
            raise RecordError("original_base64 is not valid base64") from None
        # An export already carries what extraction found; only the editor's own overrides are given again.
        given = record.get("given") or {}
        if not isinstance(given, dict):
            raise RecordError("'given' must be an object")
        return UploadRequest(
            data,
            {
                "filename": _string(record, "filename"),
                "content_type": _string(record, "content_type"),
                "external_id": options["external_id"],
                "title": _string(given, "title"),
                "source": _string(given, "source"),
                "url": _string(given, "url"),
                "byline": _string(given, "byline"),
                "published": _published(given.get("published")),
            },
        )
    if isinstance(record.get("html"), str) and record["html"].strip():
        return UploadRequest(record["html"].encode("utf-8"), {**options, "content_type": "text/html; charset=utf-8"})
    if isinstance(record.get("text"), str) and record["text"].strip():
        text = record["text"]
        return UploadRequest(text.encode("utf-8"), {**options, "content_type": "text/plain; charset=utf-8"})
    raise RecordError("a record needs a non-empty 'text' or 'html' (or 'original_base64')")


def _string(record: dict, key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"'{key}' must be a string")
    return value.strip()


def _published(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError("'published' must be an ISO 8601 date or datetime string")
    moment = parse_published(value)
    if moment is None:
        raise RecordError(f"'published' is not an ISO 8601 date: {value!r}")
    return moment
