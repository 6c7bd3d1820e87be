"""Filters and ordering of the lists: each filter, several values as OR, and a 400 naming the
parameter for every value that cannot be read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from articles.models import Article, Caption, Image
from tests.factories import article_create, edit_article, publication_create

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"
IMAGES = "/api/v1/images/"


def slugs(api_client, url: str = ARTICLES, **params) -> list[str]:
    response = api_client.get(url, params)
    assert response.status_code == 200, response.json()
    return [item["slug"] for item in response.json()["results"]]


def pictured(slug: str, *, credit: str, photographer: str, agencies: list[str], **fields):
    article = article_create(slug=slug, **fields)
    image = Image.objects.create(credit=credit, photographer=photographer, agencies=agencies)
    Caption.objects.create(article=article, image=image, text="A caption.")
    return article


@pytest.fixture
def three(db) -> list[Article]:
    efe = publication_create(slug="efe-news")
    return [
        pictured(
            "madrid",
            credit="EFE/Ana Lima",
            photographer="Ana Lima",
            agencies=["EFE"],
            publication=efe,
            language="es",
            byline="Lucía Gómez",
            published_at=datetime(2024, 6, 1, 9, 30, tzinfo=UTC),
        ),
        pictured(
            "london",
            credit="AP Photo/John Smith",
            photographer="John Smith",
            agencies=["AP"],
            language="en",
            byline="Tom Reed and Ann Cole",
            published_at=datetime(2024, 6, 2, 18, 0, tzinfo=UTC),
        ),
        article_create(
            slug="paris",
            language="fr",
            byline="",
            published_at=datetime(2024, 7, 1, 8, 0, tzinfo=UTC),
        ),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"publication": "efe-news"}, ["madrid"]),
        ({"language": "en"}, ["london"]),
        ({"language": "en,fr"}, ["paris", "london"]),
        ({"language": ["en", "es"]}, ["london", "madrid"]),
        ({"published_after": "2024-06-02"}, ["paris", "london"]),
        ({"published_after": "2024-06-02T18:00:01Z"}, ["paris"]),
        ({"published_after": "2024-06-02T20:00:00+02:00"}, ["paris", "london"]),
        ({"published_before": "2024-06-02"}, ["london", "madrid"]),  # a date: the whole day
        ({"published_before": "2024-06-02T18:00:00Z"}, ["madrid"]),  # a time: strictly before
        ({"published_after": "2024-06-01", "published_before": "2024-06-01"}, ["madrid"]),
        ({"has_image": "true"}, ["london", "madrid"]),
        ({"has_image": "false"}, ["paris"]),
        ({"agency": "efe"}, ["madrid"]),
        ({"agency": "EFE,AP"}, ["london", "madrid"]),
        ({"photographer": "john smith"}, ["london"]),
        ({"photographer": ["John Smith", "Ana Lima"]}, ["london", "madrid"]),
        ({"credit": "photo/"}, ["london"]),
        ({"byline": "lucía"}, ["madrid"]),
        ({"byline": ["Cole", "Gómez"]}, ["london", "madrid"]),
        ({"language": "en,es", "has_image": "true", "agency": "AP"}, ["london"]),
    ],
)
def test_article_filters(api_client, three, params, expected):
    assert slugs(api_client, **params) == expected


def test_updated_since(api_client, three):
    cutoff = datetime.now(UTC)
    Article.objects.filter(slug="paris").update(updated_at=datetime(2030, 1, 1, tzinfo=UTC))

    assert slugs(api_client, updated_since=cutoff.isoformat()) == ["paris"]


@pytest.mark.parametrize(
    ("params", "name", "reason"),
    [
        ({"published_after": "yesterday"}, "published_after", "ISO 8601"),
        ({"published_before": "2024-02-30"}, "published_before", "ISO 8601"),
        ({"updated_since": "2024-13-01T00:00:00Z"}, "updated_since", "ISO 8601"),
        ({"has_image": "maybe"}, "has_image", "true or false"),
        ({"language": ","}, "language", "at least one value"),
        ({"ordering": "popularity"}, "ordering", "Unknown ordering"),
        ({"ordering": "title,-title"}, "ordering", "at most once"),
        ({"ordering": "-relevance"}, "ordering", "Unknown ordering"),
        ({"lang": "en"}, "lang", "Unknown query parameter"),
    ],
)
def test_unreadable_values_answer_400_naming_the_parameter(api_client, db, params, name, reason):
    response = api_client.get(ARTICLES, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [invalid] = response.json()["invalid_params"]
    assert invalid["name"] == name
    assert reason in invalid["reason"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        (None, ["paris", "london", "madrid"]),
        ("published", ["madrid", "london", "paris"]),
        ("-published", ["paris", "london", "madrid"]),
        ("title", ["london", "madrid", "paris"]),
        ("-title", ["paris", "madrid", "london"]),
        ("-updated", ["paris", "london", "madrid"]),
        ("updated", ["madrid", "london", "paris"]),
    ],
)
def test_ordering_on_the_allow_list(api_client, three, ordering, expected):
    titles = {"madrid": "b Madrid", "london": "A London", "paris": "c Paris"}
    for slug, title in titles.items():
        # Mixed case: titles sort as readers expect, not by code point.
        edit_article(Article.objects.get(slug=slug), title=title)

    params = {"ordering": ordering} if ordering else {}
    assert slugs(api_client, **params) == expected


def test_undated_articles_come_last_both_ways(api_client, three):
    article_create(slug="undated", published_at=None)

    assert slugs(api_client, ordering="-published")[-1] == "undated"
    assert slugs(api_client, ordering="published")[-1] == "undated"


@pytest.fixture
def images(db) -> dict[str, Image]:
    images = {
        "complete": Image.objects.create(
            credit="EFE/Ana Lima", photographer="Ana Lima", agencies=["EFE"], alt_text="A port."
        ),
        "no_alt": Image.objects.create(credit="AP Photo/Jo Park", agencies=["AP"]),
        "no_credit": Image.objects.create(alt_text="A square."),
    }
    article = article_create()  # the public sees images placed in published articles only
    for order, image in enumerate(images.values()):
        Caption.objects.create(article=article, image=image, order=order)
    return images


def image_ids(api_client, **params) -> list[int]:
    response = api_client.get(IMAGES, params)
    assert response.status_code == 200, response.json()
    return sorted(item["id"] for item in response.json()["results"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"agency": "ap"}, ["no_alt"]),
        ({"agency": "EFE,AP"}, ["complete", "no_alt"]),
        ({"photographer": "ana lima"}, ["complete"]),
        ({"missing": "alt_text"}, ["no_alt"]),
        ({"missing": "credit"}, ["no_credit"]),
        ({"missing": "credit,alt_text"}, ["no_alt", "no_credit"]),
    ],
)
def test_image_filters(api_client, images, params, expected):
    assert image_ids(api_client, **params) == sorted(images[name].pk for name in expected)


def test_an_unknown_missing_field_is_a_400(api_client, images):
    response = api_client.get(IMAGES, {"missing": "caption"})

    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "missing"


def test_captions_filter_by_several_articles(api_client, three):
    response = api_client.get("/api/v1/captions/", {"article": "madrid,london"})

    assert sorted(c["article"] for c in response.json()["results"]) == ["london", "madrid"]
