"""The content version: changed once per committed transaction that announces a write
(``articles.changes``), and never by one that rolls back."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from articles import services
from articles.changes import _Pending
from newsapi.http.content_version import (
    CONTENT_VERSION_KEY,
    content_version,
    content_version_age,
    content_version_bump,
)
from tests.factories import image_upload


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def new_article(captions: int = 0):
    return services.article_create(
        title="A story",
        paragraphs=["One.", "Two."],
        status="published",
        captions=[services.CaptionInput(text=f"{n}", credit="AP") for n in range(captions)],
    )


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
        lambda: services.publication_create(name="Gazette"),
        lambda: new_article(captions=1),
        lambda: services.image_create(file=None, credit="AP"),
        lambda: services.article_withdraw(article=new_article()),
    ],
    ids=["publication", "article-with-caption", "image", "tombstone"],
)
def test_a_committed_write_changes_the_version(db, write, django_capture_on_commit_callbacks):
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        write()

    assert content_version() != before


def test_a_new_rendition_of_an_image_changes_the_version(transactional_db, media_root):
    # Renditions are in an image's representation, but saving one saves no image.
    image = services.image_create(file=None, credit="AP")
    before = content_version()

    services.image_file_replace(image=image, file=image_upload())

    assert content_version() != before


def test_a_transaction_of_many_writes_changes_the_version_once(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        new_article(captions=6)

    assert [type(callback) for callback in callbacks] == [_Pending]


def test_a_deletion_changes_the_version(transactional_db):
    article = new_article(captions=2)
    before = content_version()

    services.article_delete(article=article)

    assert content_version() != before


def test_a_committed_transaction_changes_the_version_after_its_commit(transactional_db):
    before = content_version()

    with transaction.atomic():
        new_article(captions=6)
        # Not before the commit: another server could cache the old rows under the new version.
        assert content_version() == before
        pending = [f for _, f, _ in connection.run_on_commit if isinstance(f, _Pending)]
        assert len(pending) == 1

    assert content_version() != before


def test_a_rolled_back_write_leaves_the_version_alone(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                services.publication_create(name="Gazette")
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
        services.publication_create(name="Gazette")

    # The rolled-back write scheduled nothing; the later one scheduled its own announcement.
    assert [type(callback) for callback in callbacks] == [_Pending]
