"""A public article's detail asked for anonymously, in our JSON and with no parameter, is answered
from its stored representation in front of DRF (``newsapi.fast_detail``). These tests hold
that answer to the one the full path gives the same request, header for header, and check that
every other request still takes the full path."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleStatus
from newsapi.views import ArticleViewSet
from tests.conftest import CORPUS
from tests.factories import article_create

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"
# Headers of one exchange: another request gets another id.
EXCHANGE_HEADERS = {"X-Request-ID"}


def detail_url(slug: str) -> str:
    return f"{LIST_URL}{slug}/"


@pytest.fixture
def stored_articles(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", str(CORPUS), verbosity=0)
    return list(Article.objects.all())


def full_path(client, method: str, url: str, **headers):
    """The answer of DRF's whole path to the same request."""
    with mock.patch("newsapi.fast_detail.fast_detail", return_value=None):
        return getattr(client, method)(url, headers=headers)


def drf_untouched():
    """DRF's request handling made to fail: an answer given under it never went through it."""
    return mock.patch.object(ArticleViewSet, "initial", side_effect=AssertionError("DRF path"))


def assert_same(fast, full) -> None:
    assert fast.status_code == full.status_code
    assert fast.content == full.content
    fast_headers = {k: v for k, v in fast.headers.items() if k not in EXCHANGE_HEADERS}
    full_headers = {k: v for k, v in full.headers.items() if k not in EXCHANGE_HEADERS}
    assert fast_headers == full_headers


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize(
    "accept", [None, "*/*", "application/json", "application/json, text/html;q=0.9"]
)
def test_the_answer_is_the_full_paths_header_for_header(client, stored_articles, method, accept):
    headers = {"Accept": accept} if accept else {}
    for article in stored_articles:
        url = detail_url(article.slug)
        with drf_untouched():
            fast = getattr(client, method)(url, headers=headers)
        assert fast.status_code == 200
        assert_same(fast, full_path(client, method, url, **headers))


def test_a_client_that_has_it_gets_the_full_paths_304(client, stored_articles):
    url = detail_url(stored_articles[0].slug)
    answer = client.get(url)
    for conditions in (
        {"If-None-Match": answer["ETag"]},
        {"If-Modified-Since": answer["Last-Modified"]},
    ):
        with drf_untouched():
            fast = client.get(url, headers=conditions)
        assert fast.status_code == 304
        assert_same(fast, full_path(client, "get", url, **conditions))


@pytest.mark.parametrize(
    ("query", "headers", "status", "content_type"),
    [
        ("?format=json", {}, 200, "application/json"),
        ("?fields=id,title", {}, 200, "application/json"),
        ("", {"Accept": "application/ninjs+json"}, 200, "application/ninjs+json"),
        ("", {"Accept": "application/ld+json, application/json;q=0.5"}, 200, "application/ld+json"),
        ("", {"Accept": "application/json; indent=2"}, 200, "application/json"),
        ("", {"Accept": "text/html"}, 406, "application/problem+json"),
        ("?nonsense=1", {}, 400, "application/problem+json"),
    ],
)
def test_other_requests_take_the_full_path(
    client, stored_articles, query, headers, status, content_type
):
    with drf_untouched(), pytest.raises(AssertionError, match="DRF path"):
        client.get(detail_url(stored_articles[0].slug) + query, headers=headers)
    answer = client.get(detail_url(stored_articles[0].slug) + query, headers=headers)
    assert answer.status_code == status
    assert answer["Content-Type"].startswith(content_type)


def test_what_the_public_may_not_read_is_the_full_paths_404(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = article_create(status=ArticleStatus.DRAFT)
    for slug in (draft.slug, "no-such-article"):
        answer = client.get(detail_url(slug))
        assert answer.status_code == 404
        assert answer["Content-Type"] == "application/problem+json"


def test_an_article_whose_representation_is_out_of_date_is_built_afresh(client, stored_articles):
    article = stored_articles[0]
    Article.objects.filter(pk=article.pk).update(title="Changed behind", updated_at=timezone.now())
    assert client.get(detail_url(article.slug)).json()["title"] == "Changed behind"


def test_editors_are_answered_by_the_full_path(editor_client, stored_articles):
    url = detail_url(stored_articles[0].slug)
    with drf_untouched(), pytest.raises(AssertionError, match="DRF path"):
        editor_client.get(url)
    assert editor_client.get(url)["Cache-Control"] == "private, no-cache"


def test_the_rate_limit_counts_these_answers(client, stored_articles, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    url = detail_url(stored_articles[0].slug)
    for _ in range(3):
        with drf_untouched():
            assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_a_request_the_full_path_answers_is_counted_once(client, stored_articles, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    for _ in range(3):
        assert client.get(detail_url("no-such-article")).status_code == 404
    assert client.get(detail_url("no-such-article")).status_code == 429
