"""The project's schema class: drf-spectacular's inference, with what it cannot see added in one
place for every operation.

- Parameters: the filters through drf-spectacular's django-filter extension (each filter's label
  is its description), the pages from the paginators, and ``format``, ``fields``, ``expand``,
  ``cursor`` and the path's lookup from the view's configuration; an example for each.
- Responses: our JSON inferred from the serializers (their fields always sent are ``required``),
  ninjs (IPTC's own JSON Schema, ``formats/standards/``) and JSON-LD as media types of their
  own, the caching headers, ``304``, and every error as a problem document.
- Security: operations anyone may call need no credentials; the others list the schemes.
- Examples: made from the seed article by the code that answers (``docs.examples``).
"""

from __future__ import annotations

import json
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import permissions

from articles.models import Article, Image
from newsapi.docs import examples
from newsapi.docs.operations import FORMATS, OPERATIONS, UPLOAD, WHO_WRITES
from newsapi.formats.representations import ArticleSummarySerializer, ProblemSerializer
from newsapi.http.errors import problem
from newsapi.http.permissions import ChangersOnly
from newsapi.http.resources import WRITE_ACTIONS
from newsapi.writes import ImageUploadSerializer, ImageWriteSerializer

JSON, PROBLEM, MULTIPART = "application/json", "application/problem+json", "multipart/form-data"
NINJS, JSONLD = "application/ninjs+json", "application/ld+json"
NINJS_SCHEMA = Path(__file__).parents[1] / "formats" / "standards" / "ninjs-schema_2.2.json"

ERRORS = {
    400: "A parameter or field is unknown or cannot be read; `invalid_params` names each.",
    401: "Credentials were sent but are not valid, or a write was tried without any.",
    403: "The account may not do this (writes need an editor's permissions).",
    404: "No such object, or no such page.",
    405: "The method is not supported here (the `Allow` header lists those that are).",
    406: "The `Accept` header names no media type this endpoint can send.",
    409: "An object others refer to cannot be deleted, or another write changed the same data.",
    413: "The body is larger than `REQUEST_MAX_BODY_BYTES` (uploads: `REQUEST_MAX_UPLOAD_BYTES`).",
    415: "The body's `Content-Type` is not one this operation reads.",
    429: "Too many requests (`API_THROTTLE_RATE`) or failed logins; see `Retry-After`.",
}
READ_ERRORS = (400, 401, 403, 404, 405, 406, 429)
WRITE_ERRORS = (400, 401, 403, 404, 405, 406, 409, 413, 415, 429)
HEADERS = {
    "ETag": ("Strong validator of the bytes sent: send it back in `If-None-Match`.", '"9d6b54"'),
    "Last-Modified": (
        "When the object last changed (a list: the newest change in the store).",
        "Sat, 28 Nov 2026 12:00:00 GMT",
    ),
    "Cache-Control": (
        "`public, max-age=API_CACHE_MAX_AGE`; `private, no-cache` for a signed-in account.",
        "public, max-age=60",
    ),
    "Vary": ("The representation depends on `Accept`.", "Accept"),
}
JSONLD_ITEM = {
    "type": "object",
    "description": "A schema.org item (`NewsArticle`, `ImageObject`; a list is an `ItemList`).",
    "properties": {"@context": {"type": "string"}, "@type": {"type": "string"}},
    "required": ["@type"],
    "additionalProperties": {},
}


def documented(view):
    """The view with the summary and description of each of its operations
    (``docs.operations``), and the bodies drf-spectacular cannot see."""
    overrides = {}
    several_formats = len(getattr(view, "renderer_classes", ())) > 1
    for name, (summary, description) in OPERATIONS[view.__name__].items():
        if name in ("list", "retrieve") and several_formats:
            description += FORMATS
        if name in WRITE_ACTIONS and view.__name__ == "ImageViewSet":
            description += UPLOAD
        if name in (*WRITE_ACTIONS, "destroy"):
            description += WHO_WRITES
        extra: dict[str, Any] = {}
        if view.__name__ == "TokenView":
            extra["request"] = None
        elif view.__name__ == "ImageViewSet" and name in WRITE_ACTIONS:
            extra["request"] = {JSON: ImageWriteSerializer, MULTIPART: ImageUploadSerializer}
        elif name in ("deleted", "versions"):
            # Lists that are actions of their own: drf-spectacular takes an action for one object.
            extra["responses"] = getattr(view, name).kwargs["serializer_class"](many=True)
        overrides[name] = extend_schema(summary=summary, description=description, **extra)
    return extend_schema_view(**overrides)(view)


def _parameter(name: str, description: str, examples: dict[str, Any], **kwargs) -> OpenApiParameter:
    """A string parameter of the query, unless ``kwargs`` say otherwise, with its examples."""
    kwargs.setdefault("type", OpenApiTypes.STR)
    found = [OpenApiExample(title, value=value) for title, value in examples.items()]
    return OpenApiParameter(name, description=description, examples=found, **kwargs)


def _problem_example(status: int) -> dict:
    if status == 400:
        return problem(
            400,
            "Invalid: colour.",
            invalid_params=[
                {"name": "colour", "reason": "Unknown query parameter for this endpoint."}
            ],
        )
    return problem(status, ERRORS[status].split(";")[0])


