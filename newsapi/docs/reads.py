"""OpenAPI documentation of the read API: summaries, descriptions, every query parameter with an
example, each representation (JSON, ninjs, JSON-LD) and each error as a problem document, kept
apart so that the viewsets stay configuration. Examples are drawn from the seed article."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from newsapi.docs import examples
from newsapi.formats.representations import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleTombstoneSerializer,
    CaptionWithArticleSerializer,
    ImageSerializer,
    ProblemSerializer,
    PublicationSerializer,
)

JSON = "application/json"
NINJS = "application/ninjs+json"
JSONLD = "application/ld+json"
PROBLEM = "application/problem+json"


def _example(name: str, value, summary: str = "") -> OpenApiExample:
    return OpenApiExample(name, value=value, summary=summary or name)


# Errors -------------------------------------------------------------------------------------


def _problem(status: int, description: str, value: dict, name: str) -> OpenApiResponse:
    return OpenApiResponse(
        ProblemSerializer,
        description=description,
        examples=[OpenApiExample(name, value=value, status_codes=[status])],
    )


PROBLEM_400 = OpenApiResponse(
    ProblemSerializer,
    description="A query parameter is unknown or has a value that cannot be read; "
    "`invalid_params` names each one with the reason.",
    examples=[
        OpenApiExample("Unknown parameter", value=examples.PROBLEM_400, status_codes=[400]),
        OpenApiExample("Malformed value", value=examples.PROBLEM_400_FILTER, status_codes=[400]),
    ],
)
PROBLEM_401 = _problem(
    401,
    "Credentials were sent (HTTP Basic or a token) but are not valid, or a write (or an "
    "editors' read) was tried without any.",
    examples.PROBLEM_401,
    "Bad credentials",
)
PROBLEM_403 = _problem(
    403,
    "The account may not do this (writes need an editor's permissions).",
    examples.PROBLEM_403,
    "Not allowed",
)
PROBLEM_404 = _problem(404, "No such object, or no such page.", examples.PROBLEM_404, "Not found")
PROBLEM_405 = _problem(
    405,
    "The method is not supported here (the `Allow` header lists those that are).",
    examples.PROBLEM_405,
    "Not allowed here",
)
PROBLEM_406 = _problem(
    406,
    "The `Accept` header names no media type this endpoint can send.",
    examples.PROBLEM_406,
    "Not acceptable",
)
PROBLEM_429 = _problem(
    429,
    "Too many requests from this client (`API_THROTTLE_RATE`); `Retry-After` says when to "
    "try again.",
    examples.PROBLEM_429,
    "Throttled",
)
NOT_MODIFIED = OpenApiResponse(
    description="Not Modified: the `ETag` in `If-None-Match` (or the time in "
    "`If-Modified-Since`) is current; no body."
)


MOVED = OpenApiResponse(
    description="Moved Permanently: a slug the article had before. `Location` is the "
    "article's URL now, with the same query string; no body."
)


def _errors(*, not_found: bool) -> dict:
    errors = {
        (400, PROBLEM): PROBLEM_400,
        (401, PROBLEM): PROBLEM_401,
        (403, PROBLEM): PROBLEM_403,
        (405, PROBLEM): PROBLEM_405,
        (406, PROBLEM): PROBLEM_406,
        (429, PROBLEM): PROBLEM_429,
    }
    errors[(404, PROBLEM)] = (
        PROBLEM_404
        if not_found
        else _problem(404, "A page past the last one.", examples.PROBLEM_404, "No such page")
    )
    return {**errors, 304: NOT_MODIFIED}


# Response headers ---------------------------------------------------------------------------


def _header(name: str, description: str, example: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description=description,
        response=[200, 304],
        examples=[_example(name, example)],
    )


CACHING_HEADERS = [
    _header(
        "ETag",
        "Strong validator of the representation sent: send it back in `If-None-Match`.",
        '"9d6b5404c7d64402c763bcf7a3540cb3"',
    ),
    _header(
        "Last-Modified",
        "When the object last changed (for lists: the newest change in the store).",
        "Sat, 28 Nov 2026 12:00:00 GMT",
    ),
    _header(
        "Cache-Control",
        "`public, max-age=<API_CACHE_MAX_AGE>`; `private, no-cache` for a signed-in account.",
        "public, max-age=60",
    ),
    _header("Vary", "The representation depends on `Accept`.", "Accept"),
]
LINK_HEADER = OpenApiParameter(
    "Link",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='RFC 8288 links to the `next`, `prev`, `first` and `last` pages (`rel="..."`).',
    response=[200],
    examples=[
        _example(
            "Second page",
            '<http://127.0.0.1:8000/api/v1/articles/?page=3>; rel="next", '
            '<http://127.0.0.1:8000/api/v1/articles/>; rel="prev", '
            '<http://127.0.0.1:8000/api/v1/articles/>; rel="first", '
            '<http://127.0.0.1:8000/api/v1/articles/?page=9>; rel="last"',
        )
    ],
)

# Query parameters ---------------------------------------------------------------------------


def _query(name: str, kind, description: str, *example_values, many: bool = False):
    """A query parameter; ``example_values`` are ``(name, value)`` pairs."""
    return OpenApiParameter(
        name,
        {"type": "array", "items": {"type": "string"}} if many else kind,
        description=description,
        explode=True if many else None,
        examples=[_example(label, value) for label, value in example_values],
    )


PAGE = _query("page", OpenApiTypes.INT, "Page number, from 1.", ("First page", 1))
PAGE_SIZE = _query(
    "page_size",
    OpenApiTypes.INT,
    "Results per page: 20 by default, at most 100 (`API_MAX_PAGE_SIZE`; larger values are capped).",
    ("Twenty", 20),
)
CURSOR = _query(
    "cursor",
    OpenApiTypes.STR,
    "Cursor pagination, for deep scrolling and syncing: empty for the first page, then the "
    "`next` link of each page. The body is then `{next, previous, results}` without `count`; "
    "items added or removed meanwhile never shift the pages still to read. Works with "
    "`ordering` published, -published (the default), updated or -updated; not with `page`.",
    ("First page", ""),
    ("Next page", "eyJvIjogIi1wdWJsaXNoZWQiLCAidiI6IG51bGwsICJpIjogNywgImIiOiBmYWxzZX0"),
)


def _format(*formats: str) -> OpenApiParameter:
    descriptions = {
        "json": "`json`: our JSON",
        "ninjs": f"`ninjs`: IPTC ninjs 2.2 (`{NINJS}`)",
        "jsonld": f"`jsonld`: schema.org JSON-LD (`{JSONLD}`)",
    }
    return OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=list(formats),
        description="The representation, instead of the `Accept` header: "
        + "; ".join(descriptions[name] for name in formats)
        + ".",
        examples=[_example(name, name) for name in formats],
    )


FORMATS_ALL = _format("json", "ninjs", "jsonld")
FORMAT_JSON = _format("json")


def _fields(*example_values) -> OpenApiParameter:
    return _query(
        "fields",
        OpenApiTypes.STR,
        "Sparse fields: only these, comma-separated, with dots for fields of nested objects "
        "(`captions.credit`). JSON only; an unknown name is a 400 that lists the known ones.",
        *example_values,
    )


def _expand(*choices: str) -> OpenApiParameter:
    return OpenApiParameter(
        "expand",
        OpenApiTypes.STR,
        description="Nested objects to include in full, comma-separated: "
        + ", ".join(f"`{choice}`" for choice in choices)
        + ". JSON only.",
        examples=[_example(f"Expand {choices[0]}", choices[0])],
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


MOMENT = (
    "An ISO 8601 date (`2024-06-01`) or date and time (`2024-06-01T10:00:00Z`; UTC without an "
    "offset)."
)
ARTICLE_FILTERS = [
    _query(
        "search",
        OpenApiTypes.STR,
        "Full text search over headline, body, captions and credits, as on a web search engine: "
        'words must all appear, `"a phrase"` in this order, `-word` must not, `a OR b` either. '
        "On PostgreSQL words are stemmed in the article's language (`condemning` finds "
        "*condemned*), results are ranked (headline first) and list items carry a highlighted "
        "`snippet`; on SQLite each word or phrase is a case-insensitive substring and relevance "
        "only puts headline matches first. Sorted by relevance unless `ordering` says otherwise.",
        ("One word", "Pyongyang"),
        ("Phrase and exclusion", '"military agreement" -Ukraine'),
        ("Either word", "Putin OR Kim"),
    ),
    _query(
        "publication",
        OpenApiTypes.STR,
        "Publication slugs; several (repeated or comma-separated) mean any of them.",
        ("Seed publication", examples.PUBLICATION_SLUG),
        many=True,
    ),
    _query(
        "language",
        OpenApiTypes.STR,
        "ISO 639-1 language codes; several (repeated or comma-separated) mean any of them.",
        ("English", "en"),
        ("English or Spanish", "en,es"),
        many=True,
    ),
    _query(
        "published_after",
        OpenApiTypes.STR,
        f"Published at or after this moment. {MOMENT}",
        ("A date", "2024-06-01"),
        ("A date and time", "2024-06-01T10:00:00Z"),
    ),
    _query(
        "published_before",
        OpenApiTypes.STR,
        f"Published before this moment; a date includes that whole day. {MOMENT}",
        ("A date", "2024-06-30"),
        ("A date and time", "2024-06-30T18:00:00+02:00"),
    ),
    _query(
        "updated_since",
        OpenApiTypes.STR,
        "Changed (text, captions, images or publication) at or after this moment: with the "
        f"tombstones of `/api/v1/articles/deleted/`, what a mirror needs. {MOMENT}",
        ("Since a time", "2026-11-28T12:00:00Z"),
    ),
    _query(
        "has_image",
        OpenApiTypes.BOOL,
        "`true`: only articles with at least one image; `false`: only those without.",
        ("With images", "true"),
    ),
    _query(
        "agency",
        OpenApiTypes.STR,
        "An agency credited for one of the article's images (exact name, any case); several "
        "(repeated or comma-separated) mean any of them.",
        ("EFE", "EFE"),
        ("EFE or AP", "EFE,AP"),
        many=True,
    ),
    _query(
        "photographer",
        OpenApiTypes.STR,
        "The photographer of one of the article's images (exact name, any case); repeat for "
        "any of several.",
        ("Seed photographer", "Kev Hui Yeung"),
        many=True,
    ),
    _query(
        "credit",
        OpenApiTypes.STR,
        "Text in the credit of one of the article's images (any case); repeat for any of several.",
        ("Part of a credit", "EPA"),
        many=True,
    ),
    _query(
        "byline",
        OpenApiTypes.STR,
        "Text in the byline (any case); repeat for any of several.",
        ("A name", "Lucía"),
        many=True,
    ),
    _query(
        "ordering",
        OpenApiTypes.STR,
        "Sort keys, comma-separated, `-` for descending: `published`, `updated`, `title`, and "
        "`relevance` (most relevant first, with `search` only). Ties go to the newest. The "
        "default is newest first, or relevance with a search.",
        ("Newest first", "-published"),
        ("Recently changed first", "-updated"),
        ("By headline", "title"),
    ),
]

# Representations ----------------------------------------------------------------------------

NINJS_ITEM = {
    "type": "object",
    "description": "An IPTC ninjs 2.2 item (https://iptc.org/std/ninjs/ninjs-schema_2.2.json).",
    "additionalProperties": True,
}
JSONLD_ITEM = {
    "type": "object",
    "description": "A schema.org item in JSON-LD.",
    "additionalProperties": True,
}


def _ninjs_response(*, many: bool, example: dict) -> OpenApiResponse:
    # For lists the item schema is enough: drf-spectacular wraps it in the page envelope.
    value = {"count": 1, "next": None, "previous": None, "results": [example]} if many else example
    return OpenApiResponse(
        NINJS_ITEM,
        description="IPTC ninjs 2.2: images as `associations` with `renditions`, captions as "
        "`descriptions` with role `caption`, the credit as `by` and a description with role "
        "`creditline` (ninjs 2.2 has no `creditline` property)."
        + (" Lists keep the page envelope." if many else ""),
        examples=[OpenApiExample("ninjs", value=value, media_type=NINJS, status_codes=[200])],
    )


def _jsonld_response(*, many: bool, example: dict, item_type: str) -> OpenApiResponse:
    description = (
        f"schema.org `{item_type}` in JSON-LD, each image an `ImageObject` with `caption`, "
        "`creditText` and `copyrightHolder`."
    )
    if many:
        description += (
            " A list is an `ItemList` of the page's items (no page envelope; the pages are in "
            "the `Link` header)."
        )
    # A basic type, not a schema: drf-spectacular would wrap a schema in the page envelope.
    return OpenApiResponse(
        OpenApiTypes.OBJECT,
        description=description,
        examples=[OpenApiExample("JSON-LD", value=example, media_type=JSONLD, status_codes=[200])],
    )


# Endpoints ----------------------------------------------------------------------------------

article_viewset_schema = extend_schema_view(
    list=extend_schema(
        summary="List articles, newest first",
        description=(
            "Published articles without their body, newest first (articles with no date last), "
            "each with its lead image. Search them, filter them, order them; choose fields; "
            "page by number (`page`) or by cursor (`cursor`). Also as IPTC ninjs 2.2 or "
            "schema.org JSON-LD (`format` or `Accept`). Feeds of the newest articles: "
            "`/feeds/rss/`, `/feeds/atom/` and per publication `/feeds/rss/{slug}/`."
        ),
        parameters=[
            PAGE,
            PAGE_SIZE,
            CURSOR,
            *ARTICLE_FILTERS,
            _fields(("Id, headline, credits", "id,title,lead_image.credit")),
            _expand("captions", "body"),
            FORMATS_ALL,
            *CACHING_HEADERS,
            LINK_HEADER,
        ],
        responses={
            (200, JSON): ArticleListSerializer(many=True),
            (200, NINJS): _ninjs_response(many=True, example=examples.NINJS_ARTICLE),
            (200, JSONLD): _jsonld_response(
                many=True, example=examples.JSONLD_ARTICLE_LIST, item_type="NewsArticle"
            ),
            **_errors(not_found=False),
        },
        examples=[
            OpenApiExample("Seed article", value=examples.ARTICLE_LIST_ITEM, response_only=True),
            OpenApiExample(
                "A search with fields=id,title,snippet",
                value=examples.SEARCH_LIST_ITEM,
                response_only=True,
            ),
        ],
    ),
    retrieve=extend_schema(
        summary="Get one article",
        description=(
            "The article with its body as paragraph and image blocks in reading order, and all "
            "of its captions with their images and credits; or as IPTC ninjs 2.2 or schema.org "
            "`NewsArticle` JSON-LD. Send the `ETag` back in `If-None-Match` to get a `304` "
            "while it has not changed. A slug the article had before (`slug_history`) answers "
            "`301` with the article's URL in `Location`."
        ),
        parameters=[
            ARTICLE_SLUG,
            _fields(
                ("Headline and credits", "title,captions.credit"),
                ("Body only", "body"),
            ),
            FORMATS_ALL,
            *CACHING_HEADERS,
        ],
        responses={
            (200, JSON): ArticleDetailSerializer,
            (200, NINJS): _ninjs_response(many=False, example=examples.NINJS_ARTICLE),
            (200, JSONLD): _jsonld_response(
                many=False, example=examples.JSONLD_ARTICLE, item_type="NewsArticle"
            ),
            301: MOVED,
            **_errors(not_found=True),
        },
        examples=[OpenApiExample("Seed article", value=examples.ARTICLE, response_only=True)],
    ),
    deleted=extend_schema(
        summary="List removed articles (tombstones)",
        description=(
            "Articles that left the public store (deleted, withdrawn or unpublished), oldest "
            "first, so that a client mirroring the store can remove its copies: sync with "
            "`/api/v1/articles/?updated_since=T&ordering=updated` and this list `?since=T`. An "
            "article whose `updated_at` is later than its tombstone has come back."
        ),
        parameters=[
            PAGE,
            PAGE_SIZE,
            _query(
                "since",
                OpenApiTypes.STR,
                f"Only articles removed at or after this moment. {MOMENT}",
                ("Since a time", "2026-11-28T12:00:00Z"),
            ),
            FORMAT_JSON,
            *CACHING_HEADERS,
            LINK_HEADER,
        ],
        responses={(200, JSON): ArticleTombstoneSerializer(many=True), **_errors(not_found=False)},
        examples=[
            OpenApiExample("A withdrawn article", value=examples.TOMBSTONE, response_only=True)
        ],
    ),
)

image_viewset_schema = extend_schema_view(
    list=extend_schema(
        summary="List images",
        description=(
            "Photo assets with their credit, photographer and agencies, newest first; also as "
            "IPTC ninjs 2.2 pictures or schema.org `ImageObject`s."
        ),
        parameters=[
            PAGE,
            PAGE_SIZE,
            _query(
                "agency",
                OpenApiTypes.STR,
                "Only images whose credit names this agency (exact name, any case); several "
                "(repeated or comma-separated) mean any of them.",
                ("EFE", "EFE"),
                many=True,
            ),
            _query(
                "photographer",
                OpenApiTypes.STR,
                "Only images by this photographer (exact name, any case); repeat for any of "
                "several.",
                ("Seed photographer", "Kev Hui Yeung"),
                many=True,
            ),
            _query(
                "missing",
                OpenApiTypes.STR,
                "`alt_text` or `credit`: only images that lack it; both mean either.",
                ("No alt text", "alt_text"),
                ("No credit", "credit"),
                many=True,
            ),
            _fields(("Credits", "id,credit,agencies")),
            FORMATS_ALL,
            *CACHING_HEADERS,
            LINK_HEADER,
        ],
        responses={
            (200, JSON): ImageSerializer(many=True),
            (200, NINJS): _ninjs_response(many=True, example=examples.NINJS_IMAGE),
            (200, JSONLD): _jsonld_response(
                many=True,
                example={**examples.JSONLD_ARTICLE_LIST, "itemListElement": []},
                item_type="ImageObject",
            ),
            **_errors(not_found=False),
        },
        examples=[OpenApiExample("Seed image", value=examples.IMAGE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get one image",
        description="A photo asset with its credit, photographer, agencies and alt text.",
        parameters=[
            _id("image"),
            _fields(("Credit", "credit,photographer")),
            FORMATS_ALL,
            *CACHING_HEADERS,
        ],
        responses={
            (200, JSON): ImageSerializer,
            (200, NINJS): _ninjs_response(many=False, example=examples.NINJS_IMAGE),
            (200, JSONLD): _jsonld_response(
                many=False,
                example={"@context": "https://schema.org", **examples.JSONLD_IMAGE},
                item_type="ImageObject",
            ),
            **_errors(not_found=True),
        },
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
            _query(
                "article",
                OpenApiTypes.STR,
                "Only the captions of the article with this slug; several (repeated or "
                "comma-separated) mean any of them.",
                ("Seed article", examples.ARTICLE_SLUG),
                many=True,
            ),
            _fields(("Text and credit", "text,credit")),
            _expand("article"),
            FORMAT_JSON,
            *CACHING_HEADERS,
            LINK_HEADER,
        ],
        responses={
            (200, JSON): CaptionWithArticleSerializer(many=True),
            **_errors(not_found=False),
        },
        examples=[OpenApiExample("Seed caption", value=examples.CAPTION, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get one caption",
        description="A caption: its text, credit, position in the body and image.",
        parameters=[
            _id("caption"),
            _fields(("Text and credit", "text,credit")),
            _expand("article"),
            FORMAT_JSON,
            *CACHING_HEADERS,
        ],
        responses={(200, JSON): CaptionWithArticleSerializer, **_errors(not_found=True)},
        examples=[OpenApiExample("Seed caption", value=examples.CAPTION, response_only=True)],
    ),
)

publication_viewset_schema = extend_schema_view(
    list=extend_schema(
        summary="List publications",
        description="News outlets named at the top of their pages, by name.",
        parameters=[
            PAGE,
            PAGE_SIZE,
            _fields(("Names", "name,slug")),
            FORMAT_JSON,
            *CACHING_HEADERS,
            LINK_HEADER,
        ],
        responses={(200, JSON): PublicationSerializer(many=True), **_errors(not_found=False)},
        examples=[
            OpenApiExample("Seed publication", value=examples.PUBLICATION, response_only=True)
        ],
    ),
    retrieve=extend_schema(
        summary="Get one publication",
        description="A news outlet with the number of its articles.",
        parameters=[
            PUBLICATION_SLUG,
            _fields(("Name", "name")),
            FORMAT_JSON,
            *CACHING_HEADERS,
        ],
        responses={(200, JSON): PublicationSerializer, **_errors(not_found=True)},
        examples=[
            OpenApiExample("Seed publication", value=examples.PUBLICATION, response_only=True)
        ],
    ),
)
