"""Bulk import: files (also gzipped: .html.gz), directories (recursively) and JSON Lines files, with a progress bar and a summary."""

import json
import mimetypes
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsroom.articles.compression import is_compressed_name
from newsroom.articles.ingest import UploadRejected, decompress, ingest
from newsroom.articles.models import Article
from newsroom.articles.records import RecordError, UploadRequest, record_to_upload

ARTICLE_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


class Command(BaseCommand):
    help = "Import articles from files, directories (recursively) and JSON Lines files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--source", default="", help="outlet name for every imported file (not JSON Lines)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, source="", no_progress=False, verbosity=1, **options):
        self._source = source
        uploads = list(self._uploads(paths, source))
        counts = Counter()
        failures = []
        for label, request in tqdm(uploads, desc="Importing", unit="article", disable=no_progress or verbosity == 0):
            if isinstance(request, RecordError):
                counts["failed"] += 1
                failures.append((label, str(request)))
                continue
            try:
                result = ingest(request.data, **request.options)
            except UploadRejected as rejected:
                counts["failed"] += 1
                failures.append((label, rejected.reason))
                continue
            if result.duplicate:
                counts["duplicate"] += 1
            elif result.article.status == Article.Status.FAILED:
                counts["failed"] += 1
                failures.append((label, f"kept as article {result.article.pk}, but {result.article.error}"))
            else:
                counts["created"] += 1
        for label, reason in failures:
            self.stderr.write(f"failed: {label}: {reason}")
        self.stdout.write(
            f"{counts['created']} created, {counts['duplicate']} duplicate, {counts['failed']} failed "
            f"(of {len(uploads)})"
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(uploads)} could not be imported", returncode=1)

    def _uploads(self, paths, source):
        """(label, UploadRequest or RecordError) for every article found under the given paths."""
        for raw in paths:
            path = Path(raw)
            if not path.exists():
                raise CommandError(f"{path}: no such file or directory")
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in files:
                suffix = file.suffix.lower()
                if suffix in JSONL_SUFFIXES:
                    yield from self._records(file)
                elif is_compressed_name(file.name) and (Path(file.stem).suffix.lower() in ARTICLE_SUFFIXES or not path.is_dir()):
                    yield str(file), self._decompressed(file)
                elif suffix in ARTICLE_SUFFIXES or not path.is_dir():
                    if file.stat().st_size > settings.NEWSROOM_MAX_UPLOAD_BYTES:  # refused before reading it all
                        yield str(file), RecordError(f"over the limit of {settings.NEWSROOM_MAX_UPLOAD_BYTES} bytes per article")
                        continue
                    content_type = mimetypes.guess_type(file.name)[0] or ""
                    options = {"filename": file.name, "content_type": content_type, "source": source}
                    yield str(file), UploadRequest(file.read_bytes(), options)

    def _decompressed(self, file: Path) -> UploadRequest | RecordError:
        """An .html.gz / .txt.gz file, unpacked with the per-article limit (a bomb stops at the limit)."""
        if file.stat().st_size > settings.NEWSROOM_MAX_UPLOAD_BYTES:
            return RecordError(f"the compressed file is over the limit of {settings.NEWSROOM_MAX_UPLOAD_BYTES} bytes")
        try:
            data = decompress(file.read_bytes(), file.name)
        except UploadRejected as rejected:
            return RecordError(rejected.reason)
        content_type = mimetypes.guess_type(file.stem)[0] or ""
        return UploadRequest(data, {"filename": file.stem, "content_type": content_type, "source": self._source})

    def _records(self, file: Path):
        with file.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                label = f"{file}:{number}"
                try:
                    yield label, record_to_upload(json.loads(line))
                except json.JSONDecodeError as error:
                    yield label, RecordError(f"not valid JSON ({error.msg})")
                except RecordError as error:
                    yield label, error
