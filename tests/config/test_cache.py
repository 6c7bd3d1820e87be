"""The fail-safe Redis cache: with Redis down every read is a miss and every write is dropped,
with one warning; with Redis up it is Django's Redis cache."""

from __future__ import annotations

import logging
import warnings

import pytest

from config.cache import FailSafeRedisCache
from tests.e2e.stack import free_port, redis_reachable, redis_url


def redis_cache(location: str, retry_after: float = 30) -> FailSafeRedisCache:
    return FailSafeRedisCache(
        location,
        {
            "RETRY_AFTER": retry_after,
            "KEY_PREFIX": "test-cache",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    )


@pytest.fixture
def down_cache() -> FailSafeRedisCache:
    return redis_cache(f"redis://127.0.0.1:{free_port()}/0")


def test_with_redis_down_reads_are_misses_and_writes_are_dropped(down_cache):
    assert down_cache.get("key", "fallback") == "fallback"
    assert down_cache.get("key") is None
    down_cache.set("key", "value")
    down_cache.set_unconfirmed("key", "value")
    assert down_cache.add("key", "value") is False
    assert down_cache.get_many(["a", "b"]) == {}
    assert down_cache.set_many({"a": 1}) == ["a"]
    assert down_cache.has_key("key") is False
    assert down_cache.delete("key") is False
    assert down_cache.touch("key") is False
    down_cache.delete_many(["a"])
    assert down_cache.ping() is False


def test_an_outage_is_logged_once_then_redis_is_left_alone_for_a_while(down_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        for _ in range(20):
            down_cache.get("key")

    warnings = [record for record in caplog.records if record.name == "config.cache"]
    assert len(warnings) == 1
    assert "cache unreachable" in warnings[0].getMessage()
    assert down_cache.is_marked_down()


def test_after_the_pause_redis_is_tried_again():
    cache = redis_cache(f"redis://127.0.0.1:{free_port()}/0", retry_after=0)

    cache.get("key")

    assert not cache.is_marked_down()


@pytest.mark.skipif(not redis_reachable(redis_url()), reason=f"no Redis at {redis_url()}")
def test_with_redis_up_it_stores_and_reads_back():
    cache = redis_cache(redis_url())
    try:
        cache.set("key", {"answer": 42}, timeout=10)

        assert cache.get("key") == {"answer": 42}
        assert cache.add("key", "other") is False
        assert cache.ping() is True
    finally:
        cache.delete("key")


@pytest.mark.skipif(not redis_reachable(redis_url()), reason=f"no Redis at {redis_url()}")
def test_keys_that_memcached_would_refuse_are_stored_without_a_warning():
    cache = redis_cache(redis_url())
    key = "a key with spaces, " + "long" * 100
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            cache.set(key, 1, timeout=10)
            assert cache.get_many([key]) == {key: 1}
    finally:
        cache.delete(key)


@pytest.mark.skipif(not redis_reachable(redis_url()), reason=f"no Redis at {redis_url()}")
def test_a_write_unconfirmed_is_stored_and_leaves_the_connection_in_step():
    cache = redis_cache(redis_url())
    keys = [f"unconfirmed-{n}" for n in range(200)]
    try:
        cache.set("before", "as it was", timeout=10)
        for n, key in enumerate(keys):
            cache.set_unconfirmed(key, {"n": n}, timeout=10)
        # Had Redis answered either command, these would read its "OK" as their own reply.
        assert cache.get("before") == "as it was"
        assert cache.get_many(keys) == {key: {"n": n} for n, key in enumerate(keys)}
        raw = cache._cache.get_client(write=True)
        assert 0 < raw.ttl(cache.make_key(keys[0])) <= 10

        cache.set_unconfirmed("before", "kept", timeout=None)
        assert cache.get("before") == "kept"
        assert raw.ttl(cache.make_key("before")) == -1  # no expiry
        cache.set_unconfirmed("before", "gone", timeout=0)
        assert cache.get("before") is None
    finally:
        cache.delete_many([*keys, "before"])
