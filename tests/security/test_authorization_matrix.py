"""Who may do what, generated from the OpenAPI schema: every unsafe operation is refused to
anonymous clients (401) and to signed-in users who are not editors (403) and allowed to editors;
read-only fields sent in a write are ignored; unpublished content is invisible to the public
(404, never 403, which would tell that it exists).

The operations come from the schema the application serves, so that an operation added to the
API is covered here with no edit; the first test checks that the schema names every method the
API really allows, so that this matrix cannot pass by not knowing an operation."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import pytest
from django.test import Client

from articles.models import ArticleStatus, Caption, Image
from tests.factories import article_create, publication_create

pytestmark = pytest.mark.django_db

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SENTINEL_NUMBER = 987654321
SENTINEL_TEXT = "mass-assigned"


@functools.cache
def schema() -> dict[str, Any]:
    """The schema the application serves (read once: the tests are generated from it)."""
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def operations() -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, item in schema()["paths"].items()
        for method, operation in item.items()
        if method.upper() in SAFE_METHODS | UNSAFE_METHODS
    ]


def resolve_ref(document: dict) -> dict:
    while "$ref" in document:
        name = document["$ref"].rsplit("/", 1)[-1]
        document = schema()["components"]["schemas"][name]
    return document


def example_path(path: str, operation: dict) -> str:
    """The path with each parameter replaced by its first example: ``/api/v1/articles/{slug}/``
    -> ``/api/v1/articles/the-united-states-…/``."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        examples = parameter.get("examples") or {}
        value = next(iter(examples.values()))["value"] if examples else parameter.get("example")
        assert value is not None, f"path parameter {parameter['name']} of {path} has no example"
        path = path.replace("{" + parameter["name"] + "}", str(value))
    assert not re.search(r"\{\w+\}", path), path
    return path


def example_body(operation: dict) -> tuple[str, Any]:
    """The request body's content type and its first example (or an empty object)."""
    content = operation.get("requestBody", {}).get("content", {})
    for content_type in ("application/json", *content):
        media = content.get(content_type)
        if media is None:
            continue
        examples = media.get("examples") or {}
        if examples:
            return content_type, next(iter(examples.values()))["value"]
        return content_type, media.get("example", {})
    return "application/json", {}


# The objects editors' writes act on, where the schema's example cannot name one that every test
# database has: an id (PostgreSQL does not roll its sequences back between tests, so the seed's
# first caption is not always number 1), or an object that may be deleted (an image no caption
# shows, a publication no article names: deleting one still in use is answered 409). Each makes
# its object, or finds it among the seed article's, and returns what goes in the path.
def seed_caption() -> Caption:
    return Caption.objects.order_by("article_id", "order").first()


WRITE_SUBJECTS = {
    **{
        (method, "/api/v1/captions/{id}/"): lambda: seed_caption().pk
        for method in ("PUT", "PATCH", "DELETE")
    },
    **{
        (method, "/api/v1/images/{id}/"): lambda: seed_caption().image_id
        for method in ("PUT", "PATCH")
    },
    ("DELETE", "/api/v1/images/{id}/"): lambda: Image.objects.create(credit="AP Photo/Unused").pk,
    ("DELETE", "/api/v1/publications/{slug}/"): lambda: publication_create().slug,
}


def editor_path(method: str, path: str, operation: dict) -> str:
    """The path an editor's write goes to: the example's, or a subject of ``WRITE_SUBJECTS``."""
    subject = WRITE_SUBJECTS.get((method, path))
    if subject is None:
        return example_path(path, operation)
    return re.sub(r"\{\w+\}", str(subject()), path)


def send(client: Client, method: str, path: str, operation: dict):
    content_type, body = example_body(operation)
    if content_type == "application/json":
        return client.generic(
            method, path, json.dumps(body), content_type="application/json", secure=False
        )
    return client.generic(method, path, body, content_type=content_type)


def unsafe_operations() -> list:
    found = [
        pytest.param(method, path, operation, id=f"{method} {path}")
        for method, path, operation in operations()
        if method in UNSAFE_METHODS
    ]
    return found or [
        pytest.param(
            None,
            None,
            None,
            marks=pytest.mark.skip(
                reason="the schema has no unsafe operation yet (no write API): "
                "test_the_schema_names_every_method_the_api_allows proves that none exists"
            ),
        )
    ]


def allowed_methods(client: Client, path: str) -> set[str]:
    response = client.options(path)
    assert response.status_code == 200, (path, response.status_code)
    return {method.strip() for method in response["Allow"].split(",")} - {"HEAD", "OPTIONS"}


def test_the_schema_names_every_method_the_api_allows(seed_article, editor_client):
    documented: dict[str, set[str]] = {}
    for method, path, operation in operations():
        documented.setdefault(example_path(path, operation), set()).add(method)

    for path, methods in documented.items():
        assert allowed_methods(editor_client, path) == methods, path
    unsafe = sorted(
        (method, path)
        for path, methods in documented.items()
        for method in methods & UNSAFE_METHODS
    )
    # Print what the matrix covers, so that a change in the API's writes shows in the output.
    print(f"unsafe operations in the schema: {unsafe or 'none'}")


def test_unsafe_methods_the_api_does_not_offer_are_refused_to_editors(seed_article, editor_client):
    for method, path, operation in operations():
        if method != "GET":
            continue
        concrete = example_path(path, operation)
        for unsafe in sorted(UNSAFE_METHODS - allowed_methods(editor_client, concrete)):
            response = editor_client.generic(unsafe, concrete, "{}", "application/json")
            # 405, or 403 where the editor has no permission on that kind of object at all:
            # DRF checks permissions before it looks for the method.
            assert response.status_code in {403, 405}, (unsafe, concrete, response.status_code)
            assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("method", "path", "operation"), unsafe_operations())
