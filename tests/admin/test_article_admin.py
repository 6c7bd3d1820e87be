"""The editors' admin: an article's change page with its captions inline, and saving them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, Image
from articles.services import image_file_replace
from tests.factories import article_create, image_upload, publication_create

pytestmark = pytest.mark.django_db


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_change_page_shows_the_captions_with_credit_and_alt_text(staff_client, seed_article):
    response = staff_client.get(change_url(seed_article))

    assert response.status_code == 200
    html = response.content.decode()
    for caption in seed_article.captions.select_related("image"):
        assert caption.text.replace("’", "&#x27;")[:40] in html or caption.text[:40] in html
        assert f'value="{caption.image.credit}"' in html
    assert "captions-TOTAL_FORMS" in html
    assert 'name="captions-0-alt_text"' in html
    assert f"/api/v1/articles/{seed_article.slug}/" in html


def test_anonymous_users_are_sent_to_the_login_page(client, seed_article):
    response = client.get(change_url(seed_article))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_list_page_search_and_filters(staff_client, corpus_articles):
    url = reverse("admin:articles_article_changelist")

    everything = staff_client.get(url)
    found = staff_client.get(url, {"q": "Pyongyang"})
    spanish = staff_client.get(url, {"language": "es"})

    assert everything.status_code == found.status_code == spanish.status_code == 200
    assert found.context["cl"].result_count == 1
    assert spanish.context["cl"].result_count == Article.objects.filter(language="es").count()


def _inline_post_data(article: Article) -> dict[str, str]:
    captions = list(article.captions.select_related("image").order_by("order"))
    data = {
        "title": article.title,
        "slug": article.slug,
        "status": article.status,
        "publication": str(article.publication_id or ""),
        "byline": article.byline,
        "published_at_0": f"{article.published_at:%Y-%m-%d}" if article.published_at else "",
        "published_at_1": f"{article.published_at:%H:%M:%S}" if article.published_at else "",
        "language": article.language,
        "body": article.body,
        "attribution": article.attribution,
        "captions-TOTAL_FORMS": str(len(captions)),
        "captions-INITIAL_FORMS": str(len(captions)),
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }
    for index, caption in enumerate(captions):
        prefix = f"captions-{index}-"
        data.update(
            {
                f"{prefix}id": str(caption.pk),
                f"{prefix}article": str(article.pk),
                f"{prefix}order": str(caption.order),
                f"{prefix}position": str(caption.position),
                f"{prefix}text": caption.text,
                f"{prefix}image": str(caption.image_id),
                f"{prefix}credit": caption.image.credit,
                f"{prefix}alt_text": caption.image.alt_text,
            }
        )
    return data


def test_an_editor_corrects_a_credit_and_alt_text_inline(staff_client, seed_article, api_client):
    data = _inline_post_data(seed_article)
    data["captions-0-credit"] = "AFP/Jane Doe"
    data["captions-0-alt_text"] = "Three ministers stand at lecterns."

    response = staff_client.post(change_url(seed_article), data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    image = seed_article.captions.order_by("order").first().image
    image.refresh_from_db()
    assert (image.credit, image.photographer, image.agencies) == (
        "AFP/Jane Doe",
        "Jane Doe",
        ["AFP"],
    )
    assert image.alt_text == "Three ministers stand at lecterns."
    api = api_client.get(f"/api/v1/articles/{seed_article.slug}/").json()
    assert api["captions"][0]["credit"] == "AFP/Jane Doe"


def test_a_caption_past_the_last_paragraph_is_refused_in_plain_words(staff_client, seed_article):
    data = _inline_post_data(seed_article)
    data["captions-1-position"] = "99"

    response = staff_client.post(change_url(seed_article), data)

    assert response.status_code == 200
    assert "The article has 13 paragraphs" in response.content.decode()


def test_an_inline_caption_without_image_creates_one(staff_client, seed_article):
    images_before = Image.objects.count()
    data = _inline_post_data(seed_article)
    data["captions-TOTAL_FORMS"] = "5"
    data.update(
        {
            "captions-4-article": str(seed_article.pk),
            "captions-4-order": "4",
            "captions-4-position": "13",
            "captions-4-text": "A new picture at the end.",
            "captions-4-image": "",
            "captions-4-credit": "Photo: Someone / Some Agency",
            "captions-4-alt_text": "",
        }
    )

    response = staff_client.post(change_url(seed_article), data)

    assert response.status_code == 302
    assert Image.objects.count() == images_before + 1
    assert seed_article.captions.order_by("order").last().text == "A new picture at the end."


# Pictures in the caption inline: thumbnails, uploads and refusals.


def _inline_row(html: str, index: int) -> str:
    """The HTML of one caption of the inline (each a block ``id="captions-N"``, up to the next
    one or the empty form's ``id="captions-empty"``)."""
    start = html.index(f'id="captions-{index}"')
    return html[start : html.index('id="captions-', start + 1)]


def test_the_inline_shows_a_thumbnail_or_no_file_yet(editor_client, media_root):
    article = article_create(captions=2)
    first = article.captions.get(order=0)
    image_file_replace(image=first.image, file=image_upload("harbour.jpg"))
    thumbnail = first.image.rendition("thumbnail")

    html = editor_client.get(change_url(article)).content.decode()

    rows = {index: _inline_row(html, index) for index in (0, 1)}
    assert f'<img src="{thumbnail.file.url}" width="160"' in rows[0]
    assert "no file yet" not in rows[0]
    assert "no file yet" in rows[1]
    assert 'name="captions-0-upload"' in html
    assert 'enctype="multipart/form-data"' in html


def test_an_editor_uploads_a_file_through_the_caption_inline(
    editor_client, editor, seed_article, media_root, api_client
):
    data = _inline_post_data(seed_article)
    data["captions-0-upload"] = image_upload("lead.jpg", size=(1600, 1200))

    response = editor_client.post(change_url(seed_article), data)

    assert response.status_code == 302
    caption = seed_article.captions.select_related("image").get(order=0)
    image = caption.image
    assert (image.width, image.height) == (1600, 1200)
    assert {r.name: r.width for r in image.renditions.all()} == {"thumbnail": 320, "medium": 1024}
    assert image.history.latest().history_user == editor
    page = editor_client.get(change_url(seed_article)).content.decode()
    assert image.rendition("thumbnail").file.url in page
    api_image = api_client.get(f"/api/v1/articles/{seed_article.slug}/").json()["captions"][0]
    assert api_image["image"]["url"].endswith(image.file.url)
    assert (api_image["image"]["width"], api_image["image"]["height"]) == (1600, 1200)


def test_a_new_caption_with_an_upload_creates_its_image(editor_client, seed_article, media_root):
    data = _inline_post_data(seed_article)
    data["captions-TOTAL_FORMS"] = "5"
    data.update(
        {
            "captions-4-article": str(seed_article.pk),
            "captions-4-order": "4",
            "captions-4-position": "2",
            "captions-4-text": "A new picture.",
            "captions-4-image": "",
            "captions-4-credit": "Reuters/Ana Lima",
            "captions-4-alt_text": "A crowd in a square.",
            "captions-4-upload": image_upload("crowd.png", size=(800, 600), image_format="PNG"),
        }
    )

    response = editor_client.post(change_url(seed_article), data)

    assert response.status_code == 302
    image = seed_article.captions.get(order=4).image
    assert (image.photographer, image.agencies, image.alt_text) == (
        "Ana Lima",
        ["Reuters"],
        "A crowd in a square.",
    )
    assert (image.width, image.height) == (800, 600)
    assert image.rendition("thumbnail").height == 240


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (image_upload("lead.png"), "The file name ends in “.png” but the file is a JPEG image"),
        (image_upload("notes.jpg", content=b"not a picture"), "The file is not an image we can"),
    ],
)
def test_an_invalid_inline_upload_is_refused_with_the_reason_and_nothing_saved(
    editor_client, seed_article, media_root, upload, reason
):
    data = _inline_post_data(seed_article)
    data["captions-0-upload"] = upload
    data["captions-0-text"] = "An edit that must not be saved either."
    image = seed_article.captions.get(order=0).image

    response = editor_client.post(change_url(seed_article), data)

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert seed_article.captions.get(order=0).text != "An edit that must not be saved either."
    image.refresh_from_db()
    assert not image.file
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_slug_already_taken_is_refused_in_plain_words(editor_client, seed_article):
    other = article_create()
    data = _inline_post_data(seed_article)
    data["slug"] = other.slug

    response = editor_client.post(change_url(seed_article), data)

    assert response.status_code == 200
    assert "Another article already has this slug" in response.content.decode()


