"""``/healthz`` says the process is up; ``/readyz`` says whether the database and the cache
answer, and which does not."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection

from tests.e2e.stack import free_port


def unreachable_redis_cache() -> dict:
    return {
        "default": {
            "BACKEND": "config.cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_liveness_answers_without_the_database(client):
    # No database access is allowed in this test: touching it would fail the test.
    answer = client.get("/healthz")

    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert answer["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readiness_reports_every_check_ok(client):
    answer = client.get("/readyz")

    assert answer.status_code == 200
    assert answer.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
    assert answer["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readiness_answers_503_naming_an_unreachable_database(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        answer = client.get("/readyz")

    assert answer.status_code == 503
    assert answer["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert body["detail"] == "database: unreachable"
    assert body["status"] == 503
    assert body["checks"] == {"database": "unreachable", "cache": "ok"}


@pytest.mark.django_db
def test_readiness_answers_503_naming_an_unreachable_cache(client, settings):
    settings.CACHES = unreachable_redis_cache()

    answer = client.get("/readyz")
    live = client.get("/healthz")

    assert answer.status_code == 503
    assert answer.json()["detail"] == "cache: unreachable"
    assert answer.json()["checks"] == {"database": "ok", "cache": "unreachable"}
    assert live.status_code == 200


def test_health_endpoints_are_documented_in_the_schema(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]

    for path in ("/healthz", "/readyz"):
        operation = paths[path]["get"]
        assert operation["summary"]
        assert operation["description"]
    assert "503" in paths["/readyz"]["get"]["responses"]
