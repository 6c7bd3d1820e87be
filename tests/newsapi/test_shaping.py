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


def _every_field(document: dict, prefix: str = "") -> list[str]:
    """Every leaf of a representation as ``?fields=`` names it (``captions.image.credit``);
    the body is a field whole, its blocks are not fields."""
    paths: list[str] = []
    for name, value in document.items():
        items = value if isinstance(value, list) else [value]
        nested = [item for item in items if isinstance(item, dict)]
        if name == "body" or not nested:
            paths.append(f"{prefix}{name}")
            continue
        merged: dict = {}
        for item in nested:
            merged.update(item)
        paths += _every_field(merged, f"{prefix}{name}.")
    return paths


@pytest.fixture
def two_articles(db, media_root, seed_article):
    """The seed article (four captions, no files) and one with a file and its renditions, a
    publication without tagline and no byline: every kind of value a representation holds."""
    from articles.models import Caption, Publication
    from articles.services import image_create
    from tests.factories import image_upload

    publication = Publication.objects.create(name="The Outlet", slug="the-outlet")
    article = article_create(
        title=f"{seed_article.title}, again",  # so that a search finds both
        publication=publication,
        byline="",
        published_at="2024-06-01T10:00:00Z",
    )
    image = image_create(file=image_upload(), credit="EFE/Ana Lima", alt_text="Ministers.")
    Caption.objects.create(article=article, image=image, text="Three ministers.", position=1)
    uncredited = image_create(file=None)
    Caption.objects.create(article=article, image=uncredited, text="", position=5, order=1)
    return [seed_article, article]


@pytest.mark.parametrize(
    "query",
    [{}, {"expand": "body,captions"}, {"expand": "captions", "search": True}],
)
def test_a_list_with_every_field_named_is_the_same_as_without_fields(
    api_client, two_articles, query
):
    if query.get("search"):
        query["search"] = max(two_articles[0].title.split(), key=len)
    # Without ?fields= the serializers build their dicts directly; naming every field takes
    # DRF's fields, nested ones included. Both must give the same bytes (and so one ETag).
    whole = api_client.get(ARTICLES, query)
    assert whole.status_code == 200
    items = whole.json()["results"]
    assert len(items) == 2 and any(item["lead_image"]["image"]["renditions"] for item in items)
    fields = ",".join(dict.fromkeys(path for item in items for path in _every_field(item)))
    assert "lead_image.image.renditions.url" in fields

    pruned = api_client.get(ARTICLES, {**query, "fields": fields})

    assert pruned.status_code == 200
    assert pruned.content == whole.content


def test_a_detail_with_every_field_named_is_the_same_as_without_fields(api_client, two_articles):
    for article in two_articles:
        whole = api_client.get(detail_url(article.slug))
        fields = ",".join(_every_field(whole.json()))
        assert "captions.image.agencies" in fields

        pruned = api_client.get(detail_url(article.slug), {"fields": fields})

        assert pruned.status_code == 200
        assert pruned.content == whole.content
        assert pruned["ETag"] == whole["ETag"]
