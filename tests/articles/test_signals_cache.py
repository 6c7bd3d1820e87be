"""The content version: changed once per committed transaction that writes public content, and
never by one that rolls back."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from articles.models import ArticleTombstone, Image, ImageRendition
from articles.signals_cache import (
    CONTENT_VERSION_KEY,
    content_version,
    content_version_age,
    content_version_bump,
)
from tests.factories import article_create, publication_create


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_version_stays_the_same_without_writes():
    assert content_version() == content_version()


def test_a_lost_version_comes_back_as_one_never_seen_before():
    seen = {content_version(), content_version_bump(), content_version_bump()}
    cache.delete(CONTENT_VERSION_KEY)

    assert content_version() not in seen


def test_the_age_of_a_version_is_the_time_since_it_was_set():
    version = content_version_bump()

    assert 0 <= content_version_age(version) < 5
    assert content_version_age("not-a-version") == float("inf")
    time.sleep(0.01)
    assert content_version_age(version) >= 0.01


@pytest.mark.parametrize(
    "write",
    [
        lambda: publication_create(),
        lambda: article_create(captions=1),
        lambda: Image.objects.create(credit="AP"),
        lambda: ArticleTombstone.objects.create(article_id=1, slug="gone", reason="deleted"),
    ],
    ids=["publication", "article-with-caption", "image", "tombstone"],
)
def test_a_committed_write_changes_the_version(db, write, django_capture_on_commit_callbacks):
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        write()

    assert content_version() != before


def test_a_new_rendition_of_an_image_changes_the_version(transactional_db):
    # Renditions are in an image's representation, but saving one saves no image.
    image = Image.objects.create(credit="AP")
    before = content_version()

    ImageRendition.objects.create(image=image, name="thumbnail", file="x.jpg", width=16, height=9)

    assert content_version() != before


def test_a_transaction_of_many_writes_changes_the_version_once(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        article_create(captions=6)

    assert callbacks.count(content_version_bump) == 1


def test_a_deletion_changes_the_version(transactional_db):
    article = article_create(captions=2)
    before = content_version()

    article.delete()

    assert content_version() != before


def test_a_committed_transaction_changes_the_version_after_its_commit(transactional_db):
    before = content_version()

    with transaction.atomic():
        article_create(captions=6)
        # Not before the commit: another server could cache the old rows under the new version.
        assert content_version() == before
        pending = [f for _, f, _ in connection.run_on_commit if f is content_version_bump]
        assert len(pending) == 1

    assert content_version() != before


def test_a_rolled_back_write_leaves_the_version_alone(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                publication_create()
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
        publication_create()

    # The rolled-back write scheduled nothing; the later one scheduled its own bump.
    assert callbacks == [content_version_bump]