def test_anonymous_clients_are_refused_401(client, seed_article, method, path, operation):
    response = send(client, method, example_path(path, operation), operation)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.has_header("WWW-Authenticate")


@pytest.mark.parametrize(("method", "path", "operation"), unsafe_operations())
def test_signed_in_users_who_are_not_editors_are_refused_403(
    reader_client, seed_article, method, path, operation
):
    response = send(reader_client, method, example_path(path, operation), operation)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("method", "path", "operation"), unsafe_operations())
def test_editors_are_allowed(editor_client, seed_article, method, path, operation):
    response = send(editor_client, method, editor_path(method, path, operation), operation)

    assert response.status_code < 300, (response.status_code, response.content[:500])


def read_only_fields(operation: dict) -> dict[str, dict]:
    """Fields of the answer that the request schema does not take: id, url, timestamps…"""
    request = {}
    for media in operation.get("requestBody", {}).get("content", {}).values():
        request = resolve_ref(media.get("schema", {}))
        break
    answer = {}
    for status, response in operation.get("responses", {}).items():
        if status.startswith("2"):
            for media in response.get("content", {}).values():
                answer = resolve_ref(media.get("schema", {}))
                break
    writable = set(request.get("properties", {}))
    # Answers and requests have components of their own (COMPONENT_SPLIT_REQUEST), and every
    # field of an answer is marked readOnly: what the request's component does not take is what
    # a client may not set.
    return {
        name: field for name, field in answer.get("properties", {}).items() if name not in writable
    }


def sentinel_for(field: dict) -> Any:
    kind = resolve_ref(field).get("type")
    if kind == "integer":
        return SENTINEL_NUMBER
    if kind == "string":
        return SENTINEL_TEXT
    if kind == "array":
        return [SENTINEL_TEXT]
    return None


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    # A delete takes no fields, so it has none to ignore.
    [param for param in unsafe_operations() if param.values[0] != "DELETE"],
)
def test_read_only_fields_sent_in_a_write_are_ignored(
    editor_client, seed_article, method, path, operation
):
    content_type, body = example_body(operation)
    fields = {
        name: sentinel_for(field)
        for name, field in read_only_fields(operation).items()
        if sentinel_for(field) is not None
    }
    if not isinstance(body, dict) or not fields or content_type != "application/json":
        pytest.skip("no read-only field to send in a JSON object")

    response = editor_client.generic(
        method,
        editor_path(method, path, operation),
        json.dumps({**body, **fields}),
        content_type="application/json",
    )

    assert response.status_code < 300, response.content[:500]
    answer = response.json() if response.content else {}
    for name, sentinel in fields.items():
        assert answer.get(name) != sentinel, f"{name} was written from the request"


# Where each detail operation's unpublished objects come from. A new detail operation must be
# added here (or to PUBLIC_BY_NATURE): the test below fails until it is.
def draft_article(**fields):
    return article_create(status=ArticleStatus.DRAFT, captions=1, **fields)


UNPUBLISHED = {
    "/api/v1/articles/{slug}/": {
        "draft": lambda: draft_article().slug,
        "withdrawn": lambda: article_create(status=ArticleStatus.WITHDRAWN).slug,
        "scheduled for later": lambda: (
            article_create(status=ArticleStatus.SCHEDULED, published_at="2999-01-01T00:00:00Z").slug
        ),
    },
    "/api/v1/captions/{id}/": {
        "caption of a draft": lambda: Caption.objects.get(article=draft_article()).pk,
    },
    "/api/v1/images/{id}/": {
        "image only in a draft": lambda: Caption.objects.get(article=draft_article()).image_id,
    },
    # Editors only, and only of articles the client may see: a draft's are not found.
    "/api/v1/articles/{slug}/versions/": {
        "versions of a draft": lambda: draft_article().slug,
    },
}
PUBLIC_BY_NATURE = {
    # A publication is an outlet's name, public wherever its articles are; it has no status.
    "/api/v1/publications/{slug}/",
}


def detail_operations() -> list[str]:
    return [
        path
        for method, path, _ in operations()
        if method == "GET" and re.search(r"\{\w+\}", path) and path.startswith("/api/")
    ]


def test_every_detail_operation_says_how_its_unpublished_objects_are_made():
    unclassified = set(detail_operations()) - set(UNPUBLISHED) - PUBLIC_BY_NATURE
    assert not unclassified, f"add these to UNPUBLISHED or PUBLIC_BY_NATURE: {unclassified}"


@pytest.mark.parametrize(
    ("path", "kind"), [(path, kind) for path, kinds in UNPUBLISHED.items() for kind in kinds]
)
def test_unpublished_content_is_not_found_by_the_public(client, reader_client, path, kind):
    identifier = UNPUBLISHED[path][kind]()
    concrete = re.sub(r"\{\w+\}", str(identifier), path)

    for who in (client, reader_client):
        response = who.get(concrete)
        assert response.status_code == 404, (kind, concrete, response.status_code)
        assert response["Content-Type"] == "application/problem+json"


def test_unpublished_content_is_in_no_public_list_search_or_filter(client):
    draft = draft_article(title="Embargoed zeppelin merger")
    caption = draft.captions.get()
    lists = [
        "/api/v1/articles/",
        "/api/v1/articles/?search=zeppelin",
        "/api/v1/captions/",
        f"/api/v1/captions/?article={draft.slug}",
        "/api/v1/images/",
    ]
    for path in lists:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert draft.slug not in text, path
        assert "zeppelin" not in text.lower(), path
        ids = {item.get("id") for item in response.json()["results"]}
        if path.startswith("/api/v1/captions/"):
            assert caption.pk not in ids, path
        if path.startswith("/api/v1/images/"):
            assert caption.image_id not in ids, path
