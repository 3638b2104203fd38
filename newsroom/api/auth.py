"""Who is calling the API: a personal token (`Authorization: Bearer nr_…`), or nobody, and how often.

Reads are open to anonymous callers when reading is public (NEWSROOM_PUBLIC_READING) and rate-limited
(NEWSROOM_API_ANON_RATE); writes need an active token whose user is staff.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security.http import HttpAuthBase
from ninja.throttling import AnonRateThrottle

from newsroom.api.models import ApiToken


class Anonymous:
    """request.auth for a call without a token (ninja needs something truthy to let it through)."""

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return "anonymous"


ANONYMOUS = Anonymous()


class ApiTokenAuth(HttpAuthBase):
    """Bearer token auth. `write=True`: the token must belong to staff (403 otherwise).

    A header that is present but wrong is always a 401, even on endpoints anonymous callers may use:
    a script with a revoked token should hear about it, not silently read as anonymous.
    """

    openapi_scheme = "bearer"
    openapi_description = "A personal API token made in the admin (API tokens → Add): `Authorization: Bearer nr_…`."

    def __init__(self, *, write: bool = False):
        self.write = write
        super().__init__()

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        if not header:
            if self.write:
                raise AuthenticationError(message="This needs an API token: send `Authorization: Bearer <token>`.")
            if settings.NEWSROOM_PUBLIC_READING:
                return ANONYMOUS
            raise AuthenticationError(message="Reading is private on this site: send `Authorization: Bearer <token>`.")
        scheme, _, secret = header.partition(" ")
        token = ApiToken.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise AuthenticationError(message="The API token is unknown, revoked, or not sent as `Bearer <token>`.")
        if self.write and not token.may_write:
            raise AuthorizationError(message="Only editors (staff) may change things through the API.")
        request.user = token.user
        return token


def token_of(request: HttpRequest) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def may_see_unprocessed(request: HttpRequest) -> bool:
    """Pending and failed articles are for editors, as on the reader pages."""
    token = token_of(request)
    return token is not None and token.user.is_staff


class AnonymousReadThrottle(AnonRateThrottle):
    """NEWSROOM_API_ANON_RATE per client address for calls without a token; token holders are not limited.

    The rate is read on every call so a changed setting (and the tests' `settings` fixture) takes effect.
    Counts live in Django's default cache: with several web processes, use a shared cache.
    """

    def __init__(self):
        super().__init__(rate=settings.NEWSROOM_API_ANON_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.NEWSROOM_API_ANON_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if token_of(request) is not None:
            return True
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str:
        """The client's address. ninja would trust any X-Forwarded-For, so a caller could pick a new one
        per request; here it counts only behind our own proxy (NEWSROOM_HTTPS), and only the entry that
        proxy added (the last one)."""
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if settings.NEWSROOM_HTTPS and forwarded.strip():
            return forwarded.split(",")[-1].strip()
        return request.META.get("REMOTE_ADDR", "")

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": "newsroom-api-anon", "ident": self.get_ident(request)}
