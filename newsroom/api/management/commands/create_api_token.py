"""Make a personal API token from the command line (as admin → API tokens → Add does) and print its secret once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsroom.api.models import ApiToken


class Command(BaseCommand):
    help = "Make an API token for USERNAME and print its secret (shown only this once). Revoke tokens in the admin."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="what the token is for")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        token, secret = ApiToken.issue(user, name)
        if not user.is_staff:
            self.stderr.write(f"{username} is not staff: this token may read but not write.")
        self.stdout.write(secret)
