"""What the admin's modules share: the upload check, thumbnails, and saving through a service."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.html import format_html

from articles.images import image_file_check
from articles.models import Image

THUMBNAIL_DISPLAY_WIDTH = 160
# Our stylesheet: widths and alignment the stock admin gets wrong for long headlines.
ADMIN_CSS = {"all": ["articles/admin.css"]}


def image_upload_check(upload):
    """The admin's check of an uploaded image: the same rules and words as every other way in."""
    if upload:
        image_file_check(
            upload,
            name=upload.name,
            max_bytes=settings.IMAGE_MAX_BYTES,
            max_pixels=settings.IMAGE_MAX_PIXELS,
        )
    return upload


def image_thumbnail_html(image: Image | None) -> str:
    """An ``<img>`` of the image's thumbnail rendition, or the words "no file yet"."""
    if image is None or not image.file:
        return "no file yet"
    thumbnail = image.rendition("thumbnail")
    url = thumbnail.file.url if thumbnail else image.file.url
    return format_html(
        '<img src="{}" width="{}" alt="{}" loading="lazy">',
        url,
        THUMBNAIL_DISPLAY_WIDTH,
        image.alt_text,
    )


def saved_into(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's ``obj`` the row a service saved: the admin goes on with its own
    instance (its inlines, its log entry, its redirect)."""
    for field in type(obj)._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding, obj._state.db = False, saved._state.db


def form_values(form, names) -> dict:
    """The form's cleaned values of ``names``: what a service compares with the stored row,
    writing only what differs (a revert from the history too, whose form holds an old version)."""
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}
