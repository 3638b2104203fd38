"""Rebuild automatic story assignments from scratch, keeping editors' corrections and, where membership
mostly carries over, the old story ids (and so their permalinks)."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q

from newsroom.articles.models import Article
from newsroom.front.content_changes import content_changed
from newsroom.stories.assignment import _place, compute_features, lock_index_keys
from newsroom.stories.features import index_keys
from newsroom.stories.models import Membership, Story


@dataclass
class ReclusterResult:
    articles: int
    kept_ids: int
    new_stories: int
    redirected: int


def recluster(progress: Callable[[Iterable], Iterable] = lambda items: items) -> ReclusterResult:
    """Assign every automatically placed article again, in publication order, through the same
    `assignment` code as uploads. Editors' placements and locked stories are left as they are.

    A story an editor placed articles in (a move or a split) keeps them and takes back only its own
    former automatic members that still fit. Then each new story takes the id of the old story that held most of its articles (largest overlap
    first, each old id used once), so permalinks survive wherever membership mostly carries over; an
    old story left empty answers 301 to the story now holding most of its former articles.
    """
    fixed = Q(assigned_by=Membership.AssignedBy.EDITOR) | Q(story__locked=True)
    with transaction.atomic():
        old_story = dict(Membership.objects.exclude(fixed).values_list("article_id", "story_id"))
        Membership.objects.exclude(fixed).delete()
        old_ids = set(Story.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
        latest_before = Story.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for story in Story.objects.filter(pk__in=old_ids, locked=False):
            story.rebuild()  # profiles and keys of what stays (editors' placements), nothing else
        # A story an editor placed articles in takes back its own former members (if they still fit) and
        # nothing else: the editor judged its contents, and its pinned articles must not attract others.
        closed = frozenset(
            Membership.objects.filter(assigned_by=Membership.AssignedBy.EDITOR, story__locked=False)
            .values_list("story_id", flat=True)
        )

    articles = (
        Article.objects.ready()
        .filter(Q(pk__in=list(old_story)) | Q(membership__isnull=True))
        .order_by(F("published").asc(nulls_last=True), "pk")
        .select_related("source", "story_features")  # read per article below: two queries fewer each
    )
    count = 0
    for article in progress(articles.iterator(chunk_size=500)):
        stored = getattr(article, "story_features", None)
        with transaction.atomic():
            features = stored.event_features() if stored else compute_features(article)
            lock_index_keys(index_keys(features))
            previous = old_story.get(article.pk)
            _place(article, features, previous_story=Story(pk=previous) if previous in closed else None, closed=closed)
        count += 1

    with transaction.atomic():
        # A story started during this run and folded into another (Story.take_in) never had a reader: drop it
        # rather than leave an empty row whose redirect would be lost when its survivor takes an old id.
        Story.objects.filter(pk__gt=latest_before, merged_into__isnull=False, article_count=0).delete()
        return _keep_old_ids(old_story, old_ids, count)


def _keep_old_ids(old_story: dict[int, int], old_ids: set[int], count: int) -> ReclusterResult:
    members: dict[int, list[int]] = {}
    for article_id, story_id in Membership.objects.values_list("article_id", "story_id"):
        members.setdefault(story_id, []).append(article_id)
    new_ids = [story_id for story_id in members if story_id not in old_ids]
    free = set(Story.objects.filter(pk__in=old_ids, article_count=0, locked=False).values_list("pk", flat=True))
    overlaps = []
    for new_id in new_ids:
        for old_id, shared in Counter(old_story[a] for a in members[new_id] if a in old_story).items():
            if old_id in free:
                overlaps.append((-shared, old_id, new_id))
    renamed: dict[int, int] = {}
    for _, old_id, new_id in sorted(overlaps):
        if old_id in free and new_id not in renamed:
            free.discard(old_id)
            renamed[new_id] = old_id
    for new_id, old_id in renamed.items():
        new_story = Story.objects.get(pk=new_id)
        Membership.objects.filter(story_id=new_id).update(story_id=old_id)
        new_story.replace_keys(set())
        new_story.delete()
        Story.objects.get(pk=old_id).rebuild()

    # Old stories left empty lead to where most of their articles went.
    now = dict(Membership.objects.values_list("article_id", "story_id"))
    redirected = 0
    for old_id in free:
        went = Counter(now[a] for a, s in old_story.items() if s == old_id and a in now and now[a] != old_id)
        if went:
            Story.objects.filter(pk=old_id).update(merged_into_id=went.most_common(1)[0][0])
            redirected += 1
    # The id swaps and redirects above are queryset updates, which no save() signal announces:
    # pages kept for readers must still be dropped.
    content_changed()
    return ReclusterResult(
        articles=count, kept_ids=len(renamed), new_stories=len(new_ids) - len(renamed), redirected=redirected
    )
