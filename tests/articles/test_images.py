"""Image files: uploads checked from their bytes, stored through Django's storage with their
size, and renditions made, replaced and cleaned up (``articles.images`` and the image
services)."""

from __future__ import annotations

import io
from pathlib import Path

import PIL.Image
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from articles.models import Image, ImageRendition
from articles.services import image_create, image_file_replace, image_renditions_refresh
from tests.factories import image_bytes, image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pillow_pixel_limit(monkeypatch):
    """Put back Pillow's process-wide pixel limit after each test: the tiny limits set here
    would otherwise refuse every image the following tests open."""
    monkeypatch.setattr(PIL.Image, "MAX_IMAGE_PIXELS", PIL.Image.MAX_IMAGE_PIXELS)


def stored_files(media_root: Path) -> set[str]:
    if not media_root.exists():
        return set()
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


def test_an_upload_is_stored_with_its_size_and_renditions(media_root):
    image = image_create(
        file=image_upload("lead.jpg", size=(2000, 1000)),
        credit="EFE/EPA/Kev Hui Yeung",
        alt_text="A harbour at dusk.",
    )

    image.refresh_from_db()
    assert (image.width, image.height) == (2000, 1000)
    assert (image.photographer, image.agencies) == ("Kev Hui Yeung", ["EFE", "EPA"])
    assert image.alt_text == "A harbour at dusk."
    assert default_storage.exists(image.file.name)
    renditions = {r.name: r for r in image.renditions.all()}
    assert {name: (r.width, r.height) for name, r in renditions.items()} == {
        "thumbnail": (320, 160),
        "medium": (1024, 512),
    }
    for rendition in renditions.values():
        with default_storage.open(rendition.file.name) as stored, PIL.Image.open(stored) as pic:
            assert (pic.format, pic.size) == ("JPEG", (rendition.width, rendition.height))
    assert stored_files(media_root) == {
        image.file.name,
        renditions["thumbnail"].file.name,
        renditions["medium"].file.name,
    }


def test_a_small_image_is_never_enlarged(media_root):
    image = image_create(file=image_upload("small.png", size=(200, 100), image_format="PNG"))

    sizes = {r.name: (r.width, r.height) for r in image.renditions.all()}

    assert sizes == {"thumbnail": (200, 100), "medium": (200, 100)}


@pytest.mark.parametrize(
    ("name", "image_format", "rendition_format"),
    [("still.webp", "WEBP", "WEBP"), ("anim.gif", "GIF", "PNG"), ("photo.jpeg", "JPEG", "JPEG")],
)
def test_each_accepted_format(media_root, name, image_format, rendition_format):
    image = image_create(file=image_upload(name, size=(640, 480), image_format=image_format))

    thumbnail = image.rendition("thumbnail")
    with default_storage.open(thumbnail.file.name) as stored, PIL.Image.open(stored) as picture:
        assert picture.format == rendition_format
        assert picture.size == (320, 240)


def _truncated_jpeg() -> bytes:
    data = image_bytes(size=(800, 600))
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("upload", "limits", "reason"),
    [
        (image_upload("empty.jpg", content=b""), {}, "The file is empty."),
        (
            image_upload("big.jpg", size=(400, 300)),
            {"IMAGE_MAX_BYTES": 1000},
            "files of up to 1000 bytes are accepted",
        ),
        (
            image_upload("notes.jpg", content=b"Dear editor, this is not a photo.\n" * 10),
            {},
            "The file is not an image we can read; upload a JPEG, PNG, WebP or GIF file.",
        ),
        (
            image_upload("scan.tiff", size=(40, 30), image_format="TIFF"),
            {},
            "The file is a TIFF image, which is not accepted",
        ),
        (
            image_upload("photo.png", size=(40, 30)),
            {},
            "The file name ends in “.png” but the file is a JPEG image; name it “.jpg”",
        ),
        (
            image_upload("photo", size=(40, 30)),
            {},
            "The file name has no extension; name it “.jpg”",
        ),
        (
            image_upload("cut.jpg", content=_truncated_jpeg()),
            {},
            "The file is damaged or incomplete",
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
        (
            image_upload("nearly.png", size=(110, 100), image_format="PNG"),
            {"IMAGE_MAX_PIXELS": 10_999},
            "The image is 110×100 pixels (11,000 pixels); images of up to 10,999 pixels",
        ),
    ],
    ids=[
        "empty",
        "too-many-bytes",
        "not-an-image",
        "tiff",
        "extension-mismatch",
        "no-extension",
        "truncated",
        "pixels-over-the-limit",
        "decompression-bomb",
        "pixels-just-over-the-limit",
    ],
)
def test_a_refused_upload_says_why_and_leaves_nothing(media_root, settings, upload, limits, reason):
    for name, value in limits.items():
        setattr(settings, name, value)

    with pytest.raises(ValidationError) as refused:
        image_create(file=upload, credit="AP")

    assert reason in refused.value.messages[0]
    assert Image.objects.count() == 0
    assert stored_files(media_root) == set()


