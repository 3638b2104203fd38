"""Reading through the API: stories, articles, quotes and search, with ids and permalinks, in few queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsroom.articles.ingest import ingest_text
from newsroom.articles.models import Article
from newsroom.quotes.models import Quote
from newsroom.stories.models import Story

pytestmark = pytest.mark.django_db


def acme_story(small_world) -> Story:
    return small_world["acme_1"].membership.story


# Stories -------------------------------------------------------------------------------------


def test_it_lists_the_stories_latest_first_with_permalinks(client, small_world):
    response = client.get("/api/v1/stories")
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 2
    assert page["next"] is None and page["previous"] is None
    ids = [story["id"] for story in page["results"]]
    assert ids == list(Story.objects.listed().latest_first().values_list("pk", flat=True))
    acme = next(story for story in page["results"] if story["id"] == acme_story(small_world).pk)
    assert acme["article_count"] == 2
    assert acme["sources"] == ["Daily Ledger", "Wire Service"]
    assert acme["url"] == f"http://testserver/stories/{acme['id']}-{acme['slug']}/"
    assert acme["api_url"] == f"http://testserver/api/v1/stories/{acme['id']}"
    assert acme["feed_url"] == f"http://testserver/stories/{acme['id']}-{acme['slug']}/feed/"


def test_it_pages_through_the_stories(client, small_world):
    first = client.get("/api/v1/stories?limit=1").json()
    assert first["count"] == 2 and len(first["results"]) == 1
    assert first["previous"] is None
    assert "offset=1" in first["next"] and first["next"].startswith("http://testserver/api/v1/stories?")
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert "offset=0" in second["previous"]
    assert {first["results"][0]["id"], second["results"][0]["id"]} == set(Story.objects.values_list("pk", flat=True))


def test_it_lists_only_stories_changed_since_a_moment(client, small_world):
    harbour = small_world["harbour"].membership.story
    Story.objects.exclude(pk=harbour.pk).update(updated_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    page = client.get("/api/v1/stories", {"since": since}).json()
    assert [story["id"] for story in page["results"]] == [harbour.pk]
    assert client.get("/api/v1/stories", {"since": "2000-01-01T00:00:00+02:00"}).json()["count"] == 2
    # RFC 3339 allows lower-case separators and leap seconds.
    assert client.get("/api/v1/stories", {"since": "2016-12-31t23:59:60.5z"}).json()["count"] == 2


@pytest.mark.parametrize("since", ["yesterday", "2026-11-20", "1700000000", "2026-13-01T00:00:00Z"])
def test_it_refuses_a_since_that_is_not_a_date_time(client, small_world, since):
    response = client.get("/api/v1/stories", {"since": since})
    assert response.status_code == 400
    assert response.json()["code"] in {"invalid_since", "invalid_request"}


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "limit=ten"])
def test_it_refuses_paging_out_of_bounds(client, small_world, query):
    response = client.get(f"/api/v1/stories?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"


def test_a_story_lists_its_articles_with_why_they_belong(client, small_world):
    story = acme_story(small_world)
    response = client.get(f"/api/v1/stories/{story.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == story.pk and data["headline"] == story.headline
    members = {member["article"]["id"]: member for member in data["members"]}
    assert set(members) == {small_world["acme_1"].pk, small_world["acme_2"].pk}
    joined = members[small_world["acme_2"].pk]
    assert joined["assigned_by"] == "auto" and isinstance(joined["explanation"], dict)
    assert joined["article"]["url"] == f"http://testserver/articles/{small_world['acme_2'].pk}/"


def test_a_merged_story_answers_301_to_the_survivor(client, small_world):
    harbour = small_world["harbour"].membership.story
    survivor = harbour.merge_into(acme_story(small_world))
    response = client.get(f"/api/v1/stories/{harbour.pk}")
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/stories/{survivor.pk}"


def test_an_unknown_story_is_a_404_in_json(client, small_world):
    response = client.get("/api/v1/stories/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get("/api/v1/stories/0").status_code == 400
    assert client.get("/api/v1/stories/abc").status_code == 400


def test_the_story_list_takes_two_queries_whatever_its_length(client, small_world, django_assert_max_num_queries):
    for n in range(6):
        ingest_text(f"Unrelated event number {n}\n\nVolcano {n} erupted in region {n * 7} on day {n}.", source=f"S{n}")
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/stories").status_code == 200


def test_a_story_takes_two_queries(client, small_world, django_assert_max_num_queries):
    url = f"/api/v1/stories/{acme_story(small_world).pk}"
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


# Articles ------------------------------------------------------------------------------------


def test_an_article_has_its_reader_view_story_and_quotes(client, small_world):
    article = small_world["acme_2"]
    response = client.get(f"/api/v1/articles/{article.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == article.pk
    assert data["title"] == "Acme to acquire Widget Works in $40 million cash deal"
    assert data["source"]["name"] == "Wire Service"
    assert data["status"] == "ready"
    assert "<p>" in data["html"] and "Regulators must approve the deal" in data["text"]
    assert data["url"] == f"http://testserver/articles/{article.pk}/"
    assert data["original_url"] == f"http://testserver/articles/{article.pk}/original.txt"
    assert data["story"]["id"] == acme_story(small_world).pk
    [occurrence] = [o for o in data["quote_occurrences"] if "factories" in o["text"]]
    assert data["text"][occurrence["start"] : occurrence["end"]] == occurrence["text"]
    assert occurrence["speaker_name"] == "Jane Roe"
    assert occurrence["quote_api_url"] == f"http://testserver/api/v1/quotes/{occurrence['quote_id']}"


def test_an_article_takes_two_queries(client, small_world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get(f"/api/v1/articles/{small_world['acme_1'].pk}").status_code == 200


def test_a_failed_article_is_hidden_from_readers_but_not_from_editors(client, small_world, editor_token, bearer):
    article = small_world["harbour"]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, error_code="empty", error="Nothing.")
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404
    response = client.get(f"/api/v1/articles/{article.pk}", **bearer(editor_token))
    assert response.status_code == 200
    assert response.json()["status"] == "failed" and response.json()["error_code"] == "empty"


def test_an_unknown_article_is_a_404(client, db):
    response = client.get("/api/v1/articles/424242")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["code"] == "not_found" and response.json()["reason"]


# Quotes --------------------------------------------------------------------------------------


def test_a_quote_lists_every_article_that_carries_it_with_its_speaker(client, small_world):
    quote = Quote.objects.get(text__contains="factories")
    response = client.get(f"/api/v1/quotes/{quote.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["speaker"]["name"] == "Jane Roe"
    assert data["speaker"]["url"] == "http://testserver/speakers/jane-roe/"
    assert data["speaker"]["feed_url"] == "http://testserver/speakers/jane-roe/feed/"
    assert data["url"] == f"http://testserver/quotes/{quote.pk}/"
    assert {o["article"]["id"] for o in data["occurrences"]} == {small_world["acme_1"].pk, small_world["acme_2"].pk}
    for occurrence in data["occurrences"]:
        assert occurrence["url"] == f"http://testserver/articles/{occurrence['article']['id']}/#q-{occurrence['id']}"


def test_a_quote_takes_two_queries(client, small_world, django_assert_max_num_queries):
    quote = Quote.objects.get(text__contains="factories")
    with django_assert_max_num_queries(2):
        assert client.get(f"/api/v1/quotes/{quote.pk}").status_code == 200


def test_an_unknown_quote_is_a_404(client, db):
    assert client.get("/api/v1/quotes/424242").status_code == 404


# Search --------------------------------------------------------------------------------------


def test_search_finds_articles_with_snippets(client, small_world):
    response = client.get("/api/v1/search", {"q": "harbour"})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "harbour"
    assert [hit["article"]["id"] for hit in data["results"]] == [small_world["harbour"].pk]
    assert "<mark>" in data["results"][0]["snippet"].lower()


def test_search_without_words_is_a_400(client, db):
    assert client.get("/api/v1/search").json()["code"] == "invalid_request"
    assert client.get("/api/v1/search", {"q": ""}).status_code == 400


def test_search_with_nothing_found_is_an_empty_list(client, small_world):
    assert client.get("/api/v1/search", {"q": "zeppelin\x00"}).json()["results"] == []


def test_search_takes_few_queries(client, small_world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/search", {"q": "Acme widget"}).status_code == 200
