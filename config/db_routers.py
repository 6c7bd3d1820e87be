"""Reads from a replica, writes to the primary, and your own reads after a write from the primary.

With ``DATABASE_REPLICA_URL`` set, the settings hold a second database, ``"replica"`` (a streaming
replica of ``"default"``). Reads of the news content go to the replica; everything else goes to
the primary:

- every write, and every read inside a transaction (what a transaction reads, it may write);
- every read of a request once that request has written, and of a request pinned to the primary
  (``config.middleware.PrimaryPinMiddleware``: requests that may write, and an editor's requests
  for a few seconds after a write), so that an editor reads their own writes;
- sessions, users and permissions: an editor logging in must find their session at once.

Outside a request (a management command), a process that has written reads from the primary
from then on, for the same reason."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_DB_ALIAS = "replica"
# Only the public content is read from the replica; editors' data always comes from the primary.
REPLICA_APP_LABELS = {"articles"}


@dataclass
class RoutingState:
    pinned: bool = False
    wrote: bool = False


_process_state = RoutingState()
_request_state: ContextVar[RoutingState | None] = ContextVar("db_routing", default=None)


def _state() -> RoutingState:
    return _request_state.get() or _process_state


@contextmanager
def request_scope(*, pinned: bool) -> Iterator[RoutingState]:
    """Routing for one request: starts pinned to the primary or not; records whether it wrote."""
    state = RoutingState(pinned=pinned)
    token = _request_state.set(state)
    try:
        yield state
    finally:
        _request_state.reset(token)


def replica_configured() -> bool:
    return REPLICA_DB_ALIAS in settings.DATABASES


class PrimaryReplicaRouter:
    """``DATABASE_ROUTERS = ["config.db_routers.PrimaryReplicaRouter"]``"""

    def db_for_read(self, model, **hints) -> str | None:
        if not replica_configured():
            return None
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            # Rows related to one read from the primary come from the primary too.
            return instance._state.db
        state = _state()
        if (
            state.pinned
            or state.wrote
            or model._meta.app_label not in REPLICA_APP_LABELS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        _state().wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the same rows as the primary: a relation between them is fine.
        databases = {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        # The replica replays the primary's migrations; it cannot run its own.
        return db != REPLICA_DB_ALIAS
