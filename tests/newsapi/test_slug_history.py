"""An article whose slug changes keeps its old slugs: its detail lists them, and their URLs
answer ``301`` with the article's current URL, so that links published before still work."""

from __future__ import annotations

import pytest

from articles.models import Article, ArticleSlug, ArticleStatus
from articles.services import article_update
from tests.factories import article_create

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/articles/{}/"


def renamed(article: Article, slug: str) -> Article:
    return article_update(article=article, changes={"slug": slug})


def test_an_old_slug_redirects_to_the_article_and_the_detail_lists_it(api_client):
    article = renamed(article_create(slug="council-budget-draft"), "council-approves-budget")

    moved = api_client.get(DETAIL.format("council-budget-draft"), {"format": "ninjs"})
    current = api_client.get(DETAIL.format("council-approves-budget"))

    assert moved.status_code == 301
    assert moved["Location"] == (
        "http://testserver/api/v1/articles/council-approves-budget/?format=ninjs"
    )
    assert current.status_code == 200
    assert current.json()["slug_history"] == ["council-budget-draft"]
    assert current.json()["id"] == article.pk


def test_every_old_slug_leads_to_the_current_one_the_latest_first(api_client):
    renamed(renamed(article_create(slug="first"), "second"), "third")

    assert api_client.get(DETAIL.format("first"))["Location"].endswith("/articles/third/")
    assert api_client.get(DETAIL.format("second"))["Location"].endswith("/articles/third/")
    assert api_client.get(DETAIL.format("third")).json()["slug_history"] == ["second", "first"]


def test_a_slug_taken_up_again_is_the_article_that_has_it_now(api_client):
    first = renamed(article_create(slug="harbour"), "harbour-old")
    renamed(first, "harbour")  # back to it: it is current again, not history
    second = renamed(article_create(slug="metro"), "metro-fares")
    third = article_create(slug="metro")  # another article takes the old slug

    assert api_client.get(DETAIL.format("harbour")).json()["slug_history"] == ["harbour-old"]
    assert api_client.get(DETAIL.format("harbour-old"))["Location"].endswith("/harbour/")
    assert api_client.get(DETAIL.format("metro")).json()["id"] == third.pk
    renamed(third, "metro-night")  # "metro" now leads to the last article that had it
    assert api_client.get(DETAIL.format("metro"))["Location"].endswith("/metro-night/")
    assert ArticleSlug.objects.filter(article=second).count() == 0


def test_an_old_slug_of_an_article_the_public_cannot_read_is_not_found(api_client, editor_api):
    renamed(article_create(slug="embargoed", status=ArticleStatus.DRAFT), "embargoed-story")

    assert api_client.get(DETAIL.format("embargoed")).status_code == 404
    assert editor_api.get(DETAIL.format("embargoed")).status_code == 301


def test_the_write_api_keeps_the_old_slug_and_will_not_set_the_history(editor_api):
    article = article_create(slug="draft-title")

    response = editor_api.patch(
        DETAIL.format("draft-title"),
        {"slug": "final-title", "slug_history": ["made-up"]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["slug_history"] == ["draft-title"]
    assert list(article.previous_slugs.values_list("slug", flat=True)) == ["draft-title"]


def test_the_stored_detail_follows_a_change_of_slug(
    api_client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(slug="before")
    with django_capture_on_commit_callbacks(execute=True):
        renamed(article, "after")

    with django_assert_num_queries(1):  # the stored detail, as for any article
        answer = api_client.get(DETAIL.format("after"))

    assert answer.json()["slug_history"] == ["before"]
    assert api_client.get(DETAIL.format("before")).status_code == 301
