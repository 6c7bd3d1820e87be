"""Pagination: page numbers with ``count`` and RFC 8288 ``Link`` headers, and cursors that stay
stable while the store changes under a client scrolling deep or syncing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Article
from tests.factories import article_create, edit_article

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"
BASE = "http://testserver/api/v1/articles/"


def links(response) -> dict[str, str]:
    """``<url>; rel="next", …`` -> ``{"next": url}``."""
    return {rel: url for url, rel in re.findall(r'<([^>]*)>;\s*rel="([^"]+)"', response["Link"])}


def dated(count: int, *, start: datetime | None = None, prefix: str = "day") -> list[Article]:
    start = start or datetime(2024, 1, 1, tzinfo=UTC)
    return [
        article_create(slug=f"{prefix}-{n:02d}", published_at=start + timedelta(days=n))
        for n in range(count)
    ]


def test_page_number_links(api_client, db):
    dated(5)

    response = api_client.get(ARTICLES, {"page_size": 2, "page": 2})

    assert links(response) == {
        "next": f"{BASE}?page=3&page_size=2",
        "prev": f"{BASE}?page_size=2",
        "first": f"{BASE}?page_size=2",
        "last": f"{BASE}?page=3&page_size=2",
    }
    assert response.json()["count"] == 5


def test_page_links_keep_the_other_parameters_as_drf_writes_them(api_client, db):
    from rest_framework.utils.urls import remove_query_param, replace_query_param

    for n in range(7):
        article_create(
            slug=f"day-{n:02d}",
            published_at=datetime(2024, 1, 1 + n, tzinfo=UTC),
            language=("en", "fr")[n % 2],
            byline="été café",
        )
    query = "language=en&page=2&language=fr&page_size=2&byline=%C3%A9t%C3%A9+caf%C3%A9&search="
    url = f"{BASE}?{query}"

    response = api_client.get(f"{ARTICLES}?{query}")

    assert response.status_code == 200, response.json()
    assert links(response) == {
        "next": replace_query_param(url, "page", 3),
        "prev": remove_query_param(url, "page"),
        "first": remove_query_param(url, "page"),
        "last": replace_query_param(url, "page", 4),
    }
    assert response.json()["previous"] == remove_query_param(url, "page")


def test_a_single_page_links_only_to_itself(api_client, db):
    dated(2)

    assert links(api_client.get(ARTICLES)) == {"first": BASE}


def walk(api_client, url: str | None, params: dict | None = None) -> list[list[str]]:
    pages = []
    while url:
        response = api_client.get(url, params)
        assert response.status_code == 200, response.json()
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        pages.append([item["slug"] for item in body["results"]])
        assert body["next"] == links(response).get("next")
        url, params = body["next"], None
    return pages


def test_cursor_pages_cover_everything_once_newest_first(api_client, db):
    dated(5)
    article_create(slug="undated", published_at=None)

    pages = walk(api_client, ARTICLES, {"cursor": "", "page_size": 2})

    assert pages == [["day-04", "day-03"], ["day-02", "day-01"], ["day-00", "undated"]]


def test_cursor_pages_do_not_shift_when_articles_arrive(api_client, db):
    dated(4)
    first = api_client.get(ARTICLES, {"cursor": "", "page_size": 2}).json()
    # Newer articles arrive while the client reads: with page numbers they would push
    # day-01 onto page 2 again.
    dated(2, start=datetime(2025, 1, 1, tzinfo=UTC), prefix="new")

    second = api_client.get(first["next"]).json()

    assert [a["slug"] for a in first["results"]] == ["day-03", "day-02"]
    assert [a["slug"] for a in second["results"]] == ["day-01", "day-00"]
    assert second["next"] is None


def test_previous_cursor_goes_back(api_client, db):
    dated(5)
    first = api_client.get(ARTICLES, {"cursor": "", "page_size": 2}).json()
    second = api_client.get(first["next"]).json()

    back = api_client.get(second["previous"]).json()

    assert [a["slug"] for a in back["results"]] == [a["slug"] for a in first["results"]]
    assert back["previous"] is None
    assert first["previous"] is None


def test_sync_by_updated_cursor_sees_every_change(api_client, db):
    articles = dated(3)
    first = api_client.get(ARTICLES, {"cursor": "", "ordering": "updated", "page_size": 2})
    # An article the client has already seen changes: it moves to the end, so it comes again.
    edit_article(articles[0], title="Corrected")

    pages = [[a["slug"] for a in first.json()["results"]], *walk(api_client, first.json()["next"])]

    assert pages == [["day-00", "day-01"], ["day-02", "day-00"]]


@pytest.mark.parametrize(
    ("params", "name", "reason"),
    [
        ({"cursor": "not-a-cursor"}, "cursor", "Not a cursor this API gave out."),
        ({"cursor": "", "ordering": "title"}, "ordering", "With a cursor, order by one of"),
        ({"cursor": "", "page": "2"}, "page", "Use either page or cursor"),
        ({"cursor": "", "page_size": "0"}, "page_size", "whole number"),
    ],
)
def test_cursor_mistakes_are_400s(api_client, db, params, name, reason):
    response = api_client.get(ARTICLES, params)

    assert response.status_code == 400
    [invalid] = response.json()["invalid_params"]
    assert invalid["name"] == name
    assert reason in invalid["reason"]


def test_a_cursor_is_bound_to_its_ordering(api_client, db):
    dated(3)
    first = api_client.get(ARTICLES, {"cursor": "", "page_size": 1}).json()
    cursor = first["next"].split("cursor=")[1].split("&")[0]

    response = api_client.get(ARTICLES, {"cursor": cursor, "ordering": "updated"})

    assert response.status_code == 400
    assert "ordering=-published" in response.json()["invalid_params"][0]["reason"]


def test_cursor_query_count_does_not_grow_with_the_page(
    api_client, django_assert_num_queries, settings
):
    for _ in range(30):
        article_create(captions=2)

    # Built by the serializers (the stored representations have tests/newsapi/test_stored.py):
    # articles, captions with images, renditions, last change; no count
    settings.API_STORED_REPRESENTATIONS = False
    with django_assert_num_queries(4):
        api_client.get(ARTICLES, {"cursor": "", "page_size": 30})
