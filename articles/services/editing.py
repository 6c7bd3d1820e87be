"""The write API's services: whole articles with their captions, single captions, images and
publications. Each checks what the model would refuse and raises ``ValidationError`` naming
the field (``captions[1].position`` for the second caption of a list), and each is atomic: a
request refused anywhere, even by its last caption, leaves the store as it was."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from articles import changes as changes_
from articles.models import (
    Article,
    ArticleStatus,
    Caption,
    Image,
    Publication,
    paragraphs_counted,
)
from articles.services.common import history_user_set, unique_slug
from articles.services.images import image_credit_set, image_file_store, storage_files_delete


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
    # Its number among the article's captions; by default its place in the list. The admin
    # keeps the numbers editors type.
    order: int | None = None


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
                "body": f"The body has {paragraphs_counted(count)} but the article places {where}: "
                "keep enough paragraphs, or send the captions with new positions."
            }
        )


@dataclass
class Written:
    """The captions and images a write saved or deleted, for its announcement."""

    captions: set[int] = dataclasses.field(default_factory=set)
    images: set[int] = dataclasses.field(default_factory=set)
    removed: set[tuple[changes_.Kind, int]] = dataclasses.field(default_factory=set)

    def announce(self, *, article: Article, saved: bool, before=None) -> None:
        """Announce the write to ``article`` (its row ``saved`` or not: a caption taken out
        changes what it shows all the same)."""
        changes_.announce(
            articles=[article.pk],
            captions=self.captions,
            images=self.images,
            removed=self.removed,
            before=before,
            touched=() if saved else [article.pk],
        )


def _caption_image(
    item: CaptionInput, caption: Caption, user: AbstractBaseUser | None, written: Written
) -> Image:
    """The image a caption shows after the change, with its credit and alt text corrected;
    saved only when something changed, so that its history has no empty entries."""
    image = item.image or (caption.image if caption.image_id else None)
    new = image is None
    if image is None:
        image = Image()
    credit = image.credit if item.credit is None else item.credit
    alt_text = image.alt_text if item.alt_text is None else item.alt_text
    if new or (image.credit, image.alt_text) != (credit.strip(), alt_text.strip()):
        history_user_set(image, user)
        image_credit_set(image=image, credit=credit, alt_text=alt_text)
        written.images.add(image.pk)
    return image


def _captions_replace(
    *,
    article: Article,
    captions: Sequence[CaptionInput],
    existing: list[Caption],
    body_changed: bool,
    user: AbstractBaseUser | None,
    written: Written,
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
            written.captions.add(caption.pk)
            written.removed.add(("caption", caption.pk))
            history_user_set(caption, user)
            caption.delete()
    orders = [index if item.order is None else item.order for index, item in enumerate(captions)]
    wanted = {item.id: order for order, item in zip(orders, captions, strict=True) if item.id}
    caption_orders_release(
        article=article,
        caption_ids=[pk for pk, order in wanted.items() if by_id[pk].order != order],
        above=max([len(captions), *(order + 1 for order in orders)]),
    )

    saved = []
    for index, (order, item) in enumerate(zip(orders, captions, strict=True)):
        caption = by_id[item.id] if item.id is not None else Caption(article=article, text="")
        before = (caption.text, caption.position, caption.image_id, caption.order)
        moved_in_body = caption.pk is None or body_changed or item.position is not None
        caption.article = article  # the instance in hand, with the paragraphs just given
        caption.image = _caption_image(item, caption, user, written)
        if item.text is not None:
            caption.text = item.text.strip()
        if item.position is not None:
            caption.position = item.position
        caption.order = order
        try:
            if moved_in_body:
                caption.clean()
        except ValidationError as error:
            errors.update(_errors_named(error, error_prefix(index)))
            continue
        if caption.pk is None or before != (
            caption.text,
            caption.position,
            caption.image_id,
            caption.order,
        ):
            history_user_set(caption, user)
            caption.save()
            written.captions.add(caption.pk)
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
    history_user_set(article, user)
    article.save()
    written = Written()
    _captions_replace(
        article=article,
        captions=captions,
        existing=[],
        body_changed=True,
        user=user,
        written=written,
    )
    written.announce(article=article, saved=True)
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
    the current one, and leaving public view leaves a tombstone (``articles.changes``).
    Nothing is written when nothing changes."""
    unknown = set(changes) - ARTICLE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"article_update cannot change {', '.join(sorted(unknown))}")
    before = changes_.ArticleState.of(article)
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
        history_user_set(article, user)
        article.save()
    written = Written()
    if captions is not None:
        existing = list(article.captions.select_related("image").order_by("order"))
        _captions_replace(
            article=article,
            captions=captions,
            existing=existing,
            body_changed=body_changed,
            user=user,
            written=written,
        )
    if changed or written.captions or written.images:
        written.announce(article=article, saved=changed, before={article.pk: before})
    return article


