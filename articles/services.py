"""Writes to the news content store. Each service is atomic: it writes all of its rows or none."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from articles.images import RenderedImage, image_file_check, renditions_render
from articles.models import (
    Article,
    ArticleStatus,
    ArticleTombstone,
    Caption,
    Image,
    ImageRendition,
    ImportRun,
    ImportRunFile,
    Publication,
)
from articles.parsing import ParsedArticle, ParsedCaption, split_credit

logger = logging.getLogger(__name__)

SyncStatus = Literal["created", "updated", "unchanged"]
SLUG_MAX_LENGTH = 200


class DuplicateSeedError(Exception):
    """The same page was already loaded from another file."""

    def __init__(self, *, source_name: str, other_source_name: str) -> None:
        super().__init__(f"duplicate of {other_source_name} (same content), not loaded again")
        self.source_name = source_name
        self.other_source_name = other_source_name


class UnstorableSeedError(Exception):
    """A parsed page with a value longer than the store keeps (a "headline" of 600 characters
    is a page the parser misread, not a headline to cut short)."""


def check_seed_storable(parsed: ParsedArticle) -> None:
    """Raise ``UnstorableSeedError`` for a value longer than its column; used by dry runs too."""
    values: list[tuple[type[models.Model], str, str | None]] = [
        (Article, "title", parsed.headline),
        (Article, "byline", parsed.byline),
        (Article, "attribution", parsed.attribution),
        (Publication, "name", parsed.publication_name),
        (Publication, "tagline", parsed.publication_tagline),
    ]
    for caption in parsed.captions:
        values += [(Image, "credit", caption.credit), (Image, "photographer", caption.photographer)]
    for model, field_name, value in values:
        field = model._meta.get_field(field_name)
        if value and field.max_length is not None and len(value) > field.max_length:
            raise UnstorableSeedError(
                f"{model._meta.verbose_name} {field.verbose_name} is {len(value)} characters "
                f"long, over the {field.max_length} the store keeps"
            )


@dataclass(frozen=True)
class SyncResult:
    article: Article
    status: SyncStatus


def unique_slug(*, text: str, model: type[Article] | type[Publication], exclude_pk=None) -> str:
    """A slug for ``text`` not yet used by another row: ``fare-freeze``, then ``fare-freeze-2``…"""
    base = slugify(text)[:SLUG_MAX_LENGTH].strip("-") or model._meta.model_name
    others = model.objects.exclude(pk=exclude_pk)
    # The equality lookup is served by the slug's index everywhere; the prefix search (a LIKE
    # that SQLite answers by scanning every slug) runs only when the plain slug is taken.
    if not others.filter(slug=base).exists():
        return base
    taken = set(others.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def publication_get_or_create(*, name: str | None, tagline: str | None) -> Publication | None:
    if not name:
        return None
    publication = Publication.objects.filter(name=name).first()
    if publication is None:
        return Publication.objects.create(
            name=name,
            slug=unique_slug(text=name, model=Publication),
            tagline=tagline or "",
        )
    if tagline and not publication.tagline:
        publication.tagline = tagline
        publication.save(update_fields=["tagline"])
    return publication


def _image_fields(parsed: ParsedCaption) -> dict:
    return {
        "credit": parsed.credit or "",
        "photographer": parsed.photographer or "",
        "agencies": list(parsed.agencies),
    }


def _bulk_create(model: type[models.Model], objects: list) -> list:
    """``bulk_create``, keeping the change history of models that have one.

    ``bulk_create`` sends no ``post_save``, so django-simple-history would not record the new
    rows; its ``bulk_create_with_history`` writes their history rows in one more query."""
    if not objects:
        return []
    if getattr(model._meta, "simple_history_manager_attribute", None):
        from simple_history.utils import bulk_create_with_history

        return bulk_create_with_history(objects, model)
    return model._default_manager.bulk_create(objects)


def _captions_sync(
    *, article: Article, parsed_captions: tuple[ParsedCaption, ...], created: bool
) -> None:
    """Match captions by order: existing ones are updated in place (ids stay stable for clients),
    new ones are created and surplus ones deleted with their images.

    New captions and their images are inserted in bulk (a few queries per article, not a few
    per caption); changed ones are saved one by one so that every ``post_save`` receiver sees
    the change, and unchanged ones are not written at all."""
    existing = [] if created else list(article.captions.select_related("image").order_by("order"))
    for caption, parsed in zip(existing, parsed_captions, strict=False):
        image_fields = _image_fields(parsed)
        if any(getattr(caption.image, field) != value for field, value in image_fields.items()):
            for field, value in image_fields.items():
                setattr(caption.image, field, value)
            caption.image.save()
        if (caption.text, caption.position) != (parsed.text, parsed.after_paragraph):
            caption.text = parsed.text
            caption.position = parsed.after_paragraph
            caption.save()

    new_captions = parsed_captions[len(existing) :]
    images = _bulk_create(Image, [Image(**_image_fields(parsed)) for parsed in new_captions])
    _bulk_create(
        Caption,
        [
            Caption(
                article=article,
                image=image,
                text=parsed.text,
                position=parsed.after_paragraph,
                order=len(existing) + number,
            )
            for number, (image, parsed) in enumerate(zip(images, new_captions, strict=True))
        ],
    )

    surplus = existing[len(parsed_captions) :]
    if surplus:
        image_ids = [caption.image_id for caption in surplus]
        Caption.objects.filter(pk__in=[caption.pk for caption in surplus]).delete()
        Image.objects.filter(pk__in=image_ids, captions__isnull=True).delete()


@transaction.atomic
def article_sync_from_seed(
    *, parsed: ParsedArticle, source_name: str, source_hash: str
) -> SyncResult:
    """Create or update the article loaded from ``source_name``; the same bytes change nothing."""
    article = Article.objects.select_for_update().filter(source_name=source_name).first()
    if article is not None and article.source_hash == source_hash:
        return SyncResult(article=article, status="unchanged")
    duplicate = (
        Article.objects.filter(source_hash=source_hash).exclude(source_name=source_name).first()
    )
    if duplicate is not None:
        raise DuplicateSeedError(source_name=source_name, other_source_name=duplicate.source_name)

    check_seed_storable(parsed)
    status: SyncStatus = "updated" if article is not None else "created"
    if article is None:
        article = Article(source_name=source_name)
        article.slug = unique_slug(text=parsed.headline, model=Article)
    article.publication = publication_get_or_create(
        name=parsed.publication_name, tagline=parsed.publication_tagline
    )
    article.title = parsed.headline
    article.byline = parsed.byline or ""
    article.published_at = parsed.published_at
    article.language = parsed.language
    article.attribution = parsed.attribution or ""
    article.paragraphs = parsed.paragraphs
    article.source_hash = source_hash
    article.parse_warnings = list(parsed.warnings)
    article.save()
    _captions_sync(article=article, parsed_captions=parsed.captions, created=status == "created")
    return SyncResult(article=article, status=status)


def import_run_start(*, paths: list[str]) -> ImportRun:
    """Record the start of a seed load. Autocommitted on its own, like every write to a run,
    so that the run never holds a lock across the files' own transactions."""
    return ImportRun.objects.create(paths=paths)


