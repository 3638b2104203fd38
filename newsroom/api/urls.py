"""The JSON API (/api/v1/), its documentation page, and the Atom feeds for other tools.

The API's operations are named in django-ninja's namespace "api-v1" (e.g. "api-v1:story");
the page and feeds in "api".
"""

from django.urls import include, path

from newsroom.api import docs, feeds
from newsroom.api.api import api

pages_and_feeds = [
    # The API's documentation for people
    path("api/v1/docs", docs.api_docs, name="docs"),
    # Feeds, beside the pages they follow (the latest stories' feed is the stories app's /stories/feed/)
    path("stories/<int:pk>-<slug:slug>/feed/", feeds.story_feed, name="story-feed"),
    path("speakers/<slug:slug>/feed/", feeds.speaker_feed, name="speaker-feed"),
]

urlpatterns = [
    path("", include((pages_and_feeds, "api"))),
    path("api/v1/", api.urls),
]
