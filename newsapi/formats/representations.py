"""Output serializers of the read API, shaped exactly as the public contract says.

Empty strings in the store become ``null`` for clients: "no byline" is not an empty byline."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from articles.models import (
    Article,
    ArticleTombstone,
    Caption,
    Image,
    ImageRendition,
    Publication,
)
from newsapi.reading.search import article_snippet


class NullIfBlankCharField(serializers.CharField):
    """A text field that reads ``""`` as ``null``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str | None:
        return value or None


class OutputSerializer(serializers.ModelSerializer):
    """A representation for reading: every field is read-only and none is required, so that
    the schema does not promise fields that ``?fields=`` may leave out.

    A serializer with a ``represent`` method builds its dict directly from the (prefetched)
    objects: DRF would build and deep-copy every field of every nested serializer anew for
    each object, which was most of the time of an article's answer. The declared fields still
    describe it (the schema) and still serve it when ``?fields=`` has pruned them (the
    serializer's ``fields`` have been read then); both give the same dict, and the tests hold
    them to it."""

    # def represent(self, instance) -> dict: the whole representation, field for field.
    represent = None

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            field.read_only, field.required = True, False
        return fields

    def to_representation(self, instance) -> dict[str, Any]:
        if self.represent is not None and "fields" not in self.__dict__:
            return self.represent(instance)
        return super().to_representation(instance)


_DATETIME = serializers.DateTimeField()


def datetime_representation(value) -> str | None:
    """As DRF's ``DateTimeField`` writes it: ISO 8601 in the current time zone, UTC as ``Z``."""
    return None if value is None else _DATETIME.to_representation(value)


def publication_summary(publication: Publication | None) -> dict[str, Any] | None:
    if publication is None:
        return None
    return {
        "name": publication.name,
        "slug": publication.slug,
        "tagline": publication.tagline or None,
    }


class PublicationSummarySerializer(OutputSerializer):
    tagline = NullIfBlankCharField()

    class Meta:
        model = Publication
        fields = ["name", "slug", "tagline"]

    def represent(self, publication: Publication) -> dict[str, Any]:
        return publication_summary(publication)


class PublicationSerializer(PublicationSummarySerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="publication-detail", lookup_field="slug", help_text="This publication."
    )
    article_count = serializers.IntegerField(read_only=True, help_text="Articles it published.")

    represent = None  # more fields than the summary's

    class Meta(PublicationSummarySerializer.Meta):
        fields = [*PublicationSummarySerializer.Meta.fields, "url", "article_count"]


def absolute_file_url(file, context: dict) -> str:
    request = context.get("request")
    return request.build_absolute_uri(file.url) if request else file.url


def rendition_representation(rendition: ImageRendition, context: dict) -> dict[str, Any]:
    return {
        "name": rendition.name,
        "url": absolute_file_url(rendition.file, context),
        "width": rendition.width,
        "height": rendition.height,
    }


def image_representation(image: Image, context: dict) -> dict[str, Any]:
    return {
        "id": image.pk,
        "url": absolute_file_url(image.file, context) if image.file else None,
        "credit": image.credit or None,
        "photographer": image.photographer or None,
        "agencies": [str(agency) for agency in image.agencies],
        "alt_text": image.alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": [rendition_representation(r, context) for r in image.renditions.all()],
    }


def caption_representation(caption: Caption, context: dict) -> dict[str, Any]:
    return {
        "id": caption.pk,
        "text": caption.text,
        "credit": caption.image.credit or None,
        "position": caption.position,
        "image": image_representation(caption.image, context),
    }


class ImageRenditionSerializer(OutputSerializer):
    """A smaller copy of the image's file: ``thumbnail`` (320 px wide) or ``medium`` (1024)."""

    url = serializers.SerializerMethodField(help_text="The rendition's file, absolute.")

    class Meta:
        model = ImageRendition
        fields = ["name", "url", "width", "height"]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, rendition: ImageRendition) -> str:
        return absolute_file_url(rendition.file, self.context)

    def represent(self, rendition: ImageRendition) -> dict[str, Any]:
        return rendition_representation(rendition, self.context)


