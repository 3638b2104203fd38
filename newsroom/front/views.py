"""The pages people browse: the latest stories, the reader view, and an original as plain text."""

from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.db.models import F
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsroom.articles.models import Article
from newsroom.front.fragments import kept_fragment
from newsroom.front import scopes
from newsroom.front.page_cache import cached_for_readers, page_shows
from newsroom.stories.models import Story

STORIES_PER_PAGE = 30


@dataclass(frozen=True)
class StoriesPage:
    """One page of the latest stories, told apart from the next by reading one story more: never a COUNT.

    Counting the listed stories for "page N of M" was a sequential scan of the story table on every
    home page view (10.7 ms of PostgreSQL time at 40,726 stories, bench/reading.py), growing with the site.
    """

    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def page_number(value: str | None) -> int:
    """The ?page= asked for; anything that is not a positive number means the first page."""
    return int(value) if value and value.isdigit() and 0 < int(value) < 100_000 else 1


@require_GET
@cached_for_readers
def home(request):
    """Latest stories first, single-article stories included; one query whatever the corpus size."""
    number = page_number(request.GET.get("page"))
    offset = (number - 1) * STORIES_PER_PAGE
    stories = list(
        Story.objects.listed().latest_first().only(
            "pk", "headline", "slug", "article_count", "source_names", "last_published", "latest_at", "representative_id"
        )[offset : offset + STORIES_PER_PAGE + 1]
    )
    page = StoriesPage(stories[:STORIES_PER_PAGE], number, has_next=len(stories) > STORIES_PER_PAGE)
    cards = [kept_fragment("front/home.html#story-card", story_card_key(story), {"story": story}) for story in page.object_list]
    return render(request, "front/home.html", {"page": page, "cards": cards})


def story_card_key(story: Story) -> tuple:
    """Every field a story card shows (the `only()` above): a card is rendered again when one changes."""
    return (story.pk, story.slug, story.headline, story.article_count, tuple(story.source_names or ()),
            story.representative_id, story.last_published)


# What the reader view shows: about half the columns of the four tables it joins, so less SQL to
# compile and fewer values to convert (bench/reading.py's article page).
ARTICLE_PAGE_FIELDS = (
    "pk", "status", "error", "title", "excerpt", "filename", "byline", "published", "word_count", "language",
    "canonical_url", "html", "source__name", "highlights__marked_html",
    "membership__story__id", "membership__story__slug", "membership__story__headline", "membership__story__article_count",
)


@require_GET
@cached_for_readers
def article_detail(request, pk: int):
    """The reader view, its quotes marked (links to /quotes/<id>/ land on #q-ID), between its story's neighbours."""
    article = get_object_or_404(
        Article.objects.select_related("source", "highlights", "membership__story").only(*ARTICLE_PAGE_FIELDS), pk=pk
    )
    if article.status != Article.Status.READY and not request.user.is_staff:
        raise Http404("This article has not been processed.")
    highlights = getattr(article, "highlights", None)
    membership = getattr(article, "membership", None)
    context = {
        "article": article,
        "body": (highlights.marked_html if highlights else "") or article.html,
        "story": membership.story if membership else None,
    }
    if membership:
        context["previous"], context["next"] = story_neighbours(membership.story_id, article.pk)
        # Its story's headline and neighbours are on the page: a change to the story drops it too.
        page_shows(request, scopes.story(membership.story_id))
    return render(request, "front/article.html", context)


def story_neighbours(story_id: int, article_id: int):
    """The articles before and after this one in its story, in the story page's order (one query)."""
    siblings = list(
        Article.objects.ready().filter(membership__story_id=story_id)
        .order_by(F("published").asc(nulls_last=True), "pk")
        .only("pk", "title", "excerpt", "filename")
    )
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == article_id), None)
    if index is None:
        return None, None
    return (siblings[index - 1] if index > 0 else None), (siblings[index + 1] if index + 1 < len(siblings) else None)


@require_GET
def article_original(request, pk: int):
    """The uploaded bytes decoded as text and served as text/plain: never rendered as HTML."""
    article = get_object_or_404(Article.objects.select_related("original"), pk=pk)
    if article.status != Article.Status.READY and not request.user.is_staff:
        raise Http404("This article has not been processed.")
    response = HttpResponse(article.original_as_text(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = "inline"
    # A sandboxed, script-less policy in case a browser ever sniffs it anyway.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
def healthz(request):
    """For load balancers and compose: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