class AutoSchema(openapi.AutoSchema):
    def _is_read(self) -> bool:
        return self.method in ("GET", "HEAD")

    def _action(self) -> str | None:
        return getattr(self.view, "action", None)

    def get_auth(self) -> list[dict]:
        """No credentials for what anyone may do: reads of public content, and the health
        endpoints. drf-spectacular lists the schemes beside ``{}`` (credentials optional), and
        typed clients then want credentials for every call."""
        view_permissions = self.view.get_permissions()
        anyone = all(isinstance(p, permissions.AllowAny) for p in view_permissions) or (
            self.method in permissions.SAFE_METHODS
            and any(
                isinstance(p, permissions.DjangoModelPermissionsOrAnonReadOnly)
                for p in view_permissions
            )
            and not any(isinstance(p, ChangersOnly) for p in view_permissions)
        )
        return [] if anyone else [auth for auth in super().get_auth() if auth]

    def map_renderers(self, attribute: str) -> list[Any]:
        # Our JSON here; ninjs and JSON-LD get schemas of their own (_get_response_bodies).
        found = super().map_renderers(attribute)
        return [media for media in found if media not in (NINJS, JSONLD)] or found

    def get_override_parameters(self) -> list:
        parameters = list(super().get_override_parameters())
        view, action = self.view, self._action()
        if hasattr(view, "allowed_query_parameters") and action is not None:
            parameters += self._view_parameters(view, action)
        return parameters + self._headers()

    def _view_parameters(self, view, action: str) -> list[OpenApiParameter]:
        """``format``, ``fields``, ``expand`` and ``cursor`` where the view takes them, and the
        path's lookup."""
        allowed = view.allowed_query_parameters()
        formats = [renderer.format for renderer in view.renderer_classes]
        notes = {"json": "our JSON", "ninjs": f"IPTC ninjs 2.2 (`{NINJS}`)", "jsonld": JSONLD}
        described = "; ".join(f"`{name}`: {notes[name]}" for name in formats)
        found = [
            _parameter(
                "format",
                f"The representation, instead of `Accept`: {described}",
                {name: name for name in formats},
                enum=formats,
            )
        ]
        if "fields" in allowed:
            fields = "Only these fields, comma-separated, dots for nested ones (`captions.credit`)."
            known = " JSON only; an unknown name is a 400 listing the known."
            found.append(_parameter("fields", fields + known, {"Some fields": "id,title"}))
        if "expand" in allowed:
            choices = view.expandable[action]
            listed = ", ".join(f"`{choice}`" for choice in choices)
            described = f"Nested objects to include in full, comma-separated: {listed}"
            found.append(_parameter("expand", described, {choices[0]: choices[0]}))
        if "cursor" in allowed and action == "list":
            described = (
                "Pages by cursor, for syncing: empty for the first page, then the `next` link. "
                "The body is then `{next, previous, results}`, with `ordering` one of published, "
                "-published, updated, -updated; not with `page`."
            )
            found.append(_parameter("cursor", described, {"First page": ""}))
        if view.detail:
            model = view.queryset.model
            name = "slug" if getattr(view, "lookup_field", "pk") == "slug" else "id"
            example = examples.filter_examples()[name]
            if model is not Article and name == "slug":
                example = examples.seed_article().publication.slug
            found.append(
                _parameter(
                    name,
                    f"The {model._meta.verbose_name}'s {name}.",
                    {"Seed": example},
                    type=OpenApiTypes.STR if name == "slug" else OpenApiTypes.INT,
                    location=OpenApiParameter.PATH,
                )
            )
        return found

    def _headers(self) -> list[OpenApiParameter]:
        def header(name: str, description: str, example: str, codes: list[int]):
            where = OpenApiParameter.HEADER
            return _parameter(name, description, {name: example}, location=where, response=codes)

        if self.method == "POST" and self._action() == "create":
            url = examples.BASE + "/api/v1/…/1/"
            return [header("Location", "The address of the new object.", url, [201])]
        if not self._is_read() or not hasattr(self.view, "allowed_query_parameters"):
            return []
        found = [header(n, d, e, [200, 304]) for n, (d, e) in HEADERS.items()]
        if self._is_list_view():
            link = f'<{examples.BASE}/api/v1/articles/?page=2>; rel="next"'
            found.append(
                header("Link", "RFC 8288 links: `next`, `prev`, `first`, `last`.", link, [200])
            )
        return found

    def _get_filter_parameters(self) -> list[dict]:
        found = super()._get_filter_parameters()
        known = examples.filter_examples()
        filters = getattr(getattr(self.view, "filterset_class", None), "base_filters", {})
        for parameter in found:
            name = parameter["name"]
            if name in known and "example" not in parameter:
                parameter["example"] = known[name]
            # django-filter's extension takes a filter's label unless its type is declared.
            if not parameter.get("description") and name in filters:
                parameter["description"] = filters[name].label
        return found

    def _get_pagination_parameters(self) -> list[dict]:
        found = super()._get_pagination_parameters()
        for parameter in found:
            parameter["example"] = 20 if parameter["name"] == "page_size" else 1
        return found

    def get_response_serializers(self) -> Any:
        # A write answers with the object as a GET gives it, not with what it was sent.
        if self._action() in ("create", "update", "partial_update"):
            return self.view.serializer_class
        return super().get_response_serializers()

    def get_examples(self) -> list[OpenApiExample]:
        serializer = self.get_response_serializers()
        found = []
        if self.method in ("POST", "PUT", "PATCH") and hasattr(self.view, "queryset"):
            model = self.view.queryset.model
            value = examples.write_example(model, partial=self.method == "PATCH")
            found.append(OpenApiExample("The seed's", value=value, request_only=True))
        value = examples.response_example(serializer) if serializer is not None else None
        if value is not None:
            found.append(OpenApiExample("The seed's", value=value, response_only=True))
        return found

    def _get_response_bodies(self, direction="response") -> dict:
        responses = super()._get_response_bodies(direction)
        view, codes = self.view, WRITE_ERRORS
        if self._is_read():
            codes = READ_ERRORS
            ok = responses.get("200")
            model = getattr(getattr(view, "queryset", None), "model", None)
            formats = {r.format for r in getattr(view, "renderer_classes", [])}
            if ok is not None and model in (Article, Image) and "ninjs" in formats:
                many = self._is_list_view()
                ninjs = {"$ref": "#/components/schemas/NinjsItem"}
                if many:
                    ninjs = self._get_paginator().get_paginated_response_schema(
                        {"type": "array", "items": ninjs}
                    )
                value = examples.representation(view.format_serializers["ninjs"], model)
                ok["content"][NINJS] = {
                    "schema": ninjs,
                    "examples": {"Seed": {"value": {"results": [value]} if many else value}},
                }
                ok["content"][JSONLD] = {
                    "schema": JSONLD_ITEM,
                    "examples": {
                        "Seed": {
                            "value": examples.representation(
                                view.format_serializers["jsonld"], model
                            )
                        }
                    },
                }
            if hasattr(view, "allowed_query_parameters"):
                responses["304"] = {"description": "Not Modified: the validator sent is current."}
            if getattr(view, "basename", None) == "article" and self._action() == "retrieve":
                responses["301"] = {"description": "Moved Permanently: a slug it had before."}
        for status in codes:
            response = OpenApiResponse(
                ProblemSerializer,
                description=ERRORS[status],
                examples=[OpenApiExample(HTTPStatus(status).phrase, _problem_example(status))],
            )
            responses.setdefault(
                str(status), self._get_response_for_code(response, str(status), [PROBLEM])
            )
        return responses


