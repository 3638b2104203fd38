"""Export every article as JSON Lines (to stdout or a file); import_articles reads it back."""

import json
import sys

from django.core.management.base import BaseCommand

from newsroom.articles.models import Article
from newsroom.articles.records import article_to_record


class Command(BaseCommand):
    help = "Write all articles as JSON Lines, one object per article, including the original upload."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")

    def handle(self, *args, output=None, **options):
        articles = (
            Article.objects.select_related("source", "original", "membership__story")
            .prefetch_related("quote_occurrences__quote__speaker")
            .order_by("pk")
        )
        stream = open(output, "w", encoding="utf-8") if output else sys.stdout
        count = 0
        try:
            for article in articles.iterator(chunk_size=200):
                stream.write(json.dumps(article_to_record(article), ensure_ascii=False) + "\n")
                count += 1
        finally:
            if output:
                stream.close()
        if output:
            self.stderr.write(f"{count} articles written to {output}")
