"""Output serializers of the read API, shaped exactly as the public contract says.

Empty strings in the store become ``null`` for clients: "no byline" is not an empty byline."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from articles.models import Article, Caption, Image, Publication


class NullIfBlankCharField(serializers.CharField):
    """A text field that reads ``""`` as ``null``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str | None:
        return value or None


class PublicationSummarySerializer(serializers.ModelSerializer):
    tagline = NullIfBlankCharField()

    class Meta:
        model = Publication
        fields = ["name", "slug", "tagline"]


class PublicationSerializer(PublicationSummarySerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="publication-detail", lookup_field="slug", help_text="This publication."
    )
    article_count = serializers.IntegerField(read_only=True, help_text="Articles it published.")

    class Meta(PublicationSummarySerializer.Meta):
        fields = [*PublicationSummarySerializer.Meta.fields, "url", "article_count"]


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The image file, when one is stored.")
    credit = NullIfBlankCharField(help_text="The credit as printed, without labels or brackets.")
    photographer = NullIfBlankCharField(help_text="The photographer named in the credit.")
    agencies = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Agencies named in the credit."
    )

    class Meta:
        model = Image
        fields = ["id", "url", "credit", "photographer", "agencies", "alt_text", "width", "height"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, image: Image) -> str | None:
        if not image.file:
            return None
        request = self.context.get("request")
        url = image.file.url
        return request.build_absolute_uri(url) if request else url


class CaptionSerializer(serializers.ModelSerializer):
    credit = serializers.SerializerMethodField(help_text="The image's credit, or null.")
    image = ImageSerializer(read_only=True)

    class Meta:
        model = Caption
        fields = ["id", "text", "credit", "position", "image"]

    def get_credit(self, caption: Caption) -> str | None:
        return caption.image.credit or None


class CaptionWithArticleSerializer(CaptionSerializer):
    article = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the article the caption is in."
    )

    class Meta(CaptionSerializer.Meta):
        fields = [*CaptionSerializer.Meta.fields, "article"]


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


class ArticleListSerializer(serializers.ModelSerializer):
    """An article in a list: everything but the body, with the lead image."""

    url = serializers.HyperlinkedIdentityField(
        view_name="article-detail", lookup_field="slug", help_text="This article."
    )
    publication = PublicationSummarySerializer(read_only=True, allow_null=True)
    byline = NullIfBlankCharField(help_text="Authors, without “By”.")
    attribution = NullIfBlankCharField(help_text="E.g. “With information from EFE”.")
    lead_image = serializers.SerializerMethodField(
        help_text="The first caption of the article with its image, or null."
    )
    caption_count = serializers.SerializerMethodField(help_text="How many images it has.")

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
            "lead_image",
            "caption_count",
            "updated_at",
        ]

    @extend_schema_field(CaptionSerializer(allow_null=True))
    def get_lead_image(self, article: Article) -> dict[str, Any] | None:
        captions = list(article.captions.all())
        if not captions:
            return None
        return CaptionSerializer(captions[0], context=self.context).data

    def get_caption_count(self, article: Article) -> int:
        return len(article.captions.all())


class ArticleDetailSerializer(ArticleListSerializer):
    """An article with its body in reading order and all of its captions."""

    body = serializers.SerializerMethodField(
        help_text="Paragraph and image blocks in reading order."
    )
    captions = CaptionSerializer(many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [
            field
            for field in ArticleListSerializer.Meta.fields
            if field not in {"lead_image", "caption_count"}
        ] + ["body", "captions", "created_at"]

    @extend_schema_field(
        PolymorphicProxySerializer(
            component_name="BodyBlock",
            serializers={"paragraph": ParagraphBlockSerializer, "image": ImageBlockSerializer},
            resource_type_field_name="type",
            many=True,
        )
    )
    def get_body(self, article: Article) -> list[dict[str, Any]]:
        captions = list(article.captions.all())
        serialized = {
            caption.pk: data
            for caption, data in zip(
                captions,
                CaptionSerializer(captions, many=True, context=self.context).data,
                strict=True,
            )
        }
        return [
            {"type": "image", "caption": serialized[block["caption"].pk]}
            if block["type"] == "image"
            else block
            for block in body_blocks(article, captions)
        ]


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
