"""Delta sync: ``?updated_since=`` and the tombstones of ``/api/v1/articles/deleted/?since=``
are enough for a client to mirror the public store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from articles.models import Article, ArticleStatus, ArticleTombstone, Caption
from articles.services import article_unpublish, article_withdraw
from tests.factories import article_create, delete_article, edit_article, edit_caption

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"
DELETED = "/api/v1/articles/deleted/"


def tombstones(api_client, **params) -> list[tuple[str, str]]:
    response = api_client.get(DELETED, params)
    assert response.status_code == 200, response.json()
    return [(t["slug"], t["reason"]) for t in response.json()["results"]]


def test_deleting_a_public_article_leaves_a_tombstone(api_client, db):
    article = article_create(slug="gone")
    article_id = article.pk

    delete_article(article)

    [tombstone] = api_client.get(DELETED).json()["results"]
    assert tombstone["article_id"] == article_id
    assert (tombstone["slug"], tombstone["reason"]) == ("gone", "deleted")
    assert datetime.fromisoformat(tombstone["removed_at"]) <= datetime.now(UTC)


def test_deleting_in_bulk_leaves_tombstones(api_client, staff_client):
    for number in range(3):
        article_create(slug=f"bulk-{number}")

    # The admin's "Delete selected articles", confirmed.
    selected = Article.objects.filter(slug__startswith="bulk-").values_list("pk", flat=True)
    staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": list(selected), "post": "yes"},
    )

    assert sorted(tombstones(api_client)) == [(f"bulk-{n}", "deleted") for n in range(3)]


@pytest.mark.parametrize(
    "withdraw",
    [
        lambda article: article_withdraw(article=article),
        lambda article: article_unpublish(article=article),
        lambda article: edit_article(article, status=ArticleStatus.WITHDRAWN),
    ],
    ids=["service", "unpublish", "update"],
)
def test_leaving_public_view_leaves_one_tombstone(api_client, db, withdraw):
    article = article_create(slug="story")

    withdraw(Article.objects.get(pk=article.pk))

    assert tombstones(api_client) == [("story", "withdrawn")]
    assert api_client.get(f"{ARTICLES}story/").status_code == 404


def test_articles_the_public_never_saw_leave_no_tombstone(api_client, db):
    draft = article_create(slug="embargoed-story", status=ArticleStatus.DRAFT)
    future = article_create(
        slug="scheduled",
        status=ArticleStatus.SCHEDULED,
        published_at=datetime.now(UTC) + timedelta(days=1),
    )

    delete_article(draft)
    edit_article(future, status=ArticleStatus.WITHDRAWN)

    assert tombstones(api_client) == []


def test_since_and_order(api_client, db):
    old = ArticleTombstone.objects.create(
        article_id=1, slug="old", reason="deleted", removed_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    ArticleTombstone.objects.create(
        article_id=2, slug="new", reason="withdrawn", removed_at=datetime(2024, 6, 1, tzinfo=UTC)
    )

    assert tombstones(api_client) == [("old", "deleted"), ("new", "withdrawn")]
    assert tombstones(api_client, since="2024-03-01") == [("new", "withdrawn")]
    assert tombstones(api_client, since=old.removed_at.isoformat()) == [
        ("old", "deleted"),
        ("new", "withdrawn"),
    ]


@pytest.mark.parametrize(
    ("params", "name"), [({"since": "last week"}, "since"), ({"search": "x"}, "search")]
)
def test_bad_parameters_are_400s(api_client, db, params, name):
    response = api_client.get(DELETED, params)

    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == name


def test_a_caption_change_brings_its_article_into_updated_since(api_client, db):
    article = article_create(captions=1)
    Article.objects.update(updated_at=datetime(2024, 1, 1, tzinfo=UTC))
    cutoff = datetime.now(UTC)

    edit_caption(Caption.objects.get(article=article), text="Corrected.")

    changed = api_client.get(ARTICLES, {"updated_since": cutoff.isoformat()}).json()["results"]
    assert [a["slug"] for a in changed] == [article.slug]


def test_a_client_mirrors_the_store(api_client, db):
    """Sync from scratch, let the store change, sync again: the mirror equals the store."""

    def sync(mirror: dict[str, str], since: str | None) -> str:
        started = datetime.now(UTC).isoformat()
        params = {"cursor": "", "ordering": "updated", "expand": "body"}
        if since:
            params["updated_since"] = since
        url: str | None = ARTICLES
        while url:
            body = api_client.get(url, params).json()
            mirror.update({a["slug"]: a["title"] for a in body["results"]})
            url, params = body["next"], None
        for tombstone in api_client.get(DELETED, {"since": since} if since else {}).json()[
            "results"
        ]:
            mirror.pop(tombstone["slug"], None)
        return started

    for number in range(5):
        article_create(slug=f"story-{number}", title=f"Story {number}")
    mirror: dict[str, str] = {}
    since = sync(mirror, None)

    delete_article(Article.objects.get(slug="story-0"))
    article_withdraw(article=Article.objects.get(slug="story-1"))
    edit_article(Article.objects.get(slug="story-2"), title="Story 2, corrected")
    article_create(slug="story-5", title="Story 5")
    sync(mirror, since)

    store = {a.slug: a.title for a in Article.objects.published()}
    assert mirror == store
    assert set(mirror) == {"story-2", "story-3", "story-4", "story-5"}
