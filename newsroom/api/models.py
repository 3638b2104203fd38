"""Personal API tokens: editors' scripts write through the API with one, readers' tools may read with one.

Only a SHA-256 hash of each secret is stored; the secret itself is shown once, when the token is made.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "nr_"
# Shown in the admin so people can tell their tokens apart: "nr_" and the first 8 characters of the secret.
DISPLAY_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
# last_used_at is written at most once a minute per token, so a busy script does not write on every read.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal token: `Authorization: Bearer nr_…`. Its user's staff status decides whether it may write."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="what it is for, e.g. “import script on the NAS”")
    prefix = models.CharField(max_length=DISPLAY_PREFIX_LENGTH, editable=False, help_text="the start of the secret, to recognize it")
    secret_hash = models.CharField(max_length=64, unique=True, editable=False, help_text="SHA-256 of the secret")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """Make a token for `user`; returns it and its secret, which is not stored and cannot be shown again."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=secret[:DISPLAY_PREFIX_LENGTH], secret_hash=hash_secret(secret))
        return token, secret

    @classmethod
    def authenticate(cls, secret: str) -> "ApiToken | None":
        """The active token with this secret, or None. Looked up by hash: the secret never reaches the database."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        token = cls.objects.active().select_related("user").filter(secret_hash=hash_secret(secret)).first()
        if token is not None:
            token.mark_used()
        return token

    def mark_used(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > LAST_USED_RESOLUTION:
            self.last_used_at = now
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.user.is_active

    @property
    def may_write(self) -> bool:
        return self.is_active and self.user.is_staff
