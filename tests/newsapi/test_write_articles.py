"""Writing articles through the API: created, replaced and changed with their captions in one
request, checked and written atomically, answered with the representation a GET gives, and
refused (401, 403, 400 naming the field) without writing anything."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from articles.models import Article, ArticleStatus, ArticleTombstone, Caption, Image
from tests.factories import article_create, publication_create

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"
PROBLEM = "application/problem+json"


def detail(slug: str) -> str:
    return f"{ARTICLES}{slug}/"


def invalid_params(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    return {item["name"]: item["reason"] for item in response.json()["invalid_params"]}


def store_state() -> tuple:
    """Everything an article write can touch, to compare before and after a refused one."""
    return (
        list(Article.objects.order_by("pk").values()),
        list(Caption.objects.order_by("pk").values()),
        list(Image.objects.order_by("pk").values()),
        ArticleTombstone.objects.count(),
    )


NEW_ARTICLE = {
    "title": "Harbour cranes stand idle as dockers strike",
    "publication": "the-outlet",
    "byline": "Ana Ruiz",
    "language": "en",
    "attribution": "With information from EFE",
    "body": ["Dockers walked out at dawn.", "Ships queued offshore.", "Talks resume on Monday."],
    "captions": [
        {"text": "Idle cranes.", "position": 0, "credit": "EFE/EPA/Kev Hui Yeung"},
        {"text": "A queue of ships.", "position": 2, "alt_text": "Container ships at anchor."},
    ],
}


@pytest.fixture
def outlet(db):
    return publication_create(name="The Outlet", slug="the-outlet")


def test_create_answers_201_with_location_and_the_representation_a_get_gives(editor_api, outlet):
    response = editor_api.post(ARTICLES, NEW_ARTICLE, format="json")

    assert response.status_code == 201, response.content
    created = response.json()
    assert response["Location"] == f"http://testserver{detail(created['slug'])}"
    assert created == editor_api.get(response["Location"]).json()
    assert created["slug"] == "harbour-cranes-stand-idle-as-dockers-strike"
    assert created["status"] == "draft"
    assert created["publication"]["slug"] == "the-outlet"
    assert [block["type"] for block in created["body"]] == [
        "image",
        "paragraph",
        "paragraph",
        "image",
        "paragraph",
    ]
    first, second = created["captions"]
    assert (first["text"], first["position"], first["credit"]) == (
        "Idle cranes.",
        0,
        "EFE/EPA/Kev Hui Yeung",
    )
    assert first["image"]["photographer"] == "Kev Hui Yeung"
    assert first["image"]["agencies"] == ["EFE", "EPA"]
    assert second["image"]["alt_text"] == "Container ships at anchor."
    assert list(Caption.objects.order_by("order").values_list("text", "order")) == [
        ("Idle cranes.", 0),
        ("A queue of ships.", 1),
    ]


def test_a_new_article_is_a_draft_the_public_cannot_see(editor_api, client, outlet):
    slug = editor_api.post(ARTICLES, NEW_ARTICLE, format="json").json()["slug"]

    assert client.get(detail(slug)).status_code == 404
    assert slug not in client.get(ARTICLES).content.decode()
    assert editor_api.get(detail(slug)).status_code == 200
    assert slug in editor_api.get(ARTICLES).content.decode()


def test_a_caption_can_show_an_existing_image(editor_api, outlet):
    image = Image.objects.create(credit="AP Photo/Petra Kunz")
    body = {**NEW_ARTICLE, "captions": [{"image": image.pk, "text": "Again.", "position": 1}]}

    created = editor_api.post(ARTICLES, body, format="json").json()

    assert created["captions"][0]["image"]["id"] == image.pk
    assert created["captions"][0]["credit"] == "AP Photo/Petra Kunz"
    assert Image.objects.count() == 1


def test_a_refused_second_caption_leaves_nothing_half_saved(editor_api, outlet):
    before = store_state()
    body = {
        **NEW_ARTICLE,
        "captions": [
            {"text": "Fine.", "position": 1, "credit": "AP"},
            {"text": "Too far.", "position": 4},
        ],
    }

    response = editor_api.post(ARTICLES, body, format="json")

    assert invalid_params(response) == {
        "captions[1].position": "The article has 3 paragraphs, so the image cannot come after "
        "more than that."
    }
    assert response.json()["detail"] == "Invalid: captions[1].position."
    assert store_state() == before
    assert not Article.history.exists(), "no history of an article that was never saved"


def test_a_refused_replacement_leaves_the_article_as_it_was(editor_api):
    article = article_create(captions=2)
    before = store_state()
    first, second = article.captions.order_by("order")
    body = {
        "title": "A new headline",
        "body": ["Only one paragraph now."],
        "captions": [
            {"id": second.pk, "position": 0, "credit": "Reuters"},
            {"id": first.pk, "position": 1, "text": "Moved."},
            {"text": "Past the end.", "position": 2},
        ],
    }

    response = editor_api.put(detail(article.slug), body, format="json")

    assert invalid_params(response) == {
        "captions[2].position": "The article has 1 paragraph, so the image cannot come after "
        "more than that."
    }
    assert store_state() == before


def test_put_replaces_the_captions_as_a_set(editor_api):
    article = article_create(captions=3)
    first, second, third = article.captions.order_by("order")
    body = {
        "title": article.title,
        "body": ["One.", "Two.", "Three."],
        "captions": [
            {"id": third.pk, "position": 0},
            {"text": "A new one.", "position": 3, "credit": "AP Photo/Jane Roe"},
            {"id": first.pk, "text": "First, now last.", "credit": "Reuters"},
        ],
    }

    response = editor_api.put(detail(article.slug), body, format="json")

    assert response.status_code == 200, response.content
    captions = response.json()["captions"]
    assert [c["id"] for c in captions][::2] == [third.pk, first.pk]
    assert [(c["text"], c["position"], c["credit"]) for c in captions] == [
        ("Caption 2.", 0, "AP Photo/Photographer 2"),
        ("A new one.", 3, "AP Photo/Jane Roe"),
        ("First, now last.", 0, "Reuters"),
    ]
    assert not Caption.objects.filter(pk=second.pk).exists()
    assert Image.objects.filter(pk=second.image_id).exists(), "images stay for other articles"
    assert list(article.captions.order_by("order").values_list("order", flat=True)) == [0, 1, 2]


def test_an_unchanged_caption_is_not_written_again(editor_api):
    article = article_create(captions=2)
    first, second = article.captions.order_by("order")
    versions_before = Caption.history.count()

    response = editor_api.patch(
        detail(article.slug),
        {"captions": [{"id": first.pk}, {"id": second.pk, "text": "Changed."}]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert Caption.history.count() == versions_before + 1


def test_patch_without_captions_keeps_them(editor_api):
    article = article_create(captions=2)

    response = editor_api.patch(detail(article.slug), {"title": "Retitled"}, format="json")

    assert response.status_code == 200
    assert response.json()["title"] == "Retitled"
    assert len(response.json()["captions"]) == 2


def test_a_shorter_body_must_keep_room_for_the_captions(editor_api):
    article = article_create(captions=3)  # positions 0, 1 and 2

    response = editor_api.patch(detail(article.slug), {"body": ["Just one."]}, format="json")

    reason = invalid_params(response)["body"]
    assert "The body has 1 paragraph but" in reason
    assert "send the captions with new positions" in reason
    assert Article.objects.get(pk=article.pk).paragraphs == article.paragraphs


def test_a_caption_id_of_another_article_is_refused(editor_api):
    article = article_create(captions=1)
    other = article_create(captions=1).captions.get()

    response = editor_api.patch(
        detail(article.slug), {"captions": [{"id": other.pk, "text": "Mine now"}]}, format="json"
    )

    assert invalid_params(response) == {
        "captions[0].id": f"The article has no caption {other.pk}; leave the id out to add a "
        "caption."
    }
    assert Caption.objects.get(pk=other.pk).text == "Caption 0."


def test_publishing_scheduling_and_withdrawing_through_patch(editor_api, client):
    article = article_create(status=ArticleStatus.DRAFT, published_at=None)
    url = detail(article.slug)

    published = editor_api.patch(url, {"status": "published"}, format="json").json()
    assert published["status"] == "published"
    assert published["published_at"] is not None, "a published article takes the time"
    assert client.get(url).status_code == 200

    scheduled = editor_api.patch(
        url, {"status": "scheduled", "published_at": "2999-01-01T06:00:00Z"}, format="json"
    )
    assert scheduled.json()["status"] == "scheduled"
    assert client.get(url).status_code == 404, "scheduled for later: out of view until then"

    editor_api.patch(url, {"status": "published", "published_at": None}, format="json")
    editor_api.patch(url, {"status": "withdrawn"}, format="json")
    assert client.get(url).status_code == 404
    tombstones = client.get(f"{ARTICLES}deleted/").json()["results"]
    assert [(t["slug"], t["reason"]) for t in tombstones] == [
        (article.slug, "withdrawn"),
        (article.slug, "withdrawn"),
    ], "one tombstone each time it left public view"


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (
            {"status": "scheduled", "published_at": None},
            "published_at",
            "A scheduled article needs the date and time to publish it.",
        ),
        (
            {"status": "published", "published_at": "2999-01-01T00:00:00Z"},
            "status",
            "The publication time is in the future: choose “Scheduled”",
        ),
        ({"status": "gone"}, "status", '"gone" is not a valid choice.'),
        ({"language": "english"}, "language", "Use a two-letter ISO 639-1 language code"),
        ({"title": 12}, "title", "Send text (a JSON string)."),
        ({"title": "  "}, "title", "This field may not be blank."),
        ({"body": "One paragraph."}, "body", 'Expected a list of items but got type "str".'),
        ({"body": []}, "body", "Ensure this field has at least 1 elements."),
        (
            {"body": ["One.\n\nTwo."]},
            "body[0]",
            "A paragraph cannot hold a blank line: send each paragraph as an item of its own.",
        ),
        ({"publication": "nowhere"}, "publication", "There is no publication “nowhere”."),
        ({"slug": "Not a slug!"}, "slug", "Use lower-case letters, digits and hyphens"),
        ({"captions": [{"position": "1"}]}, "captions[0].position", "Send a whole number"),
        ({"captions": [{"position": -1}]}, "captions[0].position", "greater than or equal"),
        ({"captions": [{"image": 987654}]}, "captions[0].image", "There is no image 987654."),
        ({"captions": [{"image": "1"}]}, "captions[0].image", "Send the image's id"),
        ({"captions": ["A caption"]}, "captions[0]", "Expected a dictionary"),
    ],
)
def test_invalid_fields_are_refused_naming_the_field(editor_api, change, field, reason):
    article = article_create(captions=1, status=ArticleStatus.DRAFT)
    before = store_state()

    response = editor_api.patch(detail(article.slug), change, format="json")

    assert reason in invalid_params(response)[field]
    assert store_state() == before


def test_a_slug_taken_by_another_article_is_refused_in_plain_words(editor_api, outlet):
    taken = article_create()

    response = editor_api.post(ARTICLES, {**NEW_ARTICLE, "slug": taken.slug}, format="json")

    assert invalid_params(response) == {
        "slug": "Another article already has this slug; leave it out to have one made from "
        "the title, or choose another."
    }


def test_a_title_taken_gets_a_slug_of_its_own(editor_api, outlet):
    first = editor_api.post(ARTICLES, NEW_ARTICLE, format="json").json()["slug"]
    second = editor_api.post(ARTICLES, NEW_ARTICLE, format="json").json()["slug"]

    assert second == f"{first}-2"


def test_read_only_fields_are_ignored(editor_api, outlet):
    body = {
        **NEW_ARTICLE,
        "id": 424242,
        "url": "http://evil.example/",
        "created_at": "2001-01-01T00:00:00Z",
        "updated_at": "2001-01-01T00:00:00Z",
        "source_name": "forged.txt",
        "parse_warnings": ["forged"],
    }

    created = editor_api.post(ARTICLES, body, format="json").json()

    article = Article.objects.get(slug=created["slug"])
    assert article.pk != 424242
    assert (article.source_name, article.parse_warnings) == ("", [])
    assert article.created_at.year > 2001
    assert created["url"].startswith("http://testserver/")


def test_delete_answers_204_and_leaves_a_tombstone_if_it_was_public(editor_api, client):
    public = article_create(captions=1)
    draft = article_create(status=ArticleStatus.DRAFT)

    for article in (public, draft):
        response = editor_api.delete(detail(article.slug))
        assert response.status_code == 204
        assert response.content == b""
        assert editor_api.get(detail(article.slug)).status_code == 404

    tombstones = client.get(f"{ARTICLES}deleted/").json()["results"]
    assert [(t["slug"], t["reason"]) for t in tombstones] == [(public.slug, "deleted")]
    assert Image.objects.count() == 1, "the image stays"


def test_anonymous_writes_are_refused_401_and_others_403(api_client, reader, outlet):
    article = article_create()
    before = store_state()

    anonymous = api_client.post(ARTICLES, NEW_ARTICLE, format="json")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Basic")
    api_client.force_authenticate(reader)
    for response in (
        api_client.post(ARTICLES, NEW_ARTICLE, format="json"),
        api_client.patch(detail(article.slug), {"title": "No"}, format="json"),
        api_client.delete(detail(article.slug)),
    ):
        assert response.status_code == 403
        assert response["Content-Type"] == PROBLEM
    assert store_state() == before


def test_writing_captions_takes_the_caption_permissions_too(api_client, reader, outlet):
    reader.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_article", "change_article"])
    )
    api_client.force_authenticate(reader)

    with_captions = api_client.post(ARTICLES, NEW_ARTICLE, format="json")
    without = api_client.post(ARTICLES, {**NEW_ARTICLE, "captions": []}, format="json")

    assert with_captions.status_code == 403
    assert "add_caption" in with_captions.json()["detail"]
    assert without.status_code == 201


def test_writes_answer_json_only(editor_api, outlet):
    ninjs = editor_api.post(
        ARTICLES, NEW_ARTICLE, format="json", HTTP_ACCEPT="application/ninjs+json"
    )
    by_parameter = editor_api.post(f"{ARTICLES}?format=ninjs", NEW_ARTICLE, format="json")

    assert ninjs.status_code == 406
    assert invalid_params(by_parameter) == {"format": "Unknown format “ninjs” here: use json."}
    assert not Article.objects.exists()


def test_a_body_that_is_not_json_is_a_400_problem(editor_api):
    response = editor_api.generic("POST", ARTICLES, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "JSON parse error" in response.json()["detail"]


def test_the_history_names_the_editor_who_wrote_through_the_api(editor_api, editor, outlet):
    slug = editor_api.post(ARTICLES, NEW_ARTICLE, format="json").json()["slug"]
    editor_api.patch(detail(slug), {"title": "Cranes idle"}, format="json")

    article = Article.objects.get(slug=slug)
    assert [record.history_user for record in article.history.all()] == [editor, editor]
    caption = article.captions.first()
    assert caption.history.first().history_user == editor
    assert caption.image.history.first().history_user == editor


def test_a_body_saved_from_a_browser_form_keeps_its_paragraphs(editor_api, api_client):
    # Browsers send a textarea's line breaks as CRLF; the browser test found an admin save
    # refused for it ("The article has 1 paragraph").
    article = article_create(body="First.\r\n\r\nSecond.\r\n\r\nThird.", captions=1)

    body = api_client.get(detail(article.slug)).json()["body"]

    assert [block.get("text") for block in body] == [None, "First.", "Second.", "Third."]
    moved = editor_api.patch(
        detail(article.slug),
        {"captions": [{"id": article.captions.get().pk, "position": 3}]},
        format="json",
    )
    assert moved.status_code == 200
