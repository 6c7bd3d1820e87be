"""The content version: one value in the shared cache that changes on every write to the news
content, so that every cached answer built from older content is left behind at once, on every app
server (cached answers are keyed by the version; see ``newsapi/caching.py``).

A version is the time of the write in nanoseconds and a random suffix (``"17f1c2…-9a3e"``): it never
repeats, even when Redis loses the key and it is set again, so that an old cached answer can never
come back. It is set after the transaction commits (``articles.changes.content_changed``), so that
no app server can cache content older than the version it files it under; the last version set is
always newer than every committed write."""

from __future__ import annotations

import secrets
import time

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


def content_version_and(key: str) -> tuple[str | None, object | None]:
    """The content version and the cached value of ``key``, in one round trip to the cache:
    what a cached answer is checked against on every request."""
    values = cache.get_many([CONTENT_VERSION_KEY, key])
    version = values.get(CONTENT_VERSION_KEY)
    if version is None:
        return content_version(), None
    return version, values.get(key)


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
