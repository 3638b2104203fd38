"""Give tasks whose worker died back to the queue, so a restarted worker finishes them.

django-tasks-db marks a task RUNNING when a worker claims it; a worker killed mid-task
(SIGKILL, OOM, a lost machine) never marks it finished, and no worker takes it again.
A task running for longer than any article may take (twice the per-article time limit)
cannot still be alive, so it is safe to make it ready again. docker-compose runs this
before each worker starts.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Requeue database tasks left RUNNING by a worker that died."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="SECONDS",
            help="only tasks started this long ago (default: twice NEWSROOM_PROCESSING_TIMEOUT_SECONDS)",
        )

    def handle(self, *args, older_than=None, **options):
        if older_than is None:
            older_than = 2 * settings.NEWSROOM_PROCESSING_TIMEOUT_SECONDS
        cutoff = timezone.now() - timedelta(seconds=older_than)
        requeued = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lte=cutoff).update(
            status=TaskResultStatus.READY, started_at=None
        )
        self.stdout.write(f"{requeued} stale task(s) requeued")
