"""What the edge in front (Varnish, a CDN) reads from the API's answers (``newsapi.http.edge``):
how long it may keep them, and the keys naming every object they show, by which writes purge
them. The purges themselves are tested in ``tests/edge/``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.cache import get_max_age

from articles.changes import Change
from articles.models import ArticleStatus
from newsapi.http.edge import surrogate_keys
from newsapi.models import StoredRepresentation
from tests.factories import article_create, publication_create

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def _keys(response) -> list[str]:
    assert response["Surrogate-Key"] == response["xkey"]
    assert response["Cache-Tag"] == response["xkey"].replace(" ", ",")
    return response["Surrogate-Key"].split()


def _s_maxage(response) -> int:
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        if name == "s-maxage":
            return int(value)
    raise AssertionError(f"no s-maxage in {response['Cache-Control']}")


@pytest.fixture
def article(db, django_capture_on_commit_callbacks):
    # Committed, so that its stored representation is built as in production.
    with django_capture_on_commit_callbacks(execute=True):
        return article_create(captions=2, publication=publication_create())


def _expected_detail_keys(article) -> set[str]:
    keys = {f"article-{article.pk}", f"publication-{article.publication_id}"}
    for caption in article.captions.all():
        keys |= {f"caption-{caption.pk}", f"image-{caption.image_id}"}
    return keys


@pytest.mark.parametrize("stored", [True, False], ids=["stored", "serialized"])
@pytest.mark.parametrize("query", ["", "?format=ninjs", "?fields=title"])
def test_a_detail_names_the_article_its_captions_images_and_publication(
    api_client, article, settings, stored, query
):
    settings.API_STORED_REPRESENTATIONS = stored
    response = api_client.get(f"{ARTICLES}{article.slug}/{query}")

    assert response.status_code == 200
    assert StoredRepresentation.objects.filter(article=article).exists()
    assert set(_keys(response)) == _expected_detail_keys(article)
    assert len(_expected_detail_keys(article)) == 6


def test_a_list_names_its_list_and_the_articles_on_it(api_client, article):
    other = article_create()
    response = api_client.get(f"{ARTICLES}?page_size=5")

    assert response.status_code == 200
    assert _keys(response) == ["article-list", f"article-{other.pk}", f"article-{article.pk}"]


@pytest.mark.parametrize(
    ("url", "first"),
    [
        ("/api/v1/images/", "image-list"),
        ("/api/v1/captions/", "caption-list"),
        ("/api/v1/publications/", "publication-list"),
        (f"{ARTICLES}deleted/", "article-list"),
        ("/feeds/rss/", "article-list"),
    ],
)
def test_other_lists_name_their_list(api_client, article, url, first):
    response = api_client.get(url)

    assert response.status_code == 200
    assert _keys(response)[0] == first


def test_a_caption_names_its_article_and_image(api_client, article):
    caption = article.captions.first()
    response = api_client.get(f"/api/v1/captions/{caption.pk}/")

    assert set(_keys(response)) == {
        f"caption-{caption.pk}",
        f"article-{article.pk}",
        f"image-{caption.image_id}",
    }


def test_signed_in_answers_are_private_and_name_nothing(editor_client, article):
    for url in (ARTICLES, f"{ARTICLES}{article.slug}/"):
        response = editor_client.get(url)

        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache"
        assert "Surrogate-Key" not in response
        assert "xkey" not in response and "Cache-Tag" not in response


def test_errors_and_redirects_carry_no_keys(api_client, article):
    missing = api_client.get(f"{ARTICLES}no-such-article/")
    bad = api_client.get(f"{ARTICLES}?page=abc")

    assert missing.status_code == 404 and "xkey" not in missing
    assert bad.status_code in (400, 404) and "xkey" not in bad


def test_the_edge_keeps_a_list_no_longer_than_until_the_next_article_comes_due(
    api_client, article, settings
):
    settings.API_EDGE_MAX_AGE = 3600
    article_create(status=ArticleStatus.SCHEDULED, published_at=timezone.now() + timedelta(10))
    assert _s_maxage(api_client.get(ARTICLES)) == 3600  # ten days away
    article_create(
        status=ArticleStatus.SCHEDULED, published_at=timezone.now() + timedelta(seconds=100)
    )

    listed = api_client.get(ARTICLES)
    feed = api_client.get("/feeds/atom/")
    detail = api_client.get(f"{ARTICLES}{article.slug}/")

    assert 90 <= _s_maxage(listed) <= 100
    assert 90 <= _s_maxage(feed) <= 100
    assert _s_maxage(detail) == 3600  # an article shown already changes only by a write
    assert get_max_age(listed) == settings.API_CACHE_MAX_AGE


def test_a_write_purges_its_objects_and_the_lists_they_are_shown_on():
    caption_edit = Change(articles=frozenset({7}), captions=frozenset({12}))
    renamed = Change(articles=frozenset({7, 8}), publications=frozenset({2}))
    deleted_image = Change(images=frozenset({9}), removed=frozenset({("image", 9)}))

    assert surrogate_keys(caption_edit) == {
        "article-7",
        "caption-12",
        "article-list",
        "caption-list",
        "image-list",
    }
    assert surrogate_keys(renamed) == {
        "article-7",
        "article-8",
        "publication-2",
        "article-list",
        "caption-list",
        "publication-list",
    }
    assert surrogate_keys(deleted_image) == {
        "image-9",
        "article-list",
        "caption-list",
        "image-list",
    }
