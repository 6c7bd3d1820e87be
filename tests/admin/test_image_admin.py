"""The image admin: uploading a file (checked, stored with its renditions), refusals in plain
words, thumbnails in the list, and renditions made again when a revert brings back a file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Image
from articles.services import image_create, image_file_replace
from tests.factories import image_upload

pytestmark = pytest.mark.django_db


def image_form(**fields) -> dict:
    return {"credit": "", "photographer": "", "agencies": "[]", "alt_text": "", **fields}


def test_an_editor_adds_an_image_with_its_file(editor_client, editor, media_root):
    response = editor_client.post(
        reverse("admin:articles_image_add"),
        image_form(
            credit="AP Photo/Jo Lee",
            photographer="Jo Lee",
            agencies='["AP"]',
            alt_text="Two boats.",
            upload=image_upload("boats.webp", size=(1500, 1000), image_format="WEBP"),
        ),
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.credit, image.alt_text, image.width, image.height) == (
        "AP Photo/Jo Lee",
        "Two boats.",
        1500,
        1000,
    )
    assert image.file.name.endswith(".webp")
    assert {r.name: (r.width, r.height) for r in image.renditions.all()} == {
        "thumbnail": (320, 213),
        "medium": (1024, 683),
    }
    assert image.history.count() == 1
    assert image.history.get().history_user == editor


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (image_upload("scan.tif", size=(30, 20), image_format="TIFF"), "a TIFF image"),
        (image_upload("photo.gif"), "ends in “.gif” but the file is a JPEG image"),
        (image_upload("empty.png", content=b""), "The submitted file is empty."),
    ],
)
def test_an_invalid_upload_is_refused_with_the_reason(editor_client, media_root, upload, reason):
    response = editor_client.post(reverse("admin:articles_image_add"), image_form(upload=upload))

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Image.objects.exists()


def test_too_large_an_upload_names_the_limit(editor_client, media_root, settings):
    settings.IMAGE_MAX_BYTES = 2048

    response = editor_client.post(
        reverse("admin:articles_image_add"),
        image_form(upload=image_upload("big.jpg", size=(800, 600))),
    )

    assert response.status_code == 200
    assert "files of up to 2.0 KB are accepted" in response.content.decode()


def test_the_change_page_and_the_list_show_the_picture_and_renditions(editor_client, media_root):
    with_file = image_create(file=image_upload("a.jpg"), credit="EFE")
    without = Image.objects.create(credit="AFP")

    change = editor_client.get(reverse("admin:articles_image_change", args=[with_file.pk]))
    listing = editor_client.get(reverse("admin:articles_image_changelist"))

    page = change.content.decode()
    assert with_file.rendition("thumbnail").file.url in page
    assert "thumbnail</a> (320×160)" in page
    assert "medium</a> (1024×512)" in page
    html = listing.content.decode()
    assert with_file.rendition("thumbnail").file.url in html
    assert f"Image {without.pk}: AFP" in html
    assert html.count("no file yet") >= 1


def test_editing_the_credit_keeps_the_file(editor_client, media_root):
    image = image_create(file=image_upload("a.jpg"), credit="EFE")
    file_name = image.file.name

    response = editor_client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        image_form(credit="EFE/Ana Lima", photographer="Ana Lima", agencies='["EFE"]'),
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.credit, image.file.name) == ("EFE/Ana Lima", file_name)
    assert image.renditions.count() == 2


def test_reverting_to_an_older_file_brings_back_its_renditions(editor_client, media_root):
    image = image_create(file=image_upload("first.jpg", size=(1000, 500)), credit="EFE")
    first_version = image.history.earliest()
    image_file_replace(image=image, file=image_upload("second.jpg", size=(600, 600)))
    assert image.rendition("thumbnail").height == 320

    revert_url = reverse(
        "admin:articles_image_simple_history", args=[image.pk, first_version.history_id]
    )
    form = editor_client.get(revert_url)
    response = editor_client.post(
        revert_url, image_form(credit="EFE", agencies='["EFE"]', photographer="")
    )

    assert form.status_code == 200
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file.name == first_version.file
    assert (image.width, image.height) == (1000, 500)
    assert {r.name: (r.width, r.height) for r in image.renditions.all()} == {
        "thumbnail": (320, 160),
        "medium": (1000, 500),
    }
