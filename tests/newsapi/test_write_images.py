"""Images through the API: a multipart upload checked from its bytes, stored with its size and
renditions, which the image JSON lists with their URLs; credits corrected; refusals (400 naming
`file` with the reason, 409 for an image still shown) that leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import PIL.Image
import pytest

from articles.models import ArticleStatus, Image, ImageRendition
from tests.factories import article_create, image_upload

pytestmark = pytest.mark.django_db

IMAGES = "/api/v1/images/"


@pytest.fixture(autouse=True)
def pillow_pixel_limit(monkeypatch):
    """Put back Pillow's process-wide pixel limit, which the image checks set."""
    monkeypatch.setattr(PIL.Image, "MAX_IMAGE_PIXELS", PIL.Image.MAX_IMAGE_PIXELS)


def stored_files(media_root: Path) -> set[str]:
    if not media_root.exists():
        return set()
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


def upload(client, url: str = IMAGES, method: str = "post", **fields):
    return getattr(client, method)(url, fields, format="multipart")


def test_a_multipart_upload_is_stored_with_its_size_and_renditions(editor_api, media_root):
    response = upload(
        editor_api,
        file=image_upload("harbour.jpg", size=(2000, 1000)),
        credit="EFE/EPA/Kev Hui Yeung",
        alt_text="Cranes over the harbour.",
    )

    assert response.status_code == 201, response.content
    image = response.json()
    assert response["Location"] == f"http://testserver{IMAGES}{image['id']}/"
    assert image == editor_api.get(response["Location"]).json()
    assert image["url"].startswith("http://testserver/media/images/")
    assert image["url"].endswith(".jpg")
    assert (image["width"], image["height"]) == (2000, 1000)
    assert (image["photographer"], image["agencies"]) == ("Kev Hui Yeung", ["EFE", "EPA"])
    assert image["alt_text"] == "Cranes over the harbour."
    assert [(r["name"], r["width"], r["height"]) for r in image["renditions"]] == [
        ("thumbnail", 320, 160),
        ("medium", 1024, 512),
    ]
    for rendition in image["renditions"]:
        name = rendition["url"].removeprefix("http://testserver/media/")
        assert name in stored_files(media_root)
        with PIL.Image.open(media_root / name) as stored:
            assert stored.size == (rendition["width"], rendition["height"])


def test_an_image_without_a_file_is_made_from_json(editor_api):
    response = editor_api.post(IMAGES, {"credit": "AP Photo/Petra Kunz"}, format="json")

    assert response.status_code == 201
    assert response.json()["url"] is None
    assert response.json()["renditions"] == []
    assert response.json()["photographer"] == "Petra Kunz"


@pytest.mark.parametrize(
    ("file", "limits", "reason"),
    [
        (
            image_upload("notes.jpg", content=b"Dear editor, this is not a photo.\n" * 10),
            {},
            "The file is not an image we can read; upload a JPEG, PNG, WebP or GIF file.",
        ),
        (
            image_upload("scan.tiff", size=(40, 30), image_format="TIFF"),
            {},
            "The file is a TIFF image, which is not accepted; upload a JPEG, PNG, WebP or GIF "
            "file.",
        ),
        (
            image_upload("photo.png", size=(40, 30)),
            {},
            "The file name ends in “.png” but the file is a JPEG image; name it “.jpg” or "
            "upload the file you meant.",
        ),
        (
            image_upload("big.jpg", size=(400, 300)),
            {"IMAGE_MAX_BYTES": 1000},
            "files of up to 1000 bytes are accepted.",
        ),
        (
            image_upload("wide.png", size=(150, 100), image_format="PNG"),
            {"IMAGE_MAX_PIXELS": 10_000},
            "The image is 150×100 pixels (15,000 pixels); images of up to 10,000 pixels are "
            "accepted.",
        ),
        (
            image_upload("bomb.png", size=(1000, 1000), image_format="PNG"),
            {"IMAGE_MAX_PIXELS": 10_000},
            "The image has too many pixels: images of up to 10,000 pixels are accepted.",
        ),
        (image_upload("empty.jpg", content=b""), {}, "The submitted file is empty."),
    ],
    ids=[
        "not-an-image",
        "tiff",
        "extension-mismatch",
        "too-big",
        "too-many-pixels",
        "bomb",
        "empty",
    ],
)
def test_a_refused_upload_is_a_400_naming_file_and_leaves_nothing(
    editor_api, media_root, settings, file, limits, reason
):
    for name, value in limits.items():
        setattr(settings, name, value)

    response = upload(editor_api, file=file, credit="AP")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["detail"] == "Invalid: file."
    assert [p["name"] for p in problem["invalid_params"]] == ["file"]
    assert reason in problem["invalid_params"][0]["reason"]
    assert not Image.objects.exists()
    assert stored_files(media_root) == set()


