"""Reads from a replica, writes to the primary, and your own reads after a write from the primary.

With ``DATABASE_REPLICA_URL`` set, the settings hold a second database, ``"replica"`` (a streaming
replica of ``"default"``). Reads of the news content go to the replica; everything else goes to
the primary:

- every write, and every read inside a transaction (what a transaction reads, it may write);
- every read of a request once that request has written, and of a request pinned to the primary
  (``PrimaryPinMiddleware``: requests that may write, and a client's requests for a few seconds
  after it wrote), so that an editor reads their own writes;
- sessions, users and permissions: an editor logging in must find their session at once.

Outside a request (a management command), a process that has written reads from the primary
from then on, for the same reason.

The pinning is django-multidb-router's (a flag of the thread, set from a cookie at the start of
each request, and its cookie after a write); these classes add the rules it does not have: only
the ``articles`` app is read from the replica, never inside a transaction, and nothing changes
while no replica is configured."""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from multidb import PinningReplicaRouter
from multidb.middleware import PinningRouterMiddleware
from multidb.pinning import pin_this_thread

REPLICA_DB_ALIAS = "replica"
# Only the public content is read from the replica; editors' data always comes from the primary.
REPLICA_APP_LABELS = {"articles"}


def replica_configured() -> bool:
    return REPLICA_DB_ALIAS in settings.DATABASES


class PrimaryReplicaRouter(PinningReplicaRouter):
    """``DATABASE_ROUTERS = ["config.db_routers.PrimaryReplicaRouter"]``"""

    def db_for_read(self, model, **hints) -> str | None:
        if not replica_configured():
            return None
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            # Rows related to one read from the primary come from the primary too.
            return instance._state.db
        if (
            model._meta.app_label not in REPLICA_APP_LABELS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return super().db_for_read(model, **hints)

    def db_for_write(self, model, **hints) -> str:
        # What a request or a command reads after it wrote, it reads where it wrote.
        pin_this_thread()
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


class PrimaryPinMiddleware(PinningRouterMiddleware):
    """Read your writes with a read replica: a request that may write (``POST``, ``PUT``,
    ``PATCH``, ``DELETE``) reads from the primary from the start, so that what it checks and
    what it writes are the same rows; and its client's requests for ``MULTIDB_PINNING_SECONDS``
    after it (a ``primary_pin`` cookie) read from the primary too, so that an editor never sees
    the page they just saved as it was before. Without a replica there is nothing to pin to: a
    request passes untouched (no cookie read, none set)."""

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        return super().__call__(request)