class ImageSerializer(OutputSerializer):
    url = serializers.SerializerMethodField(help_text="The image file, when one is stored.")
    credit = NullIfBlankCharField(help_text="The credit as printed, without labels or brackets.")
    photographer = NullIfBlankCharField(help_text="The photographer named in the credit.")
    agencies = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Agencies named in the credit."
    )

    renditions = ImageRenditionSerializer(
        many=True,
        read_only=True,
        help_text="Smaller copies of the file, made when it is uploaded (none without a file).",
    )

    class Meta:
        model = Image
        fields = [
            "id",
            "url",
            "credit",
            "photographer",
            "agencies",
            "alt_text",
            "width",
            "height",
            "renditions",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_url(self, image: Image) -> str | None:
        return absolute_file_url(image.file, self.context) if image.file else None

    def represent(self, image: Image) -> dict[str, Any]:
        return image_representation(image, self.context)


class CaptionSerializer(OutputSerializer):
    credit = serializers.SerializerMethodField(help_text="The image's credit, or null.")
    image = ImageSerializer(read_only=True)

    class Meta:
        model = Caption
        fields = ["id", "text", "credit", "position", "image"]

    def get_credit(self, caption: Caption) -> str | None:
        return caption.image.credit or None

    def represent(self, caption: Caption) -> dict[str, Any]:
        return caption_representation(caption, self.context)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "description": "The article's slug."},
            {
                "type": "object",
                "description": "With ?expand=article: the article in short.",
                "properties": {
                    "id": {"type": "integer"},
                    "slug": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                    "title": {"type": "string"},
                    "language": {"type": "string"},
                    "published_at": {"type": "string", "format": "date-time", "nullable": True},
                },
            },
        ]
    }
)
class ArticleSlugOrSummaryField(serializers.SlugRelatedField):
    """The article's slug; the serializer swaps in a summary when it is expanded."""


class CaptionWithArticleSerializer(CaptionSerializer):
    """A caption with the slug of its article, or with ``?expand=article`` a summary of it."""

    article = ArticleSlugOrSummaryField(
        slug_field="slug",
        read_only=True,
        help_text="Slug of the article the caption is in; with ?expand=article, a summary.",
    )

    represent = None  # DRF's fields: a caption's own endpoint is not a hot path

    class Meta(CaptionSerializer.Meta):
        fields = [*CaptionSerializer.Meta.fields, "article"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if "article" in self.context.get("expand", ()):
            fields["article"] = ArticleSummarySerializer(read_only=True)
        return fields


class ParagraphBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["paragraph"])
    text = serializers.CharField()


class ImageBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["image"])
    caption = CaptionSerializer()


def body_blocks(article: Article, captions: list[Caption]) -> list[dict[str, Any]]:
    """Paragraphs and images in reading order: an image with position ``n`` follows paragraph
    ``n`` (0 = before the first). Positions past the end put the image after the last one."""
    paragraphs = article.paragraphs
    by_position: dict[int, list[Caption]] = {}
    for caption in captions:
        by_position.setdefault(min(caption.position, len(paragraphs)), []).append(caption)
    blocks: list[dict[str, Any]] = []
    for index in range(len(paragraphs) + 1):
        for caption in by_position.get(index, []):
            blocks.append({"type": "image", "caption": caption})
        if index < len(paragraphs):
            blocks.append({"type": "paragraph", "text": paragraphs[index]})
    return blocks


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="BodyBlock",
        serializers={"paragraph": ParagraphBlockSerializer, "image": ImageBlockSerializer},
        resource_type_field_name="type",
        many=True,
    )
)
class BodyField(serializers.Field):
    """The body as paragraph and image blocks in reading order, from the prefetched captions."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, article: Article) -> list[dict[str, Any]]:
        captions = list(article.captions.all())
        serialized = [caption_representation(caption, self.context) for caption in captions]
        return body_representation(article, captions, serialized)


def body_representation(
    article: Article, captions: list[Caption], serialized: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The body blocks with each caption as ``serialized`` holds it (in the order of
    ``captions``), so that an article's captions are serialized once for its body and its
    list of captions."""
    by_pk = {caption.pk: data for caption, data in zip(captions, serialized, strict=True)}
    return [
        {"type": "image", "caption": by_pk[block["caption"].pk]}
        if block["type"] == "image"
        else block
        for block in body_blocks(article, captions)
    ]


