"""Stories (every article about one event), who is in them and why, and the index that finds candidates.

The clustering itself is the pure core (`features`, `similarity`, `clustering`); `assignment.assign_story`
runs it at upload time. Editors' corrections are the methods of `Story` and `Membership` below.
"""

import json

from django.db import connection, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from newsroom.sql_lists import insert_rows, key_array, one_of, one_of_keys
from newsroom.stories.features import EventFeatures, index_keys
from newsroom.stories.similarity import StoryProfile

SLUG_LENGTH = 80
# A key held by more stories than this names a topic, not an event (clustering.MAX_POSTINGS, 200):
# it is no longer looked up, and no more postings are stored for it, so the index stays bounded.
from newsroom.stories.clustering import MAX_POSTINGS  # noqa: E402

# A join's keys (an article's index keys) are looked up in one statement that names them twice; a rebuild's
# (every member's keys) take the two plain queries, whose one IN list each stays within SQLite's parameter limit.
ONE_LOOK_UP_KEYS = 500
DOCUMENTS_KEY = "#documents"  # KeyCount row holding how many articles the document frequencies count
# What a join may change besides the profile (always changed) and updated_at (auto_now): `Story.absorb` writes those
# of them that did change.
_ABSORBED_FIELDS = ("first_published", "last_published", "article_count", "latest_at", "source_names", "source_count",
                    "representative_id", "representative_score", "headline", "slug", "headline_is_edited")


class StoryQuerySet(models.QuerySet):
    def listed(self):
        """Stories a reader can open: not absorbed by another, with at least one article."""
        return self.filter(merged_into__isnull=True, article_count__gt=0)

    def latest_first(self):
        return self.order_by("-latest_at", "-pk")


