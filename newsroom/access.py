"""Who may read: everyone, or only logged-in users when NEWSROOM_PUBLIC_READING is off."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Paths that must answer without a login even on a private instance. The API checks access itself
# (a token, or anonymous reads only while reading is public) and answers 401 in JSON, never a login page.
ALWAYS_OPEN_PREFIXES = ("/admin/", "/healthz", "/static/", "/api/")


class ReadingAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.NEWSROOM_PUBLIC_READING
            and not request.user.is_authenticated
            and not request.path.startswith(ALWAYS_OPEN_PREFIXES)
        ):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
