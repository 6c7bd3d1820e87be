"""``/api/v1/articles/``: the contract's fields, reading order, pagination, search and errors."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import article_create, publication_create

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"


def detail_url(slug: str) -> str:
    return f"{LIST_URL}{slug}/"


def test_detail_has_the_contract_fields(api_client, seed_article):
    response = api_client.get(detail_url(seed_article.slug))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["id"] == seed_article.pk
    assert data["slug"] == seed_article.slug
    assert data["url"] == f"http://testserver{detail_url(seed_article.slug)}"
    assert data["title"].startswith("The United States, Japan, and South Korea condemned")
    assert data["publication"] == {
        "name": "East Africa News Post",
        "slug": "east-africa-news-post",
        "tagline": "Complete News World",
    }
    assert data["byline"] is None
    assert data["published_at"] is None
    assert data["language"] == "en"
    assert data["attribution"] == "With information from EFE"


def test_detail_body_matches_the_annotated_parse_in_reading_order(
    api_client, seed_article, seed_expected
):
    data = api_client.get(detail_url(seed_article.slug)).json()

    paragraphs = [b["text"] for b in data["body"] if b["type"] == "paragraph"]
    assert paragraphs == seed_expected["paragraphs"]
    # Rebuild (text, credit, paragraphs before) from the body's order alone.
    seen, placed = 0, []
    for block in data["body"]:
        if block["type"] == "paragraph":
            seen += 1
        else:
            caption = block["caption"]
            placed.append((caption["text"], caption["credit"], seen))
            assert caption["position"] == seen
    assert placed == [
        (c["text"], c["credit"], c["after_paragraph"]) for c in seed_expected["captions"]
    ]
    assert [c["id"] for c in data["captions"]] == [
        b["caption"]["id"] for b in data["body"] if b["type"] == "image"
    ]


def test_captions_carry_their_image_with_structured_credit(api_client, seed_article):
    data = api_client.get(detail_url(seed_article.slug)).json()

    first = data["captions"][0]
    assert set(first) >= {"id", "text", "credit", "position", "image"}
    assert first["credit"] == "EFE/EPA/Kev Hui Yeung"
    image = first["image"]
    assert set(image) >= {
        "id",
        "url",
        "credit",
        "photographer",
        "agencies",
        "alt_text",
        "width",
        "height",
    }
    assert image["url"] is None
    assert image["credit"] == "EFE/EPA/Kev Hui Yeung"
    assert image["photographer"] == "Kev Hui Yeung"
    assert image["agencies"] == ["EFE", "EPA"]
    assert (image["width"], image["height"]) == (None, None)


def test_list_is_paginated_and_newest_first(api_client):
    old = article_create(published_at="2024-01-01T10:00:00Z")
    new = article_create(published_at="2025-06-01T10:00:00Z")
    undated = article_create(published_at=None)

    data = api_client.get(LIST_URL).json()

    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 3
    assert [a["slug"] for a in data["results"]] == [new.slug, old.slug, undated.slug]


def test_list_items_are_light_but_carry_the_lead_image(api_client, seed_article):
    item = api_client.get(LIST_URL).json()["results"][0]

    assert "body" not in item
    assert item["url"] == f"http://testserver{detail_url(seed_article.slug)}"
    assert item["lead_image"]["position"] == 0
    assert item["lead_image"]["credit"] == "EFE/EPA/Kev Hui Yeung"
    assert item["caption_count"] == 4


def test_page_and_page_size(api_client):
    for _ in range(5):
        article_create()

    first = api_client.get(LIST_URL, {"page_size": 2}).json()
    last = api_client.get(LIST_URL, {"page_size": 2, "page": 3}).json()

    assert len(first["results"]) == 2
    assert first["next"] == "http://testserver/api/v1/articles/?page=2&page_size=2"
    assert first["previous"] is None
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_page_size_is_capped(api_client, settings):
    settings.API_MAX_PAGE_SIZE = 3
    for _ in range(5):
        article_create()

    data = api_client.get(LIST_URL, {"page_size": 1000}).json()

    assert len(data["results"]) == 3


@pytest.mark.parametrize(
    ("params", "name"),
    [({"page": "abc"}, "page"), ({"page_size": "0"}, "page_size"), ({"pagesize": "5"}, "pagesize")],
)
def test_malformed_or_unknown_parameters_answer_400_naming_them(api_client, params, name):
    response = api_client.get(LIST_URL, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Bad Request"
    assert name in problem["detail"]
    assert [p["name"] for p in problem["invalid_params"]] == [name]


def test_a_page_past_the_end_is_404_as_json(api_client):
    article_create()
    response = api_client.get(LIST_URL, {"page": 9})
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_unknown_article_is_404_as_problem_json(api_client):
    response = api_client.get(detail_url("no-such-article"))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not Found"


def test_unknown_url_is_404_as_json_not_html(client):
    response = client.get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Nothing is found at /api/v1/nothing-here/."


def test_writes_are_refused_for_anonymous_clients(api_client, seed_article):
    response = api_client.delete(detail_url(seed_article.slug))
    assert response.status_code in {401, 403, 405}
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Pyongyang", True),  # body
        ("pyongyang moscow", True),  # every word, any case
        ("Kev Hui Yeung", True),  # a credit
        ("toasts", True),  # a caption
        ("condemned", True),  # the headline
        ("Pyongyang zebra", False),
    ],
)
def test_search_over_headline_body_captions_and_credits(api_client, seed_article, query, expected):
    article_create(title="Unrelated", body="Nothing to see.")

    data = api_client.get(LIST_URL, {"search": query}).json()

    assert ([a["slug"] for a in data["results"]] == [seed_article.slug]) is expected
    assert data["count"] == (1 if expected else 0)


def test_filters_by_publication_and_language(api_client):
    outlet = publication_create(slug="the-outlet")
    mine = article_create(publication=outlet, language="es")
    article_create(language="es")
    article_create(publication=outlet, language="en")

    data = api_client.get(LIST_URL, {"publication": "the-outlet", "language": "es"}).json()

    assert [a["slug"] for a in data["results"]] == [mine.slug]


def _queries_for(api_client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        assert api_client.get(url, params).status_code == 200
    return len(context.captured_queries)


def test_list_query_count_does_not_grow_with_the_page(api_client, settings):
    # Built by the serializers (the stored representations have tests/newsapi/test_stored.py).
    settings.API_STORED_REPRESENTATIONS = False
    article_create(captions=2, publication=publication_create())
    one = _queries_for(api_client, LIST_URL, {"page_size": 50})
    for _ in range(49):
        article_create(captions=3, publication=publication_create())
    fifty = _queries_for(api_client, LIST_URL, {"page_size": 50})

    # count, articles with publications, captions with images, the images' renditions, and
    # the store's last change for Last-Modified
    assert one == fifty == 5


def test_detail_query_count(api_client, seed_article, django_assert_num_queries, settings):
    # Built by the serializers (the stored representations have tests/newsapi/test_stored.py):
    # the article with its publication, its captions with images, their renditions, its
    # previous slugs
    settings.API_STORED_REPRESENTATIONS = False
    with django_assert_num_queries(4):
        api_client.get(detail_url(seed_article.slug))