class Story(models.Model):
    """Every article about one real-world event. Its id never changes; its permalink is /stories/<id>-<slug>/."""

    headline = models.CharField(max_length=500, blank=True)
    slug = models.SlugField(max_length=SLUG_LENGTH, blank=True, allow_unicode=False)
    headline_is_edited = models.BooleanField(default=False, help_text="an editor wrote the headline: keep it")
    locked = models.BooleanField(default=False, help_text="automatic clustering never changes a locked story's articles")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed",
        help_text="the story that absorbed this one: its permalink answers 301 to it",
    )
    # The member whose title is the headline: the one closest to the story's profile.
    representative = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    representative_score = models.FloatField(default=0.0)

    # Denormalized so lists show them without counting or joining members.
    first_published = models.DateTimeField(null=True, blank=True)
    last_published = models.DateTimeField(null=True, blank=True)
    article_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0)
    source_names = models.JSONField(default=list, blank=True)

    # What "latest first" sorts on: the newest member's date, or when the story began for undated coverage.
    latest_at = models.DateTimeField(default=timezone.now)

    profile = models.JSONField(default=dict, blank=True, help_text="StoryProfile of the members (similarity.py)")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        indexes = [models.Index(fields=["-latest_at", "-id"], name="story_latest")]

    def __str__(self) -> str:
        return self.headline or f"Story {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("stories:story", args=[self.pk, self.slug or "story"])

    def compare_url(self) -> str:
        """Where side-by-side comparisons of chosen articles live (add ?a=ID&b=ID…)."""
        return reverse("stories:compare", args=[self.pk, self.slug or "story"])

    # Identity ---------------------------------------------------------------------------

    def set_headline(self, headline: str, *, edited: bool, save: bool = True) -> None:
        """Change the headline and its slug; the old slug keeps answering (301) through StorySlug.

        `save=False` leaves saving to a caller that saves the story anyway (one UPDATE per join).
        """
        headline = " ".join(headline.split())[:500]
        slug = slugify(headline)[:SLUG_LENGTH].strip("-") or "story"
        if self.slug and self.slug != slug and self.pk:
            StorySlug.objects.get_or_create(story=self, slug=self.slug)
        self.headline, self.slug = headline, slug
        self.headline_is_edited = self.headline_is_edited or edited
        if save and self.pk:
            self.save(update_fields=["headline", "slug", "headline_is_edited", "updated_at"])

    @property
    def summary_line(self) -> str:
        """"4 articles from 3 sources: A, B, C" — the description used in lists, the feed and link previews."""
        articles = f"{self.article_count} article{'s' if self.article_count != 1 else ''}"
        if not self.source_names:
            return articles
        sources = f"{self.source_count} source{'s' if self.source_count != 1 else ''}"
        return f"{articles} from {sources}: {', '.join(self.source_names)}"

    def survivor(self) -> "Story":
        """The story this one now lives in (itself unless merged, following chains of merges)."""
        story, seen = self, {self.pk}
        while story.merged_into_id and story.merged_into_id not in seen:
            seen.add(story.merged_into_id)
            story = story.merged_into
        return story

    def profile_object(self) -> StoryProfile:
        return StoryProfile.from_dict(self.profile) if self.profile else StoryProfile()

    # Editors' corrections -----------------------------------------------------------------

    def lock(self) -> None:
        """Freeze the membership: automatic clustering and `recluster` leave this story's articles alone."""
        self.locked = True
        self.save(update_fields=["locked", "updated_at"])

    def unlock(self) -> None:
        self.locked = False
        self.save(update_fields=["locked", "updated_at"])

    def merge_into(self, other: "Story") -> "Story":
        """Move every article of this story into `other`; this story's permalink then answers 301 to `other`."""
        if other.pk == self.pk:
            raise ValueError("A story cannot be merged into itself.")
        with transaction.atomic():
            stories = lock_stories([self.pk, other.pk])
            this, survivor = stories[self.pk], stories[other.pk]
            survivor = survivor.survivor()
            Membership.objects.filter(story=this).update(
                story=survivor, assigned_by=Membership.AssignedBy.EDITOR, assigned_at=timezone.now()
            )
            Story.objects.filter(merged_into=this).update(merged_into=survivor)
            this.merged_into = survivor
            this.save(update_fields=["merged_into", "updated_at"])
            this.rebuild()
            survivor.rebuild()
        return survivor

    def take_in(self, small: "Story", profile: StoryProfile, why: dict) -> None:
        """Automatic merge: the articles of `small` (at most clustering.SMALL_STORY of them) join this story,
        whose merged `profile` the pure core computed; `small`'s permalink then answers 301 here.

        Unlike `merge_into` (an editor's decision, which rebuilds both stories), this costs `small`'s members
        and index keys only, never this story's, and the moved articles stay automatically placed."""
        moved = list(Membership.objects.filter(story=small).select_related("article__source"))
        for membership in moved:
            membership.story = self
            membership.explanation = {**why, "reasons": [f"its story {small.pk} was merged into this one", *why["reasons"]]}
            membership.save(update_fields=["story", "explanation"])
        Story.objects.filter(merged_into=small).update(merged_into=self)
        self.profile = profile.to_dict()
        self.first_published = min(filter(None, [self.first_published, small.first_published]), default=None)
        self.last_published = max(filter(None, [self.last_published, small.last_published]), default=None)
        self.latest_at = self.last_published or self.latest_at
        self.article_count += len(moved)
        self.source_names = sorted(set(self.source_names) | set(small.source_names))
        self.source_count = len(self.source_names)
        # The representative stays unless the newcomer's is closer to the merged profile.
        reps = dict(
            ArticleFeatures.objects.filter(article_id__in=[self.representative_id, small.representative_id])
            .values_list("article_id", "features")
        )
        scores = {pk: profile_closeness(EventFeatures.from_dict(f), profile) for pk, f in reps.items()}
        self.representative_score = scores.get(self.representative_id, 0.0)
        if small.representative_id in scores and scores[small.representative_id] > self.representative_score:
            self.representative_id, self.representative_score = small.representative_id, scores[small.representative_id]
            self.representative = small.representative
            self._choose_headline(save=False)
        self.save()
        keys = set(StoryKey.objects.filter(story=small).values_list("key", flat=True))
        small.replace_keys(set())
        self.add_keys(keys)
        small.merged_into = self
        small.profile, small.article_count, small.source_count, small.source_names = {}, 0, 0, []
        small.save(update_fields=["merged_into", "profile", "article_count", "source_count", "source_names", "updated_at"])

    def move_article(self, article) -> "Membership":
        """Put `article` in this story, as an editor's decision that automatic clustering keeps."""
        return Membership.objects.get(article=article).move_to(self)

    def split_off(self, articles) -> "Story":
        """Take `articles` out of this story into a new story; this story keeps its id and permalink."""
        article_ids = [getattr(article, "pk", article) for article in articles]
        with transaction.atomic():
            lock_stories([self.pk])
            members = Membership.objects.filter(story=self, article_id__in=article_ids)
            if not members.exists():
                raise ValueError("None of these articles is in this story.")
            new_story = Story.objects.create()
            members.update(story=new_story, assigned_by=Membership.AssignedBy.EDITOR, assigned_at=timezone.now())
            self.refresh_from_db()
            self.rebuild()
            new_story.rebuild()
        return new_story

    # Keeping the derived data right --------------------------------------------------------

    def rebuild(self) -> None:
        """Recompute profile, headline, counts, dates and index keys from the members (after a correction).

        Costs one pass over this story's members: corrections are rare, joins use `absorb` instead.
        """
        members = list(
            Membership.objects.filter(story=self)
            .select_related("article__source", "article__story_features")
            .order_by(F("article__published").asc(nulls_last=True), "article_id")
        )
        features = {m.article_id: m.article_features() for m in members}
        profile = StoryProfile.of([f for f in features.values() if f is not None])
        self.profile = profile.to_dict()
        self._summarize([m.article for m in members])
        self.representative, self.representative_score = None, 0.0
        for member in members:
            if features[member.article_id] is not None:
                closeness = profile_closeness(features[member.article_id], profile)
                if self.representative is None or closeness > self.representative_score:
                    self.representative, self.representative_score = member.article, closeness
        if self.representative is None and members:
            self.representative = members[0].article
        self.save()
        self._choose_headline()
        keys = set()
        for member_features in features.values():
            if member_features is not None:
                keys |= index_keys(member_features)
        self.replace_keys(keys)

    def absorb(
        self, article, features: EventFeatures, profile: StoryProfile, *, new_story: bool = False,
        keys: set[str] | None = None,
    ) -> None:
        """Account for one article that just joined: its profile (already updated), counts, dates, headline.

        One UPDATE of the story (headline included), of the fields that changed only, and the new index keys;
        `new_story` (it was just created for this article) spares looking up keys it cannot have yet; `keys`, the
        article's `index_keys` when the caller has them already.
        """
        before = {name: getattr(self, name) for name in _ABSORBED_FIELDS}
        self.profile = profile.to_dict()
        published = article.published
        if published:
            self.first_published = min(filter(None, [self.first_published, published]))
            self.last_published = max(filter(None, [self.last_published, published]))
        self.article_count += 1
        self.latest_at = self.last_published or self.latest_at
        if article.source and article.source.name not in self.source_names:
            self.source_names = sorted([*self.source_names, article.source.name])
        self.source_count = len(self.source_names)
        # The newcomer becomes the representative if it is closer to the profile than the current one.
        closeness = profile_closeness(features, profile)
        if self.representative_id and self.representative_id != article.pk:
            terms = _stored_terms(self.representative_id)
            self.representative_score = terms_closeness(terms, profile) if terms is not None else 0.0
        if not self.representative_id or closeness > self.representative_score:
            self.representative, self.representative_score = article, closeness
            self._choose_headline(save=False)
        elif not self.headline:
            self._choose_headline(save=False)
        # The row was locked and read by this transaction, so the fields not written still hold what it read; the
        # full-row UPDATE (every column, profile JSON included) cost 2.8 ms a join on PostgreSQL (storystep).
        changed = [name for name in _ABSORBED_FIELDS if getattr(self, name) != before[name]]
        self.save(update_fields=[*changed, "profile", "updated_at"])
        self.add_keys(index_keys(features) if keys is None else keys, posted=set() if new_story else None)

    def _summarize(self, articles) -> None:
        dates = [a.published for a in articles if a.published]
        self.first_published = min(dates) if dates else None
        self.last_published = max(dates) if dates else None
        self.article_count = len(articles)
        self.latest_at = self.last_published or self.created_at or timezone.now()
        self.source_names = sorted({a.source.name for a in articles if a.source})
        self.source_count = len(self.source_names)

    def _choose_headline(self, *, save: bool = True) -> None:
        if self.headline_is_edited or self.representative is None:
            return
        headline = self.representative.display_title
        if headline != self.headline:
            self.set_headline(headline, edited=False, save=save)

    def add_keys(self, keys: set[str], *, posted: set[str] | None = None) -> None:
        """Post this story under `keys` (those not already posted), skipping keys too common to look up.

        `posted`: the keys this story is known to be posted under already (an empty set for a story just
        created), which spares looking them up.
        """
        keys = {key[:200] for key in keys}
        crowded = None
        if posted is None and len(keys) <= ONE_LOOK_UP_KEYS:
            posted, crowded = self._posted_and_crowded(keys)
        elif posted is None:
            posted = set(StoryKey.objects.filter(story=self, key__in=keys).values_list("key", flat=True))
        new = sorted(keys - posted)
        if not new:
            return
        if crowded is None:
            crowded = set(KeyCount.objects.filter(key__in=new, stories__gt=MAX_POSTINGS).values_list("key", flat=True))
        _insert_postings(self.pk, [key for key in new if key not in crowded])
        # Counted even when not stored: the count is what marks the key as a topic.
        KeyCount.add(stories=new)

    def _posted_and_crowded(self, keys: set[str]) -> tuple[set[str], set[str]]:
        """Which of `keys` this story is posted under, and which are too common to post: one round trip (after
        each join), in SQL, where two ORM queries cost more to build than to run."""
        quote = connection.ops.quote_name
        postings, counts = quote(StoryKey._meta.db_table), quote(KeyCount._meta.db_table)
        ordered = sorted(keys)
        wanted, params = one_of(ordered)
        sql = f"""
            SELECT {quote("key")}, 0 FROM {postings} WHERE {quote("story_id")} = %s AND {quote("key")} {wanted}
            UNION ALL
            SELECT {quote("key")}, 1 FROM {counts} WHERE {quote("key")} {wanted} AND {quote("stories")} > %s"""  # noqa: S608 (names only; values are parameters)
        posted, crowded = set(), set()
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.pk, *params, *params, MAX_POSTINGS])
            for key, is_count in cursor.fetchall():
                (crowded if is_count else posted).add(key)
        return posted, crowded

    def replace_keys(self, keys: set[str]) -> None:
        keys = {key[:200] for key in keys}
        stale = StoryKey.objects.filter(story=self).exclude(key__in=keys)
        gone = sorted(stale.values_list("key", flat=True))
        if gone:
            stale.delete()
            KeyCount.objects.filter(key__in=gone, stories__gt=0).update(stories=F("stories") - 1)
        self.add_keys(keys)