def import_run_record(
    *,
    run: ImportRun,
    counts: Mapping[str, int],
    files: Sequence[Mapping[str, Any]],
    finished: bool = False,
    interrupted: bool = False,
) -> ImportRun:
    """Add ``files`` (the files handled since the last call, as ``ImportRunFile`` fields:
    ``position``, ``name``, ``status`` and, if any, ``reason``, ``article_id``, ``warnings``) to
    the run, and set its counts so far; ``finished`` stamps the end.

    One short transaction: the new rows in one insert and the counts in one update, so that the
    cost of a call depends on ``files`` alone, never on how many the run recorded before."""
    changes: dict[str, Any] = {
        status: counts.get(status, 0)
        for status in ("created", "updated", "unchanged", "failed", "skipped")
    }
    if finished:
        changes["finished_at"] = timezone.now()
        changes["interrupted"] = interrupted
    for field, value in changes.items():
        setattr(run, field, value)
    with transaction.atomic():
        ImportRunFile.objects.bulk_create(
            [ImportRunFile(run=run, **fields) for fields in files], batch_size=500
        )
        ImportRun.objects.filter(pk=run.pk).update(**changes)
    return run


def image_credit_set(*, image: Image, credit: str, alt_text: str) -> Image:
    """Set an image's credit and alt text; the photographer and agencies follow the credit."""
    credit = credit.strip()
    if credit != image.credit:
        photographer, agencies = split_credit(credit) if credit else (None, ())
        image.credit = credit
        image.photographer = photographer or ""
        image.agencies = list(agencies)
    image.alt_text = alt_text.strip()
    image.save()
    return image


