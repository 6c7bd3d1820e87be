"""``/api/v1/images/``, ``/captions/`` and ``/publications/``: the same objects, listed alike."""

from __future__ import annotations

import pytest

from tests.factories import article_create

pytestmark = pytest.mark.django_db


def test_images_list_and_detail(api_client, seed_article):
    listing = api_client.get("/api/v1/images/").json()
    assert listing["count"] == 4
    first = seed_article.captions.order_by("order").first().image

    detail = api_client.get(f"/api/v1/images/{first.pk}/").json()

    assert detail == {
        "id": first.pk,
        "url": None,
        "credit": "EFE/EPA/Kev Hui Yeung",
        "photographer": "Kev Hui Yeung",
        "agencies": ["EFE", "EPA"],
        "alt_text": "",
        "width": None,
        "height": None,
        "renditions": [],
        "source_url": None,
    }
    assert detail in listing["results"]


def test_images_filter_by_agency_and_photographer(api_client, seed_article):
    by_agency = api_client.get("/api/v1/images/", {"agency": "sputnik"}).json()
    by_name = api_client.get("/api/v1/images/", {"photographer": "kev hui yeung"}).json()

    assert by_agency["count"] == 3
    assert [i["credit"] for i in by_name["results"]] == ["EFE/EPA/Kev Hui Yeung"]


def test_captions_list_and_detail(api_client, seed_article):
    caption = seed_article.captions.order_by("order").first()

    listing = api_client.get("/api/v1/captions/").json()
    detail = api_client.get(f"/api/v1/captions/{caption.pk}/").json()

    assert listing["count"] == 4
    assert detail["text"].startswith("From left to right:")
    assert detail["credit"] == "EFE/EPA/Kev Hui Yeung"
    assert detail["position"] == 0
    assert detail["article"] == seed_article.slug
    assert detail["image"]["id"] == caption.image_id


def test_captions_filter_by_article(api_client, seed_article):
    article_create(captions=2)
    data = api_client.get("/api/v1/captions/", {"article": seed_article.slug}).json()
    assert [c["position"] for c in data["results"]] == [0, 4, 8, 12]


def test_publications_list_and_detail(api_client, seed_article):
    listing = api_client.get("/api/v1/publications/").json()
    detail = api_client.get("/api/v1/publications/east-africa-news-post/").json()

    assert listing["count"] == 1
    assert detail == {
        "name": "East Africa News Post",
        "slug": "east-africa-news-post",
        "tagline": "Complete News World",
        "url": "http://testserver/api/v1/publications/east-africa-news-post/",
        "article_count": 1,
    }


@pytest.mark.parametrize(
    "url", ["/api/v1/images/999/", "/api/v1/captions/999/", "/api/v1/publications/nope/"]
)
def test_missing_objects_are_404_problems(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_home_lists_the_links(client):
    links = client.get("/").json()["links"]
    assert links["articles"] == "http://testserver/api/v1/articles/"
    assert links["docs"] == "http://testserver/api/docs/"
    assert links["admin"] == "http://testserver/admin/"
