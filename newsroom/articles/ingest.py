"""Taking uploads in: size limits, storage with deduplication, and queueing the processing.

Every way in (admin upload, import_articles, the API) goes through `ingest`, so limits,
deduplication and error wording are the same everywhere.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from newsroom.articles.compression import CompressedUploadRejected, decompress_upload
from newsroom.articles.models import Article
from newsroom.articles.tasks import process_article


class UploadRejected(Exception):
    """An upload that is refused before it is stored (e.g. over the size limit)."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool

    @property
    def duplicate(self) -> bool:
        return not self.created


def check_size(size: int) -> None:
    limit = settings.NEWSROOM_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadRejected(
            "too_large",
            f"The file is {filesizeformat(size)}, over the limit of {filesizeformat(limit)} per article "
            "(NEWSROOM_MAX_UPLOAD_BYTES).",
        )


def decompress(data: bytes, filename: str, encoding: str = "gzip") -> bytes:
    """A compressed upload's content, refused (UploadRejected) past NEWSROOM_MAX_UPLOAD_BYTES decompressed."""
    check_size(len(data))
    try:
        return decompress_upload(data, filename, limit=settings.NEWSROOM_MAX_UPLOAD_BYTES, encoding=encoding)
    except CompressedUploadRejected as rejected:
        raise UploadRejected(rejected.code, rejected.reason) from None


def ingest(
    data: bytes,
    *,
    filename: str = "",
    content_type: str = "",
    title: str = "",
    source: str = "",
    url: str = "",
    published: datetime | None = None,
    byline: str = "",
    external_id: str = "",
) -> IngestResult:
    """Store an upload and process it (inline or on a worker). Raises UploadRejected before storing bad input."""
    check_size(len(data))
    article, created = Article.store_upload(
        data,
        filename=filename,
        content_type=content_type,
        given_title=title,
        given_source=source,
        given_url=url,
        given_published=published,
        given_byline=byline,
        external_id=external_id,
    )
    if created:
        process_article.enqueue(article.pk)
        article.refresh_from_db()
    return IngestResult(article=article, created=created)


def ingest_text(text: str, **fields) -> IngestResult:
    """Pasted text: stored as the UTF-8 bytes of what was pasted."""
    return ingest(text.encode("utf-8"), content_type="text/plain; charset=utf-8", **fields)