def _untitled(schema: Any) -> Any:
    """``schema`` without ``title`` keywords: code generators name classes after them, and
    ninjs gives the same title to different objects (two ``Descriptions`` classes clash)."""
    if isinstance(schema, dict):
        return {
            key: _untitled(value)
            for key, value in schema.items()
            if not (key == "title" and isinstance(value, str))
        }
    if isinstance(schema, list):
        return [_untitled(item) for item in schema]
    return schema


class ArticleSlugOrSummary(OpenApiSerializerFieldExtension):
    """A caption's article: its slug, or with ``?expand=article`` its summary."""

    target_class = "newsapi.formats.representations.ArticleSlugOrSummaryField"

    def map_serializer_field(self, auto_schema, direction) -> dict:
        summary = auto_schema.resolve_serializer(ArticleSummarySerializer, direction)
        return {"oneOf": [{"type": "string", "description": "The article's slug."}, summary.ref]}


@cache
def ninjs_components() -> dict[str, Any]:
    """IPTC's ninjs 2.2 schema as components: ``NinjsItem`` (its ``ninjsType``, with the
    document's ``required``) and ``NinjsContactinfo``."""
    document = json.loads(NINJS_SCHEMA.read_text())
    names = {"ninjsType": "NinjsItem", "contactinfoType": "NinjsContactinfo"}
    text = json.dumps({name: document["$defs"][name] for name in names})
    for name, component in names.items():
        text = text.replace(f'"#/$defs/{name}"', f'"#/components/schemas/{component}"')
    # OpenAPI 3.0 has no unevaluatedProperties (a draft 2020-12 keyword; the definitions say
    # additionalProperties: false anyway).
    text = text.replace('"unevaluatedProperties": false', '"x-unevaluatedProperties": false')
    # A place's geometry refers to GeoJSON's schema on its site: code generators read no
    # remote references, and a schema served offline should need none.
    geojson = '{"$ref": "https://geojson.org/schema/GeoJSON.json#"}'
    text = text.replace(geojson, '{"type": "object", "description": "A GeoJSON geometry."}')
    definitions = _untitled(json.loads(text))
    components = {names[name]: definition for name, definition in definitions.items()}
    components["NinjsItem"]["description"] = document["description"]
    components["NinjsItem"]["required"] = document["required"]
    return components


def add_components(result: dict, **kwargs) -> dict:
    """drf-spectacular's postprocessing hook: the ninjs components the responses refer to."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ninjs_components())
    return result