@transaction.atomic
def article_delete(*, article: Article, user: AbstractBaseUser | None = None) -> None:
    """Delete an article and its captions (their images stay, for other articles and for the
    history). An article the public could read leaves a tombstone (``articles.changes``)."""
    pk, before = article.pk, changes_.ArticleState.of(article)
    captions = set(article.captions.values_list("pk", flat=True))
    history_user_set(article, user)
    article.delete()
    changes_.announce(
        captions=captions,
        removed={("article", pk), *(("caption", caption) for caption in captions)},
        before={pk: before},
    )


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
    return _caption_saved(article=article, items=items, existing=existing, index=index, user=user)


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
    return _caption_saved(article=article, items=items, existing=existing, index=index, user=user)


def _caption_saved(
    *,
    article: Article,
    items: list[CaptionInput],
    existing: list[Caption],
    index: int,
    user: AbstractBaseUser | None,
) -> Caption:
    """Save ``items`` as the captions of ``article`` (which had ``existing``) and return the one
    at ``index``, the caption asked for: its errors name its fields alone, the others' their
    place (``captions[2].credit``)."""
    written = Written()
    saved = _captions_replace(
        article=article,
        captions=items,
        existing=existing,
        body_changed=False,
        user=user,
        written=written,
        error_prefix=lambda number: "" if number == index else f"captions[{number}].",
    )
    written.announce(article=article, saved=False)
    return saved[index]


@transaction.atomic
def caption_delete(*, caption: Caption, user: AbstractBaseUser | None = None) -> None:
    """Take a caption out of its article; its image stays (other articles may show it)."""
    pk, article = caption.pk, caption.article_id
    history_user_set(caption, user)
    caption.delete()
    changes_.announce(captions=[pk], removed=[("caption", pk)], touched=[article])


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
    credit = image.credit if credit is None else credit.strip()
    alt_text = image.alt_text if alt_text is None else alt_text.strip()
    changed = (credit, alt_text) != (image.credit, image.alt_text)
    if file is not None:
        image_credit_set(image=image, credit=credit, alt_text=alt_text, save=False)
        return image_file_store(image=image, file=file, user=user)
    if changed:
        history_user_set(image, user)
        image_credit_set(image=image, credit=credit, alt_text=alt_text)
        changes_.announce(images=[image.pk])
    return image


@transaction.atomic
def image_delete(*, image: Image, user: AbstractBaseUser | None = None) -> None:
    """Delete an image that no caption shows; one still shown raises Django's
    ``ProtectedError`` naming the captions. Its renditions' files are deleted once the
    deletion is committed; the original file stays for the image's history."""
    storage, pk = image.file.storage, image.pk
    rendition_names = [rendition.file.name for rendition in image.renditions.all()]
    history_user_set(image, user)
    image.delete()
    changes_.announce(images=[pk], removed=[("image", pk)])
    transaction.on_commit(lambda: storage_files_delete(storage, rendition_names))


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
    history_user_set(publication, user)
    publication.save()
    changes_.announce(publications=[publication.pk])
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
        history_user_set(publication, user)
        publication.save()
        changes_.announce(publications=[publication.pk])
    return publication


@transaction.atomic
def publication_delete(*, publication: Publication, user: AbstractBaseUser | None = None) -> None:
    """Delete a publication that no article names; one still named raises ``ProtectedError``."""
    pk = publication.pk
    history_user_set(publication, user)
    publication.delete()
    changes_.announce(publications=[pk], removed=[("publication", pk)])