# Editors' services: the admin's forms and actions call these, and so will the write API, so
# that every way in validates, records history and leaves tombstones the same way.


def _history_user_set(instance: models.Model, user: AbstractBaseUser | None) -> None:
    """Name the user in the history row of the next save. Requests through the admin or the API
    are named by simple-history's middleware anyway; this covers callers outside a request."""
    if user is not None:
        instance._history_user = user  # type: ignore[attr-defined]


def _tombstone_leave(*, article: Article, since: datetime) -> None:
    """Leave a tombstone for an article the public could read and no longer can.

    One per disappearance: the receiver in ``articles.signals`` leaves one too when an article
    that was public is saved out of view, so one is only added when none was left ``since``
    this save began (and the services still leave one where that receiver is not connected)."""
    already = ArticleTombstone.objects.filter(
        article_id=article.pk,
        reason=ArticleTombstone.Reason.WITHDRAWN,
        removed_at__gte=since,
    ).exists()
    if not already:
        ArticleTombstone.objects.create(
            article_id=article.pk, slug=article.slug, reason=ArticleTombstone.Reason.WITHDRAWN
        )


@transaction.atomic
def article_publish(
    *, article: Article, at: datetime | None = None, user: AbstractBaseUser | None = None
) -> Article:
    """Publish now, or schedule for ``at`` when that is in the future.

    Published now without a time, an article keeps the publication time it already had when
    that is in the past (the date printed on the page it was loaded from), and takes the current
    time otherwise."""
    now = timezone.now()
    since, was_public = now, article.is_public
    if at is not None and at > now:
        article.status = ArticleStatus.SCHEDULED
        article.published_at = at
    else:
        article.status = ArticleStatus.PUBLISHED
        if at is not None:
            article.published_at = at
        elif article.published_at is None or article.published_at > now:
            article.published_at = now
    _history_user_set(article, user)
    article.save()
    # Rescheduling a public article for later takes it out of view until then.
    article_visibility_changed(article=article, was_public=was_public, since=since)
    return article


@transaction.atomic
def article_withdraw(*, article: Article, user: AbstractBaseUser | None = None) -> Article:
    """Take an article out of public view for good, with a tombstone for the clients that
    mirror the store if they could read it. Withdrawing a withdrawn article changes nothing."""
    if article.status == ArticleStatus.WITHDRAWN:
        return article
    since, was_public = timezone.now(), article.is_public
    article.status = ArticleStatus.WITHDRAWN
    _history_user_set(article, user)
    article.save()
    article_visibility_changed(article=article, was_public=was_public, since=since)
    return article


@transaction.atomic
def article_unpublish(*, article: Article, user: AbstractBaseUser | None = None) -> Article:
    """Move an article back to draft. If the public could read it, it leaves a tombstone as a
    withdrawal does: for a client mirroring the store, both mean "remove your copy"."""
    if article.status == ArticleStatus.DRAFT:
        return article
    since, was_public = timezone.now(), article.is_public
    article.status = ArticleStatus.DRAFT
    _history_user_set(article, user)
    article.save()
    article_visibility_changed(article=article, was_public=was_public, since=since)
    return article


def article_visibility_changed(*, article: Article, was_public: bool, since: datetime) -> None:
    """After a save that may have taken the article out of public view (a service, the admin's
    form, a write through the API): leave the tombstone that needs, once. ``since`` is when the
    save began. A draft or a future schedule withdrawn leaves none: its slug was never public
    and may name an embargoed story."""
    if was_public and not article.is_public:
        _tombstone_leave(article=article, since=since)


def caption_orders_release(*, article: Article, caption_ids: Iterable[int], above: int = 0) -> None:
    """Move these captions' ``order`` out of the way, above every order in use (and above
    ``above``), before they are saved with their new ones: saved one by one, a swap (0 and 1)
    would break the unique (article, order) constraint half-way. Call it in the transaction of
    those saves. ``update()`` keeps the temporary values out of the history.

    Callers that number a list of captions 0…n-1 pass ``above=n``, so that no new number can
    meet a temporary one."""
    ids = sorted(set(caption_ids))
    if not ids:
        return
    top = max(article.captions.aggregate(top=Max("order"))["top"] or 0, above)
    for offset, caption_id in enumerate(ids, start=1):
        Caption.objects.filter(pk=caption_id, article=article).update(order=top + offset)


