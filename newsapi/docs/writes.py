"""OpenAPI documentation of the write API and of what only editors read: request bodies with
examples drawn from the seed article, the answers (``201`` with ``Location``, ``200``, ``204``)
and every error as a problem document. Kept apart from the read side (``newsapi.docs.reads``), whose
parts it shares, so that the viewsets stay configuration."""

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
from newsapi.docs.reads import (
    ARTICLE_SLUG,
    CACHING_HEADERS,
    FORMAT_JSON,
    JSON,
    PROBLEM,
    PROBLEM_401,
    PROBLEM_403,
    PROBLEM_404,
    PROBLEM_405,
    PROBLEM_406,
    PROBLEM_429,
    PUBLICATION_SLUG,
    _errors,
    _id,
    _problem,
)
from newsapi.formats.representations import (
    ArticleDetailSerializer,
    ArticleVersionSerializer,
    CaptionWithArticleSerializer,
    ImageSerializer,
    ProblemSerializer,
    PublicationSerializer,
    TokenSerializer,
)
from newsapi.writes import (
    ArticleWriteSerializer,
    CaptionWithArticleWriteSerializer,
    ImageUploadSerializer,
    ImageWriteSerializer,
    PublicationWriteSerializer,
)

MULTIPART = "multipart/form-data"

WHO_WRITES = (
    " Editors only: HTTP Basic credentials, a token (`Authorization: Token …`, from "
    "`POST /api/v1/auth/token/`) or the admin's session with its CSRF token "
    "(`X-CSRFToken`). The account needs Django's model permission (add, change or delete)."
)

# Errors -------------------------------------------------------------------------------------

PROBLEM_400_WRITE = OpenApiResponse(
    ProblemSerializer,
    description="The body is not valid: `invalid_params` names each field (dotted, with the "
    "index in a list: `captions[1].position`) with the reason. Nothing was written.",
    examples=[
        OpenApiExample("Invalid field", value=examples.PROBLEM_400_WRITE, status_codes=[400]),
        OpenApiExample("Refused upload", value=examples.PROBLEM_400_UPLOAD, status_codes=[400]),
    ],
)
PROBLEM_409 = _problem(
    409,
    "The write conflicts with the store: an object others still refer to cannot be deleted (an "
    "image shown by captions, a publication named by articles), or another write changed the "
    "same data at the same time.",
    examples.PROBLEM_409,
    "Still in use",
)
PROBLEM_413 = _problem(
    413,
    "The body is larger than the limit (`REQUEST_MAX_BODY_BYTES`; uploads "
    "`REQUEST_MAX_UPLOAD_BYTES`).",
    examples.PROBLEM_413,
    "Too large",
)
PROBLEM_415 = _problem(
    415,
    "The body's `Content-Type` is not one this operation reads.",
    examples.PROBLEM_415,
    "Unsupported media type",
)
WRITE_404 = _problem(404, "No such object.", examples.PROBLEM_404, "Not found")


def _write_errors() -> dict:
    return {
        (400, PROBLEM): PROBLEM_400_WRITE,
        (401, PROBLEM): PROBLEM_401,
        (403, PROBLEM): PROBLEM_403,
        (404, PROBLEM): WRITE_404,
        (405, PROBLEM): PROBLEM_405,
        (406, PROBLEM): PROBLEM_406,
        (409, PROBLEM): PROBLEM_409,
        (413, PROBLEM): PROBLEM_413,
        (415, PROBLEM): PROBLEM_415,
        (429, PROBLEM): PROBLEM_429,
    }


LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    description="The address of the new object.",
    response=[201],
    examples=[OpenApiExample("New article", value=examples.ARTICLE_CREATED["url"])],
)


def _request_example(name: str, value: dict, summary: str = "") -> OpenApiExample:
    return OpenApiExample(name, value=value, summary=summary or name, request_only=True)


def _created(serializer, description: str, example: dict) -> dict:
    return {
        (201, JSON): OpenApiResponse(
            serializer,
            description=description,
            examples=[OpenApiExample("Created", value=example, status_codes=[201])],
        ),
        **_write_errors(),
    }


