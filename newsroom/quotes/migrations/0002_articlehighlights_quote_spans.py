"""ArticleHighlights.quote_spans, filled for the articles already recorded (about 1 ms an article)."""

from django.db import migrations, models

BATCH = 500


def fill_quote_spans(apps, schema_editor):
    from newsroom.quotes.matching import find_quote_spans

    ArticleHighlights = apps.get_model("quotes", "ArticleHighlights")
    Article = apps.get_model("articles", "Article")
    pending = list(ArticleHighlights.objects.filter(quote_spans__isnull=True).order_by("pk").values_list("pk", flat=True))
    # In batches, so a large corpus is never all in memory at once.
    for start in range(0, len(pending), BATCH):
        ids = pending[start:start + BATCH]
        texts = dict(Article.objects.filter(pk__in=ids).values_list("pk", "text"))
        rows = [ArticleHighlights(pk=pk, quote_spans=[list(span) for span in find_quote_spans(texts[pk])]) for pk in ids]
        ArticleHighlights.objects.bulk_update(rows, ["quote_spans"])


class Migration(migrations.Migration):

    dependencies = [
        ("quotes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlehighlights",
            name="quote_spans",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(fill_quote_spans, migrations.RunPython.noop),
    ]