def _storage_delete(storage: Storage, names: list[str]) -> None:
    for name in names:
        if name:
            storage.delete(name)


def _image_file_store(*, image: Image, file: File, user: AbstractBaseUser | None) -> Image:
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
    written: list[str] = []
    storage = image.file.storage
    try:
        with transaction.atomic():
            image.file.save(name, file, save=False)
            written.append(image.file.name)
            image.width, image.height = checked.width, checked.height
            _history_user_set(image, user)
            image.save()
            ImageRendition.objects.filter(pk__in=[r.pk for r in old_renditions]).delete()
            _renditions_store(image=image, rendered=rendered, stem=name, written=written)
    except BaseException:
        _storage_delete(storage, written)
        raise
    old_names = [rendition.file.name for rendition in old_renditions]
    transaction.on_commit(lambda: _storage_delete(storage, old_names))
    return image


def _renditions_store(
    *, image: Image, rendered: list[RenderedImage], stem: str, written: list[str]
) -> None:
    """Store each rendition's file and row, adding the names of the files to ``written`` as
    they are stored, so that the caller can delete them if a later step fails."""
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
        _history_user_set(image, user)
        image.save()
        return image
    return _image_file_store(image=image, file=file, user=user)


def image_file_replace(*, image: Image, file: File, user: AbstractBaseUser | None = None) -> Image:
    """Give an image a new file (its first, or a better one) and new renditions. Raises
    ``ValidationError`` naming what is wrong with the file; the image is then unchanged."""
    return _image_file_store(image=image, file=file, user=user)


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
    written: list[str] = []
    try:
        with transaction.atomic():
            ImageRendition.objects.filter(pk__in=[r.pk for r in old_renditions]).delete()
            _renditions_store(image=image, rendered=rendered, stem=image.file.name, written=written)
    except BaseException:
        _storage_delete(storage, written)
        raise
    old_names = [rendition.file.name for rendition in old_renditions]
    transaction.on_commit(lambda: _storage_delete(storage, old_names))
    return image


# The write API's services: whole articles with their captions, single captions, images and
# publications. Each checks what the model would refuse and raises ``ValidationError`` naming
# the field (``captions[1].position`` for the second caption of a list), and each is atomic: a
# request refused anywhere, even by its last caption, leaves the store as it was.

ARTICLE_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "slug",
        "publication",
        "byline",
        "published_at",
        "language",
        "attribution",
        "status",
        "paragraphs",
    }
)
PUBLICATION_EDITABLE_FIELDS = frozenset({"name", "slug", "tagline"})
CAPTION_EDITABLE_FIELDS = frozenset({"text", "position", "image", "credit", "alt_text", "order"})


@dataclass(frozen=True)
class CaptionInput:
    """One caption of an article as an editor sends it.

    With an ``id`` it is a caption the article has, kept (fields left ``None`` stay as they
    are); without one it is a new caption. Without an ``image`` a new caption gets a new image
    made from ``credit`` and ``alt_text``; with one, ``credit`` and ``alt_text`` (when given)
    correct that image's, wherever it appears."""

    id: int | None = None
    text: str | None = None
    position: int | None = None
    image: Image | None = None
    credit: str | None = None
    alt_text: str | None = None


def _errors_named(error: ValidationError, prefix: str) -> dict[str, list[str]]:
    """The messages of ``error`` by field, each name prefixed: ``{"captions[1].position": …}``.
    Errors of the whole object are named by the prefix alone."""
    if not hasattr(error, "error_dict"):
        return {prefix.rstrip(".") or NON_FIELD_ERRORS: error.messages}
    return {
        (prefix.rstrip(".") or NON_FIELD_ERRORS)
        if name == NON_FIELD_ERRORS
        else f"{prefix}{name}": ValidationError(messages).messages
        for name, messages in error.error_dict.items()
    }


def _publication_time_default(article: Article) -> None:
    """A published article without a time takes the current one, as ``article_publish`` does:
    the public lists and feeds are ordered by it."""
    if article.status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()