def _updated(serializer, description: str, example: dict) -> dict:
    return {
        (200, JSON): OpenApiResponse(
            serializer,
            description=description,
            examples=[OpenApiExample("Changed", value=example, status_codes=[200])],
        ),
        **_write_errors(),
    }


def _deleted(description: str) -> dict:
    return {204: OpenApiResponse(description=description), **_write_errors()}


# Articles -----------------------------------------------------------------------------------

ARTICLE_BODY_RULES = (
    " The body is a list of paragraphs (strings); `captions` is every caption in order, each "
    "placed by `position` (the paragraphs before it) and showing an image by id, or a new image "
    "made from its `credit` and `alt_text`. Checked as a whole and written atomically: if any "
    "part is refused (the second caption's position, say), nothing is written."
)

article_write_schema = extend_schema_view(
    create=extend_schema(
        summary="Create an article with its captions",
        description="A new article, a draft unless `status` says otherwise; the slug is made "
        "from the title when not given." + ARTICLE_BODY_RULES + WHO_WRITES,
        request=ArticleWriteSerializer,
        parameters=[LOCATION],
        responses=_created(
            ArticleDetailSerializer,
            "Created: the article as `GET` answers it; `Location` is its address.",
            examples.ARTICLE_CREATED,
        ),
        examples=[
            _request_example("A draft with its lead image", examples.ARTICLE_WRITE),
        ],
    ),
    update=extend_schema(
        summary="Replace an article",
        description="The article's fields and, when `captions` is sent, its captions as a set: "
        "captions with an id are kept and changed, the others deleted, those without an id "
        "added. Title and body are required; fields left out keep their values."
        + ARTICLE_BODY_RULES
        + " A change of status follows the workflow: published without a time takes the "
        "current one, and an article that leaves public view leaves a tombstone." + WHO_WRITES,
        parameters=[ARTICLE_SLUG],
        request=ArticleWriteSerializer,
        responses=_updated(
            ArticleDetailSerializer, "The article as `GET` now answers it.", examples.ARTICLE
        ),
        examples=[_request_example("The seed article, published", examples.ARTICLE_REPLACE)],
    ),
    partial_update=extend_schema(
        summary="Change an article (publish, schedule, withdraw, correct)",
        description="Only the fields sent change. `status` publishes (`published`), schedules "
        "(`scheduled` with a future `published_at`), withdraws (`withdrawn`) or moves back to "
        "draft (`draft`); `captions`, when sent, replace the captions as a set."
        + ARTICLE_BODY_RULES
        + WHO_WRITES,
        parameters=[ARTICLE_SLUG],
        request=ArticleWriteSerializer,
        responses=_updated(
            ArticleDetailSerializer, "The article as `GET` now answers it.", examples.ARTICLE
        ),
        examples=[
            _request_example("Publish now", examples.ARTICLE_PUBLISH),
            _request_example("Schedule", examples.ARTICLE_SCHEDULE),
            _request_example(
                "Reorder captions, correct a credit, add an image",
                examples.ARTICLE_CAPTIONS_REORDER,
            ),
        ],
    ),
    destroy=extend_schema(
        summary="Delete an article",
        description="The article and its captions (their images stay). An article the public "
        "could read leaves a tombstone at `/api/v1/articles/deleted/`; its history is kept."
        + WHO_WRITES,
        parameters=[ARTICLE_SLUG],
        responses=_deleted("Deleted; no body."),
    ),
    versions=extend_schema(
        summary="List an article's versions (editors)",
        description="Every saved version of the article, newest first: when, by whom, what kind "
        "of change, and each field it changed with the value before and after. Editors only: "
        "`401` for an anonymous client and `403` for an account that may not change articles, "
        "when the article is public; `404` when it is not, as everywhere else.",
        parameters=[ARTICLE_SLUG, FORMAT_JSON, *CACHING_HEADERS],
        responses={
            (200, JSON): ArticleVersionSerializer(many=True),
            **_errors(not_found=True),
        },
        examples=[
            OpenApiExample("Created, then published", value=examples.VERSIONS, response_only=True)
        ],
    ),
)

# Images -------------------------------------------------------------------------------------

