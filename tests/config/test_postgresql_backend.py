"""The PostgreSQL backend (``config/postgresql``): its health check asks the server only when the
connection's socket has something to say, and still finds a connection the server closed."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def own_connection():
    """A connection of its own, which the test may break."""
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend (set DATABASE_URL to run this test)")
    wrapper = connection.copy()
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_a_quiet_connection_is_usable_without_a_round_trip(own_connection, monkeypatch):
    sent = []
    cursor = own_connection.connection.cursor
    monkeypatch.setattr(
        own_connection.connection, "cursor", lambda *a, **k: sent.append(a) or cursor(*a, **k)
    )

    assert own_connection.is_usable()
    assert sent == []


def test_a_connection_the_server_closed_is_not_usable(own_connection):
    pid = own_connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname="postgres"
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)

    assert not own_connection.is_usable()


def test_a_connection_with_something_to_read_is_asked(own_connection):
    own_connection.connection.autocommit = True
    own_connection.connection.execute("LISTEN newsapi_test")
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        other.execute("NOTIFY newsapi_test")  # arrives on the listener's socket, unread
    time.sleep(0.2)
    sent = []
    cursor = own_connection.connection.cursor
    own_connection.connection.cursor = lambda *a, **k: sent.append(a) or cursor(*a, **k)

    assert own_connection.is_usable()
    assert sent, "checked with a query, since the socket was not quiet"


def test_a_connection_left_in_a_failed_transaction_is_asked(own_connection):
    own_connection.connection.autocommit = False
    with pytest.raises(psycopg.errors.DivisionByZero):
        own_connection.connection.execute("SELECT 1 / 0")

    assert not own_connection.is_usable()  # "current transaction is aborted"
