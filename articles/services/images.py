"""Images: credits, stored files and their renditions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from articles import changes
from articles.images import RenderedImage, image_file_check, renditions_render
from articles.models import (
    Image,
    ImageRendition,
)
from articles.parsing import split_credit
from articles.services.common import history_user_set

logger = logging.getLogger(__name__)


def image_credit_set(*, image: Image, credit: str, alt_text: str, save: bool = True) -> Image:
    """Set an image's credit and alt text; the photographer and agencies follow the credit, as
    every way in (the API, the admin, the loader) reads them from it. A helper of the services,
    which save (``save``) and announce."""
    credit = credit.strip()
    if credit != image.credit:
        photographer, agencies = split_credit(credit) if credit else (None, ())
        image.credit = credit
        image.photographer = photographer or ""
        image.agencies = list(agencies)
    image.alt_text = alt_text.strip()
    if save:
        image.save()
    return image


def storage_files_delete(storage: Storage, names: list[str]) -> None:
    for name in names:
        if name:
            storage.delete(name)


def image_file_store(*, image: Image, file: File, user: AbstractBaseUser | None) -> Image:
    """Check the upload, store it and its renditions, and save the image with its size.

    Files are written to the storage before the rows; if anything fails, the files written
    here are deleted again, so a refused or failed upload leaves neither rows nor files. The
    old renditions' files are deleted only once the new rows are committed. The old original
    is kept: the image's history still points at it, and reverting brings it back."""
    name = PurePath(file.name or "").name
    checked = image_file_check(
        file, name=name, max_bytes=settings.IMAGE_MAX_BYTES, max_pixels=settings.IMAGE_MAX_PIXELS
    )
    rendered = renditions_render(file)
    old_renditions = list(image.renditions.all()) if image.pk else []
    with _renditions_replacing(image.file.storage, old_renditions) as written:
        image.file.save(name, file, save=False)
        written.append(image.file.name)
        image.width, image.height = checked.width, checked.height
        history_user_set(image, user)
        image.save()
        _renditions_store(
            image=image, old=old_renditions, rendered=rendered, stem=name, written=written
        )
        changes.announce(images=[image.pk])
    return image


@contextmanager
def _renditions_replacing(storage: Storage, old: list[ImageRendition]) -> Iterator[list[str]]:
    """A transaction in which an image's renditions ``old`` give way to new ones. The files it
    writes (their names added to the list it gives) are deleted again if it fails; the old
    renditions' files are deleted once it has committed."""
    written: list[str] = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        storage_files_delete(storage, written)
        raise
    old_names = [rendition.file.name for rendition in old]
    transaction.on_commit(lambda: storage_files_delete(storage, old_names))


def _renditions_store(
    *,
    image: Image,
    old: list[ImageRendition],
    rendered: list[RenderedImage],
    stem: str,
    written: list[str],
) -> None:
    """Delete the rows of the renditions ``old``, then store each new rendition's file and row,
    adding the names of the files to ``written`` as they are stored, so that the caller can
    delete them if a later step fails."""
    ImageRendition.objects.filter(pk__in=[rendition.pk for rendition in old]).delete()
    base = PurePath(stem).stem[:80] or f"image-{image.pk}"
    for rendition_data in rendered:
        rendition = ImageRendition(
            image=image,
            name=rendition_data.name,
            width=rendition_data.width,
            height=rendition_data.height,
        )
        rendition.file.save(
            f"{base}-{rendition_data.name}.{rendition_data.extension}",
            ContentFile(rendition_data.content),
            save=False,
        )
        written.append(rendition.file.name)
        rendition.save()


def image_create(
    *,
    file: File | None,
    credit: str = "",
    alt_text: str = "",
    user: AbstractBaseUser | None = None,
) -> Image:
    """A new image from an uploaded file, with its credit (split into photographer and
    agencies) and alt text. Raises ``ValidationError`` naming what is wrong with the file.

    Without a file it is an image known by its credit only, as the seed pages name them: the
    file can come later (``image_file_replace``)."""
    photographer, agencies = split_credit(credit.strip()) if credit.strip() else (None, ())
    image = Image(
        credit=credit.strip(),
        photographer=photographer or "",
        agencies=list(agencies),
        alt_text=alt_text.strip(),
    )
    if file is None:
        history_user_set(image, user)
        image.save()
        changes.announce(images=[image.pk])
        return image
    return image_file_store(image=image, file=file, user=user)


def image_file_replace(*, image: Image, file: File, user: AbstractBaseUser | None = None) -> Image:
    """Give an image a new file (its first, or a better one) and new renditions. Raises
    ``ValidationError`` naming what is wrong with the file; the image is then unchanged."""
    return image_file_store(image=image, file=file, user=user)


@transaction.atomic
def image_file_restore(*, image: Image, name: str, user: AbstractBaseUser | None = None) -> Image:
    """Point an image at a file it had before (a revert from its history), with renditions made
    again from that file."""
    image.file = name  # the file field reads its width and height again
    history_user_set(image, user)
    image.save()
    return image_renditions_refresh(image=image)


def image_renditions_refresh(*, image: Image) -> Image:
    """Make the renditions again from the image's stored file, e.g. after a revert brought back
    an older file. An image without a readable file is left without renditions (the admin then
    shows the original or "no file yet"), rather than with copies of another file."""
    old_renditions = list(image.renditions.all())
    storage = image.file.storage
    rendered: list[RenderedImage] = []
    if image.file:
        try:
            with image.file.open("rb") as stored:
                rendered = renditions_render(stored)
        except (OSError, ValueError, KeyError):
            logger.warning(
                "Image %s: no renditions, its file %s is unreadable", image.pk, image.file.name
            )
    with _renditions_replacing(storage, old_renditions) as written:
        _renditions_store(
            image=image,
            old=old_renditions,
            rendered=rendered,
            stem=image.file.name,
            written=written,
        )
        # Its renditions are part of what it shows: its time of change moves with them.
        Image.objects.filter(pk=image.pk).update(updated_at=timezone.now())
        changes.announce(images=[image.pk])
    return image