def _article_check(article: Article) -> None:
    """The model's rules (lengths, the language code, a unique slug, a scheduled article's
    time…), with the body's errors named ``body`` as clients send it."""
    try:
        article.full_clean(exclude=["source_name", "source_hash", "parse_warnings"])
    except ValidationError as error:
        if (
            error.message_dict.get("slug")
            and Article.objects.exclude(pk=article.pk).filter(slug=article.slug).exists()
        ):
            messages = dict(error.message_dict)
            messages["slug"] = [
                "Another article already has this slug; leave it out to have one made from the "
                "title, or choose another."
            ]
            raise ValidationError(messages) from None
        raise


def _caption_positions_check(article: Article) -> None:
    """After a change of body without captions: every caption must still stand after a
    paragraph the body has."""
    count = len(article.paragraphs)
    beyond = [caption for caption in article.captions.order_by("order") if caption.position > count]
    if beyond:
        where = ", ".join(f"caption {c.pk} after paragraph {c.position}" for c in beyond)
        raise ValidationError(
            {
                "body": f"The body has {count} paragraphs but the article places {where}: "
                "keep enough paragraphs, or send the captions with new positions."
            }
        )


def _caption_image(item: CaptionInput, caption: Caption, user: AbstractBaseUser | None) -> Image:
    """The image a caption shows after the change, with its credit and alt text corrected;
    saved only when something changed, so that its history has no empty entries."""
    image = item.image or (caption.image if caption.image_id else None)
    new = image is None
    if image is None:
        image = Image()
    credit = image.credit if item.credit is None else item.credit
    alt_text = image.alt_text if item.alt_text is None else item.alt_text
    if new or (image.credit, image.alt_text) != (credit.strip(), alt_text.strip()):
        _history_user_set(image, user)
        image_credit_set(image=image, credit=credit, alt_text=alt_text)
    return image