def test_list_columns_and_the_number_of_captions_filter(editor_client):
    url = reverse("admin:articles_article_changelist")
    article_create(captions=0)
    article_create(captions=1)
    article_create(captions=3, parse_warnings=["no date"])

    page = editor_client.get(url)
    none = editor_client.get(url, {"captions": "0"})
    several = editor_client.get(url, {"captions": "2+"})
    warned = editor_client.get(url, {"has_warnings": "yes", "captions": "2+"})

    html = page.content.decode()
    for column in ["status", "publication", "published_at", "caption_count", "warning_count"]:
        assert f"column-{column}" in html
    assert none.context["cl"].result_count == 1
    assert several.context["cl"].result_count == 1
    assert warned.context["cl"].result_count == 1
    assert '<td class="field-caption_count">3</td>' in several.content.decode()


def test_captions_are_reordered_by_their_numbers_without_dragging(editor_client, seed_article):
    before = list(seed_article.captions.order_by("order").values_list("pk", flat=True))
    data = _inline_post_data(seed_article)
    # Swap the first two and move the last to the front: every row changes its number.
    data["captions-0-order"], data["captions-1-order"] = "2", "3"
    data["captions-2-order"], data["captions-3-order"] = "1", "0"

    response = editor_client.post(change_url(seed_article), data)

    assert response.status_code == 302
    after = list(seed_article.captions.order_by("order").values_list("pk", flat=True))
    assert after == [before[3], before[2], before[0], before[1]]
    orders = [h.order for h in seed_article.captions.get(pk=before[0]).history.all()]
    assert orders == [2, 0], "no temporary number in the history"


