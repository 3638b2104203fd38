"""manage.py evaluate_clustering FILE.jsonl: cluster a labeled file in a scratch database and score it.

The scratch database is a new SQLite file in a temporary directory, used by a child process started
with its own DATABASE_URL: the real database is never opened for the import, so nothing in it changes.
"""

import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsroom.stories.evaluation import bcubed, pairwise

SCRATCH_FLAG = "--in-scratch-database"


class Command(BaseCommand):
    help = (
        "Import a labeled JSON Lines file (id, title, text, published, source, event) into a scratch database "
        "in date order, through the whole upload pipeline, and print BCubed and pairwise P/R/F1 against `event`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
        parser.add_argument(SCRATCH_FLAG, action="store_true", help="(internal) this process runs on the scratch database")

    def handle(self, *args, file, json=False, in_scratch_database=False, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        if not in_scratch_database:
            return self._run_in_scratch_database(file, json, options["verbosity"])
        self._evaluate(file, json, options["verbosity"])

    def _run_in_scratch_database(self, file: Path, as_json: bool, verbosity: int) -> None:
        with tempfile.TemporaryDirectory(prefix="newsroom-evaluate-") as scratch:
            environment = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{Path(scratch) / 'scratch.sqlite3'}",
                "NEWSROOM_DATA_DIR": scratch,
                "NEWSROOM_TASKS": "immediate",
                "SECRET_KEY": settings.SECRET_KEY,
            }
            command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "evaluate_clustering",
                       str(file.resolve()), SCRATCH_FLAG, "--verbosity", str(verbosity)]
            if as_json:
                command.append("--json")
            result = subprocess.run(command, env=environment, capture_output=True, text=True, cwd=settings.BASE_DIR)
        self.stderr.write(result.stderr, ending="")
        if result.returncode != 0:
            raise CommandError(f"The scratch run failed (exit {result.returncode}).")
        self.stdout.write(result.stdout, ending="")

    def _evaluate(self, file: Path, as_json: bool, verbosity: int) -> None:
        from newsroom.articles.ingest import ingest
        from newsroom.stories.models import Membership

        call_command("migrate", verbosity=0)
        rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows.sort(key=lambda row: (row.get("published") or "9999", str(row["id"])))
        article_of = {}
        for row in tqdm(rows, desc="Clustering", unit="article", file=sys.stderr, disable=verbosity < 1):
            published = datetime.fromisoformat(row["published"]) if row.get("published") else None
            if published is not None and published.tzinfo is None:
                published = published.replace(tzinfo=UTC)
            result = ingest(
                row["text"].encode("utf-8"), content_type="text/plain; charset=utf-8", filename=f"{row['id']}.txt",
                title=row.get("title", ""), source=row.get("source", ""), published=published,
                external_id=str(row["id"]),
            )
            article_of[str(row["id"])] = result.article.pk
        story_of = dict(Membership.objects.values_list("article_id", "story_id"))
        # An article that failed processing has no story: it counts as a story of its own.
        predicted = {item: story_of.get(pk, f"unassigned-{pk}") for item, pk in article_of.items()}
        gold = {str(row["id"]): row["event"] for row in rows}
        scores = {"bcubed": bcubed(predicted, gold), "pairwise": pairwise(predicted, gold)}
        if as_json:
            self.stdout.write(json.dumps({
                "articles": len(gold), "events": len(set(gold.values())), "stories": len(set(predicted.values())),
                **{name: {"precision": s.precision, "recall": s.recall, "f1": s.f1} for name, s in scores.items()},
            }))
            return
        self.stdout.write(
            f"{len(gold)} articles, {len(set(gold.values()))} events, {len(set(predicted.values()))} stories\n"
            f"BCubed   {scores['bcubed']}\n"
            f"pairwise {scores['pairwise']}"
        )
