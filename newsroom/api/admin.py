"""API tokens in the admin: made here (the secret is shown once, in a message) and revoked here."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone

from newsroom.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_selected"]

    def get_queryset(self, request):
        # Editors see and revoke their own tokens; only superusers manage everyone's.
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = get_user_model().objects.filter(pk=request.user.pk)
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name"]
        return ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        token, secret = ApiToken.issue(obj.user, obj.name)
        obj.pk, obj.prefix, obj.secret_hash, obj.created_at = token.pk, token.prefix, token.secret_hash, token.created_at
        obj._state.adding = False
        self.message_user(
            request,
            f"The token's secret is {secret} — copy it now: it is stored only as a hash and will not be shown again. "
            f"Use it as the header “Authorization: Bearer {secret}”.",
            messages.WARNING,
        )

    def response_add(self, request, obj, post_url_continue=None):
        # The default message would come first; the secret is the message that matters.
        return self.response_post_save_add(request, obj)

    @admin.action(description="Revoke selected tokens")
    def revoke_selected(self, request, queryset):
        revoked = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {revoked} token{'s' if revoked != 1 else ''}.", messages.SUCCESS)

    def has_delete_permission(self, request, obj=None):
        # Revoked tokens stay listed, so it remains clear what existed and when it stopped working.
        return False
