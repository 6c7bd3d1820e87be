"""Several gunicorn servers under the production settings on one PostgreSQL database and one
Redis: answers are shared and stay correct across servers, a Redis outage costs nothing but
speed, and every log line is JSON with the request's id."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import EDITOR
from tests.e2e.stack import Client, Gunicorn, RedisServer, wait_for

pytestmark = pytest.mark.e2e

# Readers behind a load balancer all ask for the same public host, whichever server answers.
PUBLIC_HOST = "127.0.0.1"


def _an_article(client: Client) -> dict:
    answer = client.get("/api/v1/articles/?page_size=1")
    assert answer.status == 200, answer.text
    return answer.json()["results"][0]


def _admin_change_title(editor: Client, article_id: int, title: str) -> None:
    path = f"/admin/articles/article/{article_id}/change/"
    fields = [
        (name, title if name == "title" else value)
        for name, value in editor.form(path, "article_form")
    ]
    answer = editor.post_form(path, [*fields, ("_save", "Save")])
    assert answer.status == 302, f"the admin refused the change: {answer.text[:2000]}"


def test_a_change_saved_through_one_server_is_served_at_once_by_the_other(production_stack):
    env = production_stack.env(API_RESPONSE_CACHE_SECONDS="300")
    with Gunicorn(env) as server_a, Gunicorn(env) as server_b:
        reader_a = Client(server_a.base_url, host=PUBLIC_HOST)
        reader_b = Client(server_b.base_url, host=PUBLIC_HOST)
        article = _an_article(reader_b)
        path = f"/api/v1/articles/{article['slug']}/"

        warm = reader_b.get(path)
        assert warm.status == 200
        assert reader_b.get(path).headers["X-Cache"] == "hit"
        # The cache is shared: A answers from what B stored.
        shared = reader_a.get(path)
        assert shared.headers["X-Cache"] == "hit"
        assert shared.body == warm.body

        editor = Client(server_a.base_url)
        editor.admin_login(*EDITOR)
        new_title = f"{article['title']} (corrected)"
        _admin_change_title(editor, article["id"], new_title)

        changed = reader_b.get(path)
        assert changed.status == 200
        assert changed.json()["title"] == new_title
        assert changed.headers["X-Cache"] == "miss"
        assert changed.headers["ETag"] != warm.headers["ETag"]
        listed = reader_b.get("/api/v1/articles/?page_size=100").json()["results"]
        assert new_title in [item["title"] for item in listed]


def test_a_conditional_request_is_answered_304_from_the_shared_cache(production_stack):
    env = production_stack.env(API_RESPONSE_CACHE_SECONDS="300")
    with Gunicorn(env) as server_a, Gunicorn(env) as server_b:
        article = _an_article(Client(server_a.base_url, host=PUBLIC_HOST))
        path = f"/api/v1/articles/{article['slug']}/"
        etag = Client(server_a.base_url, host=PUBLIC_HOST).get(path).headers["ETag"]

        answer = Client(server_b.base_url, host=PUBLIC_HOST).get(path, If_None_Match=etag)

        assert answer.status == 304
        assert answer.body == b""
        assert answer.headers["ETag"] == etag
        assert answer.headers["X-Cache"] == "hit"


def test_with_redis_down_requests_are_served_uncached_and_readiness_says_so(production_stack):
    redis = RedisServer()
    redis.start()
    try:
        env = production_stack.env(REDIS_URL=redis.url, API_RESPONSE_CACHE_SECONDS="300")
        with Gunicorn(env, workers=1) as server:
            client = Client(server.base_url)
            path = f"/api/v1/articles/{_an_article(client)['slug']}/"
            cached = client.get(path)
            assert client.get(path).headers["X-Cache"] == "hit"
            assert client.get("/readyz").status == 200

            redis.stop()

            for _ in range(3):
                uncached = client.get(path)
                assert uncached.status == 200
                assert uncached.headers["X-Cache"] == "bypass"
                assert uncached.json() == cached.json()
            assert client.get("/api/v1/articles/").status == 200
            readiness = client.get("/readyz")
            assert readiness.status == 503
            assert readiness.headers["Content-Type"] == "application/problem+json"
            assert readiness.json()["detail"] == "cache: unreachable"
            assert readiness.json()["checks"] == {"database": "ok", "cache": "unreachable"}
            assert client.get("/healthz").status == 200
            assert any(
                entry["level"] == "WARNING" and "cache unreachable" in entry["message"]
                for entry in server.log_entries()
            )

            redis.start()

            wait_for(lambda: client.get("/readyz").status == 200, timeout=10, what="readiness")
            assert client.get(path).headers["X-Cache"] in {"miss", "hit"}
            assert client.get(path).headers["X-Cache"] == "hit"
    finally:
        redis.stop()


def test_logs_are_json_lines_carrying_the_request_id_returned_to_the_client(production_stack):
    with Gunicorn(production_stack.env()) as server:
        client = Client(server.base_url)

        found = client.get("/api/v1/articles/", X_Request_ID="trace-e2e-1")
        missing = client.get("/api/v1/articles/no-such-article/")

        assert found.headers["X-Request-ID"] == "trace-e2e-1"
        missing_id = missing.headers["X-Request-ID"]
        assert len(missing_id) == 32
        server.stop()  # flushes the log
        entries = server.log_entries()
        assert entries, server.log()
        assert len(entries) == len(server.log().splitlines()), "a log line is not JSON"
        access = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
        traced = next(entry for entry in access if entry.get("request_id") == "trace-e2e-1")
        assert traced["status"] == 200
        assert traced["path"] == "/api/v1/articles/"
        assert traced["method"] == "GET"
        not_found = [entry for entry in entries if entry["logger"] == "django.request"]
        assert [entry["request_id"] for entry in not_found] == [missing_id]
        assert not_found[0]["level"] == "WARNING"
