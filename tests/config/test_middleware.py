"""Request ids, reads pinned to the primary after a write, and the SQL query count header."""

from __future__ import annotations

import multidb
import pytest

from config import db_routers
from tests.factories import article_create


@pytest.mark.django_db
def test_every_response_carries_a_new_request_id(client):
    first = client.get("/api/v1/articles/")
    second = client.get("/api/v1/articles/no-such-article/")

    assert len(first["X-Request-ID"]) == 32
    assert second.status_code == 404
    assert second["X-Request-ID"] not in {"", first["X-Request-ID"]}


@pytest.mark.django_db
def test_a_sane_incoming_request_id_is_kept(client):
    answer = client.get("/api/v1/articles/", headers={"X-Request-ID": "lb-7f3a:42"})

    assert answer["X-Request-ID"] == "lb-7f3a:42"


@pytest.mark.parametrize(
    "incoming", ["two words", "x" * 129, '"quoted"', "line\\nbreak", "ünicode"]
)
@pytest.mark.django_db
def test_an_insane_incoming_request_id_is_replaced(client, incoming):
    answer = client.get("/api/v1/articles/", headers={"X-Request-ID": incoming})

    assert answer["X-Request-ID"] != incoming
    assert len(answer["X-Request-ID"]) == 32


@pytest.fixture
def with_replica(monkeypatch):
    """Routing as with DATABASE_REPLICA_URL set (the real replica is in tests/e2e)."""
    monkeypatch.setattr(db_routers, "replica_configured", lambda: True)
    monkeypatch.setattr(multidb, "get_replica", lambda: "default")


@pytest.mark.django_db
def test_a_request_that_writes_pins_its_client_to_the_primary(
    client, django_user_model, with_replica
):
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-password-1")

    logged_in = client.post(
        "/admin/login/", {"username": "editor", "password": "a-long-password-1", "next": "/admin/"}
    )

    assert logged_in.status_code == 302
    pin = logged_in.cookies["primary_pin"]
    assert pin["max-age"] == 10
    assert pin["httponly"]


@pytest.mark.django_db
def test_a_request_that_only_reads_does_not_pin(client, with_replica):
    article = article_create()

    answer = client.get(f"/api/v1/articles/{article.slug}/")

    assert answer.status_code == 200
    assert "primary_pin" not in answer.cookies


@pytest.mark.django_db
def test_without_a_replica_a_write_sets_no_pin(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-password-1")

    logged_in = client.post(
        "/admin/login/", {"username": "editor", "password": "a-long-password-1"}
    )

    assert logged_in.status_code == 302
    assert "primary_pin" not in logged_in.cookies


@pytest.mark.django_db
def test_the_query_count_header_counts_the_queries_of_the_request(client, settings):
    settings.MIDDLEWARE = ["config.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    article = article_create(captions=2)

    detail = client.get(f"/api/v1/articles/{article.slug}/")
    liveness = client.get("/healthz")

    assert int(detail["X-DB-Queries"]) >= 2
    assert liveness["X-DB-Queries"] == "0"


@pytest.mark.django_db
def test_an_anonymous_read_skips_the_session_a_signed_in_one_keeps_it(client, editor):
    draft = article_create(status="draft")
    anonymous = client.get(f"/api/v1/articles/{draft.slug}/")
    home = client.get("/")

    client.force_login(editor)
    signed_in = client.get(f"/api/v1/articles/{draft.slug}/")

    assert anonymous.status_code == 404
    assert "Cookie" not in home.get("Vary", "")  # no session was looked at
    assert signed_in.status_code == 200  # the editor's session reads the draft


@pytest.mark.django_db
def test_a_write_without_a_session_still_meets_the_csrf_check_and_the_admin_its_messages(
    editor,
):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    refused = strict.post("/admin/login/", {"username": "x", "password": "y"})
    strict.force_login(editor)
    admin = strict.get("/admin/")

    assert refused.status_code == 403
    assert admin.status_code == 200
    assert admin.wsgi_request.user == editor
    assert hasattr(admin.wsgi_request, "_messages")
