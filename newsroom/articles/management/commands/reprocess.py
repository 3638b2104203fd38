"""Re-run extraction from the stored originals, so a better extractor improves old articles."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsroom.articles.models import Article
from newsroom.reader.extraction import EXTRACTOR_VERSION


class Command(BaseCommand):
    help = "Reprocess articles from their original uploads: --all, --outdated, or the given ids."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, metavar="ID")
        parser.add_argument("--all", action="store_true", help="every article")
        parser.add_argument("--outdated", action="store_true", help="articles made by another extractor version")
        parser.add_argument("--failed", action="store_true", help="articles whose processing failed")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, ids, all=False, outdated=False, failed=False, no_progress=False, verbosity=1, **options):
        if not (ids or all or outdated or failed):
            raise CommandError("Say which articles: --all, --outdated, --failed, or one or more ids.")
        articles = Article.objects.order_by("pk")
        if not all:
            chosen = Article.objects.none()
            if ids:
                missing = set(ids) - set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
                if missing:
                    raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}")
                chosen |= articles.filter(pk__in=ids)
            if outdated:
                chosen |= articles.exclude(extractor_version=EXTRACTOR_VERSION)
            if failed:
                chosen |= articles.filter(status=Article.Status.FAILED)
            articles = chosen.order_by("pk")
        counts = Counter()
        for pk in tqdm(list(articles.values_list("pk", flat=True)), desc="Reprocessing", unit="article",
                       disable=no_progress or verbosity == 0):
            article = Article.objects.get(pk=pk)
            article.reprocess()
            counts[article.status] += 1
        self.stdout.write(f"{sum(counts.values())} reprocessed: {counts['ready']} ready, {counts['failed']} failed")
