"""Writes to the news content store. Each service is atomic: it writes all of its rows or none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import transaction
from django.utils.text import slugify

from articles.models import Article, Caption, Image, Publication
from articles.parsing import ParsedArticle, ParsedCaption, split_credit

SyncStatus = Literal["created", "updated", "unchanged"]
SLUG_MAX_LENGTH = 200


class DuplicateSeedError(Exception):
    """The same page was already loaded from another file."""

    def __init__(self, *, source_name: str, other_source_name: str) -> None:
        super().__init__(f"duplicate of {other_source_name} (same content), not loaded again")
        self.source_name = source_name
        self.other_source_name = other_source_name


@dataclass(frozen=True)
class SyncResult:
    article: Article
    status: SyncStatus


def unique_slug(*, text: str, model: type[Article] | type[Publication], exclude_pk=None) -> str:
    """A slug for ``text`` not yet used by another row: ``fare-freeze``, then ``fare-freeze-2``…"""
    base = slugify(text)[:SLUG_MAX_LENGTH].strip("-") or model._meta.model_name
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


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


def _captions_sync(*, article: Article, parsed_captions: tuple[ParsedCaption, ...]) -> None:
    """Match captions by order: existing ones are updated in place (ids stay stable for clients),
    new ones are created and surplus ones deleted with their images."""
    existing = list(article.captions.select_related("image").order_by("order"))
    for order, parsed in enumerate(parsed_captions):
        if order < len(existing):
            caption = existing[order]
            for field, value in _image_fields(parsed).items():
                setattr(caption.image, field, value)
            caption.image.save()
            caption.text = parsed.text
            caption.position = parsed.after_paragraph
            caption.save()
        else:
            image = Image.objects.create(**_image_fields(parsed))
            Caption.objects.create(
                article=article,
                image=image,
                text=parsed.text,
                position=parsed.after_paragraph,
                order=order,
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
    _captions_sync(article=article, parsed_captions=parsed.captions)
    return SyncResult(article=article, status=status)


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
