"""Image files: checking uploaded bytes before anything is stored, and rendering smaller copies.

Everything here works on file objects and bytes, never on the database or the storage, so that
the admin's forms, the API's serializers and the services share one set of rules and messages.
A refused file raises Django's ``ValidationError`` with a message in plain words: admin forms
show it next to the field and Django REST framework turns it into a 400 naming the field.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import PIL.Image
from django.core.exceptions import ValidationError
from PIL import ImageOps, UnidentifiedImageError

# Pillow's format names with the file extensions that may carry them; the first is the one
# to suggest when a name is wrong.
ACCEPTED_FORMATS: Mapping[str, tuple[str, ...]] = {
    "JPEG": ("jpg", "jpeg"),
    "PNG": ("png",),
    "WEBP": ("webp",),
    "GIF": ("gif",),
}
FORMAT_NAMES: Mapping[str, str] = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
ACCEPTED_LIST = "JPEG, PNG, WebP or GIF"

# The widths clients and the admin ask for; an image narrower than a width is kept at its own
# size rather than enlarged.
RENDITION_WIDTHS: Mapping[str, int] = {"thumbnail": 320, "medium": 1024}

# Renditions keep the original's format, except GIF, whose copies are still PNG pictures of the
# first frame (an animated thumbnail is rarely wanted and often larger than the original).
RENDITION_FORMATS: Mapping[str, tuple[str, str]] = {
    "JPEG": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
    "GIF": ("PNG", "png"),
}


@dataclass(frozen=True)
class CheckedImage:
    """What the bytes turned out to be: the format (Pillow's name) and the size in pixels."""

    format: str
    width: int
    height: int


@dataclass(frozen=True)
class RenderedImage:
    """One smaller copy, ready to store: its name (``thumbnail``), bytes and size."""

    name: str
    content: bytes
    width: int
    height: int
    extension: str


def human_size(size: int) -> str:
    """``human_size(2_500_000)`` is ``"2.4 MB"``; ``human_size(512)`` is ``"512 bytes"``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def human_pixels(pixels: int) -> str:
    """``human_pixels(50_000_000)`` is ``"50 megapixels"``; ``human_pixels(40_000)`` is
    ``"40,000 pixels"``."""
    if pixels >= 1_000_000:
        return f"{pixels / 1_000_000:.1f}".removesuffix(".0") + " megapixels"
    return f"{pixels:,} pixels"


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.seek(0, io.SEEK_END)
        file.seek(0)
        return position
    return size


def _check_extension(name: str, image_format: str) -> None:
    """The name must say what the bytes are: a browser or a CDN trusts the extension."""
    extensions = ACCEPTED_FORMATS[image_format]
    extension = PurePath(name).suffix.lower().removeprefix(".")
    format_name = FORMAT_NAMES[image_format]
    if not extension:
        raise _refuse(
            f"The file name has no extension; name it “.{extensions[0]}”, "
            f"as the file is a {format_name} image.",
            "extension_missing",
        )
    if extension not in extensions:
        raise _refuse(
            f"The file name ends in “.{extension}” but the file is a {format_name} image; "
            f"name it “.{extensions[0]}” or upload the file you meant.",
            "extension_mismatch",
        )


def image_file_check(
    file: IO[bytes], *, name: str, max_bytes: int, max_pixels: int
) -> CheckedImage:
    """Check an uploaded file from its bytes, not from its name or declared content type.

    Refused: an empty or oversized file, anything Pillow cannot read, a format other than
    JPEG, PNG, WebP or GIF, more than ``max_pixels`` pixels (a decompression bomb: a small file
    that would expand into gigabytes), a damaged file, and a name whose extension is not the
    format's (``photo.png`` holding a JPEG). The whole image is decoded, so that a truncated
    file is refused now rather than failing later when its renditions are made.

    >>> image_file_check(open("lead.jpg", "rb"), name="lead.jpg", max_bytes=10**7,
    ...                  max_pixels=5 * 10**7)
    CheckedImage(format='JPEG', width=2048, height=1365)
    """
    size = _file_size(file)
    if size == 0:
        raise _refuse("The file is empty.", "empty")
    if size > max_bytes:
        raise _refuse(
            f"The file is {human_size(size)}; files of up to {human_size(max_bytes)} are accepted.",
            "too_large",
        )

    # Pillow refuses images of over twice MAX_IMAGE_PIXELS with an error as it reads the header,
    # before decoding anything. Between once and twice it only warns: the warning is silenced
    # here because the check below refuses those images with their size in the message, still
    # before decoding (``open`` reads the header only; ``load`` decodes).
    PIL.Image.MAX_IMAGE_PIXELS = max_pixels
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PIL.Image.DecompressionBombWarning)
            with PIL.Image.open(file) as picture:
                image_format = picture.format or ""
                width, height = picture.size
                if image_format not in ACCEPTED_FORMATS:
                    raise _refuse(
                        f"The file is a {image_format} image, which is not accepted; "
                        f"upload a {ACCEPTED_LIST} file.",
                        "format",
                    )
                if width * height > max_pixels:
                    raise _refuse(
                        f"The image is {width}×{height} pixels "
                        f"({human_pixels(width * height)}); images of up to "
                        f"{human_pixels(max_pixels)} are accepted.",
                        "too_many_pixels",
                    )
                _check_extension(name, image_format)
                picture.load()
    except PIL.Image.DecompressionBombError as error:
        raise _refuse(
            f"The image has too many pixels: images of up to {human_pixels(max_pixels)} are "
            "accepted.",
            "too_many_pixels",
        ) from error
    except UnidentifiedImageError as error:
        raise _refuse(
            f"The file is not an image we can read; upload a {ACCEPTED_LIST} file.",
            "not_an_image",
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _refuse(
            "The file is damaged or incomplete: it could not be read as a whole image.",
            "damaged",
        ) from error
    finally:
        file.seek(0)
    return CheckedImage(format=image_format, width=width, height=height)


def _for_format(picture: PIL.Image.Image, output_format: str) -> PIL.Image.Image:
    """Convert to a mode the output format can hold (JPEG has no transparency or palette)."""
    has_alpha = "A" in picture.getbands() or "transparency" in picture.info
    if output_format == "JPEG":
        return picture if picture.mode in ("RGB", "L") else picture.convert("RGB")
    if picture.mode in ("RGB", "RGBA", "L", "LA") and not (
        output_format == "WEBP" and picture.mode in ("L", "LA")
    ):
        return picture
    return picture.convert("RGBA" if has_alpha else "RGB")


# EXIF orientations that turn the picture a quarter: its width on screen is its stored height.
QUARTER_TURNS = {5, 6, 7, 8}
EXIF_ORIENTATION = 0x0112


def _decode_reduced(original: PIL.Image.Image, widest: int) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 of its size when the widest rendition still fits:
    for a 24-megapixel photo this is several times faster and smaller in memory than decoding it
    whole only to shrink it. Other formats ignore it."""
    if original.format != "JPEG":
        return
    width, height = original.size
    if original.getexif().get(EXIF_ORIENTATION) in QUARTER_TURNS:
        width, height = height, width
    if width <= widest:
        return
    scaled_height = -(-height * widest // width)  # rounded up: draft never goes below it
    box = (widest, scaled_height)
    if original.getexif().get(EXIF_ORIENTATION) in QUARTER_TURNS:
        box = (scaled_height, widest)
    original.draft(original.mode, box)


def _resized(picture: PIL.Image.Image, width: int) -> PIL.Image.Image:
    """``picture`` at ``width``, keeping its proportions; never enlarged."""
    if picture.width <= width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), PIL.Image.Resampling.LANCZOS, reducing_gap=3.0)


