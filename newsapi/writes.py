"""Input serializers of the write API: what a client may send, checked field by field.

They only read and check the request; the writes are ``articles.services``' and the answer is
the output serializer's (``newsapi.formats.representations``), the representation a ``GET``
gives.
Fields that clients cannot set (ids, URLs, provenance, timestamps, the photographer and agencies
that follow a credit) are simply not here: sent anyway, they are ignored.

The fields are strict about types: the schema says a headline is a string and a position an
integer, so ``"title": 12`` or ``"position": "3"`` is a 400, where DRF's own fields would quietly
convert them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from articles.models import (
    PARAGRAPH_SEPARATOR,
    Article,
    ArticleStatus,
    Image,
    Publication,
    language_code_validator,
)
from articles.services import CaptionInput

# Ids and numbers beyond what the database columns hold are refused as values, not sent to
# the database to fail there.
MAX_ID = 2**63 - 1
MAX_POSITION = 2**31 - 1


class StrictTextMixin:
    """Only JSON strings are text: DRF's text fields would also take ``12`` as ``"12"``."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")  # type: ignore[attr-defined]
        return super().to_internal_value(data)  # type: ignore[misc]


class TextField(StrictTextMixin, serializers.CharField):
    default_error_messages = {"invalid": "Send text (a JSON string)."}


class SlugField(StrictTextMixin, serializers.SlugField):
    default_error_messages = {
        "invalid": "Use lower-case letters, digits and hyphens, such as “fare-freeze-2”."
    }


class WholeNumberField(serializers.IntegerField):
    """Only JSON integers: DRF's would also take ``"3"`` and ``3.0``."""

    default_error_messages = {"invalid": "Send a whole number (a JSON integer)."}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class NoBlankRelatedMixin:
    """DRF reads ``""`` as null for relations; the schema says a slug or an id, or null."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data == "":
            self.fail("blank")  # type: ignore[attr-defined]
        return super().run_validation(data)  # type: ignore[misc]


class ImageIdField(NoBlankRelatedMixin, serializers.PrimaryKeyRelatedField):
    """An image by its id, a JSON integer."""

    default_error_messages = {
        "does_not_exist": "There is no image {pk_value}.",
        "incorrect_type": "Send the image's id (a JSON integer).",
        "blank": "Send the image's id (a JSON integer), or null.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Image.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Image:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class SlugOfField(NoBlankRelatedMixin, StrictTextMixin, serializers.SlugRelatedField):
    """An object named by its slug, a JSON string."""

    default_error_messages = {
        "invalid": "Send the slug (a JSON string).",
        "blank": "Send a slug, or null for none where none is allowed.",
    }

    def __init__(self, *, model: type, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", queryset=model.objects.all(), **kwargs)
        missing = f"There is no {model._meta.verbose_name} “{{value}}”."
        self.error_messages["does_not_exist"] = missing


class ParagraphField(TextField):
    """One paragraph of the body: text without a blank line, which would make it two."""

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if PARAGRAPH_SEPARATOR in value.replace("\r\n", "\n"):
            raise serializers.ValidationError(
                "A paragraph cannot hold a blank line: send each paragraph as an item of its own."
            )
        return value


def _text(help_text: str, **kwargs: Any) -> TextField:
    """An optional text field that may be blank."""
    return TextField(required=False, allow_blank=True, help_text=help_text, **kwargs)


class BlankIfNullField(TextField):
    """Optional text that may also be null, which is read as blank: the store keeps "none" as
    an empty string (``""`` is answered as null)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_blank=True, allow_null=True, **kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Any:
        return "" if data is None else super().run_validation(data)


def _position(help_text: str) -> WholeNumberField:
    return WholeNumberField(
        required=False, min_value=0, max_value=MAX_POSITION, help_text=help_text
    )


class ImageWriteSerializer(serializers.Serializer):
    """An image's credit and alt text (JSON). The file comes in a multipart upload."""

    credit = _text(
        "The credit as printed, without labels or brackets, e.g. “EFE/EPA/Kev Hui Yeung”: the "
        "photographer and agencies are read from it, and it shows wherever the image appears.",
        max_length=500,
    )
    alt_text = _text("What the image shows, for readers who cannot see it.", max_length=500)