def test_two_captions_with_one_number_are_refused(editor_client, seed_article):
    data = _inline_post_data(seed_article)
    data["captions-0-order"] = "1"

    response = editor_client.post(change_url(seed_article), data)

    assert response.status_code == 200
    assert "Two captions have the same order number: give each caption its own." in (
        response.content.decode()
    )


def test_deleting_a_caption_frees_its_number(editor_client, seed_article):
    data = _inline_post_data(seed_article)
    last = seed_article.captions.get(order=3)
    data["captions-3-DELETE"] = "on"
    data["captions-0-order"] = "3"

    response = editor_client.post(change_url(seed_article), data)

    assert response.status_code == 302
    assert not seed_article.captions.filter(pk=last.pk).exists()
    assert sorted(seed_article.captions.values_list("order", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize(
    ("field_name", "term", "expected"),
    [("image", "Photographer 1", "AP Photo/Photographer 1"), ("publication", "Gaz", "Gazette")],
)
def test_autocomplete_for_images_and_publications(editor_client, field_name, term, expected):
    article_create(captions=2, publication=publication_create(name="Gazette", slug="gazette"))
    model_name = "caption" if field_name == "image" else "article"

    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": model_name, "field_name": field_name, "term": term},
    )

    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert len(texts) == 1 and expected in texts[0]


def test_a_slug_changed_in_the_admin_is_kept_and_shown(editor_client, seed_article, api_client):
    old = seed_article.slug
    data = _inline_post_data(seed_article)
    data["slug"] = "korea-japan-us-condemn-pact"

    response = editor_client.post(change_url(seed_article), data)

    assert response.status_code == 302
    page = editor_client.get(change_url(seed_article)).content.decode()
    assert f"{old} (links to these lead here)" in page
    moved = api_client.get(f"/api/v1/articles/{old}/")
    assert moved.status_code == 301
    assert moved["Location"].endswith("/api/v1/articles/korea-japan-us-condemn-pact/")


def test_the_list_filters_articles_by_parse_confidence_and_the_page_shows_it(staff_client):
    sure = article_create(title="Sure of it")
    unsure = article_create(title="Unsure of it")
    typed = article_create(title="Typed by an editor")
    Article.objects.filter(pk=sure.pk).update(parse_confidence=0.97)
    Article.objects.filter(pk=unsure.pk).update(parse_confidence=0.41)
    url = reverse("admin:articles_article_changelist")

    def titles(confidence: str) -> set[str]:
        response = staff_client.get(url, {"confidence": confidence})
        assert response.status_code == 200
        return {article.title for article in response.context["cl"].result_list}

    assert titles("low") == {"Unsure of it"}
    assert titles("high") == {"Sure of it"}
    assert titles("none") == {typed.title}
    assert "Low (under 0.75" in staff_client.get(url).content.decode()
    page = staff_client.get(change_url(unsure)).content.decode()
    assert "parse confidence" in page.lower() and "0.41" in page
