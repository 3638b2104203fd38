"""manage.py recluster: rebuild automatic story assignments, keeping corrections and permalinks."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from newsroom.stories.reclustering import recluster


class Command(BaseCommand):
    help = (
        "Assign every automatically placed article to a story again, in publication order. Editors' moves and "
        "locked stories are kept; story ids (permalinks) are kept wherever membership mostly carries over."
    )

    def handle(self, *args, **options):
        def progress(articles):
            return tqdm(articles, desc="Reclustering", unit="article", file=self.stderr._out, disable=options["verbosity"] < 1)

        result = recluster(progress)
        self.stdout.write(
            f"{result.articles} articles reassigned: {result.kept_ids} stories kept their id, "
            f"{result.new_stories} new stories, {result.redirected} old stories now redirect."
        )
