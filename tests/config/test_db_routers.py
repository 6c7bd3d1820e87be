"""Which database each query goes to, with a replica configured. The real streaming replica is
exercised through HTTP in tests/e2e/test_read_replica.py."""

from __future__ import annotations

import multidb
import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from multidb.pinning import pin_this_thread, this_thread_is_pinned, unpin_this_thread

from articles.models import Article, Caption
from config import db_routers
from config.db_routers import PrimaryReplicaRouter

router = PrimaryReplicaRouter()


@pytest.fixture(autouse=True)
def unpinned():
    """Each test starts as a request that has not written (PrimaryPinMiddleware unpins the
    thread at the start of every request that may not write)."""
    unpin_this_thread()
    yield
    unpin_this_thread()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(db_routers, "replica_configured", lambda: True)
    monkeypatch.setattr(multidb, "get_replica", lambda: "replica")


def test_without_a_replica_the_router_leaves_reads_alone():
    assert router.db_for_read(Article) is None
    assert router.db_for_write(Article) == "default"


def test_public_content_is_read_from_the_replica(with_replica):
    assert router.db_for_read(Article) == "replica"
    assert router.db_for_read(Caption) == "replica"


def test_sessions_and_users_are_always_read_from_the_primary(with_replica):
    assert router.db_for_read(Session) == "default"
    assert router.db_for_read(User) == "default"


def test_after_a_write_the_request_reads_from_the_primary(with_replica):
    assert router.db_for_write(Article) == "default"
    assert router.db_for_read(Article) == "default"
    assert this_thread_is_pinned()


def test_a_pinned_request_reads_from_the_primary(with_replica):
    pin_this_thread()

    assert router.db_for_read(Article) == "default"


def test_rows_related_to_a_primary_row_come_from_the_primary(with_replica):
    article = Article(slug="x")
    article._state.db = "default"

    assert router.db_for_read(Caption, instance=article) == "default"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary(with_replica):
    with transaction.atomic():
        assert router.db_for_read(Article) == "default"
    assert router.db_for_read(Article) == "replica"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_relations_between_primary_and_replica_rows_are_allowed():
    on_primary, on_replica = Article(slug="a"), Article(slug="b")
    on_primary._state.db, on_replica._state.db = "default", "replica"

    assert router.allow_relation(on_primary, on_replica) is True
