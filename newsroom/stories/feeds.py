"""The Atom feed of the latest stories."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from newsroom.stories.models import Story

FEED_ITEMS = 30


class LatestStoriesFeed(Feed):
    feed_type = Atom1Feed
    title = "Newsroom: latest stories"
    subtitle = "Every outlet's coverage of each event, grouped into stories."

    def link(self):
        return reverse("front:home")

    def items(self):
        return Story.objects.listed().latest_first()[:FEED_ITEMS]

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        return story.summary_line

    def item_link(self, story):
        return story.get_absolute_url()

    def item_pubdate(self, story):
        return story.first_published or story.created_at

    def item_updateddate(self, story):
        return story.updated_at
