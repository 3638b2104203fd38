"""Admin for editors: quotes, speakers and occurrences to inspect; they are rebuilt by processing, so read-mostly."""

from django.contrib import admin
from django.utils.html import format_html

from newsroom.quotes.models import Quote, QuoteOccurrence, SharedPassage, Speaker


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows made by processing: editors look and delete, `reprocess` rebuilds; nobody types them in."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    # Names and roles may need an editor's correction, so speakers stay editable (slug excepted).
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]
    readonly_fields = ["slug"]

    def has_add_permission(self, request):
        return False


class OccurrenceInline(admin.TabularInline):
    model = QuoteOccurrence
    fields = ["article", "text", "kind", "match", "speaker_name", "start", "end"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["short_text", "speaker", "article_count", "occurrence_count", "page_link"]
    list_filter = ["text_kind"]
    search_fields = ["text", "speaker__name"]
    list_select_related = ["speaker"]
    inlines = [OccurrenceInline]

    @admin.display(description="Statement")
    def short_text(self, quote):
        return quote.text[:120]

    @admin.display(description="Page")
    def page_link(self, quote):
        return format_html('<a href="{}">view</a>', quote.get_absolute_url())


@admin.register(QuoteOccurrence)
class QuoteOccurrenceAdmin(ReadOnlyAdmin):
    list_display = ["short_text", "article", "quote_id", "kind", "match", "speaker_name", "start", "end"]
    list_filter = ["kind", "match"]
    search_fields = ["text", "speaker_name"]
    list_select_related = ["article"]
    raw_id_fields = ["article", "quote"]

    @admin.display(description="As written")
    def short_text(self, occurrence):
        return occurrence.text[:120]


@admin.register(SharedPassage)
class SharedPassageAdmin(ReadOnlyAdmin):
    list_display = ["pk", "first", "second", "score"]
    list_select_related = ["first", "second"]
    raw_id_fields = ["first", "second"]
