"""Quoted statements, who made them, where each article carries them, and text copied between articles."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify


class Speaker(models.Model):
    """A person or organization quoted: "Satya Nadella", "OpenAI"; one row per full name."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    role = models.CharField(max_length=200, blank=True, help_text="as first given, e.g. Chairman and CEO of Microsoft")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quotes:speaker", args=[self.slug])

    @classmethod
    def for_name(cls, name: str, role: str = "") -> "Speaker | None":
        """The speaker called `name`, created on first sight; None for a blank name.

        Names are matched by slug, so "Satya Nadella" and "SATYA NADELLA" are one speaker.
        """
        name = " ".join(name.split())[:200]
        slug = slugify(name)[:220]
        if not slug:
            return None
        speaker, created = cls.objects.get_or_create(slug=slug, defaults={"name": name, "role": role[:200]})
        if not created:
            speaker._take_role(role)
        return speaker

    @classmethod
    def for_names(cls, roles: dict[str, str]) -> dict[str, "Speaker"]:
        """`for_name` of each name in `roles` ({name: role}), in order; names with a blank slug are left out.

        One query finds the speakers already stored (an article's speakers mostly are), so only
        new names cost a `get_or_create` each.
        """
        slugs = {name: slugify(" ".join(name.split())[:200])[:220] for name in roles}
        stored = {speaker.slug: speaker for speaker in cls.objects.filter(slug__in={slug for slug in slugs.values() if slug})}
        speakers = {}
        for name, role in roles.items():
            slug = slugs[name]
            if not slug:
                continue
            if slug in stored:
                stored[slug]._take_role(role)
            else:
                stored[slug] = cls.for_name(name, role)
            speakers[name] = stored[slug]
        return speakers

    def _take_role(self, role: str) -> None:
        """Keep the first role given: a speaker stored without one takes this one."""
        if role and not self.role:
            self.role = role[:200]
            self.save(update_fields=["role"])


class Quote(models.Model):
    """One statement, however many articles carry it and however each re-spelled, cut or translated it.

    `text` is the canonical version: the longest clean one among the occurrences (a quote in
    quotation marks wins over an unmarked block, which wins over a fragment). The counts are kept
    up to date by `recording.record_quotes`, so lists never count rows.
    """

    text = models.TextField()
    text_kind = models.CharField(max_length=10, blank=True, help_text="kind of the occurrence the canonical text comes from")
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    occurrence_count = models.PositiveIntegerField(default=0)
    article_count = models.PositiveIntegerField(default=0, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-article_count", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("quotes:quote", args=[self.pk])

    @property
    def is_shared(self) -> bool:
        return self.article_count > 1


class QuoteOccurrence(models.Model):
    """Where one article carries a quote: `article.text[start:end] == text`, exactly.

    Highlighting: `html_start:html_end` is the same span in `article.html` (first to last visible
    character; it may cross inline tags, so it is a locator, not a place to insert tags). To
    highlight, pages use `ArticleHighlights.marked_html`, where every occurrence is already wrapped
    as `<mark class="quote" data-occurrence="ID">` (the first piece also has `id="q-ID"`, the
    anchor `get_absolute_url` points to), split at inline tags so the sanitized markup stays
    valid. A page showing several articles lights up the quotes they share with
    `highlighting.colour_shared_quotes`, which adds the quote id and a colour class by string
    substitution.
    """

    class Kind(models.TextChoices):
        DIRECT = "direct", "In quotation marks"
        BLOCK = "block", "Paragraph after a cue"
        PARTIAL = "partial", "Fragment inside a sentence"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quote_occurrences")
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="occurrences")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="as written in the article")
    html_start = models.PositiveIntegerField(null=True, blank=True)
    html_end = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    speaker_name = models.CharField(max_length=200, blank=True, help_text="as resolved in this article")
    speaker_role = models.CharField(max_length=200, blank=True)
    match = models.CharField(max_length=12, blank=True, help_text="how it joined its quote: verbatim, fragment, paraphrase")

    class Meta:
        ordering = ["article_id", "start"]
        indexes = [models.Index(fields=["article", "start"], name="occurrence_article_start")]

    def __str__(self) -> str:
        return f"{self.text[:60]} (article {self.article_id})"

    def get_absolute_url(self) -> str:
        return f"{reverse('front:article', args=[self.article_id])}#q-{self.pk}"


class QuoteKey(models.Model):
    """Inverted index from hashed 3-word shingles (`matching.index_keys`) to the quotes that contain them.

    A new occurrence finds its candidate quotes by looking its keys up here, never by scanning
    quotes. Keys are added for every occurrence joined (so a translation and the original are both
    found) and go with their quote when it is deleted.
    """

    key = models.CharField(max_length=16)
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="keys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "quote"], name="quote_key_unique")]


class PassageKey(models.Model):
    """Inverted index from hashed 3-word shingles of article text to the articles that contain them,
    for finding copied passages (press-release text) without comparing with every article."""

    key = models.CharField(max_length=16)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="passage_keys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "article"], name="passage_key_unique")]


class SharedPassage(models.Model):
    """A passage that is not a quote but was copied between two articles (press-release text).

    `first.text[first_start:first_end]` corresponds to `second.text[second_start:second_end]`;
    `first` is the article with the lower id. Both articles' marked HTML wrap it as
    `<mark class="passage" data-passage="ID">`.
    """

    first = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    first_start = models.PositiveIntegerField()
    first_end = models.PositiveIntegerField()
    second_start = models.PositiveIntegerField()
    second_end = models.PositiveIntegerField()
    score = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["first"], name="passage_first"),
            models.Index(fields=["second"], name="passage_second"),
        ]

    def __str__(self) -> str:
        return f"passage shared by articles {self.first_id} and {self.second_id}"


class ArticleHighlights(models.Model):
    """An article's reader HTML with every quote occurrence and shared passage wrapped in `<mark>`.

    Rebuilt whenever the article's occurrences or passages change, so pages never parse HTML.
    `quote_spans` keeps where the text's found quotes lie (`matching.quote_spans`, as [start, end]
    lists), which a passage copied from another article may not be made of: when a new article is
    compared with this one, its quotes are read back instead of found again.
    """

    article = models.OneToOneField("articles.Article", primary_key=True, on_delete=models.CASCADE, related_name="highlights")
    marked_html = models.TextField()
    # Null only where code from before this field wrote the row (a worker during a deploy): such
    # an article's quotes are found again when needed.
    quote_spans = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "article highlights"

    def __str__(self) -> str:
        return f"highlights of article {self.article_id}"
