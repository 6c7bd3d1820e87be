"""A Redis cache that never turns an outage into an error.

The cache only makes answers faster: when Redis is down, slow or restarting, every read is a miss
and every write is dropped, and the request is served from the database as if nothing was cached.
After a failure the backend stops calling Redis for ``RETRY_AFTER`` seconds (1 by default), so
that an outage costs one failed connection per process and second, not one per cache call.

``incr()`` and ``decr()`` still raise: a counter cannot be faked, and nothing here uses them."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, with one ``redis.Redis`` per connection pool instead of a new one
    for every call: building one costs about 0.15 ms of Python, as much as the round trip to a
    local Redis. ``redis.Redis`` is thread-safe over its pool."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class FailSafeRedisCache(RedisCache):
    """Django's Redis cache, with every failure logged and read as a miss.

    ``CACHES = {"default": {"BACKEND": "config.cache.FailSafeRedisCache",
    "LOCATION": "redis://127.0.0.1:6379/0", "RETRY_AFTER": 1}}``"""

    def __init__(self, server, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self.retry_after = float(params.get("RETRY_AFTER", 1))
        self._down_until = 0.0
        self._lock = threading.Lock()

    def is_marked_down(self) -> bool:
        return time.monotonic() < self._down_until

    def mark_down(self, error: Exception) -> None:
        with self._lock:
            already_down = self.is_marked_down()
            self._down_until = time.monotonic() + self.retry_after
        if not already_down:
            logger.warning(
                "cache unreachable, serving uncached for %.1f s: %s",
                self.retry_after,
                error,
                extra={"cache_error": type(error).__name__},
            )

    def validate_key(self, key: str) -> None:
        """Nothing to check: Redis takes any key. Django's checks are memcached's limits (250
        characters, no spaces or control characters), and they cost a regular expression per
        key on every request the response cache looks up."""

    def ping(self) -> bool:
        """Whether Redis answers now, ignoring the back-off: what readiness reports."""
        try:
            reachable = bool(self._cache.get_client(write=True).ping())
        except (RedisError, OSError):
            return False
        self._down_until = 0.0
        return reachable

    def _guarded(self, default: Any, call: Callable[[], Any]) -> Any:
        """``call()``, or ``default`` while the cache is marked down or when Redis fails."""
        if self.is_marked_down():
            return default
        try:
            return call()
        except (RedisError, OSError) as error:
            self.mark_down(error)
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._guarded(
            False, lambda: super(FailSafeRedisCache, self).add(key, value, timeout, version)
        )

    def get(self, key, default=None, version=None) -> Any:
        return self._guarded(
            default, lambda: super(FailSafeRedisCache, self).get(key, default, version)
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._guarded(
            None, lambda: super(FailSafeRedisCache, self).set(key, value, timeout, version)
        )

    def set_unconfirmed(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        """``set()`` without waiting for Redis to confirm it (``CLIENT REPLY SKIP``): for what
        only saves work later, such as a response to serve again. Waiting for the reply cost a
        request a round trip, and a worker under load its turn on the CPU; a write Redis could
        not do is a later miss, as a write refused during an outage is."""
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:  # as set() does: kept for no time at all
            self._guarded(False, lambda: self._cache.delete(key))
            return

        def send() -> None:
            client = self._cache.get_client(key, write=True)
            arguments = ("SET", key, self._cache._serializer.dumps(value))
            if timeout is not None:
                arguments += ("EX", timeout)
            pool = client.connection_pool
            connection = pool.get_connection()
            try:
                # Neither command answers: SKIP is answered by nothing, and skips SET's reply.
                packed = connection.pack_commands([("CLIENT", "REPLY", "SKIP"), arguments])
                connection.send_packed_command([b"".join(packed)])
            finally:
                pool.release(connection)

        self._guarded(None, send)

    def incr(self, key, delta=1, version=None) -> int:
        # The failed-login count (django-axes) adds a key, then increments it.
        return self._guarded(
            delta, lambda: super(FailSafeRedisCache, self).incr(key, delta, version)
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._guarded(
            False, lambda: super(FailSafeRedisCache, self).touch(key, timeout, version)
        )

    def delete(self, key, version=None) -> bool:
        return self._guarded(False, lambda: super(FailSafeRedisCache, self).delete(key, version))

    def get_many(self, keys, version=None) -> dict[str, Any]:
        return self._guarded({}, lambda: super(FailSafeRedisCache, self).get_many(keys, version))

    def has_key(self, key, version=None) -> bool:
        return self._guarded(False, lambda: super(FailSafeRedisCache, self).has_key(key, version))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._guarded(
            list(data), lambda: super(FailSafeRedisCache, self).set_many(data, timeout, version)
        )

    def delete_many(self, keys, version=None) -> None:
        self._guarded(None, lambda: super(FailSafeRedisCache, self).delete_many(keys, version))

    def clear(self) -> bool:
        return self._guarded(False, lambda: super(FailSafeRedisCache, self).clear())