UPLOAD_RULES = (
    " A file is checked from its bytes: JPEG, PNG, WebP or GIF, with the extension of its "
    "format, at most `IMAGE_MAX_BYTES` (20 MB) and `IMAGE_MAX_PIXELS` (50 megapixels); a "
    "refused file is a 400 naming `file` with the reason. Its width and height are stored and "
    "the renditions (`thumbnail` 320 px and `medium` 1024 px wide, never enlarged) made."
)
IMAGE_REQUEST = {JSON: ImageWriteSerializer, MULTIPART: ImageUploadSerializer}

image_write_schema = extend_schema_view(
    create=extend_schema(
        summary="Add an image (upload a file)",
        description="An image with its credit (the photographer and agencies are read from it) "
        "and alt text: `multipart/form-data` with the `file`, or JSON without one (the file "
        "can come later)." + UPLOAD_RULES + WHO_WRITES,
        request=IMAGE_REQUEST,
        parameters=[LOCATION],
        responses=_created(
            ImageSerializer,
            "Created: the image with its file, size and renditions; `Location` is its address.",
            examples.IMAGE_WITH_FILE,
        ),
        examples=[_request_example("Credit and alt text", examples.IMAGE_WRITE)],
    ),
    update=extend_schema(
        summary="Replace an image's credit, alt text or file",
        description="Fields left out keep their values; a `file` (multipart) replaces the file "
        "and its renditions." + UPLOAD_RULES + WHO_WRITES,
        parameters=[_id("image")],
        request=IMAGE_REQUEST,
        responses=_updated(ImageSerializer, "The image as `GET` now answers it.", examples.IMAGE),
        examples=[_request_example("Credit and alt text", examples.IMAGE_WRITE)],
    ),
    partial_update=extend_schema(
        summary="Change an image's credit, alt text or file",
        description="Only the fields sent change; the new credit is shown wherever the image "
        "appears." + UPLOAD_RULES + WHO_WRITES,
        parameters=[_id("image")],
        request=IMAGE_REQUEST,
        responses=_updated(ImageSerializer, "The image as `GET` now answers it.", examples.IMAGE),
        examples=[_request_example("Alt text", examples.IMAGE_ALT_TEXT)],
    ),
    destroy=extend_schema(
        summary="Delete an image",
        description="An image no caption shows; one still shown is a `409` naming the captions. "
        "Its history is kept." + WHO_WRITES,
        parameters=[_id("image")],
        responses=_deleted("Deleted; no body."),
    ),
)

# Captions -----------------------------------------------------------------------------------

CAPTION_RULES = (
    " `position` is the number of body paragraphs before the image, at most the number of "
    "paragraphs; `order` is the caption's place among the article's captions."
)

caption_write_schema = extend_schema_view(
    create=extend_schema(
        summary="Add a caption to an article",
        description="A caption in the article named by `article`, last unless `order` says "
        "where, showing the image `image` or a new one made from `credit` and `alt_text`."
        + CAPTION_RULES
        + WHO_WRITES,
        request=CaptionWithArticleWriteSerializer,
        parameters=[LOCATION],
        responses=_created(
            CaptionWithArticleSerializer,
            "Created: the caption as `GET` answers it; `Location` is its address.",
            examples.CAPTION,
        ),
        examples=[_request_example("A caption after the first paragraph", examples.CAPTION_WRITE)],
    ),
    update=extend_schema(
        summary="Replace a caption",
        description="Its text, position, order, image, and the image's credit and alt text; "
        "`article` must be its own (a caption stays in its article)." + CAPTION_RULES + WHO_WRITES,
        parameters=[_id("caption")],
        request=CaptionWithArticleWriteSerializer,
        responses=_updated(
            CaptionWithArticleSerializer, "The caption as `GET` now answers it.", examples.CAPTION
        ),
        examples=[_request_example("The seed caption", examples.CAPTION_REPLACE)],
    ),
    partial_update=extend_schema(
        summary="Change a caption (correct its credit, move it)",
        description="Only the fields sent change; a `credit` corrects the image's credit "
        "wherever it appears." + CAPTION_RULES + WHO_WRITES,
        parameters=[_id("caption")],
        request=CaptionWithArticleWriteSerializer,
        responses=_updated(
            CaptionWithArticleSerializer, "The caption as `GET` now answers it.", examples.CAPTION
        ),
        examples=[
            _request_example("Correct the credit", examples.CAPTION_CORRECT_CREDIT),
            _request_example("Make it the lead image", examples.CAPTION_MOVE),
        ],
    ),
    destroy=extend_schema(
        summary="Delete a caption",
        description="The caption leaves its article; the image stays." + WHO_WRITES,
        parameters=[_id("caption")],
        responses=_deleted("Deleted; no body."),
    ),
)

