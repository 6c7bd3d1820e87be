"""Purging the edge when a write commits: the one consumer of the change event
(``articles.changes.content_changed``) that reaches outside the application.

When a transaction that changed content commits, the keys of what it changed
(``newsapi.http.edge.surrogate_keys``) are purged on every backend of ``EDGE_CACHE``
(``edge.backends``), each tried ``EDGE_PURGE_ATTEMPTS`` times with requests of at most
``EDGE_PURGE_TIMEOUT`` seconds. A backend that still fails is logged and its keys are kept as a
``PendingPurge``, as are those of the writes of the next ``EDGE_PURGE_BACKOFF`` seconds, without
trying it: the write is committed already and stays; the next write, or
``manage.py edge_purge --drain`` (run it every minute), purges them. Until then the edge serves
what it had, for ``API_EDGE_MAX_AGE`` seconds at most."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import DatabaseError

from articles.changes import content_changed
from edge.backends import PurgeBackend, PurgeError, backends
from edge.models import PendingPurge
from newsapi.http.edge import surrogate_keys

logger = logging.getLogger(__name__)


def _attempt(backend: PurgeBackend, keys: Iterable[str], attempts: int) -> str | None:
    """Purge ``keys``; None when done, else the last error."""
    error = None
    for _ in range(max(1, attempts)):
        try:
            backend.purge(keys)
            return None
        except PurgeError as failed:
            error = str(failed)
    return error


# backend name -> time.monotonic() until which it is not tried: after a failure, the writes of
# the next EDGE_PURGE_BACKOFF seconds keep their keys for later at once, so that an edge that
# does not answer costs a run of writes (the loader's, one transaction a file) one timeout, not
# one each.
_failing_until: dict[str, float] = {}


def purge(keys: Iterable[str], *, backoff: bool = True) -> dict[str, str]:
    """Purge ``keys`` on every backend; the errors of those that failed (or were not tried,
    having failed moments before), by backend, whose keys are kept for later."""
    keys = sorted(set(keys))
    failures = {}
    if not keys:
        return failures
    for name, backend in backends().items():
        if backoff and time.monotonic() < _failing_until.get(name, 0.0):
            error = "not tried: it failed moments before"
        else:
            error = _attempt(backend, keys, settings.EDGE_PURGE_ATTEMPTS)
        if error is None:
            _failing_until.pop(name, None)
            continue
        if not error.startswith("not tried"):
            _failing_until[name] = time.monotonic() + settings.EDGE_PURGE_BACKOFF
        failures[name] = error
        logger.warning(
            "edge purge failed on %s, kept for later: %s",
            name,
            error,
            extra={"edge_backend": name, "keys": len(keys)},
        )
        try:
            PendingPurge.objects.create(backend=name, keys=" ".join(keys), last_error=error)
        except DatabaseError:
            logger.exception("edge purge of %d keys on %s is lost", len(keys), name)
    return failures


def drain(*, limit: int = 1000) -> tuple[int, int]:
    """Purge what is pending, oldest first, each backend until it fails once; how many were
    purged and how many are still pending."""
    found = backends()
    failing: set[str] = set()
    done = 0
    for pending in PendingPurge.objects.all()[:limit]:
        backend = found.get(pending.backend)
        if backend is None:  # a backend no longer configured: nothing to purge there
            pending.delete()
            continue
        if pending.backend in failing:
            continue
        error = _attempt(backend, pending.keys.split(), 1)
        if error is None:
            _failing_until.pop(pending.backend, None)
            pending.delete()
            done += 1
        else:
            failing.add(pending.backend)
            pending.attempts += 1
            pending.last_error = error
            pending.save(update_fields=["attempts", "last_error"])
    return done, PendingPurge.objects.count()


def _content_changed(sender, change, **kwargs) -> None:
    if not settings.EDGE_CACHE:
        return
    try:
        failures = purge(surrogate_keys(change))
        # The edge answers again: what it missed before goes through now.
        if not failures and PendingPurge.objects.exists():
            drain(limit=100)
    except Exception:  # the signal is sent robustly, which would drop the error unseen
        logger.exception("edge purge failed")


def connect() -> None:
    """Purge after every committed write (``articles.changes``)."""
    content_changed.connect(_content_changed, dispatch_uid="edge-purge")
