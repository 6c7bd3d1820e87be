"""A page of a search (``newsapi.reading.search_pages``): a plain ``?search=`` runs one statement
compiled once per process, and answers as the same search through the filters does."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ArticleStatus
from tests.factories import article_create

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"


def answer(client, **params) -> dict:
    response = client.get(LIST_URL, params)
    assert response.status_code == 200, response.json()
    body = response.json()
    return {
        "count": body["count"],
        "results": [(item["slug"], item["snippet"]) for item in body["results"]],
        "next": body["next"],
    }


@pytest.fixture
def sea_articles(db):
    for number in range(5):
        article_create(
            slug=f"sea-{number}",
            title="Sea pact" if number == 3 else f"Report {number}",
            body=f"Opening words.\n\nThe sea pact was read {number} times by the trawlers.",
            published_at=timezone.now() - timedelta(days=number),
        )
    article_create(slug="metro", body="Metro fares froze.")


@pytest.mark.parametrize(("page", "page_size"), [(1, 2), (2, 2), (3, 2), (1, 20)])
def test_a_plain_search_answers_as_the_search_through_the_filters(
    api_client, sea_articles, page, page_size
):
    plain = answer(api_client, search="sea pact", page=page, page_size=page_size)
    # The same order said out loud: the filter set's way, with the queryset compiled each time.
    filtered = answer(
        api_client, search="sea pact", ordering="relevance", page=page, page_size=page_size
    )

    assert plain["count"] == filtered["count"] == 5
    assert plain["results"] == filtered["results"]
    if page == 1:
        assert plain["results"][0][0] == "sea-3", "the headline match ranks first"


def test_a_plain_search_answers_each_query_with_its_own_words(api_client, sea_articles):
    assert answer(api_client, search="trawlers")["count"] == 5
    [(slug, snippet)] = answer(api_client, search="metro")["results"]
    assert slug == "metro"
    assert "<mark>Metro</mark>" in snippet
    assert answer(api_client, search="whaling")["count"] == 0


def test_a_page_past_the_last_of_a_plain_search_is_a_404(api_client, sea_articles):
    response = api_client.get(LIST_URL, {"search": "trawlers", "page": 9})

    assert response.status_code == 404


def test_editors_and_the_public_each_search_what_they_may_read(
    api_client, editor_client, sea_articles
):
    article_create(slug="draft", status=ArticleStatus.DRAFT, body="A sea pact draft.")

    for _ in range(2):  # each with a statement compiled already, the second time
        public = answer(api_client, search="sea pact")
        editors = answer(editor_client, search="sea pact")
        assert "draft" not in [slug for slug, _ in public["results"]]
        assert "draft" in [slug for slug, _ in editors["results"]]
        assert editors["count"] == public["count"] + 1


def test_a_scheduled_article_is_found_once_its_time_has_come(api_client, sea_articles):
    due = timezone.now() + timedelta(seconds=1.5)
    article_create(slug="later", status=ArticleStatus.SCHEDULED, published_at=due, body="Sea pact.")

    before = answer(api_client, search="sea pact")
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.1)
    after = answer(api_client, search="sea pact", format="json")

    assert "later" not in [slug for slug, _ in before["results"]]
    assert "later" in [slug for slug, _ in after["results"]], "the moment is the request's"
