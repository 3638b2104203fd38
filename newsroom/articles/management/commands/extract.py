"""Run extraction on files without storing anything; prints what the pipeline would store."""

import json
import mimetypes
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.reader.errors import ExtractionError
from newsroom.reader.extraction import extract_article


class Command(BaseCommand):
    help = "Print, for each file, the fields extraction would store (JSON Lines with --json)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="one JSON object per file and line")

    def handle(self, *args, files, json=False, **options):
        failed = 0
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            content_type = mimetypes.guess_type(path.name)[0] or ""
            try:
                article = extract_article(path.read_bytes(), filename=path.name, content_type=content_type)
            except ExtractionError as error:
                failed += 1
                record = {"file": str(path), "error": {"code": error.code, "reason": error.reason}}
            else:
                record = {
                    "file": str(path),
                    "title": article.title,
                    "byline": article.byline,
                    "published": article.published,
                    "source": article.site_name,
                    "language": article.language,
                    "text": article.text,
                    "html": article.html,
                }
            self.stdout.write(_as_json(record) if json else _as_text(record))
        if failed:
            raise CommandError(f"{failed} of {len(files)} files gave no article", returncode=1)


def _as_json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _as_text(record: dict) -> str:
    if "error" in record:
        return f"== {record['file']}\nerror: {record['error']['reason']}\n"
    head = "\n".join(f"{key}: {record[key]}" for key in ("title", "byline", "published", "source") if record[key])
    return f"== {record['file']}\n{head}\n\n{record['text']}\n"
