"""Errors as RFC 9457 problem documents everywhere, with the right status, and each documented
per endpoint in the schema with an example."""

from __future__ import annotations

import base64

import pytest

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"
PROBLEM = "application/problem+json"
DOCUMENTED = {"400", "401", "403", "404", "405", "406", "429"}


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == status
    assert {"type", "title", "status", "detail"} <= set(problem)
    return problem


def test_401_for_bad_credentials(api_client, seed_article, editor):
    response = api_client.get(ARTICLES, HTTP_AUTHORIZATION=basic("newsroom-editor", "wrong"))

    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Basic")


def test_401_for_an_anonymous_write(api_client, seed_article):
    assert_problem(api_client.post(ARTICLES, {}, format="json"), 401)


def test_403_for_an_account_without_the_permission(reader_client, seed_article):
    assert_problem(reader_client.post(ARTICLES, {}, content_type="application/json"), 403)


def test_405_for_a_method_the_endpoint_does_not_take(editor_client, seed_article):
    response = editor_client.delete(ARTICLES)

    problem = assert_problem(response, 405)
    assert problem["detail"] == 'Method "DELETE" not allowed.'


def test_good_credentials_read_as_usual(api_client, seed_article, editor):
    response = api_client.get(
        ARTICLES, HTTP_AUTHORIZATION=basic("newsroom-editor", "a-long-test-password")
    )
    assert response.status_code == 200


def test_406_when_no_representation_is_acceptable(api_client, seed_article):
    assert_problem(api_client.get(ARTICLES, HTTP_ACCEPT="image/png"), 406)


def test_429_with_retry_after_over_the_rate(api_client, seed_article, settings):
    settings.API_THROTTLE_RATE = "2/minute"

    statuses = [api_client.get(ARTICLES).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = api_client.get(ARTICLES)
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0


def test_400_names_every_invalid_parameter(api_client, db):
    response = api_client.get(ARTICLES, {"has_image": "perhaps", "colour": "red"})

    problem = assert_problem(response, 400)
    assert sorted(p["name"] for p in problem["invalid_params"]) == ["colour"]
    response = api_client.get(ARTICLES, {"has_image": "perhaps", "published_after": "soon"})
    problem = assert_problem(response, 400)
    assert sorted(p["name"] for p in problem["invalid_params"]) == [
        "has_image",
        "published_after",
    ]
    assert problem["detail"] == "Invalid: has_image, published_after."


def test_every_endpoint_documents_its_errors_with_examples(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            assert set(responses) >= DOCUMENTED, f"{method} {path}"
            for status in DOCUMENTED:
                content = responses[status]["content"][PROBLEM]
                assert content["examples"], f"{method} {path} {status}"
                example = next(iter(content["examples"].values()))["value"]
                assert example["status"] == int(status)
            if method != "get":  # writes: their own answers, no HTTP caching
                assert {"200", "201", "204"} & set(responses), f"{method} {path}"
                continue
            assert "304" in responses
            assert {"ETag", "Last-Modified", "Cache-Control", "Vary"} <= set(
                responses["200"]["headers"]
            )