class CaptionWriteSerializer(ImageWriteSerializer):
    """A caption in an article's ``captions``: with ``id`` a caption the article has, without one
    a new caption. Its place in the list is its order; ``credit`` and ``alt_text`` are its
    image's."""

    id = WholeNumberField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="A caption of this article, to keep and change; leave it out for a new one.",
    )
    text = _text("The caption, without the credit.")
    position = _position(
        "How many body paragraphs come before the image (0 = lead image, the default for a new "
        "caption); at most the number of paragraphs."
    )
    image = ImageIdField(
        required=False,
        allow_null=True,
        help_text="The image shown, by id (upload files at /api/v1/images/). Left out or null "
        "for a new caption: a new image is made from credit and alt_text.",
    )


class ArticleWriteSerializer(serializers.Serializer):
    """An article as an editor writes it: the body as a list of paragraphs and the captions as
    a list in order. On update, fields left out keep their values; ``captions``, when sent,
    become the article's captions exactly."""

    title = TextField(max_length=500, help_text="The headline.")
    slug = SlugField(
        required=False,
        max_length=255,
        help_text="The article's address in the API. Made from the title when left out of a "
        "new article.",
    )
    publication = SlugOfField(
        model=Publication,
        required=False,
        allow_null=True,
        help_text="The slug of the publication, or null when the article names no outlet.",
    )
    byline = BlankIfNullField(max_length=500, help_text="Authors.")
    published_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="ISO 8601; required for a scheduled article (it appears then). A published "
        "article without one takes the current time.",
    )
    language = TextField(
        required=False,
        validators=[language_code_validator],
        help_text="ISO 639-1 code, e.g. en or es; en when left out of a new article.",
    )
    attribution = BlankIfNullField(max_length=500, help_text="E.g. “With information from EFE”.")
    status = serializers.ChoiceField(
        choices=ArticleStatus.choices,
        required=False,
        help_text="draft (the default for a new article), scheduled (needs published_at in the "
        "future), published or withdrawn. The public sees published articles and scheduled ones "
        "whose time has come.",
    )
    body = serializers.ListField(
        child=ParagraphField(),
        min_length=1,
        help_text="The paragraphs in reading order, each a string (the images are placed by "
        "the captions' positions). GET answers the body as blocks.",
    )
    captions = CaptionWriteSerializer(
        many=True,
        required=False,
        help_text="Every caption of the article, in order: captions with an id are kept and "
        "changed, the article's other captions are deleted, captions without an id are added. "
        "Left out, the captions stay as they are.",
    )

    def service_arguments(self) -> dict[str, Any]:
        """The validated request as keyword arguments of ``article_create``/``article_update``
        (``captions`` apart: None when not sent)."""
        data = dict(self.validated_data)
        if "body" in data:
            data["paragraphs"] = data.pop("body")
        captions = data.pop("captions", None)
        data["captions"] = (
            None if captions is None else [CaptionInput(**caption) for caption in captions]
        )
        return data


class CaptionWithArticleWriteSerializer(CaptionWriteSerializer):
    """A caption written on its own, at /api/v1/captions/."""

    id = None  # the URL names it
    article = SlugOfField(
        model=Article,
        help_text="The slug of the article the caption is in. A caption stays in its article.",
    )
    order = _position(
        "Its place among the article's captions, from 0; the others move to make room. A new "
        "caption goes last without one."
    )

    def validate_article(self, article: Article) -> Article:
        if self.instance is not None and article.pk != self.instance.article_id:
            raise serializers.ValidationError(
                "A caption stays in its article: delete it and add a caption to the other one."
            )
        return article


class ImageUploadSerializer(ImageWriteSerializer):
    """An image file with its credit and alt text (``multipart/form-data``)."""

    file = serializers.FileField(
        required=False,
        help_text="A JPEG, PNG, WebP or GIF file whose name ends in its format's extension; "
        "checked from its bytes (size and pixel limits). It replaces the image's file, and "
        "the renditions are made again.",
    )


class PublicationWriteSerializer(serializers.Serializer):
    name = TextField(max_length=200, help_text="The outlet's name, as its pages print it.")
    slug = SlugField(
        required=False,
        max_length=200,
        help_text="Its address in the API; made from the name when left out of a new one.",
    )
    tagline = BlankIfNullField(max_length=300, help_text="The line under the name, if any.")