def _captions_replace(
    *,
    article: Article,
    captions: Sequence[CaptionInput],
    existing: list[Caption],
    body_changed: bool,
    user: AbstractBaseUser | None,
    error_prefix: Callable[[int], str] = lambda index: f"captions[{index}].",
) -> list[Caption]:
    """Make the article's captions exactly ``captions``, in that order: the ones named by id
    are updated, the others deleted, new ones created; ``order`` follows the list.

    Every caption is written as it is checked, and the errors of all of them are raised
    together at the end; the caller's transaction then undoes what was written. Captions that
    do not change are not written (no history entry, no new ``updated_at``)."""
    by_id = {caption.pk: caption for caption in existing}
    errors: dict[str, list[str]] = {}
    kept: set[int] = set()
    for index, item in enumerate(captions):
        if item.id is None:
            continue
        if item.id not in by_id:
            errors[f"{error_prefix(index)}id"] = [
                f"The article has no caption {item.id}; leave the id out to add a caption."
            ]
        elif item.id in kept:
            errors[f"{error_prefix(index)}id"] = ["The same caption is listed twice."]
        kept.add(item.id)
    if errors:
        raise ValidationError(errors)

    for caption in existing:
        if caption.pk not in kept:
            _history_user_set(caption, user)
            caption.delete()
    wanted = {item.id: order for order, item in enumerate(captions) if item.id is not None}
    caption_orders_release(
        article=article,
        caption_ids=[pk for pk, order in wanted.items() if by_id[pk].order != order],
        above=len(captions),
    )

    saved = []
    for order, item in enumerate(captions):
        caption = by_id[item.id] if item.id is not None else Caption(article=article, text="")
        before = (caption.text, caption.position, caption.image_id, caption.order)
        moved_in_body = caption.pk is None or body_changed or item.position is not None
        caption.article = article  # the instance in hand, with the paragraphs just given
        caption.image = _caption_image(item, caption, user)
        if item.text is not None:
            caption.text = item.text.strip()
        if item.position is not None:
            caption.position = item.position
        caption.order = order
        try:
            if moved_in_body:
                caption.clean()
        except ValidationError as error:
            errors.update(_errors_named(error, error_prefix(order)))
            continue
        if caption.pk is None or before != (
            caption.text,
            caption.position,
            caption.image_id,
            caption.order,
        ):
            _history_user_set(caption, user)
            caption.save()
        saved.append(caption)
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def article_create(
    *,
    title: str,
    paragraphs: Sequence[str],
    slug: str | None = None,
    publication: Publication | None = None,
    byline: str = "",
    published_at: datetime | None = None,
    language: str = "en",
    attribution: str = "",
    status: str = ArticleStatus.DRAFT,
    captions: Sequence[CaptionInput] = (),
    user: AbstractBaseUser | None = None,
) -> Article:
    """A new article with its captions, a draft unless ``status`` says otherwise. Without a
    slug, one is made from the title (``fare-freeze``, or ``fare-freeze-2`` when taken)."""
    article = Article(
        title=title.strip(),
        publication=publication,
        byline=byline.strip(),
        published_at=published_at,
        language=language,
        attribution=attribution.strip(),
        status=status,
    )
    article.paragraphs = [paragraph.strip() for paragraph in paragraphs]
    article.slug = slug or unique_slug(text=article.title, model=Article)
    _publication_time_default(article)
    _article_check(article)
    _history_user_set(article, user)
    article.save()
    _captions_replace(article=article, captions=captions, existing=[], body_changed=True, user=user)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    changes: Mapping[str, Any],
    captions: Sequence[CaptionInput] | None = None,
    user: AbstractBaseUser | None = None,
) -> Article:
    """Change an article's fields (``changes``: any of ``ARTICLE_EDITABLE_FIELDS``) and, when
    ``captions`` is given, make its captions exactly those (see ``_captions_replace``).

    A change of status goes the way of the workflow services: published without a time takes
    the current one, and leaving public view leaves a tombstone (``article_visibility_changed``).
    Nothing is written when nothing changes."""
    unknown = set(changes) - ARTICLE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"article_update cannot change {', '.join(sorted(unknown))}")
    since, was_public = timezone.now(), article.is_public
    changed = False
    for field, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        if field == "paragraphs":
            value = [paragraph.strip() for paragraph in value]
        if getattr(article, field) != value:
            setattr(article, field, value)
            changed = True
    body_changed = "paragraphs" in changes and changed
    if changed:
        _publication_time_default(article)
        _article_check(article)
        if captions is None and body_changed:
            _caption_positions_check(article)
        _history_user_set(article, user)
        article.save()
    if captions is not None:
        existing = list(article.captions.select_related("image").order_by("order"))
        _captions_replace(
            article=article,
            captions=captions,
            existing=existing,
            body_changed=body_changed,
            user=user,
        )
    article_visibility_changed(article=article, was_public=was_public, since=since)
    return article


@transaction.atomic
def article_delete(*, article: Article, user: AbstractBaseUser | None = None) -> None:
    """Delete an article and its captions (their images stay, for other articles and for the
    history). An article the public could read leaves a tombstone (``articles.signals``)."""
    _history_user_set(article, user)
    article.delete()


@transaction.atomic
def caption_create(
    *,
    article: Article,
    text: str = "",
    position: int = 0,
    image: Image | None = None,
    credit: str | None = None,
    alt_text: str | None = None,
    order: int | None = None,
    user: AbstractBaseUser | None = None,
) -> Caption:
    """Add a caption to an article, at ``order`` in its list of captions (the end by default;
    the captions from there on move down one). Without an image, a new one is made from
    ``credit`` and ``alt_text``."""
    existing = list(article.captions.select_related("image").order_by("order"))
    items = [CaptionInput(id=caption.pk) for caption in existing]
    index = len(items) if order is None else min(order, len(items))
    new = CaptionInput(text=text, position=position, image=image, credit=credit, alt_text=alt_text)
    items.insert(index, new)
    saved = _captions_replace(
        article=article,
        captions=items,
        existing=existing,
        body_changed=False,
        user=user,
        error_prefix=lambda number: "" if number == index else f"captions[{number}].",
    )
    return saved[index]