# Slugs that a URL holds as they are (Django's reverse() quotes anything else).
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_MARK = "article-slug"


def article_url(slug: str, context: dict) -> str:
    """The article's absolute URL, as its ``url`` field gives it. ``reverse()`` took a third of
    the time of a list item: it runs once per answer, with a mark where the slug goes, and the
    slug of each article replaces the mark."""

    def reversed_url(slug: str) -> str:
        return reverse(
            "article-detail",
            kwargs={"slug": slug},
            request=context.get("request"),
            format=context.get("format"),
        )

    if not _PLAIN_SLUG.fullmatch(slug):
        return reversed_url(slug)
    if "_article_url_parts" not in context:
        context["_article_url_parts"] = reversed_url(_SLUG_MARK).rsplit(_SLUG_MARK, 1)
    before, after = context["_article_url_parts"]
    return f"{before}{slug}{after}"


def article_head(article: Article, context: dict) -> dict[str, Any]:
    """The fields that lists and the detail share, in their order, up to ``status``."""
    return {
        "id": article.pk,
        "slug": article.slug,
        "url": article_url(article.slug, context),
        "title": article.title,
        "publication": publication_summary(article.publication),
        "byline": article.byline or None,
        "published_at": datetime_representation(article.published_at),
        "language": article.language,
        "attribution": article.attribution or None,
        "status": article.status,
    }


def article_url_field() -> serializers.HyperlinkedIdentityField:
    return serializers.HyperlinkedIdentityField(
        view_name="article-detail", lookup_field="slug", help_text="This article."
    )


class LeadImageSerializer(CaptionSerializer):
    """The article's first caption with its image, or null."""

    def get_attribute(self, article: Article) -> Caption | None:
        # From the prefetched captions: a query of its own would be one per article in a list.
        return next(iter(article.captions.all()), None)


