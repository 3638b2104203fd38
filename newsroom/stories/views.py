"""The story page (permalinks that never break) and editors' corrections on it."""

from functools import lru_cache, wraps
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from newsroom.front.fragments import kept_fragment
from newsroom.front.page_cache import cached_for_readers
from newsroom.quotes.sharing import marked_columns
from newsroom.stories.comparison import COLUMN_KEYS, chosen_columns, focusable_marks, permalink_query, shared_quotes
from newsroom.stories.forms import HeadlineForm, LockForm, MergeForm, MoveForm, SplitForm
from newsroom.stories.models import Membership, Story
from newsroom.stories.unique_sentences import unique_sentences


def staff_only(view):
    """Corrections are for editors: anyone else gets 403, before anything is read or changed."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied("Only editors can correct stories.")
        return view(request, *args, **kwargs)

    return checked


@require_GET
@vary_on_headers("HX-Request")
@cached_for_readers
def story_detail(request, pk: int, slug: str = ""):
    story = get_object_or_404(Story, pk=pk)
    # Permalinks never break: an absorbed story sends readers to its survivor, an old or wrong slug to the current one.
    if story.merged_into_id:
        return redirect(story.survivor(), permanent=True)
    if slug != story.slug:
        return redirect(story, permanent=True)
    return story_page(request, story, requested=[])


@require_GET
@vary_on_headers("HX-Request")
@cached_for_readers
def story_compare(request, pk: int, slug: str):
    """A shareable comparison: /stories/<id>-<slug>/compare/?a=ID&b=ID[&c=ID&d=ID], columns in that order."""
    story = get_object_or_404(Story, pk=pk)
    if story.merged_into_id:
        return redirect(story.survivor(), permanent=True)
    if slug != story.slug:
        return redirect(f"{story.compare_url()}?{request.GET.urlencode()}", permanent=True)
    if "article" in request.GET:
        # The chooser's form sends article=ID for each box ticked; its permalink is the a=…&b=… form.
        requested = request.GET.getlist("article")
        if not request.htmx:
            return redirect(f"{story.compare_url()}?{permalink_query([int(i) for i in requested if i.isdigit()])}")
    else:
        requested = [request.GET.get(key) for key in COLUMN_KEYS]
    return story_page(request, story, requested=requested)


def story_page(request, story: Story, requested: list[str]):
    """The story page, or only its columns for htmx; four queries whatever the number of articles."""
    memberships = list(
        story.memberships.filter(article__status="ready")
        .select_related("article__source")
        .order_by(F("article__published").asc(nulls_last=True), "article_id")
    )
    articles = [m.article for m in memberships]
    chosen = chosen_columns([a.pk for a in articles], requested)
    by_id = {article.pk: article for article in articles}
    if story.representative_id in by_id:  # the link preview's image, without another query
        story.representative = by_id[story.representative_id]
    marked = marked_columns(chosen)
    html = [marked[pk] or by_id[pk].html for pk in chosen]
    quotes = shared_quotes(html)
    adds = sentences_only_each_adds(tuple((article.pk, article.text) for article in articles))
    columns = [
        story_column({"article": by_id[pk], "html": focusable_marks(markup, quotes), "adds": adds.get(pk, [])})
        for pk, markup in zip(chosen, html)
    ]
    permalink = f"{story.compare_url()}?{permalink_query(chosen)}"
    context = {
        "story": story, "memberships": memberships, "columns": columns, "chosen": chosen,
        "shared_quotes": quotes, "permalink": permalink,
    }
    context["timeline"] = [
        (day, [timeline_entry(article, chosen) for article in members])
        for day, members in groupby(articles, key=lambda a: a.published.date() if a.published else None)
    ]
    if request.htmx:
        response = render(request, "stories/story.html#comparison", context)
        response["HX-Push-Url"] = permalink
        return response
    if request.user.is_staff:
        context["headline_form"] = HeadlineForm(initial={"headline": story.headline})
    return render(request, "stories/story.html", context)


def shown_article_fields(article) -> tuple:
    """What the timeline and a column show of an article besides its text."""
    source_name = article.source.name if article.source else None
    return (article.pk, article.display_title, source_name, article.byline, article.published)


def timeline_entry(article, chosen: list[int]):
    """One article of the story's timeline, its box ticked when it is shown as a column."""
    return kept_fragment("stories/story.html#timeline-entry", (*shown_article_fields(article), article.pk in chosen),
                         {"article": article, "chosen": chosen})


def story_column(column: dict):
    """One article side by side: its header, what only it reports, and its marked text."""
    key = (*shown_article_fields(column["article"]), tuple(column["adds"]), column["html"])
    return kept_fragment("stories/story.html#column", key, {"column": column})


# The 256 stories read most recently, per process; their texts are the keys (about 20 MB at ten 8 KB articles each).
@lru_cache(maxsize=256)
def sentences_only_each_adds(texts: tuple[tuple[int, str], ...]) -> dict[int, list[str]]:
    """`unique_sentences` of a story's members, kept per process: the texts are the key, so a member
    reprocessed, moved or added is a new key. Half the story page's CPU time at 10 articles
    (bench/reading.py: 5.5 of 12.4 ms per request), and the same answer every time it is read."""
    return unique_sentences(dict(texts))


@require_POST
@staff_only
def edit_headline(request, pk: int):
    story = get_object_or_404(Story, pk=pk)
    form = HeadlineForm(request.POST)
    if form.is_valid():
        story.set_headline(form.cleaned_data["headline"], edited=True)
        messages.success(request, "Headline changed; the old link still works.")
    else:
        messages.error(request, "A headline cannot be empty.")
    return redirect(story)


@require_POST
@staff_only
def merge(request, pk: int):
    story = get_object_or_404(Story, pk=pk)
    form = MergeForm(request.POST)
    if not form.is_valid() or form.cleaned_data["into"].pk == story.pk:
        messages.error(request, "Give the number of another story to merge into.")
        return redirect(story.survivor())
    survivor = story.merge_into(form.cleaned_data["into"])
    messages.success(request, f"Merged story {story.pk} into this one; its link now leads here.")
    return redirect(survivor)


@require_POST
@staff_only
def move_article(request, pk: int):
    story = get_object_or_404(Story, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the number of the story to move the article to.")
        return redirect(story)
    membership = get_object_or_404(Membership, story=story, article_id=form.cleaned_data["article"])
    membership.move_to(form.cleaned_data["to"])
    messages.success(request, "Article moved; automatic clustering will keep it there.")
    return redirect(story)


@require_POST
@staff_only
def split(request, pk: int):
    story = get_object_or_404(Story, pk=pk)
    form = SplitForm(request.POST, story=story)
    if not form.is_valid():
        messages.error(request, "Choose the articles of this story to split off.")
        return redirect(story)
    new_story = story.split_off(form.cleaned_data["articles"])
    messages.success(request, f"Split into a new story: {new_story.headline}.")
    return redirect(story)


@require_POST
@staff_only
def lock(request, pk: int):
    story = get_object_or_404(Story, pk=pk)
    form = LockForm(request.POST)
    form.is_valid()  # a missing box means unlock
    if form.cleaned_data.get("locked"):
        story.lock()
        messages.success(request, "Story locked: automatic clustering will not change its articles.")
    else:
        story.unlock()
        messages.success(request, "Story unlocked.")
    return redirect(story)