# Publications -------------------------------------------------------------------------------

publication_write_schema = extend_schema_view(
    create=extend_schema(
        summary="Add a publication",
        description="A news outlet; the slug is made from the name when not given." + WHO_WRITES,
        request=PublicationWriteSerializer,
        parameters=[LOCATION],
        responses=_created(
            PublicationSerializer,
            "Created: the publication as `GET` answers it; `Location` is its address.",
            examples.PUBLICATION_CREATED,
        ),
        examples=[_request_example("A new outlet", examples.PUBLICATION_WRITE)],
    ),
    update=extend_schema(
        summary="Replace a publication",
        description="Its name, slug and tagline; fields left out keep their values. Its "
        "articles show the change." + WHO_WRITES,
        parameters=[PUBLICATION_SLUG],
        request=PublicationWriteSerializer,
        responses=_updated(
            PublicationSerializer,
            "The publication as `GET` now answers it.",
            examples.PUBLICATION,
        ),
        examples=[_request_example("The seed publication", examples.PUBLICATION_REPLACE)],
    ),
    partial_update=extend_schema(
        summary="Change a publication",
        description="Only the fields sent change." + WHO_WRITES,
        parameters=[PUBLICATION_SLUG],
        request=PublicationWriteSerializer,
        responses=_updated(
            PublicationSerializer,
            "The publication as `GET` now answers it.",
            examples.PUBLICATION,
        ),
        examples=[_request_example("A tagline", examples.PUBLICATION_TAGLINE)],
    ),
    destroy=extend_schema(
        summary="Delete a publication",
        description="A publication no article names; one still named is a `409`." + WHO_WRITES,
        parameters=[PUBLICATION_SLUG],
        responses=_deleted("Deleted; no body."),
    ),
)

# Tokens -------------------------------------------------------------------------------------

TOKEN_ERRORS = {
    (401, PROBLEM): PROBLEM_401,
    (403, PROBLEM): _problem(
        403,
        "The account may not write content: tokens are for editors (reading needs none).",
        {**examples.PROBLEM_403, "detail": "Only editors have API tokens: reading needs none."},
        "Not an editor",
    ),
    (404, PROBLEM): PROBLEM_404,
    (405, PROBLEM): PROBLEM_405,
    (406, PROBLEM): PROBLEM_406,
    (429, PROBLEM): _problem(
        429,
        "Too many failed logins from this address (`LOGIN_FAILURE_LIMIT`), or too many "
        "requests; `Retry-After` says when to try again.",
        {**examples.PROBLEM_429, "detail": "Too many failed logins; try again in 840 seconds."},
        "Too many failed logins",
    ),
}
TOKEN_AUTH = (
    " The account is named by HTTP Basic credentials (`curl -u ana -X POST …`), the admin's "
    "session with its CSRF token, or the token itself; wrong passwords count towards the "
    "failed-login limit, as at the admin's login form."
)

token_schema = extend_schema_view(
    post=extend_schema(
        summary="Get your API token (editors)",
        description="The API token of the account that asks, made on first use: send it as "
        "`Authorization: Token <token>`. Editors only." + TOKEN_AUTH,
        request=None,
        responses={
            (200, JSON): OpenApiResponse(
                TokenSerializer,
                description="The token (`Cache-Control: no-store`).",
                examples=[OpenApiExample("Token", value=examples.TOKEN, status_codes=[200])],
            ),
            **TOKEN_ERRORS,
            (400, PROBLEM): PROBLEM_400_WRITE,
        },
    ),
    delete=extend_schema(
        summary="Revoke your API token",
        description="Deletes the token of the account that asks (if any); the next `POST` "
        "makes a new one." + TOKEN_AUTH,
        request=None,
        responses={
            204: OpenApiResponse(description="Revoked; no body."),
            **TOKEN_ERRORS,
            (400, PROBLEM): PROBLEM_400_WRITE,
        },
    ),
)