def test_a_file_sent_as_json_text_is_refused(editor_api):
    response = editor_api.post(IMAGES, {"file": "aGVsbG8="}, format="json")

    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "file"


def test_patch_corrects_the_credit_wherever_the_image_appears(editor_api, api_client):
    article = article_create(captions=1)
    image = article.captions.get().image

    response = editor_api.patch(
        f"{IMAGES}{image.pk}/", {"credit": "Reuters/Jane Roe", "alt_text": "A dock."}, "json"
    )

    assert response.status_code == 200
    assert (response.json()["photographer"], response.json()["agencies"]) == (
        "Jane Roe",
        ["Reuters"],
    )
    public = api_client.get(f"/api/v1/articles/{article.slug}/").json()
    assert public["captions"][0]["credit"] == "Reuters/Jane Roe"
    assert public["captions"][0]["image"]["alt_text"] == "A dock."


def test_a_new_file_replaces_the_renditions(editor_api, media_root):
    image = upload(editor_api, file=image_upload("first.jpg", size=(800, 400))).json()

    response = upload(
        editor_api,
        f"{IMAGES}{image['id']}/",
        method="patch",
        file=image_upload("second.png", size=(640, 640), image_format="PNG"),
    )

    assert response.status_code == 200, response.content
    replaced = response.json()
    assert (replaced["width"], replaced["height"]) == (640, 640)
    assert replaced["url"].endswith(".png")
    assert [(r["name"], r["width"]) for r in replaced["renditions"]] == [
        ("thumbnail", 320),
        ("medium", 640),
    ]
    assert ImageRendition.objects.count() == 2


def test_a_refused_replacement_leaves_the_image_as_it_was(editor_api, media_root):
    image = upload(editor_api, file=image_upload("first.jpg", size=(800, 400))).json()

    response = upload(
        editor_api,
        f"{IMAGES}{image['id']}/",
        method="patch",
        file=image_upload("second.gif", size=(40, 40)),
        credit="Changed with the refused file",
    )

    assert response.status_code == 400
    assert editor_api.get(f"{IMAGES}{image['id']}/").json() == image


def test_an_image_still_shown_cannot_be_deleted(editor_api):
    article = article_create(captions=1)
    caption = article.captions.get()

    response = editor_api.delete(f"{IMAGES}{caption.image_id}/")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == (
        f"It cannot be deleted while these refer to it: caption {caption.pk}."
    )
    assert Image.objects.filter(pk=caption.image_id).exists()


def test_an_image_no_caption_shows_is_deleted(
    editor_api, media_root, django_capture_on_commit_callbacks
):
    image = upload(editor_api, file=image_upload("gone.jpg", size=(800, 400))).json()
    renditions = {r["url"].removeprefix("http://testserver/media/") for r in image["renditions"]}

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.delete(f"{IMAGES}{image['id']}/")

    assert response.status_code == 204
    assert not Image.objects.exists()
    assert not renditions & stored_files(media_root), "the renditions' files are deleted"


def test_editors_see_images_the_public_does_not(editor_api, api_client):
    loose = Image.objects.create(credit="AP")
    in_draft = article_create(captions=1, status=ArticleStatus.DRAFT).captions.get().image

    for image in (loose, in_draft):
        assert api_client.get(f"{IMAGES}{image.pk}/").status_code == 404
        assert editor_api.get(f"{IMAGES}{image.pk}/").status_code == 200
    assert editor_api.get(IMAGES).json()["count"] == 2
    assert api_client.get(IMAGES).json()["count"] == 0


def test_renditions_appear_in_articles_too(editor_api, api_client, media_root):
    article = article_create(captions=1)
    image = article.captions.get().image
    upload(editor_api, f"{IMAGES}{image.pk}/", method="patch", file=image_upload("a.jpg"))

    caption = api_client.get(f"/api/v1/articles/{article.slug}/").json()["captions"][0]

    assert caption["image"]["width"] == 2000
    assert [r["name"] for r in caption["image"]["renditions"]] == ["thumbnail", "medium"]
    ninjs = api_client.get(f"/api/v1/articles/{article.slug}/?format=ninjs").json()
    assert [r["name"] for r in ninjs["associations"][0]["renditions"]] == [
        "original",
        "thumbnail",
        "medium",
    ]


def test_uploads_are_refused_to_anonymous_clients_and_readers(api_client, reader, media_root):
    anonymous = upload(api_client, file=image_upload())
    api_client.force_authenticate(reader)
    signed_in = upload(api_client, file=image_upload())

    assert (anonymous.status_code, signed_in.status_code) == (401, 403)
    assert stored_files(media_root) == set()
