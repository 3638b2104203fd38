"""Login rate limiting: after NEWSROOM_LOGIN_MAX_FAILURES failures for one username from one address
within NEWSROOM_LOGIN_LOCKOUT_SECONDS, that pair cannot log in (even with the right password) until
the window has passed. An authentication backend enforces it, so every login form (admin or other)
is covered; the count lives in the database, shared by every web process.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from newsroom.accounts.models import LoginFailures


def _address(request) -> str:
    return (request.META.get("REMOTE_ADDR") if request is not None else None) or "0.0.0.0"


def _username(credentials: dict) -> str:
    return str(credentials.get("username") or "").strip().lower()[:150]


def is_locked(username: str, address: str) -> bool:
    return LoginFailures.objects.filter(username=username, address=address, locked_until__gt=timezone.now()).exists()


class RateLimitedModelBackend(ModelBackend):
    """Django's ModelBackend, refusing a username and address pair that is locked out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and is_locked(_username({"username": username}), _address(request)):
            # PermissionDenied stops authentication outright: no other backend is tried.
            raise PermissionDenied("Too many failed logins; try again later.")
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    username, address = _username(credentials), _address(request)
    if not username:
        return
    now = timezone.now()
    window = timedelta(seconds=settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS)
    try:
        with transaction.atomic():
            LoginFailures.objects.get_or_create(username=username, address=address, defaults={"first_at": now})
    except IntegrityError:
        pass  # another process created it at the same moment
    # Start a new window when the last one is over, then count atomically (F) so concurrent failures all count.
    LoginFailures.objects.filter(username=username, address=address, first_at__lt=now - window).update(count=0, first_at=now, locked_until=None)
    LoginFailures.objects.filter(username=username, address=address).update(count=F("count") + 1)
    LoginFailures.objects.filter(username=username, address=address, count__gte=settings.NEWSROOM_LOGIN_MAX_FAILURES, locked_until__isnull=True).update(
        locked_until=now + window
    )


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    LoginFailures.objects.filter(username=user.get_username().lower(), address=_address(request)).delete()
