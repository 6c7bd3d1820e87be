"""The OpenAPI schema and the documentation pages, which must work with no internet access."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_validates_with_no_warnings():
    # --fail-on-warn turns every drf-spectacular warning into an error.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        "/dev/null",
        stdout=io.StringIO(),
    )


def test_schema_describes_every_endpoint_and_parameter_with_an_example(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    paths = set(schema["paths"])
    assert {
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/articles/deleted/",
        "/api/v1/images/",
        "/api/v1/images/{id}/",
        "/api/v1/captions/",
        "/api/v1/captions/{id}/",
        "/api/v1/publications/",
        "/api/v1/publications/{slug}/",
    } <= paths
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            assert operation.get("description"), where
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), f"{where} {parameter['name']}"
                assert parameter.get("examples") or parameter.get("example"), (
                    f"{where} {parameter['name']} has no example"
                )


def test_errors_are_documented_as_problem_json(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    detail = schema["paths"]["/api/v1/articles/{slug}/"]["get"]["responses"]
    assert "application/problem+json" in detail["404"]["content"]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_reference_only_local_assets(client, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html)
    assert external == [], f"{url} loads {external}"
    assert "fonts.googleapis.com" not in html
    assert "/static/drf_spectacular_sidecar/" in html


@pytest.mark.parametrize(
    "asset",
    [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js",
    ],
)
def test_docs_assets_are_shipped_with_the_project(asset):
    from django.contrib.staticfiles import finders

    assert finders.find(asset.removeprefix("/static/")) is not None
