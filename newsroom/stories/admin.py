"""Editors' corrections in the admin: merge, split, lock, move, and headline edits."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse

from newsroom.stories.models import Membership, Story, StorySlug


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["article", "score", "assigned_by", "assigned_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class StorySlugInline(admin.TabularInline):
    model = StorySlug
    fields = ["slug", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MergeTargetForm(forms.Form):
    into = forms.ModelChoiceField(Story.objects.listed(), widget=forms.NumberInput, to_field_name="pk",
                                  label="Story number to merge the selected stories into")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["pk", "headline", "article_count", "source_count", "last_published", "locked", "merged_into"]
    list_filter = ["locked", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["headline", "slug"]
    fields = ["headline", "slug", "headline_is_edited", "locked", "merged_into", "article_count", "source_count",
              "first_published", "last_published"]
    readonly_fields = ["slug", "headline_is_edited", "merged_into", "article_count", "source_count",
                       "first_published", "last_published"]
    inlines = [MembershipInline, StorySlugInline]
    actions = ["lock_stories", "unlock_stories", "merge_stories"]
    ordering = ["-last_published"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("merged_into")

    def has_add_permission(self, request):
        return False  # stories come from clustering; editors split or merge them

    def save_model(self, request, obj, form, change):
        if "headline" in form.changed_data:
            headline = obj.headline
            obj.headline = form.initial.get("headline", "")
            obj.set_headline(headline, edited=True)
        if "locked" in form.changed_data:
            obj.lock() if obj.locked else obj.unlock()

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    @admin.action(description="Lock: automatic clustering never changes their articles")
    def lock_stories(self, request, queryset):
        for story in queryset:
            story.lock()
        messages.success(request, f"Locked {queryset.count()} stories.")

    @admin.action(description="Unlock")
    def unlock_stories(self, request, queryset):
        for story in queryset:
            story.unlock()

    @admin.action(description="Merge into another story…")
    def merge_stories(self, request, queryset):
        form = MergeTargetForm(request.POST if "into" in request.POST else None)
        if form.is_valid():
            survivor = form.cleaned_data["into"]
            with transaction.atomic():
                for story in queryset.exclude(pk=survivor.pk):
                    survivor = story.merge_into(survivor)
            messages.success(request, f"Merged into story {survivor.pk}; the absorbed stories' links lead there.")
            return redirect(reverse("admin:stories_story_change", args=[survivor.pk]))
        return render(request, "admin/stories/merge.html", {
            **self.admin_site.each_context(request), "form": form, "stories": queryset,
            "action": "merge_stories", "title": "Merge stories", "opts": self.model._meta,
        })


class MoveForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["story"]
        widgets = {"story": forms.NumberInput}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Moving an article: change its story here (the move is an editor's decision that recluster keeps)."""

    form = MoveForm
    list_display = ["article", "story", "score", "assigned_by"]
    list_filter = ["assigned_by"]
    raw_id_fields = ["story"]
    actions = ["split_into_new_story"]
    list_select_related = ["article", "story"]
    search_fields = ["article__title"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "story" in form.changed_data:
            target = obj.story
            obj.story_id = form.initial["story"]
            obj.move_to(target)

    @admin.action(description="Split the selected articles off into a new story")
    def split_into_new_story(self, request, queryset):
        created = []
        for story_id in sorted(set(queryset.values_list("story_id", flat=True))):
            story = Story.objects.get(pk=story_id)
            created.append(story.split_off(list(queryset.filter(story_id=story_id).values_list("article_id", flat=True))))
        messages.success(request, f"Made {len(created)} new stor{'y' if len(created) == 1 else 'ies'}.")
