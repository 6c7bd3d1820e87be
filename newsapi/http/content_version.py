"""The content version: one value in the shared cache that changes on every write to the news
content, and what each process reuses under it: a list's count, its first ids and the store's last
change, read once and reused for ``API_LIST_REUSE_SECONDS`` by every request of the process while
the version stays the same, since any write changes it, on every app server.

A version is the time of the write in nanoseconds and a random suffix (``"17f1c2…-9a3e"``): it never
repeats, even when Redis loses the key and it is set again, so that an old value can never come
back. It is set after the transaction commits (``articles.changes.content_changed``), so that no
process can file content older than the version it files it under.

(Whole answers were once cached in Redis under the version too; behind an edge cache that purges
by key they cost more than they spared, measured with ``bench/edge.py``, and were retired.)"""

from __future__ import annotations

import secrets
import time
from array import array
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from articles.changes import content_changed

CONTENT_VERSION_KEY = "articles:content-version"


def content_version_age(version: str) -> float:
    """Seconds since ``version`` was set: ``content_version_age("17f1c2a0b3c4d5e6-9a3e")``."""
    try:
        return max(0.0, (time.time_ns() - int(version.split("-", 1)[0], 16)) / 1e9)
    except ValueError:
        return float("inf")


def _new_version() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(2)}"


def content_version() -> str | None:
    """The current content version, set now if the cache has none; ``None`` when the cache is
    unreachable (then nothing can be cached safely)."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def request_version(request) -> str | None:
    """The content version a request reuses under, read once for it; ``None`` (nothing reused)
    for an editor's request, and when ``API_LIST_REUSE_SECONDS`` is 0, as in development and
    tests, where a list must show a write at once even in a transaction that has not committed."""
    if not settings.API_LIST_REUSE_SECONDS:
        return None
    # Editors (credentials, a session, reads pinned to the primary after a write) read what is
    # there now: their own writes at once, and drafts no one else's list holds.
    personal = {settings.SESSION_COOKIE_NAME, settings.DATABASE_PRIMARY_PIN_COOKIE}
    if "HTTP_AUTHORIZATION" in request.META or personal.intersection(request.COOKIES):
        return None
    if not hasattr(request, "content_version"):
        request.content_version = content_version()
    return request.content_version


def content_version_bump() -> str:
    """Leave every cached answer behind: set a new content version and return it."""
    version = _new_version()
    cache.set(CONTENT_VERSION_KEY, version, timeout=None)
    return version


def _content_changed(sender, change, **kwargs) -> None:
    content_version_bump()


def connect() -> None:
    """Bump the version once for every committed write (``articles.changes``)."""
    content_changed.connect(_content_changed, dispatch_uid="content-version")


# key -> (content version, time.monotonic() when computed, value), in this process, for
# settings.API_LIST_REUSE_SECONDS.
_REUSED: dict[Hashable, tuple[str, float, Any]] = {}
REUSE_MAX_KEYS = 1000


def _reusable(reused: tuple | None, version: str, now: float) -> bool:
    """Whether ``reused`` (content version, time read, …) was read under ``version`` less than
    ``API_LIST_REUSE_SECONDS`` before ``now``."""
    return (
        reused is not None
        and reused[0] == version
        and now - reused[1] < settings.API_LIST_REUSE_SECONDS
    )


def reuse_under_version(version: str | None, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it gave for ``key`` less than ``API_LIST_REUSE_SECONDS`` (5) ago
    in this process under the same content version ``version`` (``request.content_version``,
    ``request_version``). Every write changes
    the version; under one version only a scheduled article coming due changes what the store
    holds, and the answers cached under it are at most that late.
    With no version, computed every time."""
    if version is None:
        return compute()
    now = time.monotonic()
    reused = _REUSED.get(key)
    if _reusable(reused, version, now):
        return reused[2]
    value = compute()
    if len(_REUSED) >= REUSE_MAX_KEYS:
        _REUSED.clear()
    _REUSED[key] = (version, now, value)
    return value


# key -> (content version, time.monotonic() when read, the first ids of a list, whether they are
# all of it), in this process; at most REUSE_MAX_LISTS lists of at most REUSE_MAX_IDS ids, kept
# as 8-byte integers (at most 6.4 MB in all).
_REUSED_IDS: dict[Hashable, tuple[str, float, array, bool]] = {}
REUSE_MAX_LISTS = 16
REUSE_MAX_IDS = 50_000


def ids_reused_under_version(
    version: str | None,
    key: Hashable,
    read: Callable[[int, int], list[int]],
    bottom: int,
    top: int,
) -> list[int]:
    """Ids ``bottom`` to ``top`` of a list that ``read(bottom, top)`` reads, taken from its
    first ids as read less than ``API_LIST_REUSE_SECONDS`` ago in this process under the
    content version ``version`` (as ``reuse_under_version`` reuses a count), or else read
    from the first up to ``top`` for the pages that follow. A page deep in a list costs the
    database a pass over every row before it (``OFFSET``): the pages of one list asked for
    within those seconds share one such pass. With no version, only the page is read."""
    if version is None or top > REUSE_MAX_IDS:
        return read(bottom, top)
    now = time.monotonic()
    reused = _REUSED_IDS.get(key)
    fresh = _reusable(reused, version, now)
    if fresh and (len(reused[2]) >= top or reused[3]):
        return reused[2][bottom:top].tolist()
    # Twice as many as before at least, so that a client reading page after page (a crawler)
    # makes the list be read a few times, not once a page.
    wanted = min(max(top, 2 * len(reused[2]) if fresh else 0), REUSE_MAX_IDS)
    ids = array("q", read(0, wanted))
    if len(_REUSED_IDS) >= REUSE_MAX_LISTS:
        _REUSED_IDS.clear()
    _REUSED_IDS[key] = (version, now, ids, len(ids) < wanted)
    return ids[bottom:top].tolist()
