"""The story page (permalinks that never break) and editors' corrections on it."""

from functools import wraps
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from newsroom.stories.forms import HeadlineForm, LockForm, MergeForm, MoveForm, SplitForm
from newsroom.stories.models import Membership, Story


def staff_only(view):
    """Corrections are for editors: anyone else gets 403, before anything is read or changed."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied("Only editors can correct stories.")
        return view(request, *args, **kwargs)

    return checked


@require_GET
def story_detail(request, pk: int, slug: str = ""):
    story = get_object_or_404(Story, pk=pk)
    # Permalinks never break: an absorbed story sends readers to its survivor, an old or wrong slug to the current one.
    if story.merged_into_id:
        return redirect(story.survivor(), permanent=True)
    if slug != story.slug:
        return redirect(story, permanent=True)
    memberships = list(
        story.memberships.filter(article__status="ready")
        .select_related("article__source")
        .defer("article__text", "article__html")
        .order_by(F("article__published").asc(nulls_last=True), "article_id")
    )
    timeline = [
        (day, [m.article for m in members])
        for day, members in groupby(memberships, key=lambda m: m.article.published.date() if m.article.published else None)
    ]
    context = {"story": story, "memberships": memberships, "timeline": timeline}
    if request.user.is_staff:
        context["headline_form"] = HeadlineForm(initial={"headline": story.headline})
    return render(request, "stories/story.html", context)


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
