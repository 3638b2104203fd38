"""Admin for editors: articles with their processing state, the multi-file upload, and reprocessing."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from newsroom.articles.fetching import add_by_url
from newsroom.articles.forms import UploadForm
from newsroom.articles.ingest import UploadRejected, ingest, ingest_text
from newsroom.articles.models import Article, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["display_title", "source", "published", "status", "word_count", "created_at"]
    list_filter = ["status", "kind", "source"]
    search_fields = ["title", "byline", "filename", "content_hash"]
    list_select_related = ["source"]
    date_hierarchy = "created_at"
    actions = ["reprocess_selected"]
    readonly_fields = [
        "status",
        "error_code",
        "error",
        "view_links",
        "filename",
        "content_type",
        "encoding",
        "size",
        "content_hash",
        "kind",
        "extractor_version",
        "processed_at",
        "created_at",
        "word_count",
    ]
    fieldsets = [
        (None, {"fields": ["status", "error", "view_links"]}),
        ("Extracted", {"fields": ["title", "byline", "published", "source", "canonical_url", "site_name", "language", "lead_image", "excerpt"]}),
        ("Given at upload (wins over extraction)", {"fields": ["given_title", "given_byline", "given_source", "given_url", "given_published"]}),
        ("Original", {"fields": ["filename", "content_type", "encoding", "size", "content_hash", "kind", "extractor_version", "processed_at", "created_at", "word_count"]}),
    ]

    @admin.display(description="Title")
    def display_title(self, article):
        return article.display_title

    @admin.display(description="Links")
    def view_links(self, article):
        if not article.pk:
            return "-"
        return format_html(
            '<a href="{}">reader view</a> · <a href="{}">original as text</a>',
            article.get_absolute_url(),
            article.get_original_url(),
        )

    @admin.action(description="Reprocess selected articles from their originals", permissions=["change"])
    def reprocess_selected(self, request, queryset):
        counts = {status: 0 for status in Article.Status.values}
        for article in queryset:
            article.reprocess()
            counts[article.status] += 1
        self.message_user(
            request,
            f"Reprocessed {sum(counts.values())}: {counts['ready']} ready, {counts['failed']} failed.",
            messages.SUCCESS if not counts["failed"] else messages.WARNING,
        )

    def get_urls(self):
        upload_view = require_http_methods(["GET", "POST"])(self.upload_view)
        upload = path("upload/", self.admin_site.admin_view(upload_view), name="articles_article_upload")
        return [upload, *super().get_urls()]

    def upload_view(self, request):
        """Many files and/or pasted text in one go; each one gets its own outcome, one bad file blocks nothing."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        outcomes = []
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                overrides = {
                    "source": form.cleaned_data["source"],
                    "url": form.cleaned_data["url"],
                    "published": form.cleaned_data["published"],
                }
                for upload in form.cleaned_data["files"]:
                    outcomes.append(
                        _outcome(
                            upload.name,
                            ingest,
                            upload.read(),
                            filename=upload.name,
                            content_type=upload.content_type or "",
                            **overrides,
                        )
                    )
                if (form.cleaned_data["pasted_text"] or "").strip():
                    outcomes.append(_outcome("pasted text", ingest_text, form.cleaned_data["pasted_text"], **overrides))
                if form.cleaned_data["fetch_url"]:
                    outcomes.append(_outcome(form.cleaned_data["fetch_url"], add_by_url, form.cleaned_data["fetch_url"], **overrides))
                form = UploadForm()
        else:
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload articles",
            "form": form,
            "outcomes": outcomes,
        }
        return TemplateResponse(request, "admin/articles/upload.html", context)


def _outcome(name: str, ingest_function, *args, **kwargs) -> dict:
    """What happened to one uploaded file, for the results table."""
    try:
        result = ingest_function(*args, **kwargs)
    except UploadRejected as rejected:
        return {"name": name, "state": "rejected", "message": rejected.reason}
    article = result.article
    admin_url = reverse("admin:articles_article_change", args=[article.pk])
    if result.duplicate:
        return {"name": name, "state": "duplicate", "article": article, "admin_url": admin_url,
                "message": f"Already uploaded as article {article.pk}; nothing new was stored."}
    if article.status == Article.Status.FAILED:
        return {"name": name, "state": "failed", "article": article, "admin_url": admin_url,
                "message": f"Kept, but could not be processed: {article.error}"}
    if article.status == Article.Status.PENDING:
        return {"name": name, "state": "pending", "article": article, "admin_url": admin_url,
                "message": "Stored; a worker is processing it."}
    return {"name": name, "state": "created", "article": article, "admin_url": admin_url, "message": "Created."}
