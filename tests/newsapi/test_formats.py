"""Representations by content negotiation and by ``?format=``: our JSON, IPTC ninjs 2.2 (checked
against IPTC's own JSON Schema) and schema.org JSON-LD."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator

from articles.models import Article, Caption
from articles.services import image_create
from newsapi.docs.schema import NINJS_SCHEMA as NINJS_SCHEMA_FILE
from tests.factories import article_create, image_upload

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"
NINJS = "application/ninjs+json"
JSONLD = "application/ld+json"
# IPTC's own schema, copied into the project with its notice (the API's schema describes ninjs
# answers by it too).
NINJS_SCHEMA = NINJS_SCHEMA_FILE


def test_the_copy_of_iptcs_schema_is_unchanged():
    shared = Path(settings.BASE_DIR).parent / "shared" / "standards" / NINJS_SCHEMA.name
    if not shared.exists():
        pytest.skip(f"no shared standards beside the project to compare with ({shared})")
    assert NINJS_SCHEMA.read_bytes() == shared.read_bytes()


@pytest.fixture(scope="module")
def ninjs_validator() -> Draft202012Validator:
    schema = json.loads(NINJS_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid_ninjs(validator: Draft202012Validator, item: dict) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(item)]
    assert errors == []
    # jsonschema checks the uri and date-time formats only with optional packages: by hand.
    for association in [item, *item.get("associations", [])]:
        for url in [association["uri"], *(r["href"] for r in association.get("renditions", []))]:
            assert urlsplit(url).scheme == "http" and urlsplit(url).netloc, url
        for key in ("firstcreated", "versioncreated"):
            if key in association:
                assert datetime.fromisoformat(association[key]).tzinfo is not None


def detail_url(article: Article) -> str:
    return f"{ARTICLES}{article.slug}/"


@pytest.fixture
def photographed(db, media_root) -> Article:
    """An article whose lead image has a file, so renditions exist."""
    article = article_create(byline="Ana Lima", published_at="2024-06-01T10:00:00Z")
    image = image_create(file=image_upload(), credit="EFE/EPA/Kev Hui Yeung", alt_text="Ministers.")
    Caption.objects.create(article=article, image=image, text="Three ministers.", position=0)
    return article


@pytest.mark.parametrize(
    ("how", "content_type"),
    [
        ({"format": "ninjs"}, NINJS),
        ({"HTTP_ACCEPT": NINJS}, NINJS),
        ({"format": "jsonld"}, JSONLD),
        ({"HTTP_ACCEPT": f"{JSONLD}, application/json;q=0.5"}, JSONLD),
        ({"format": "json", "HTTP_ACCEPT": NINJS}, "application/json"),  # ?format= wins
        ({"HTTP_ACCEPT": "text/html,*/*;q=0.8"}, "application/json"),  # a browser
        ({"HTTP_ACCEPT": "application/*"}, "application/json"),
        ({"HTTP_ACCEPT": f"application/json;q=0.1, {NINJS}"}, NINJS),
        ({}, "application/json"),
    ],
)
def test_the_format_is_negotiated(api_client, seed_article, how, content_type):
    params = {"format": how.pop("format")} if "format" in how else {}

    response = api_client.get(detail_url(seed_article), params, **how)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type


def test_the_seed_article_as_ninjs(api_client, seed_article, ninjs_validator):
    item = api_client.get(detail_url(seed_article), {"format": "ninjs"}).json()

    assert_valid_ninjs(ninjs_validator, item)
    assert item["uri"] == f"http://testserver{detail_url(seed_article)}"
    assert item["type"] == "text"
    assert item["headlines"] == [{"role": "main", "value": seed_article.title}]
    assert item["language"] == "en"
    assert item["bodies"][0]["value"].startswith("South Korea, Japan and the United States")
    lead = item["associations"][0]
    assert lead["type"] == "picture"
    assert {
        "role": "caption",
        "contenttype": "text/plain",
        "value": lead_caption(seed_article),
    } in (lead["descriptions"])
    assert {"role": "creditline", "value": "EFE/EPA/Kev Hui Yeung"} in lead["descriptions"]
    assert lead["by"] == "Kev Hui Yeung"
    assert lead["copyrightholder"] == "EFE, EPA"
    assert len(item["associations"]) == 4


def lead_caption(article: Article) -> str:
    return article.captions.order_by("order").first().text


def test_renditions_of_stored_files(api_client, photographed, ninjs_validator):
    item = api_client.get(detail_url(photographed), {"format": "ninjs"}).json()

    assert_valid_ninjs(ninjs_validator, item)
    renditions = {r["name"]: r for r in item["associations"][0]["renditions"]}
    assert renditions["original"]["href"].startswith("http://testserver/media/images/")
    assert renditions["original"]["contenttype"] == "image/jpeg"
    assert (renditions["original"]["width"], renditions["original"]["height"]) == (2000, 1000)
    assert {"thumbnail", "medium"} <= set(renditions)
    assert item["by"] == "Ana Lima"
    assert item["firstcreated"] == "2024-06-01T10:00:00Z"


def test_a_list_as_ninjs(api_client, seed_article, photographed, ninjs_validator):
    body = api_client.get(ARTICLES, HTTP_ACCEPT=NINJS).json()

    assert body["count"] == 2
    for item in body["results"]:
        assert_valid_ninjs(ninjs_validator, item)


@pytest.mark.parametrize("url", ["/api/v1/images/", "image"])
def test_images_as_ninjs(api_client, photographed, ninjs_validator, url):
    image = photographed.captions.get().image
    url = f"/api/v1/images/{image.pk}/" if url == "image" else url
    body = api_client.get(url, {"format": "ninjs"}).json()

    items = body.get("results", [body])
    for item in items:
        assert_valid_ninjs(ninjs_validator, item)
    assert items[0]["type"] == "picture"
    assert {"role": "caption", "contenttype": "text/plain", "value": "Three ministers."} in (
        items[0]["descriptions"]
    )
    assert {"role": "alternative", "value": "Ministers."} in items[0]["descriptions"]


def test_the_seed_article_as_json_ld(api_client, seed_article):
    item = api_client.get(detail_url(seed_article), HTTP_ACCEPT=JSONLD).json()

    assert item["@context"] == "https://schema.org"
    assert item["@type"] == "NewsArticle"
    assert item["headline"] == seed_article.title
    assert item["publisher"] == {
        "@type": "NewsMediaOrganization",
        "name": "East Africa News Post",
        "slogan": "Complete News World",
    }
    lead = item["image"][0]
    assert lead["@type"] == "ImageObject"
    assert lead["caption"] == lead_caption(seed_article)
    assert lead["creditText"] == "EFE/EPA/Kev Hui Yeung"
    assert lead["copyrightHolder"] == [
        {"@type": "Organization", "name": "EFE"},
        {"@type": "Organization", "name": "EPA"},
    ]
    assert lead["creator"] == {"@type": "Person", "name": "Kev Hui Yeung"}


def test_json_ld_of_a_stored_file(api_client, photographed):
    item = api_client.get(detail_url(photographed), {"format": "jsonld"}).json()

    image = item["image"][0]
    assert image["contentUrl"].startswith("http://testserver/media/images/")
    assert "/media/renditions/" in image["thumbnailUrl"]
    assert (image["width"], image["height"]) == (2000, 1000)
    assert item["author"] == {"@type": "Person", "name": "Ana Lima"}
    assert item["datePublished"] == "2024-06-01T10:00:00Z"


def test_a_list_as_json_ld_is_an_item_list(api_client, db):
    for _ in range(3):
        article_create()

    response = api_client.get(ARTICLES, {"format": "jsonld", "page_size": 2, "page": 2})
    body = response.json()

    assert body["@type"] == "ItemList"
    assert body["numberOfItems"] == 3
    assert [element["position"] for element in body["itemListElement"]] == [3]
    assert body["itemListElement"][0]["item"]["@type"] == "NewsArticle"
    assert 'rel="prev"' in response["Link"]


def test_an_unknown_format_is_a_400_naming_format(api_client, seed_article):
    response = api_client.get(detail_url(seed_article), {"format": "xml"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalid_params"] == [
        {"name": "format", "reason": "Unknown format “xml” here: use json, ninjs, jsonld."}
    ]


def test_formats_are_offered_where_they_apply(api_client, seed_article):
    response = api_client.get("/api/v1/captions/", {"format": "ninjs"})

    assert response.status_code == 400
    assert "use json." in response.json()["invalid_params"][0]["reason"]


def test_an_accept_header_nothing_satisfies_is_a_406(api_client, seed_article):
    response = api_client.get(detail_url(seed_article), HTTP_ACCEPT="text/csv")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not Acceptable"


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/json; charset=utf-8", "application/json"),
        ("application/ld+json; charset=utf-8", "application/ld+json"),
        ("application/ninjs+json;version=2.2, application/json;q=0.5", "application/ninjs+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json"),
    ],
)
def test_parameters_of_an_accept_header_choose_no_format(
    api_client, seed_article, accept, content_type
):
    response = api_client.get(detail_url(seed_article), HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type


def test_json_asked_with_indent_comes_indented(api_client, seed_article):
    plain = api_client.get(detail_url(seed_article))
    indented = api_client.get(detail_url(seed_article), HTTP_ACCEPT="application/json; indent=2")
    page = api_client.get(ARTICLES, HTTP_ACCEPT="application/json; indent=2")

    assert indented.status_code == page.status_code == 200
    assert indented.content.startswith(b'{\n  "id": ')
    assert indented.json() == plain.json()
    assert page.content.startswith(b'{\n  "count": ')
    assert indented["ETag"] != plain["ETag"]


def test_errors_stay_problem_documents_in_any_format(api_client, db):
    response = api_client.get(f"{ARTICLES}no-such-article/", {"format": "ninjs"})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_an_image_shows_only_its_public_captions(api_client, photographed):
    image = photographed.captions.get().image
    draft = article_create(status="draft")
    Caption.objects.create(article=draft, image=image, text="An embargoed caption.")

    for format_name in ("ninjs", "jsonld"):
        body = api_client.get(f"/api/v1/images/{image.pk}/", {"format": format_name}).content
        assert b"embargoed" not in body
        assert b"Three ministers." in body
