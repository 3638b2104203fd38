"""URLs for bench/reading.py only: every page of the app, and /bench/constant, the cheapest response Django can give."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET


@require_GET
def constant(request):
    """A fixed body through the whole middleware stack, no database, no template: what the server can do at best."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/constant", constant),
    path("", include("newsroom.urls")),
]