@transaction.atomic
def caption_update(
    *, caption: Caption, changes: Mapping[str, Any], user: AbstractBaseUser | None = None
) -> Caption:
    """Change a caption (``changes``: any of ``CAPTION_EDITABLE_FIELDS``); ``order`` moves it
    within its article's captions, the others closing up around it."""
    unknown = set(changes) - CAPTION_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"caption_update cannot change {', '.join(sorted(unknown))}")
    article = caption.article
    existing = list(article.captions.select_related("image").order_by("order"))
    others = [other for other in existing if other.pk != caption.pk]
    index = existing.index(next(c for c in existing if c.pk == caption.pk))
    if changes.get("order") is not None:
        index = min(changes["order"], len(others))
    items = [CaptionInput(id=other.pk) for other in others]
    fields = {name: changes.get(name) for name in ("text", "position", "image", "credit")}
    items.insert(index, CaptionInput(id=caption.pk, alt_text=changes.get("alt_text"), **fields))
    saved = _captions_replace(
        article=article,
        captions=items,
        existing=existing,
        body_changed=False,
        user=user,
        error_prefix=lambda number: "" if number == index else f"captions[{number}].",
    )
    return saved[index]


@transaction.atomic
def caption_delete(*, caption: Caption, user: AbstractBaseUser | None = None) -> None:
    """Take a caption out of its article; its image stays (other articles may show it)."""
    _history_user_set(caption, user)
    caption.delete()


def image_update(
    *,
    image: Image,
    credit: str | None = None,
    alt_text: str | None = None,
    file: File | None = None,
    user: AbstractBaseUser | None = None,
) -> Image:
    """Correct an image's credit (the photographer and agencies follow it) or alt text, and
    give it a new file when ``file`` is given; one save, so one entry in its history. Raises
    ``ValidationError`` naming what is wrong with the file; the image is then unchanged."""
    changed = False
    if credit is not None and credit.strip() != image.credit:
        photographer, agencies = split_credit(credit.strip()) if credit.strip() else (None, ())
        image.credit = credit.strip()
        image.photographer = photographer or ""
        image.agencies = list(agencies)
        changed = True
    if alt_text is not None and alt_text.strip() != image.alt_text:
        image.alt_text = alt_text.strip()
        changed = True
    if file is not None:
        return _image_file_store(image=image, file=file, user=user)
    if changed:
        _history_user_set(image, user)
        image.save()
    return image


@transaction.atomic
def image_delete(*, image: Image, user: AbstractBaseUser | None = None) -> None:
    """Delete an image that no caption shows; one still shown raises Django's
    ``ProtectedError`` naming the captions. Its renditions' files are deleted once the
    deletion is committed; the original file stays for the image's history."""
    storage = image.file.storage
    rendition_names = [rendition.file.name for rendition in image.renditions.all()]
    _history_user_set(image, user)
    image.delete()
    transaction.on_commit(lambda: _storage_delete(storage, rendition_names))


def _publication_check(publication: Publication) -> None:
    try:
        publication.full_clean()
    except ValidationError as error:
        taken = {
            field: f"Another publication already has this {field}; choose another."
            for field in ("name", "slug")
            if error.message_dict.get(field)
            and Publication.objects.exclude(pk=publication.pk)
            .filter(**{field: getattr(publication, field)})
            .exists()
        }
        if taken:
            raise ValidationError({**error.message_dict, **taken}) from None
        raise


@transaction.atomic
def publication_create(
    *,
    name: str,
    slug: str | None = None,
    tagline: str = "",
    user: AbstractBaseUser | None = None,
) -> Publication:
    """A new publication; without a slug, one is made from the name."""
    publication = Publication(name=name.strip(), tagline=tagline.strip())
    publication.slug = slug or unique_slug(text=publication.name, model=Publication)
    _publication_check(publication)
    _history_user_set(publication, user)
    publication.save()
    return publication


@transaction.atomic
def publication_update(
    *,
    publication: Publication,
    changes: Mapping[str, Any],
    user: AbstractBaseUser | None = None,
) -> Publication:
    """Change a publication's name, slug or tagline; its articles show the change."""
    unknown = set(changes) - PUBLICATION_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"publication_update cannot change {', '.join(sorted(unknown))}")
    changed = False
    for field, value in changes.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(publication, field) != value:
            setattr(publication, field, value)
            changed = True
    if changed:
        _publication_check(publication)
        _history_user_set(publication, user)
        publication.save()
    return publication


@transaction.atomic
def publication_delete(*, publication: Publication, user: AbstractBaseUser | None = None) -> None:
    """Delete a publication that no article names; one still named raises ``ProtectedError``."""
    _history_user_set(publication, user)
    publication.delete()
