"""Whole answers of the read API in the shared cache: served again without a query, left behind
by every write, never served to editors, and answered 304 when the client has them already.
Cross-server behaviour with gunicorn and Redis is in tests/e2e/test_production_servers.py."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from articles.models import Article
from tests.config.test_health import unreachable_redis_cache
from tests.factories import (
    article_create,
    delete_article,
    edit_article,
    edit_caption,
    edit_image,
    edit_publication,
    publication_create,
)


@pytest.fixture
def article(db) -> Article:
    return article_create(captions=2, publication=publication_create())


@pytest.fixture
def committed_article(transactional_db) -> Article:
    """Writes in tests that use it commit for real, as in production, so the content version
    changes when they do."""
    return article_create(captions=2, publication=publication_create())


def detail(article: Article) -> str:
    return f"/api/v1/articles/{article.slug}/"


def test_a_repeated_read_is_served_from_the_cache_without_a_query(
    client, response_cache, article, django_assert_num_queries
):
    first = client.get(detail(article))
    with django_assert_num_queries(0):
        second = client.get(detail(article))

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    assert second["X-Request-ID"] != first["X-Request-ID"]


def _rename_article(article: Article) -> str:
    edit_article(article, title="A corrected headline")
    return "A corrected headline"


def _recaption(article: Article) -> str:
    edit_caption(article.captions.order_by("order").first(), text="A corrected caption.")
    return "A corrected caption."


def _recredit(article: Article) -> str:
    edit_image(article.captions.order_by("order").first().image, credit="Reuters/New Photographer")
    return "Reuters/New Photographer"


def _rename_publication(article: Article) -> str:
    edit_publication(article.publication, name="A Renamed Outlet")
    return "A Renamed Outlet"


@pytest.mark.parametrize(
    "write", [_rename_article, _recaption, _recredit, _rename_publication], ids=lambda f: f.__name__
)
def test_every_write_is_served_at_once(client, response_cache, committed_article, write):
    article = committed_article
    before = client.get(detail(article))
    assert client.get(detail(article))["X-Cache"] == "hit"

    expected = write(article)
    after = client.get(detail(article))

    assert after["X-Cache"] == "miss"
    assert expected in after.content.decode()
    assert expected not in before.content.decode()


def test_a_deleted_article_is_gone_at_once(client, response_cache, committed_article):
    assert client.get(detail(committed_article)).status_code == 200

    delete_article(committed_article)

    assert client.get(detail(committed_article)).status_code == 404


def test_lists_are_cached_by_their_whole_query_string(client, response_cache, article):
    client.get("/api/v1/articles/?page_size=5")

    assert client.get("/api/v1/articles/?page_size=5")["X-Cache"] == "hit"
    assert client.get("/api/v1/articles/?page_size=6")["X-Cache"] == "miss"
    assert client.get("/api/v1/articles/?page_size=5&page=1")["X-Cache"] == "miss"


def test_answers_are_kept_apart_by_accept_header_and_host(client, response_cache, article):
    client.get(detail(article))

    assert client.get(detail(article), headers={"Accept": "application/json"})["X-Cache"] == "miss"
    assert client.get(detail(article), headers={"Host": "localhost"})["X-Cache"] == "miss"


def test_answers_are_shared_whatever_encodings_and_languages_a_client_accepts(
    client, response_cache, article
):
    client.get(detail(article), headers={"Accept-Encoding": "gzip, br"})

    answer = client.get(
        detail(article), headers={"Accept-Encoding": "identity", "Accept-Language": "es"}
    )

    assert answer["X-Cache"] == "hit"


def test_a_conditional_request_is_answered_304_from_the_cache(client, response_cache, article):
    etag = client.get(detail(article))["ETag"]

    unchanged = client.get(detail(article), headers={"If-None-Match": etag})
    stale = client.get(detail(article), headers={"If-None-Match": '"something-else"'})

    assert unchanged.status_code == 304
    assert unchanged["X-Cache"] == "hit"
    assert unchanged["ETag"] == etag
    assert unchanged.content == b""
    assert stale.status_code == 200


def test_a_conditional_first_request_fills_the_cache(client, response_cache, article):
    etag = client.get(detail(article))["ETag"]
    cache.clear()

    answer = client.get(detail(article), headers={"If-None-Match": etag})

    assert answer.status_code == 304
    assert answer["X-Cache"] == "miss"
    assert client.get(detail(article))["X-Cache"] == "hit"


def test_a_head_request_is_answered_from_the_cache(client, response_cache, article):
    client.get(detail(article))

    assert client.head(detail(article))["X-Cache"] == "hit"


def test_editors_are_never_served_from_the_cache(staff_client, client, response_cache, article):
    client.get(detail(article))

    answer = staff_client.get(detail(article))

    assert answer.status_code == 200
    assert answer["X-Cache"] == "bypass"


def test_a_client_pinned_to_the_primary_is_not_served_from_the_cache(
    client, response_cache, article
):
    client.get(detail(article))
    client.cookies["primary_pin"] = "1"

    assert client.get(detail(article))["X-Cache"] == "bypass"


def test_errors_are_not_cached(client, response_cache, db):
    for _ in range(2):
        answer = client.get("/api/v1/articles/no-such-article/")
        assert answer.status_code == 404
        assert answer["X-Cache"] == "bypass"
    assert client.get("/api/v1/articles/?no_such_filter=1")["X-Cache"] == "bypass"


def test_only_the_read_api_is_cached(client, response_cache, db):
    assert "X-Cache" not in client.get("/")
    assert "X-Cache" not in client.get("/healthz")


def test_with_the_cache_off_nothing_is_cached(client, settings, article):
    settings.API_RESPONSE_CACHE_SECONDS = 0

    for _ in range(2):
        assert client.get(detail(article))["X-Cache"] == "bypass"


def test_with_the_cache_unreachable_answers_are_built_without_it(
    client, settings, response_cache, article
):
    settings.CACHES = unreachable_redis_cache()

    answers = [client.get(detail(article)) for _ in range(2)]

    assert [answer.status_code for answer in answers] == [200, 200]
    assert [answer["X-Cache"] for answer in answers] == ["bypass", "bypass"]
    assert answers[0].json()["title"] == article.title
