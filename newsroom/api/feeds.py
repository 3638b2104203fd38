"""Atom feeds for other readers: one story's articles, and one speaker's quotes.

The feed of the latest stories is the stories app's (/stories/feed/); these follow its URLs:
/stories/<id>-<slug>/feed/ and /speakers/<slug>/feed/.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from newsroom.articles.models import Article
from newsroom.quotes.models import Speaker
from newsroom.stories.models import Story

FEED_ITEMS = 50


class StoryArticlesFeed(Feed):
    """A story's articles, newest first: subscribe to a story to hear of new coverage."""

    feed_type = Atom1Feed

    def get_object(self, request, pk: int, slug: str):
        return get_object_or_404(Story.objects.listed(), pk=pk)

    def title(self, story):
        return f"Newsroom: {story.headline or f'Story {story.pk}'}"

    def subtitle(self, story):
        return story.summary_line

    def link(self, story):
        return story.get_absolute_url()

    def feed_url(self, story):
        return reverse("api:story-feed", args=[story.pk, story.slug or "story"])

    def items(self, story):
        return (
            Article.objects.ready()
            .filter(membership__story=story)
            .select_related("source")
            .defer("html", "text")
            .latest_first()[:FEED_ITEMS]
        )

    def item_title(self, article):
        return article.display_title

    def item_description(self, article):
        return article.excerpt

    def item_link(self, article):
        return article.get_absolute_url()

    def item_author_name(self, article):
        return article.byline or (article.source.name if article.source else None)

    def item_pubdate(self, article):
        return article.published or article.created_at

    def item_updateddate(self, article):
        return article.processed_at or article.created_at


class SpeakerQuotesFeed(Feed):
    """A speaker's quotes, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request, slug: str):
        return get_object_or_404(Speaker, slug=slug)

    def title(self, speaker):
        return f"Newsroom: quotes from {speaker.name}"

    def subtitle(self, speaker):
        return speaker.role or f"Statements by {speaker.name} quoted in the news."

    def link(self, speaker):
        return speaker.get_absolute_url()

    def feed_url(self, speaker):
        return reverse("api:speaker-feed", args=[speaker.slug])

    def items(self, speaker):
        return speaker.quotes.filter(article_count__gt=0).order_by("-created_at", "-pk")[:FEED_ITEMS]

    def item_title(self, quote):
        words = quote.text.split()
        return " ".join(words[:16]) + ("…" if len(words) > 16 else "")

    def item_description(self, quote):
        carried = f"{quote.article_count} article{'s' if quote.article_count != 1 else ''}"
        return f"“{quote.text}” — in {carried}."

    def item_link(self, quote):
        return quote.get_absolute_url()

    def item_author_name(self, quote):
        return quote.speaker.name if quote.speaker_id else None

    def item_pubdate(self, quote):
        return quote.created_at


story_articles_feed = StoryArticlesFeed()


@require_GET
def story_feed(request, pk: int, slug: str):
    """A merged story's feed and an old slug answer 301 to the current feed, as the story pages do."""
    story = get_object_or_404(Story, pk=pk)
    current = story.survivor()
    if current.pk != story.pk or slug != (current.slug or "story"):
        return redirect("api:story-feed", current.pk, current.slug or "story", permanent=True)
    return story_articles_feed(request, pk=pk, slug=slug)


speaker_feed = require_GET(SpeakerQuotesFeed())
