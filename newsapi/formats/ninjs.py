"""Articles and images as IPTC ninjs 2.2 (https://iptc.org/standards/ninjs/), validated in the
tests against IPTC's own JSON Schema.

An article is a ``text`` item whose images are ``associations`` of type ``picture``; each image
carries its caption as a description with role ``caption``, its photographer (or the credit) as
``by``, the agencies as ``copyrightholder`` and its files as ``renditions``. ninjs 2.2 has no
``creditline`` property and forbids unknown ones, so the credit as printed travels as a
description with role ``creditline``.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from articles.models import Article, Caption, Image
from newsapi.formats.representations import absolute_url


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def _rendition(request, name: str, file, width, height) -> dict[str, Any]:
    rendition = {"name": name, "href": absolute_url(request, file.url)}
    content_type, _encoding = mimetypes.guess_type(file.name)
    if content_type:
        rendition["contenttype"] = content_type
    if width and height:
        rendition.update(width=width, height=height)
    return rendition


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is unknown: ninjs has no nulls, and empty lists say nothing."""
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def image_ninjs(
    image: Image, request, *, captions: list[Caption] | None = None, name: str | None = None
) -> dict[str, Any]:
    """A ``picture`` item; with ``name`` it is an association inside an article."""
    descriptions = [
        {"role": "caption", "contenttype": "text/plain", "value": caption.text}
        for caption in (captions or [])
        if caption.text
    ]
    if image.credit:
        descriptions.append({"role": "creditline", "value": image.credit})
    if image.alt_text:
        descriptions.append({"role": "alternative", "value": image.alt_text})
    renditions = []
    if image.source_url:
        # The picture where the loaded web page showed it: never downloaded, so named apart
        # from the files stored here.
        source = {"name": "source", "href": image.source_url}
        if image.width and image.height and not image.file:
            source.update(width=image.width, height=image.height)
        renditions.append(source)
    if image.file:
        renditions.append(_rendition(request, "original", image.file, image.width, image.height))
        renditions += [
            _rendition(request, rendition.name, rendition.file, rendition.width, rendition.height)
            for rendition in image.renditions.all()
        ]
    holder = ", ".join(image.agencies) or image.photographer
    return _compact(
        {
            "uri": absolute_url(request, reverse("image-detail", kwargs={"pk": image.pk})),
            "name": name,
            "type": "picture",
            "representationtype": "full" if name is None else "partial",
            "versioncreated": _time(image.updated_at),
            "firstcreated": _time(image.created_at),
            "by": image.photographer or image.credit,
            "copyrightholder": holder,
            "descriptions": descriptions,
            "renditions": renditions,
        }
    )


def article_ninjs(article: Article, request) -> dict[str, Any]:
    """A ``text`` item with the body as plain text and each image as an association."""
    paragraphs = article.paragraphs
    text = "\n\n".join(paragraphs)
    publication = article.publication
    return _compact(
        {
            "uri": absolute_url(request, article.get_absolute_url()),
            "type": "text",
            "representationtype": "full",
            "firstcreated": _time(article.published_at or article.created_at),
            "versioncreated": _time(article.updated_at),
            "pubstatus": "usable",
            "language": article.language,
            "slugline": article.slug,
            "headlines": [{"role": "main", "value": article.title}],
            "by": article.byline,
            "copyrightholder": publication.name if publication else None,
            "infosources": [{"name": publication.name, "role": "publisher"}] if publication else [],
            "descriptions": [{"role": "attribution", "value": article.attribution}]
            if article.attribution
            else [],
            "bodies": [
                {
                    "role": "main",
                    "contenttype": "text/plain",
                    "value": text,
                    "charcount": len(text),
                    "wordcount": len(text.split()),
                }
            ],
            "altids": [{"role": "id", "value": str(article.pk)}],
            "associations": [
                image_ninjs(caption.image, request, captions=[caption], name=f"image{number}")
                for number, caption in enumerate(article.captions.all(), start=1)
            ],
        }
    )


class ArticleNinjsSerializer(serializers.BaseSerializer):
    def to_representation(self, article: Article) -> dict[str, Any]:
        return article_ninjs(article, self.context.get("request"))


class ImageNinjsSerializer(serializers.BaseSerializer):
    def to_representation(self, image: Image) -> dict[str, Any]:
        return image_ninjs(image, self.context.get("request"), captions=list(image.captions.all()))
