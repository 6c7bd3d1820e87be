"""OpenAPI documentation of the read API: summaries, descriptions, and parameter and response
examples drawn from the seed article, kept apart so that the viewsets stay configuration."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from newsapi import schema_examples as examples
from newsapi.serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    CaptionWithArticleSerializer,
    ImageSerializer,
    ProblemSerializer,
    PublicationSerializer,
)

PROBLEM = "application/problem+json"
PROBLEM_400 = OpenApiResponse(
    ProblemSerializer,
    description="A query parameter is unknown or has a value that cannot be read.",
    examples=[OpenApiExample("Unknown parameter", value=examples.PROBLEM_400, status_codes=[400])],
)
PROBLEM_404 = OpenApiResponse(
    ProblemSerializer,
    description="No such object.",
    examples=[OpenApiExample("Not found", value=examples.PROBLEM_404, status_codes=[404])],
)


def _example(name: str, value, summary: str = "") -> OpenApiExample:
    return OpenApiExample(name, value=value, summary=summary or name)


PAGE = OpenApiParameter(
    "page",
    OpenApiTypes.INT,
    description="Page number, from 1.",
    examples=[_example("First page", 1)],
)
PAGE_SIZE = OpenApiParameter(
    "page_size",
    OpenApiTypes.INT,
    description="Results per page: 20 by default, at most 100 (larger values are capped).",
    examples=[_example("Twenty", 20)],
)
ARTICLE_SLUG = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The article's slug, made from its headline.",
    examples=[_example("Seed article", examples.ARTICLE_SLUG)],
)
PUBLICATION_SLUG = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The publication's slug, made from its name.",
    examples=[_example("Seed publication", examples.PUBLICATION_SLUG)],
)


def _id(resource: str) -> OpenApiParameter:
    return OpenApiParameter(
        "id",
        OpenApiTypes.INT,
        OpenApiParameter.PATH,
        description=f"The {resource}'s id.",
        examples=[_example(f"First {resource}", 1)],
    )


article_viewset_schema = extend_schema_view(
    list=extend_schema(
        summary="List articles, newest first",
        description=(
            "Articles without their body, newest first (articles with no date last), with the "
            "lead image. Filter by publication or language; `search` finds words in headlines, "
            "bodies, captions and credits."
        ),
        parameters=[
            PAGE,
            PAGE_SIZE,
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description=(
                    "Words that must all appear in the headline, body, a caption or a credit "
                    "(case-insensitive)."
                ),
                examples=[_example("One word", "Pyongyang"), _example("Two words", "Putin Kim")],
            ),
            OpenApiParameter(
                "publication",
                OpenApiTypes.STR,
                description="Only articles of the publication with this slug.",
                examples=[_example("Seed publication", examples.PUBLICATION_SLUG)],
            ),
            OpenApiParameter(
                "language",
                OpenApiTypes.STR,
                description="Only articles in this ISO 639-1 language.",
                examples=[_example("English", "en"), _example("Spanish", "es")],
            ),
        ],
        responses={200: ArticleListSerializer, (400, PROBLEM): PROBLEM_400},
        examples=[
            OpenApiExample("Seed article", value=examples.ARTICLE_LIST_ITEM, response_only=True)
        ],
    ),
    retrieve=extend_schema(
        summary="Get one article",
        description=(
            "The article with its body as paragraph and image blocks in reading order, and all "
            "of its captions with their images and credits."
        ),
        parameters=[ARTICLE_SLUG],
        responses={200: ArticleDetailSerializer, (404, PROBLEM): PROBLEM_404},
        examples=[OpenApiExample("Seed article", value=examples.ARTICLE, response_only=True)],
    ),
)

image_viewset_schema = extend_schema_view(
    list=extend_schema(
        summary="List images",
        description="Photo assets with their credit, photographer and agencies, newest first.",
        parameters=[
            PAGE,
            PAGE_SIZE,
            OpenApiParameter(
                "agency",
                OpenApiTypes.STR,
                description="Only images whose credit names this agency (any case).",
                examples=[_example("EFE", "EFE")],
            ),
            OpenApiParameter(
                "photographer",
                OpenApiTypes.STR,
                description="Only images by this photographer (any case).",
                examples=[_example("Seed photographer", "Kev Hui Yeung")],
            ),
        ],
        responses={200: ImageSerializer, (400, PROBLEM): PROBLEM_400},
        examples=[OpenApiExample("Seed image", value=examples.IMAGE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get one image",
        description="A photo asset with its credit, photographer, agencies and alt text.",
        parameters=[_id("image")],
        responses={200: ImageSerializer, (404, PROBLEM): PROBLEM_404},
        examples=[OpenApiExample("Seed image", value=examples.IMAGE, response_only=True)],
    ),
)

caption_viewset_schema = extend_schema_view(
    list=extend_schema(
        summary="List captions",
        description="Captions in article order, each with its image and the article's slug.",
        parameters=[
            PAGE,
            PAGE_SIZE,
            OpenApiParameter(
                "article",
                OpenApiTypes.STR,
                description="Only the captions of the article with this slug.",
                examples=[_example("Seed article", examples.ARTICLE_SLUG)],
            ),
        ],
        responses={200: CaptionWithArticleSerializer, (400, PROBLEM): PROBLEM_400},
        examples=[OpenApiExample("Seed caption", value=examples.CAPTION, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get one caption",
        description="A caption: its text, credit, position in the body and image.",
        parameters=[_id("caption")],
        responses={200: CaptionWithArticleSerializer, (404, PROBLEM): PROBLEM_404},
        examples=[OpenApiExample("Seed caption", value=examples.CAPTION, response_only=True)],
    ),
)

publication_viewset_schema = extend_schema_view(
    list=extend_schema(
        summary="List publications",
        description="News outlets named at the top of their pages, by name.",
        parameters=[PAGE, PAGE_SIZE],
        responses={200: PublicationSerializer, (400, PROBLEM): PROBLEM_400},
        examples=[
            OpenApiExample("Seed publication", value=examples.PUBLICATION, response_only=True)
        ],
    ),
    retrieve=extend_schema(
        summary="Get one publication",
        description="A news outlet with the number of its articles.",
        parameters=[PUBLICATION_SLUG],
        responses={200: PublicationSerializer, (404, PROBLEM): PROBLEM_404},
        examples=[
            OpenApiExample("Seed publication", value=examples.PUBLICATION, response_only=True)
        ],
    ),
)
