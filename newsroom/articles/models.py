"""Articles as uploaded (kept byte for byte) and as extracted for reading."""

import hashlib
import logging
import math
import random
import re
from contextlib import contextmanager
from datetime import UTC, datetime, time
from time import sleep
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, OperationalError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.module_loading import import_string

from newsroom.articles.time_limits import TimeLimitExceeded, call_with_time_limit
from newsroom.reader.errors import ExtractionError
from newsroom.reader.extraction import EXTRACTOR_VERSION, ExtractedArticle, extract_article

logger = logging.getLogger(__name__)

# 230 words a minute: the usual figure for adults reading non-fiction on screen.
READING_WORDS_PER_MINUTE = 230


class Source(models.Model):
    """An outlet: the site or publication an article comes from."""

    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True, help_text="e.g. venturebeat.com")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="source_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_name(cls, name: str, domain: str = "", known: "Source | None" = None) -> "Source | None":
        """The source called `name`, created on first sight; None for a blank name. `known`, a source already
        read (extraction looks up the editor's before it starts), is used without a query when it is that one."""
        name = " ".join(name.split())[:200]
        if not name:
            return None
        if known is not None and known.name == name:
            source, created = known, False
        else:
            source, created = cls.objects.get_or_create(name=name, defaults={"domain": domain[:253]})
        if not created and domain and not source.domain:
            source.domain = domain[:253]
            source.save(update_fields=["domain"])
        return source


class ArticleQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(status=Article.Status.READY)

    def latest_first(self):
        return self.order_by(models.F("published").desc(nulls_last=True), "-created_at")