def renditions_render(
    file: IO[bytes], *, widths: Mapping[str, int] = RENDITION_WIDTHS
) -> list[RenderedImage]:
    """Smaller copies of an image already checked by ``image_file_check``, one per named width,
    never enlarged, turned upright as the camera's orientation tag says. Each copy is made from
    the next larger one, so the full-size picture is only shrunk once.

    >>> [(r.name, r.width, r.height) for r in renditions_render(open("lead.jpg", "rb"))]
    [('thumbnail', 320, 213), ('medium', 1024, 683)]
    """
    file.seek(0)
    with PIL.Image.open(file) as original:
        output_format, extension = RENDITION_FORMATS[original.format or ""]
        _decode_reduced(original, max(widths.values()))
        picture = ImageOps.exif_transpose(original)
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        # Palette and 1-bit pictures would be resized by nearest neighbour: jagged.
        has_alpha = "A" in picture.getbands() or "transparency" in picture.info
        picture = picture.convert("RGBA" if has_alpha else "RGB")
    rendered: dict[str, RenderedImage] = {}
    for name, width in sorted(widths.items(), key=lambda item: item[1], reverse=True):
        picture = _resized(picture, width)
        buffer = io.BytesIO()
        options = {"quality": 85} if output_format in ("JPEG", "WEBP") else {"optimize": True}
        _for_format(picture, output_format).save(buffer, format=output_format, **options)
        rendered[name] = RenderedImage(
            name=name,
            content=buffer.getvalue(),
            width=picture.width,
            height=picture.height,
            extension=extension,
        )
    file.seek(0)
    return [rendered[name] for name in widths]
