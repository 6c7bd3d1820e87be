"""``?fields=`` and ``?expand=``: the shape of responses, chosen by the client."""

from __future__ import annotations

import pytest

from tests.factories import article_create

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def detail_url(slug: str) -> str:
    return f"{ARTICLES}{slug}/"


def test_sparse_fields_on_a_detail(api_client, seed_article):
    data = api_client.get(
        detail_url(seed_article.slug), {"fields": "id,title,captions.credit"}
    ).json()

    assert set(data) == {"id", "title", "captions"}
    assert data["captions"][0] == {"credit": "EFE/EPA/Kev Hui Yeung"}
    assert len(data["captions"]) == 4


def test_sparse_fields_on_list_items_and_nested_objects(api_client, seed_article):
    data = api_client.get(ARTICLES, {"fields": "slug,lead_image.image.agencies"}).json()

    assert set(data) == {"count", "next", "previous", "results"}
    assert data["results"] == [
        {"slug": seed_article.slug, "lead_image": {"image": {"agencies": ["EFE", "EPA"]}}}
    ]


def test_a_field_named_whole_wins_over_its_parts(api_client, seed_article):
    data = api_client.get(
        detail_url(seed_article.slug), {"fields": "captions.credit,captions"}
    ).json()

    assert set(data["captions"][0]) == {"id", "text", "credit", "position", "image"}


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ("id,headline", "Unknown field “headline”: choose from id, slug, url, title"),
        ("captions.photo", "Unknown field “captions.photo”"),
        ("title.text", "“title” has no fields to choose from"),
        ("id,,title", "is not a field name"),
        ("id;title", "is not a field name"),
    ],
)
def test_unknown_fields_are_a_400_naming_fields(api_client, seed_article, fields, reason):
    response = api_client.get(detail_url(seed_article.slug), {"fields": fields})

    assert response.status_code == 400
    [invalid] = response.json()["invalid_params"]
    assert invalid["name"] == "fields"
    assert reason in invalid["reason"]


def test_list_items_are_light_until_expanded(api_client, seed_article):
    light = api_client.get(ARTICLES).json()["results"][0]
    full = api_client.get(ARTICLES, {"expand": "captions,body"}).json()["results"][0]
    detail = api_client.get(detail_url(seed_article.slug)).json()

    assert "body" not in light and "captions" not in light
    assert light["lead_image"]["credit"] == "EFE/EPA/Kev Hui Yeung"
    assert full["body"] == detail["body"]
    assert full["captions"] == detail["captions"]


def test_expanded_list_query_count_does_not_grow_with_the_page(
    api_client, django_assert_num_queries
):
    for _ in range(25):
        article_create(captions=3)

    # count, articles, captions with images, renditions, last change
    with django_assert_num_queries(5):
        api_client.get(ARTICLES, {"expand": "captions,body", "page_size": 25})


def test_fields_can_pick_from_expansions(api_client, seed_article):
    data = api_client.get(
        ARTICLES, {"expand": "captions", "fields": "id,captions.position"}
    ).json()["results"][0]

    assert data == {"id": seed_article.pk, "captions": [{"position": p} for p in (0, 4, 8, 12)]}


def test_a_caption_expands_its_article(api_client, seed_article):
    caption = seed_article.captions.order_by("order").first()

    plain = api_client.get(f"/api/v1/captions/{caption.pk}/").json()
    expanded = api_client.get(f"/api/v1/captions/{caption.pk}/", {"expand": "article"}).json()

    assert plain["article"] == seed_article.slug
    assert expanded["article"] == {
        "id": seed_article.pk,
        "slug": seed_article.slug,
        "url": f"http://testserver{detail_url(seed_article.slug)}",
        "title": seed_article.title,
        "language": "en",
        "published_at": None,
    }


@pytest.mark.parametrize(
    ("url", "expand", "reason"),
    [
        (ARTICLES, "publication", "Cannot expand “publication”: the choices are captions, body"),
        ("/api/v1/captions/", "image", "the choices are article"),
    ],
)
def test_unknown_expansions_are_a_400_naming_expand(api_client, seed_article, url, expand, reason):
    response = api_client.get(url, {"expand": expand})

    assert response.status_code == 400
    [invalid] = response.json()["invalid_params"]
    assert invalid["name"] == "expand"
    assert reason in invalid["reason"]


def test_expand_is_not_a_parameter_where_nothing_expands(api_client, seed_article):
    response = api_client.get(detail_url(seed_article.slug), {"expand": "captions"})

    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "expand"


def test_fields_apply_to_our_json_only(api_client, seed_article):
    response = api_client.get(detail_url(seed_article.slug), {"fields": "id", "format": "ninjs"})

    assert response.status_code == 400
    assert response.json()["invalid_params"] == [
        {"name": "fields", "reason": "fields and expand apply to format=json only."}
    ]