class Article(models.Model):
    """One uploaded article: its original bytes, what extraction made of them, and its processing state."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # What was uploaded. The bytes themselves live in ArticleOriginal so lists never load them.
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=255, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False, help_text="SHA-256 of the original bytes")
    size = models.PositiveBigIntegerField(default=0, help_text="size of the original in bytes")
    encoding = models.CharField(max_length=40, blank=True, help_text="encoding detected for the original")

    external_id = models.CharField(max_length=200, blank=True, db_index=True, help_text="id given by an import, if any")

    # What the editor said at upload time; these win over what extraction finds, and survive reprocessing.
    given_title = models.CharField(max_length=500, blank=True)
    given_source = models.CharField(max_length=200, blank=True)
    given_url = models.URLField(max_length=2000, blank=True)
    given_published = models.DateTimeField(null=True, blank=True)
    given_byline = models.CharField(max_length=500, blank=True)

    # What extraction made of it.
    title = models.CharField(max_length=500, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    published = models.DateTimeField(null=True, blank=True, db_index=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    canonical_url = models.URLField(max_length=2000, blank=True)
    site_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=20, blank=True)
    lead_image = models.URLField(max_length=2000, blank=True)
    excerpt = models.TextField(blank=True)
    html = models.TextField(blank=True, help_text="sanitized reader HTML")
    text = models.TextField(blank=True, help_text="plain text, paragraphs separated by blank lines")
    word_count = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, blank=True, help_text="html or text")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    error_code = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True, help_text="why processing failed, in words for the editor")
    extractor_version = models.CharField(max_length=40, blank=True)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-published", "-created_at"], name="article_status_published"),
            # Story assignment asks for an outlet's articles of one day (assignment.same_source_same_day):
            # a handful of rows through this index, where the source index alone reads all the outlet's.
            models.Index(fields=["source", "published"], name="article_source_published"),
            # Extraction reads a source's latest articles (boilerplate.site_boilerplate_for): the 200 newest
            # through this index, where the one above gives all of the outlet's to sort.
            models.Index(fields=["source", "-processed_at", "-id"], name="article_source_processed"),
        ]

    def __str__(self) -> str:
        return self.title or self.filename or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("front:article", args=[self.pk])

    def get_original_url(self) -> str:
        return reverse("front:article-original", args=[self.pk])

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / READING_WORDS_PER_MINUTE))

    @property
    def display_title(self) -> str:
        """The headline; for a scrape that had none, its first sentence (shortened) reads better than a file name."""
        if self.title:
            return self.title
        first_sentence = re.split(r"(?<=[.!?])\s", (self.excerpt or self.text[:600]).strip(), maxsplit=1)[0]
        if first_sentence:
            words = first_sentence.split()
            return " ".join(words[:14]) + ("…" if len(words) > 14 else "")
        return self.filename or f"Untitled article {self.pk}"

    def original_bytes(self) -> bytes:
        return bytes(self.original.data)

    def original_as_text(self) -> str:
        """The original decoded for showing as plain text; undecodable bytes become U+FFFD, never HTML."""
        data = self.original_bytes()
        try:
            return data.decode(self.encoding or "utf-8", errors="replace")
        except LookupError:
            return data.decode("utf-8", errors="replace")

    @classmethod
    def store_upload(
        cls,
        data: bytes,
        *,
        filename: str = "",
        content_type: str = "",
        given_title: str = "",
        given_source: str = "",
        given_url: str = "",
        given_published: datetime | None = None,
        given_byline: str = "",
        external_id: str = "",
    ) -> tuple["Article", bool]:
        """Keep an upload as a pending article; returns (article, created). An identical upload returns the existing one.

        The unique content hash decides, so two editors uploading the same bytes at the same
        moment still make one article: the loser of the race gets an IntegrityError and reads
        the winner's row.
        """
        digest = content_hash(data)
        existing = cls.objects.filter(content_hash=digest).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                article = cls.objects.create(
                    filename=filename[:255],
                    content_type=content_type[:255],
                    content_hash=digest,
                    size=len(data),
                    given_title=given_title[:500],
                    given_source=given_source[:200],
                    given_url=given_url[:2000],
                    given_published=given_published,
                    given_byline=given_byline[:500],
                    external_id=external_id[:200],
                )
                ArticleOriginal.objects.create(article=article, data=data)
        except IntegrityError:
            return cls.objects.get(content_hash=digest), False
        return article, True

    # Processing -------------------------------------------------------------------------

    def process(self) -> None:
        """The whole upload-time pipeline: extraction, then each step of NEWSROOM_AFTER_EXTRACTION (quotes, story).

        A step that fails marks the article failed with its reason; the original is kept, and
        `reprocess` runs everything again after a fix.
        """
        for attempt in range(1, PROCESS_ATTEMPTS + 1):
            try:
                self._process_once()
                return
            except ProcessingStepError as failure:
                error = failure.__cause__
                # Two workers recording quotes that touch the same rows can deadlock on PostgreSQL, which
                # then rolls one transaction back whole: run it again (as PostgreSQL's manual advises),
                # unless an outer transaction holds on to the failed one.
                if (
                    attempt < PROCESS_ATTEMPTS
                    and _is_lock_conflict(error)
                    and not transaction.get_connection().in_atomic_block
                ):
                    logger.warning("article %s: %s in %s, attempt %s of %s; retrying", self.pk,
                                   type(error.__cause__).__name__, failure.step, attempt, PROCESS_ATTEMPTS)
                    sleep(random.uniform(0.05, 0.25) * attempt)
                    self.refresh_from_db()
                    continue
                logger.exception("step %s failed on article %s", failure.step, self.pk, exc_info=error)
                self._mark_failed("internal_error", f"Processing stopped in {failure.step} ({type(error).__name__}).")
                return

    def _process_once(self) -> None:
        """Extraction and every step in one transaction: a worker killed half-way (or a step that
        fails) leaves the article as it was before, never ready with its quotes or story missing."""
        with transaction.atomic():
            with ProcessingStepError.naming("extraction"):
                self.extract()
            if self.status != self.Status.READY:
                return
            for path in settings.NEWSROOM_AFTER_EXTRACTION:
                step = import_string(path)
                with ProcessingStepError.naming(step.__name__):
                    step(self)

    def extract(self) -> None:
        """Extract the reader view from the stored original and save it; failures are kept with their reason.

        The source's learned boilerplate (blocks its other articles repeat) is removed; when the
        source is only known after extraction (from the page's site name), a second pass uses it.
        """
        from newsroom.articles.boilerplate import record_blocks, site_boilerplate_for

        known_source = self._known_source()
        extracted = self._extract_or_fail(site_boilerplate_for(known_source, self))
        if extracted is None:
            return
        self._apply_extraction(extracted, known_source)
        if self.source_id and self.source != known_source:
            boilerplate = site_boilerplate_for(self.source, self)
            if boilerplate:
                try:
                    extracted = self._extract_with(boilerplate)
                except ExtractionError:
                    pass  # nothing left without the site's boilerplate: the first extraction stands
                else:
                    self._apply_extraction(extracted, self.source)
        record_blocks(self, extracted.fingerprints)

    def _extract_or_fail(self, site_boilerplate: frozenset[str]) -> ExtractedArticle | None:
        try:
            return self._extract_with(site_boilerplate)
        except ExtractionError as error:
            self._mark_failed(error.code, error.reason)
        except Exception as error:  # a bug must not lose the upload: keep it, say so, and log the trace
            logger.exception("extracting article %s failed", self.pk)
            self._mark_failed("internal_error", f"Processing stopped on an internal error ({type(error).__name__}).")
        return None

    def _known_source(self) -> "Source | None":
        """The source as known before extraction: the editor's, or the one of an earlier extraction."""
        name = " ".join(self.given_source.split())
        if name:
            return Source.objects.filter(name=name[:200]).first()
        return self.source

    def _extract_with(self, site_boilerplate: frozenset[str]) -> ExtractedArticle:
        limit = settings.NEWSROOM_PROCESSING_TIMEOUT_SECONDS
        try:
            return call_with_time_limit(
                extract_article,
                limit,
                self.original_bytes(),
                filename=self.filename,
                content_type=self.content_type,
                url=self.given_url,
                site_boilerplate=site_boilerplate,
            )
        except TimeLimitExceeded:
            logger.warning("extracting article %s took longer than %s s", self.pk, limit)
            raise ExtractionError(
                "time_limit",
                f"Processing took longer than the limit of {limit} seconds (NEWSROOM_PROCESSING_TIMEOUT_SECONDS): "
                "the page is built in a way that makes it very slow to read, e.g. extreme nesting or huge tags.",
            ) from None

    def _apply_extraction(self, extracted: ExtractedArticle, known_source: "Source | None" = None) -> None:
        self.title = (self.given_title or extracted.title)[:500]
        self.byline = (self.given_byline or extracted.byline)[:500]
        self.published = self.given_published or parse_published(extracted.published)
        self.canonical_url = (self.given_url or extracted.canonical_url)[:2000]
        self.site_name = extracted.site_name[:200]
        self.language = extracted.language[:20]
        self.lead_image = extracted.lead_image[:2000]
        self.excerpt = extracted.excerpt
        self.html = extracted.html
        self.text = extracted.text
        self.kind = extracted.kind
        self.encoding = extracted.encoding[:40]
        self.word_count = len(extracted.text.split())
        self.source = Source.for_name(self.given_source or extracted.site_name, _domain_of(self.canonical_url),
                                      known=known_source)
        self.status = self.Status.READY
        self.error_code = ""
        self.error = ""
        self.extractor_version = EXTRACTOR_VERSION
        self.processed_at = timezone.now()
        self.save()

    def _mark_failed(self, code: str, reason: str) -> None:
        self.status = self.Status.FAILED
        self.error_code = code[:40]
        self.error = reason
        self.extractor_version = EXTRACTOR_VERSION
        self.processed_at = timezone.now()
        self.save(update_fields=["status", "error_code", "error", "extractor_version", "processed_at"])

    def reprocess(self) -> None:
        """Run extraction again from the stored original (after a better extractor or a fix)."""
        self.process()


class ArticleOriginal(models.Model):
    """The bytes exactly as uploaded, never modified: everything else can be rebuilt from them."""

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="original")
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"original of article {self.article_id}"


class ProcessingStepError(Exception):
    """A processing step raised: carries the step's name, with the original error as its cause."""

    def __init__(self, step: str):
        super().__init__(f"processing step {step} failed")
        self.step = step

    @classmethod
    @contextmanager
    def naming(cls, step: str):
        try:
            yield
        except Exception as error:
            raise cls(step) from error


# PostgreSQL's SQLSTATEs for a transaction rolled back by a lock conflict: deadlock_detected, serialization_failure.
LOCK_CONFLICT_SQLSTATES = {"40P01", "40001"}
# Tries of the whole processing transaction when PostgreSQL rolls it back for a lock conflict.
PROCESS_ATTEMPTS = 3


def _is_lock_conflict(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and getattr(error.__cause__, "sqlstate", None) in LOCK_CONFLICT_SQLSTATES


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_published(value: str | None) -> datetime | None:
    """An ISO 8601 date or datetime from extraction, as an aware datetime (dates at midnight UTC)."""
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            day = parse_date(value[:10])
        except ValueError:
            day = None
        if day is None:
            return None
        parsed = datetime.combine(day, time.min)
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _domain_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


# Models kept in their own module, imported here so that Django registers them.
from newsroom.articles.boilerplate import SourceBlock  # noqa: E402, F401