class ArticleListSerializer(OutputSerializer):
    """An article in a list: everything but the body, with the lead image.

    ``?expand=captions`` adds every caption and ``?expand=body`` the body, as in the detail; a
    client that mirrors the store gets whole articles a page at a time."""

    expandable = {
        "captions": lambda: CaptionSerializer(many=True, read_only=True),
        "body": lambda: BodyField(help_text="Paragraph and image blocks in reading order."),
    }

    url = article_url_field()
    publication = PublicationSummarySerializer(read_only=True, allow_null=True)
    byline = NullIfBlankCharField(help_text="Authors, without “By”.")
    attribution = NullIfBlankCharField(help_text="E.g. “With information from EFE”.")
    lead_image = LeadImageSerializer(
        read_only=True,
        allow_null=True,
        help_text="The first caption of the article with its image, or null.",
    )
    caption_count = serializers.SerializerMethodField(help_text="How many images it has.")
    snippet = serializers.SerializerMethodField(
        help_text="With a search: an extract of the body around the words found, in HTML with "
        "the matches in <mark> and everything else escaped; null otherwise."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "publication",
            "byline",
            "published_at",
            "language",
            "attribution",
            "status",
            "lead_image",
            "caption_count",
            "snippet",
            "updated_at",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name in sorted(self.context.get("expand", ())):
            if name in self.expandable:
                fields[name] = self.expandable[name]()
        return fields

    def get_caption_count(self, article: Article) -> int:
        return len(article.captions.all())

    def get_snippet(self, article: Article) -> str | None:
        return article_snippet(article, self.context.get("search"))

    def represent(self, article: Article) -> dict[str, Any]:
        context = self.context
        expand = context.get("expand", ())
        captions = list(article.captions.all())
        whole = "body" in expand or "captions" in expand
        serialized = [caption_representation(caption, context) for caption in captions[:1]]
        if whole:
            serialized += [caption_representation(caption, context) for caption in captions[1:]]
        data = article_head(article, context)
        data["lead_image"] = serialized[0] if serialized else None
        data["caption_count"] = len(captions)
        data["snippet"] = article_snippet(article, context.get("search"))
        data["updated_at"] = datetime_representation(article.updated_at)
        if "body" in expand:
            data["body"] = body_representation(article, captions, serialized)
        if "captions" in expand:
            data["captions"] = serialized
        return data


class ArticleDetailSerializer(OutputSerializer):
    """An article with its body in reading order and all of its captions."""

    url = article_url_field()
    publication = PublicationSummarySerializer(read_only=True, allow_null=True)
    byline = NullIfBlankCharField(help_text="Authors, without “By”.")
    attribution = NullIfBlankCharField(help_text="E.g. “With information from EFE”.")
    body = BodyField(help_text="Paragraph and image blocks in reading order.")
    captions = CaptionSerializer(many=True, read_only=True)
    slug_history = serializers.SlugRelatedField(
        source="previous_slugs",
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="The slugs the article had before, the latest first: their URLs redirect "
        "(301) to the article's.",
    )

    class Meta:
        model = Article
        fields = [
            field
            for field in ArticleListSerializer.Meta.fields
            if field not in {"lead_image", "caption_count", "snippet"}
        ] + ["body", "captions", "created_at", "slug_history"]

    def represent(self, article: Article) -> dict[str, Any]:
        captions = list(article.captions.all())
        serialized = [caption_representation(caption, self.context) for caption in captions]
        data = article_head(article, self.context)
        data["updated_at"] = datetime_representation(article.updated_at)
        data["body"] = body_representation(article, captions, serialized)
        data["captions"] = serialized
        data["created_at"] = datetime_representation(article.created_at)
        data["slug_history"] = [previous.slug for previous in article.previous_slugs.all()]
        return data


class ArticleSummarySerializer(OutputSerializer):
    """An article named in another object: enough to show and link it."""

    url = article_url_field()

    class Meta:
        model = Article
        fields = ["id", "slug", "url", "title", "language", "published_at"]


class ArticleTombstoneSerializer(OutputSerializer):
    """An article that left the public store, and when."""

    class Meta:
        model = ArticleTombstone
        fields = ["article_id", "slug", "reason", "removed_at"]


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The parameter or field, e.g. `page_size`.")
    reason = serializers.CharField(help_text="What is wrong with it.")


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem document, the body of every error response."""

    type = serializers.CharField(help_text="A URI reference naming the problem type.")
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    invalid_params = InvalidParamSerializer(
        many=True, required=False, help_text="Each invalid parameter or field with the reason."
    )


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field that changed, e.g. `title` or `status`.")
    old = serializers.JSONField(help_text="Its value before (a publication is its id).")
    new = serializers.JSONField(help_text="Its value after.")


class ArticleVersionSerializer(serializers.Serializer):
    """One saved state of an article (``articles.history.ArticleVersion``), for editors."""

    number = serializers.IntegerField(help_text="1 for the first version, then up by one.")
    recorded_at = serializers.DateTimeField(help_text="When it was saved.")
    kind = serializers.ChoiceField(
        choices=["created", "changed", "deleted"], help_text="What the save did."
    )
    user = serializers.CharField(
        allow_null=True, help_text="Who saved it (the user name), or null (the seed loader)."
    )
    changes = FieldChangeSerializer(
        many=True, help_text="The fields it changed from the version before (none for the first)."
    )
    title = serializers.CharField(help_text="The headline in this version.")
    status = serializers.CharField(help_text="The status in this version.")
    slug = serializers.CharField(help_text="The slug in this version.")


class TokenSerializer(serializers.Serializer):
    """An API token: send it as ``Authorization: Token <token>``."""

    token = serializers.CharField(help_text="The token; keep it secret.")
    username = serializers.CharField(help_text="The account it acts as.")
