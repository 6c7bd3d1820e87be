"""Articles and images as schema.org JSON-LD (``NewsArticle``, ``ImageObject``), the markup
search engines and link previews read. Lists are an ``ItemList``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from articles.models import Article, Caption, Image
from newsapi.formats.ninjs import _compact, _time
from newsapi.formats.representations import absolute_url

CONTEXT = "https://schema.org"


def _copyright_holder(image: Image) -> list[dict[str, str]] | dict[str, str] | None:
    """The agencies that hold the rights, or else the photographer."""
    if image.agencies:
        return [{"@type": "Organization", "name": agency} for agency in image.agencies]
    if image.photographer:
        return {"@type": "Person", "name": image.photographer}
    return None


def image_jsonld(image: Image, request, *, caption: Caption | None = None) -> dict[str, Any]:
    file_url = absolute_url(request, image.file.url) if image.file else None
    thumbnail = image.rendition("thumbnail") if image.file else None
    return _compact(
        {
            "@type": "ImageObject",
            "@id": absolute_url(request, reverse("image-detail", kwargs={"pk": image.pk})),
            "contentUrl": file_url or image.source_url or None,
            "url": file_url or image.source_url or None,
            # Where the picture was on the page the article was loaded from.
            "isBasedOn": image.source_url or None,
            "thumbnailUrl": absolute_url(request, thumbnail.file.url) if thumbnail else None,
            "caption": caption.text if caption else None,
            "description": image.alt_text,
            "creditText": image.credit,
            "creator": {"@type": "Person", "name": image.photographer}
            if image.photographer
            else None,
            "copyrightHolder": _copyright_holder(image),
            "width": image.width,
            "height": image.height,
        }
    )


def article_jsonld(article: Article, request) -> dict[str, Any]:
    url = absolute_url(request, article.get_absolute_url())
    text = "\n\n".join(article.paragraphs)
    publication = article.publication
    return _compact(
        {
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            # The page the article was loaded from, where it lives on the web.
            "sameAs": article.canonical_url or None,
            "identifier": str(article.pk),
            "headline": article.title,
            "inLanguage": article.language,
            "datePublished": _time(article.published_at),
            "dateModified": _time(article.updated_at),
            "dateCreated": _time(article.created_at),
            "author": {"@type": "Person", "name": article.byline} if article.byline else None,
            "publisher": _compact(
                {
                    "@type": "NewsMediaOrganization",
                    "name": publication.name,
                    "slogan": publication.tagline,
                }
            )
            if publication
            else None,
            "creditText": article.attribution,
            "articleBody": text,
            "wordCount": len(text.split()),
            "image": [
                image_jsonld(caption.image, request, caption=caption)
                for caption in article.captions.all()
            ],
        }
    )


def with_context(item: dict[str, Any]) -> dict[str, Any]:
    return {"@context": CONTEXT, **item}


def item_list(items: list[dict[str, Any]], *, count: int | None, offset: int) -> dict[str, Any]:
    """A page of a list: ``{"@type": "ItemList", "itemListElement": [{"@type": "ListItem",
    "position": 1, "item": {...}}]}``, positions counted from the start of the whole list."""
    page: dict[str, Any] = {"@context": CONTEXT, "@type": "ItemList"}
    if count is not None:
        page["numberOfItems"] = count
    page["itemListElement"] = [
        {"@type": "ListItem", "position": offset + number, "item": item}
        for number, item in enumerate(items, start=1)
    ]
    return page


class ArticleJSONLDSerializer(serializers.BaseSerializer):
    def to_representation(self, article: Article) -> dict[str, Any]:
        item = article_jsonld(article, self.context.get("request"))
        return item if self.context.get("in_list") else with_context(item)


class ImageJSONLDSerializer(serializers.BaseSerializer):
    def to_representation(self, image: Image) -> dict[str, Any]:
        captions = list(image.captions.all())
        item = image_jsonld(image, self.context.get("request"), caption=next(iter(captions), None))
        return item if self.context.get("in_list") else with_context(item)