class StorySlug(models.Model):
    """A slug a story had before: kept so old links still reach it (with a 301 to the current one)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=SLUG_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "slug"], name="story_slug_unique")]

    def __str__(self) -> str:
        return self.slug


class Membership(models.Model):
    """Which story an article is in, how well it fits, and why (shown to editors)."""

    class AssignedBy(models.TextChoices):
        AUTO = "auto", "Automatic clustering"
        EDITOR = "editor", "An editor"

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="membership")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="memberships")
    score = models.FloatField(null=True, blank=True, help_text="fit to the story when it joined; empty for a founder")
    explanation = models.JSONField(default=dict, blank=True)
    assigned_by = models.CharField(max_length=10, choices=AssignedBy.choices, default=AssignedBy.AUTO)
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["story", "article"], name="membership_story_article")]

    def __str__(self) -> str:
        return f"article {self.article_id} in story {self.story_id}"

    @property
    def by_editor(self) -> bool:
        return self.assigned_by == self.AssignedBy.EDITOR

    def article_features(self) -> EventFeatures | None:
        stored = getattr(self.article, "story_features", None)
        return stored.event_features() if stored else None

    def move_to(self, story: Story) -> "Membership":
        """Move this article to `story` as an editor's decision; both stories are rebuilt around it."""
        if story.merged_into_id:
            story = story.survivor()
        with transaction.atomic():
            stories = lock_stories([self.story_id, story.pk])
            old = stories[self.story_id]
            self.story = stories[story.pk]
            self.assigned_by = self.AssignedBy.EDITOR
            self.assigned_at = timezone.now()
            self.explanation = {**self.explanation, "reasons": ["moved here by an editor"]}
            self.save(update_fields=["story", "assigned_by", "assigned_at", "explanation"])
            old.rebuild()
            self.story.rebuild()
        return self


