"""Top-level URLs: the pages people read, and the admin where editors work."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Newsroom editors"
admin.site.site_title = "Newsroom"

urlpatterns = [
    path("", include("newsroom.front.urls")),
    path("", include("newsroom.quotes.urls")),
    path("stories/", include("newsroom.stories.urls")),
    path("", include("newsroom.search.urls")),
    path("", include("newsroom.api.urls")),
    path("admin/", admin.site.urls),
]
