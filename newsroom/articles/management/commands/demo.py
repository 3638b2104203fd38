"""One command from a fresh clone to a running app: database, static files, the seed articles, an editor."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

SEEDS_DIR = settings.BASE_DIR.parent / "shared" / "seeds"


class Command(BaseCommand):
    help = "Set up the database, load the seed articles, create an editor account, and serve on localhost."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--seeds", default=str(SEEDS_DIR), help="folder of articles to load (default ../shared/seeds)")
        parser.add_argument("--no-serve", action="store_true", help="set up, then exit instead of serving")

    def handle(self, addrport, seeds, no_serve=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        seeds_path = Path(seeds)
        if seeds_path.is_dir():
            call_command("import_articles", str(seeds_path), no_progress=True, stdout=self.stdout, stderr=self.stderr)
        else:
            self.stderr.write(f"No seed articles at {seeds_path}; starting with an empty newsroom.")
        username, password = self._editor()
        self.stdout.write(self.style.SUCCESS(f"Editor account: {username} / {password}"))
        if no_serve:
            return
        self.stdout.write(f"Newsroom: http://{addrport}/  (editors: http://{addrport}/admin/)")
        call_command("runserver", addrport, use_reloader=False)

    def _editor(self) -> tuple[str, str]:
        """The editor account: created with a random password, or reset to NEWSROOM_EDITOR_PASSWORD if set."""
        User = get_user_model()
        username = os.environ.get("NEWSROOM_EDITOR_USERNAME", "editor")
        password = os.environ.get("NEWSROOM_EDITOR_PASSWORD") or secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True, "is_superuser": True})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        return username, password
