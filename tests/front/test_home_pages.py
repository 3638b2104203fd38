"""The home page's pages of stories: newer and older links found without counting the stories."""

import pytest
from django.urls import reverse

from newsroom.articles.ingest import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_five_stories():
    for n in range(35):
        words = " ".join(f"word{n}x{i}" for i in range(15))  # nothing in common: 35 single-article stories
        ingest(f"Headline{n} news\n\nThe {words}.".encode(), filename=f"{n}.txt", source=f"Outlet {n}")


def test_the_second_page_holds_the_five_oldest_stories_and_links_back(client, thirty_five_stories):
    page = client.get(reverse("front:home"), {"page": 2}).content.decode()
    assert page.count('<li class="story-card">') == 5
    assert 'rel="prev" href="?page=1"' in page
    assert 'rel="next"' not in page
    assert "Page 2" in page


def test_the_first_page_holds_thirty_stories_and_links_to_older_ones(client, thirty_five_stories):
    page = client.get(reverse("front:home")).content.decode()
    assert page.count('<li class="story-card">') == 30
    assert 'rel="next" href="?page=2"' in page
    assert 'rel="prev"' not in page


def test_a_page_past_the_last_says_so_and_links_to_the_latest(client, thirty_five_stories):
    response = client.get(reverse("front:home"), {"page": 9})
    assert response.status_code == 200
    assert "No stories this far back" in response.content.decode()


def test_a_page_that_is_not_a_number_is_the_first_page(client, thirty_five_stories):
    page = client.get(reverse("front:home"), {"page": "last"}).content.decode()
    assert page.count('<li class="story-card">') == 30


def test_the_home_page_is_one_query_whatever_the_page(client, thirty_five_stories, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("front:home"))
    with django_assert_num_queries(1):
        client.get(reverse("front:home"), {"page": 2})
