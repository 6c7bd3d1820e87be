"""Our JSON: one serializer per resource, the one implementation of its representation.

Every answer in our JSON is built by these (a stored representation too: ``reading.stored``
stores what they give), ``?fields=`` prunes their fields and ``?expand=`` adds nested ones
(``reading.query``), and the schema's components and examples are inferred from them
(``newsapi.docs``). Empty strings in the store become ``null`` for clients: "no byline" is not
an empty byline."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from articles.models import (
    Article,
    ArticleTombstone,
    Caption,
    Image,
    ImageRendition,
    Publication,
)


class NullIfBlankCharField(serializers.CharField):
    """A text field that reads ``""`` as ``null``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str | None:
        return value or None


class OutputSerializer(serializers.ModelSerializer):
    """A representation for reading: every field is read-only, and so always sent (``required``
    in the schema), unless ``?fields=`` leaves it out."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class PublicationSummarySerializer(OutputSerializer):
    tagline = NullIfBlankCharField(help_text="The line under the name, or null.")

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


def absolute_url(request, path: str) -> str:
    """``path`` made absolute for ``request`` (left as it is without one)."""
    return request.build_absolute_uri(path) if request else path


class ImageRenditionSerializer(OutputSerializer):
    """A smaller copy of the image's file: ``thumbnail`` (320 px wide) or ``medium`` (1024)."""

    url = serializers.SerializerMethodField(help_text="The rendition's file, absolute.")

    class Meta:
        model = ImageRendition
        fields = ["name", "url", "width", "height"]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, rendition: ImageRendition) -> str:
        return absolute_url(self.context.get("request"), rendition.file.url)


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
    source_url = NullIfBlankCharField(
        help_text="Where the picture was on the web page the article was loaded from (never "
        "downloaded: ``url`` is the file stored here), or null."
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
            "source_url",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_url(self, image: Image) -> str | None:
        return absolute_url(self.context.get("request"), image.file.url) if image.file else None


class CaptionSerializer(OutputSerializer):
    credit = serializers.SerializerMethodField(help_text="The image's credit, or null.")
    image = ImageSerializer(read_only=True)

    class Meta:
        model = Caption
        fields = ["id", "text", "credit", "position", "image"]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_credit(self, caption: Caption) -> str | None:
        return caption.image.credit or None


class ArticleSummarySerializer(OutputSerializer):
    """An article named in another object: enough to show and link it."""

    url = serializers.HyperlinkedIdentityField(
        view_name="article-detail", lookup_field="slug", help_text="This article."
    )

    class Meta:
        model = Article
        fields = ["id", "slug", "url", "title", "language", "published_at"]


class ArticleSlugOrSummaryField(serializers.SlugRelatedField):
    """The article's slug; with ``?expand=article`` the serializer swaps in a summary (the
    schema says either: ``newsapi.docs.schema``)."""


class CaptionWithArticleSerializer(CaptionSerializer):
    """A caption with the slug of its article, or with ``?expand=article`` a summary of it."""

    article = ArticleSlugOrSummaryField(
        slug_field="slug",
        read_only=True,
        help_text="Slug of the article the caption is in; with ?expand=article, a summary.",
    )

    class Meta(CaptionSerializer.Meta):
        fields = [*CaptionSerializer.Meta.fields, "article"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if "article" in self.context.get("expand", ()):
            fields["article"] = ArticleSummarySerializer(read_only=True)
        return fields


class ParagraphBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["paragraph"], read_only=True)
    text = serializers.CharField(read_only=True)


class ImageBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["image"], read_only=True)
    caption = CaptionSerializer(read_only=True)


def body_blocks(article: Article) -> list[dict[str, Any]]:
    """Paragraphs and images in reading order: an image with position ``n`` follows paragraph
    ``n`` (0 = before the first). Positions past the end put the image after the last one."""
    paragraphs = article.paragraphs
    by_position: dict[int, list[Caption]] = {}
    for caption in article.captions.all():  # prefetched
        by_position.setdefault(min(caption.position, len(paragraphs)), []).append(caption)
    blocks: list[dict[str, Any]] = []
    for index in range(len(paragraphs) + 1):
        blocks += [{"type": "image", "caption": c} for c in by_position.get(index, [])]
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
        kwargs.setdefault("help_text", "Paragraph and image blocks in reading order.")
        super().__init__(**kwargs)

    @cached_property
    def _caption(self) -> CaptionSerializer:
        # One caption serializer for every article this field serializes (a list, a batch of
        # stored representations): making a serializer's fields costs more than using them.
        return CaptionSerializer(context=self.context)

    def to_representation(self, article: Article) -> list[dict[str, Any]]:
        return [
            {"type": "image", "caption": self._caption.to_representation(block["caption"])}
            if block["type"] == "image"
            else block
            for block in body_blocks(article)
        ]


class LeadImageSerializer(CaptionSerializer):
    """The article's first caption with its image, or null."""

    def get_attribute(self, article: Article) -> Caption | None:
        # From the prefetched captions: a query of its own would be one per article in a list.
        return next(iter(article.captions.all()), None)


class ArticleSerializer(ArticleSummarySerializer):
    """The fields an article has in a list and in its detail."""

    publication = PublicationSummarySerializer(read_only=True, allow_null=True)
    byline = NullIfBlankCharField(help_text="Authors, without “By”.")
    attribution = NullIfBlankCharField(help_text="E.g. “With information from EFE”.")

    class Meta(ArticleSummarySerializer.Meta):
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
        ]


class ArticleListSerializer(ArticleSerializer):
    """An article in a list: everything but the body, with the lead image.

    ``?expand=captions`` adds every caption and ``?expand=body`` the body, as in the detail; a
    client that mirrors the store gets whole articles a page at a time."""

    expandable = {
        "captions": lambda: CaptionSerializer(many=True, read_only=True),
        "body": BodyField,
    }

    lead_image = LeadImageSerializer(
        read_only=True,
        allow_null=True,
        help_text="The first caption of the article with its image, or null.",
    )
    caption_count = serializers.SerializerMethodField(help_text="How many images it has.")
    snippet = serializers.CharField(
        source="search_snippet",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="With a search: an extract of the body around the words found, in HTML with "
        "the matches in <mark> and everything else escaped; null otherwise.",
    )

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
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


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its body in reading order and all of its captions."""

    body = BodyField()
    captions = CaptionSerializer(many=True, read_only=True)
    slug_history = serializers.SlugRelatedField(
        source="previous_slugs",
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="The slugs the article had before, the latest first: their URLs redirect "
        "(301) to the article's.",
    )
    canonical_url = NullIfBlankCharField(
        help_text="Where the article lives on the web: the canonical address of the saved web "
        "page it was loaded from, or null (text dumps and articles written here have none)."
    )

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
            "updated_at",
            "body",
            "captions",
            "created_at",
            "slug_history",
            "canonical_url",
        ]


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
