"""Small builders of model objects for tests, with defaults that can be overridden."""

from __future__ import annotations

import io
import itertools

import PIL.Image
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.changes import announce
from articles.models import Article, Caption, Image, Publication

_numbers = itertools.count(1)


def publication_create(**fields) -> Publication:
    number = next(_numbers)
    defaults = {"name": f"Outlet {number}", "slug": f"outlet-{number}", "tagline": "News"}
    publication = Publication.objects.create(**{**defaults, **fields})
    announce(publications=[publication.pk])
    return publication


def article_create(*, captions: int = 0, **fields) -> Article:
    number = next(_numbers)
    defaults = {
        "slug": f"article-{number}",
        "title": f"Article number {number}",
        "body": "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.",
        "language": "en",
    }
    article = Article.objects.create(**{**defaults, **fields})
    written = []
    for order in range(captions):
        image = Image.objects.create(
            credit=f"AP Photo/Photographer {order}",
            photographer=f"Photographer {order}",
            agencies=["AP"],
        )
        written.append(
            Caption.objects.create(
                article=article, image=image, text=f"Caption {order}.", position=order, order=order
            )
        )
    # Rows made directly, announced as a service would (``articles.changes``).
    announce(
        articles=[article.pk],
        captions=[caption.pk for caption in written],
        images=[caption.image_id for caption in written],
    )
    return article


def image_bytes(*, size: tuple[int, int] = (2000, 1000), image_format: str = "JPEG") -> bytes:
    """The bytes of a real image file, a gradient so that it compresses like a photo."""
    picture = PIL.Image.linear_gradient("L").resize(size).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(
    name: str = "photo.jpg",
    *,
    size: tuple[int, int] = (2000, 1000),
    image_format: str = "JPEG",
    content: bytes | None = None,
) -> SimpleUploadedFile:
    """An uploaded file as a form or the API receives it; ``content`` overrides the bytes."""
    data = image_bytes(size=size, image_format=image_format) if content is None else content
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# Writes as editors make them, through the services, so that everything derived follows
# (``articles.changes``): tombstones, slug history, updated_at, stored JSON, cache invalidation.


def edit_article(article: Article, **changes) -> Article:
    from articles.services import article_update

    return article_update(article=Article.objects.get(pk=article.pk), changes=changes)


def edit_caption(caption: Caption, **changes) -> Caption:
    from articles.services import caption_update

    return caption_update(caption=Caption.objects.get(pk=caption.pk), changes=changes)


def edit_image(image: Image, **changes) -> Image:
    from articles.services import image_update

    return image_update(image=Image.objects.get(pk=image.pk), **changes)


def edit_publication(publication: Publication, **changes) -> Publication:
    from articles.services import publication_update

    return publication_update(
        publication=Publication.objects.get(pk=publication.pk), changes=changes
    )


def delete_article(article: Article) -> None:
    from articles.services import article_delete

    article_delete(article=Article.objects.get(pk=article.pk))
