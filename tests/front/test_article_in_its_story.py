"""The article page inside its story: quotes marked so quote links land on them, previous and next (j/k)."""

import pytest

from newsroom.quotes.models import QuoteOccurrence

pytestmark = pytest.mark.django_db


def test_quote_links_land_on_the_marked_quote(client, imported_seeds):
    occurrence = QuoteOccurrence.objects.filter(article=imported_seeds["000"]).first()
    page = client.get(imported_seeds["000"].get_absolute_url()).content.decode()
    assert occurrence.get_absolute_url().endswith(f"#q-{occurrence.pk}")
    assert f'id="q-{occurrence.pk}"' in page
    assert '<mark class="quote"' in page


def test_the_article_links_to_its_story_and_its_neighbours_with_shortcuts(client, imported_seeds):
    story = imported_seeds["000"].membership.story
    ordered = list(story.memberships.order_by("article__published", "article_id").values_list("article_id", flat=True))
    middle = ordered[1]
    page = client.get(f"/articles/{middle}/").content.decode()
    assert f'href="{story.get_absolute_url()}"' in page
    assert f'href="/articles/{ordered[0]}/" rel="prev" data-shortcut="previous"' in page
    assert f'href="/articles/{ordered[2]}/" rel="next" data-shortcut="next"' in page


def test_the_first_article_has_no_previous_and_a_single_article_story_has_neither(client, imported_seeds):
    story = imported_seeds["000"].membership.story
    first = story.memberships.order_by("article__published", "article_id").first().article_id
    page = client.get(f"/articles/{first}/").content.decode()
    assert 'data-shortcut="previous"' not in page and 'data-shortcut="next"' in page
    alone = client.get(imported_seeds["001"].get_absolute_url()).content.decode()
    assert "data-shortcut" not in alone.split("<dialog")[0]


def test_the_article_page_needs_two_queries(client, imported_seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get(imported_seeds["002"].get_absolute_url()).status_code == 200