class ArticleFeatures(models.Model):
    """An article's event features (features.EventFeatures), computed once when it is processed."""

    article = models.OneToOneField("articles.Article", primary_key=True, on_delete=models.CASCADE, related_name="story_features")
    features = models.JSONField()
    text_hash = models.CharField(max_length=64, help_text="SHA-256 of the title and text the features were computed from")
    counted = models.BooleanField(default=False, help_text="its words are in the document frequencies")

    class Meta:
        verbose_name_plural = "article features"

    def __str__(self) -> str:
        return f"features of article {self.article_id}"

    def event_features(self) -> EventFeatures:
        return EventFeatures.from_dict(self.features)


class StoryKey(models.Model):
    """Inverted index: a rare term, name or amount (features.index_keys) → the stories whose members have it.

    Candidate stories come only from looking an article's keys up here, never from scanning stories.
    """

    key = models.CharField(max_length=200)
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="keys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "story"], name="story_key_unique")]

    def __str__(self) -> str:
        return f"{self.key} → {self.story_id}"


class KeyCount(models.Model):
    """Per key: in how many articles it occurs (document frequency, for weighting words) and how many
    stories are posted under it (to skip topic words). The row DOCUMENTS_KEY counts the articles."""

    key = models.CharField(max_length=200, primary_key=True)
    documents = models.PositiveIntegerField(default=0)
    stories = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.key

    @classmethod
    def add(cls, *, documents: set[str] = frozenset(), stories: set[str] | list[str] = ()) -> None:
        """Add one to each key's document count and/or story count, in one upsert statement.

        Keys go in sorted order, so two workers updating overlapping keys take row locks in the same
        order and never deadlock.
        """
        by_key: dict[str, list[int]] = {}  # key -> [documents, stories] to add
        for key in documents:
            by_key.setdefault(key[:200], [0, 0])[0] += 1
        for key in stories:
            by_key.setdefault(key[:200], [0, 0])[1] += 1
        if not by_key:
            return
        table = connection.ops.quote_name(cls._meta.db_table)
        items = sorted(by_key.items())
        upsert = (f"ON CONFLICT (\"key\") DO UPDATE SET documents = {table}.documents + excluded.documents, "
                  f"stories = {table}.stories + excluded.stories")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Three arrays instead of hundreds of parameters: psycopg keeps the parsed form only of
                # short queries, and re-splitting this one cost more than the upsert (cProfile, cluster3).
                # unnest keeps the sorted order, so row locks are still taken in key order.
                keys = [key for key, _ in items]
                added_documents, added_stories = [docs for _, (docs, _s) in items], [st for _, (_d, st) in items]
                # The keys as one string the server splits (sql_lists.key_array), the counts as numbers joined by
                # commas: psycopg writes array parameters element by element in Python (cProfile, storystep).
                keys_sql, params = key_array(keys)
                arrays = f"{keys_sql}, string_to_array(%s, ',')::integer[], string_to_array(%s, ',')::integer[]"
                params = [*params, _numbers(added_documents), _numbers(added_stories)]
                cursor.execute(
                    f'INSERT INTO {table} ("key", "documents", "stories") SELECT * FROM unnest({arrays}) {upsert}',  # noqa: S608
                    params,
                )
                return
            insert_rows(cursor, cls._meta.db_table, ("key", "documents", "stories"),
                        [(key, docs, stories_) for key, (docs, stories_) in items], suffix=upsert)

    @classmethod
    def document_frequencies(cls, keys) -> dict[str, int]:
        keys = list(keys)
        if connection.vendor == "postgresql":
            # One array parameter, not an IN list of every distinct word (see `add`).
            table = connection.ops.quote_name(cls._meta.db_table)
            test, params = one_of_keys(keys)
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT "key", documents FROM {table} WHERE "key" {test}', params)  # noqa: S608
                return dict(cursor.fetchall())
        found: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            found.update(cls.objects.filter(key__in=keys[start : start + 500]).values_list("key", "documents"))
        return found


