from django.urls import path

from newsroom.stories import views
from newsroom.stories.feeds import LatestStoriesFeed

app_name = "stories"

urlpatterns = [
    # Reading
    path("feed/", LatestStoriesFeed(), name="feed"),
    path("<int:pk>-<slug:slug>/", views.story_detail, name="story"),
    path("<int:pk>/", views.story_detail, name="story-by-id"),
    path("<int:pk>-<slug:slug>/compare/", views.story_compare, name="compare"),
    # Editors' corrections (POST only, staff only)
    path("<int:pk>/headline/", views.edit_headline, name="headline"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/move/", views.move_article, name="move"),
    path("<int:pk>/split/", views.split, name="split"),
    path("<int:pk>/lock/", views.lock, name="lock"),
]
