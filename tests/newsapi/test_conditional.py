"""HTTP caching of the read API: strong ETags and Last-Modified on details and lists, 304 for
clients that have the representation, Cache-Control and Vary; any change to what an article
shows (its text, a caption, an image, its publication) changes its ETag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils.http import http_date, parse_http_date

from articles.models import Article, Image
from tests.factories import (
    article_create,
    delete_article,
    edit_article,
    edit_caption,
    edit_image,
    edit_publication,
    publication_create,
)

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def detail_url(article: Article) -> str:
    return f"{ARTICLES}{article.slug}/"


@pytest.fixture
def article(db) -> Article:
    return article_create(captions=2, publication=publication_create())


@pytest.mark.parametrize("url", [ARTICLES, "detail", "/api/v1/images/", "/api/v1/captions/"])
def test_reads_carry_validators_and_caching_headers(api_client, article, settings, url):
    settings.API_CACHE_MAX_AGE = 300
    settings.API_EDGE_MAX_AGE = 7200
    settings.API_EDGE_STALE_WHILE_REVALIDATE = 20
    settings.API_EDGE_STALE_IF_ERROR = 600
    response = api_client.get(detail_url(article) if url == "detail" else url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    assert parse_http_date(response["Last-Modified"]) > 0
    assert response["Cache-Control"] == (
        "public, max-age=300, s-maxage=7200, stale-while-revalidate=20, stale-if-error=600"
    )
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("url", [ARTICLES, "detail"])
def test_if_none_match_answers_304_while_unchanged(api_client, article, url):
    url = detail_url(article) if url == "detail" else url
    first = api_client.get(url)

    again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    other = api_client.get(url, HTTP_IF_NONE_MATCH='"not-this-one"')

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert other.status_code == 200


def test_if_modified_since(api_client, article):
    last_modified = api_client.get(detail_url(article))["Last-Modified"]
    earlier = http_date(parse_http_date(last_modified) - 60)

    assert (
        api_client.get(detail_url(article), HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    )
    assert api_client.get(detail_url(article), HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def _retitle(article: Article) -> None:
    edit_article(article, title="A corrected headline")


def _recaption(article: Article) -> None:
    edit_caption(article.captions.order_by("order").first(), text="A corrected caption.")


def _recredit(article: Article) -> None:
    edit_image(article.captions.order_by("order").first().image, credit="Reuters/Someone Else")


def _rename_publication(article: Article) -> None:
    edit_publication(article.publication, name="A Renamed Outlet")


@pytest.mark.parametrize("change", [_retitle, _recaption, _recredit, _rename_publication])
def test_a_change_to_what_an_article_shows_changes_its_etag(api_client, article, change):
    # Let the clock move on, so that Last-Modified (whole seconds) can move too.
    Article.objects.filter(pk=article.pk).update(
        updated_at=datetime.now(UTC) - timedelta(seconds=5)
    )
    before = api_client.get(detail_url(article))
    listed = api_client.get(ARTICLES)

    change(article)

    after = api_client.get(detail_url(article), HTTP_IF_NONE_MATCH=before["ETag"])
    after_list = api_client.get(ARTICLES, HTTP_IF_NONE_MATCH=listed["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])
    assert after_list.status_code == 200
    assert after_list["ETag"] != listed["ETag"]


def test_a_list_changes_when_an_article_leaves_it(api_client, article):
    other = article_create()
    # Everything older than a second, so that Last-Modified (whole seconds) can move.
    a_while_ago = datetime.now(UTC) - timedelta(seconds=5)
    Article.objects.update(updated_at=a_while_ago)
    Image.objects.update(updated_at=a_while_ago)
    listed = api_client.get(ARTICLES)

    delete_article(other)

    again = api_client.get(ARTICLES, HTTP_IF_NONE_MATCH=listed["ETag"])
    since = api_client.get(ARTICLES, HTTP_IF_MODIFIED_SINCE=listed["Last-Modified"])
    assert again.status_code == 200
    assert since.status_code == 200  # the tombstone's time moved Last-Modified


def test_each_representation_has_its_own_etag(api_client, article):
    json = api_client.get(detail_url(article))
    ninjs = api_client.get(detail_url(article), HTTP_ACCEPT="application/ninjs+json")

    assert json["ETag"] != ninjs["ETag"]
    assert (
        api_client.get(
            detail_url(article),
            HTTP_ACCEPT="application/ninjs+json",
            HTTP_IF_NONE_MATCH=json["ETag"],
        ).status_code
        == 200
    )


def test_errors_carry_no_validators(api_client, db):
    response = api_client.get(f"{ARTICLES}nothing-here/")

    assert response.status_code == 404
    assert "ETag" not in response