def test_the_pixel_limit_is_set_for_pillow_too(media_root, settings):
    settings.IMAGE_MAX_PIXELS = 12_345

    image_create(file=image_upload("ok.png", size=(100, 100), image_format="PNG"))

    assert PIL.Image.MAX_IMAGE_PIXELS == 12_345


def test_replacing_a_file_keeps_the_original_and_drops_old_renditions_after_commit(
    media_root, django_capture_on_commit_callbacks
):
    image = image_create(file=image_upload("first.jpg", size=(1600, 900)), credit="AP")
    first_file = image.file.name
    old_rendition_files = {r.file.name for r in image.renditions.all()}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image_file_replace(image=image, file=image_upload("second.png", image_format="PNG"))
    assert old_rendition_files <= stored_files(media_root), "deleted before the commit"
    for callback in callbacks:
        callback()

    image.refresh_from_db()
    assert image.file.name != first_file
    assert (image.width, image.height) == (2000, 1000)
    files = stored_files(media_root)
    assert first_file in files, "the history still points at the first file"
    assert not old_rendition_files & files
    assert {r.file.name for r in image.renditions.all()} <= files
    assert image.rendition("medium").height == 512


def test_a_refused_replacement_leaves_the_image_as_it_was(media_root):
    image = image_create(file=image_upload("first.jpg", size=(1600, 900)))
    before = (image.file.name, sorted(image.renditions.values_list("file", flat=True)))
    files_before = stored_files(media_root)

    with pytest.raises(ValidationError, match=r"name it “\.jpg”"):
        image_file_replace(image=image, file=image_upload("second.gif"))

    image.refresh_from_db()
    assert (image.file.name, sorted(image.renditions.values_list("file", flat=True))) == before
    assert stored_files(media_root) == files_before


def test_a_failure_while_storing_renditions_removes_what_was_written(media_root, monkeypatch):
    def failing_save(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ImageRendition, "save", failing_save)

    with pytest.raises(OSError, match="disk full"):
        image_create(file=image_upload("lead.jpg"))

    assert Image.objects.count() == 0
    assert stored_files(media_root) == set()


def test_renditions_are_made_again_from_the_stored_file(media_root):
    image = image_create(file=image_upload("lead.jpg", size=(1200, 600)))
    image.renditions.all().delete()

    image_renditions_refresh(image=image)

    sizes = {r.name: (r.width, r.height) for r in image.renditions.all()}
    assert sizes == {"thumbnail": (320, 160), "medium": (1024, 512)}


def test_an_image_whose_file_is_gone_is_left_without_renditions(media_root):
    image = image_create(file=image_upload("lead.jpg", size=(1200, 600)))
    default_storage.delete(image.file.name)

    image_renditions_refresh(image=image)

    assert not image.renditions.exists()


def _jpeg_upload(name: str, size: tuple[int, int], orientation: int | None = None):
    picture = PIL.Image.linear_gradient("L").resize(size).convert("RGB")
    exif = PIL.Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif)
    return image_upload(name, content=buffer.getvalue())


@pytest.mark.parametrize(
    ("size", "orientation", "expected"),
    [
        ((6000, 4000), None, {"thumbnail": (320, 213), "medium": (1024, 683)}),
        ((4000, 2000), 6, {"thumbnail": (320, 640), "medium": (1024, 2048)}),
        ((2000, 1000), 8, {"thumbnail": (320, 640), "medium": (1000, 2000)}),
    ],
    ids=["large-photo", "turned-a-quarter", "turned-and-narrower-than-medium"],
)
def test_renditions_of_large_and_turned_photos(media_root, size, orientation, expected):
    image = image_create(file=_jpeg_upload("camera.jpg", size, orientation))

    assert (image.width, image.height) == size, "the stored size is the file's own"
    assert {r.name: (r.width, r.height) for r in image.renditions.all()} == expected