def _insert_postings(story_id: int, keys: list[str]) -> None:
    """Post story `story_id` under `keys` (in their order), as `StoryKey.objects.bulk_create` would (the model has no
    signal receivers). In SQL: building the model objects and the ORM's INSERT cost more than a join's other writes
    together (cProfile, storystep3)."""
    if not keys:
        return
    table = connection.ops.quote_name(StoryKey._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One string the server splits (as KeyCount's keys), in order: the ids follow the keys' order as before.
            keys_sql, params = key_array(keys)
            cursor.execute(
                f'INSERT INTO {table} ("key", "story_id") SELECT k, %s FROM unnest({keys_sql}) AS k',  # noqa: S608 (names only)
                [story_id, *params],
            )
            return
        insert_rows(cursor, StoryKey._meta.db_table, ("key", "story_id"), [(key, story_id) for key in keys])


def _numbers(values: list[int]) -> str:
    return ",".join(map(str, values))


def lock_stories(ids) -> dict[int, Story]:
    """The stories with these ids, locked until the transaction ends (in id order, so never deadlocking).
    Uploads lock their candidates through `profile_cache.lock_stories_with_profiles` instead."""
    ids = sorted(set(ids))
    stories = Story.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {story.pk: story for story in stories}


def _stored_terms(article_id: int) -> dict[str, float] | None:
    """An article's stored feature terms (None without stored features), in SQL: the ORM's look-up cost 1.5 ms of CPU
    where this costs 0.25 (bench/README.md, storystep2). Decoded from the same JSON text as the ORM's, so in the same
    order."""
    quote = connection.ops.quote_name
    sql = f"SELECT {quote('features')} FROM {quote(ArticleFeatures._meta.db_table)} WHERE {quote('article_id')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_id])
        row = cursor.fetchone()
    if row is None:
        return None
    features = row[0]
    return (json.loads(features) if isinstance(features, str) else features)["terms"]


def profile_closeness(features: EventFeatures, profile: StoryProfile) -> float:
    """Cosine of an article's terms with the story's centroid: how representative the article is."""
    return terms_closeness(features.terms, profile)


def terms_closeness(terms: dict[str, float], profile: StoryProfile) -> float:
    """`profile_closeness` of an article's terms alone (in their stored order: the sum's rounding follows it)."""
    centroid = profile.centroid
    norm = sum(v * v for v in centroid.values()) ** 0.5 or 1.0
    return sum(weight * centroid.get(key, 0.0) for key, weight in terms.items()) / norm
