"""Fixtures of the end-to-end tests: a migrated PostgreSQL database with the seed corpus and an
editor, collected static files, and the environment that runs gunicorn on them. Skipped, with
the reason, where PostgreSQL or Redis is not running."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e import stack

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
EDITOR = ("e2e-editor", "an-e2e-editor-password")


@dataclass(frozen=True)
class ProductionStack:
    database_name: str
    database_url: str
    static_root: str
    key_prefix: str

    def env(self, **overrides: str) -> dict[str, str]:
        return stack.production_env(
            **{
                "DATABASE_URL": self.database_url,
                "REDIS_URL": stack.redis_url(),
                "CACHE_KEY_PREFIX": self.key_prefix,
                "STATIC_ROOT": self.static_root,
                **overrides,
            }
        )


@pytest.fixture(scope="session")
def production_stack():
    if not stack.redis_reachable(stack.redis_url()):
        pytest.skip(f"no Redis at {stack.redis_url()} (set E2E_REDIS_URL)")
    name = f"newsapi_e2e_{os.getpid()}"
    with contextlib.ExitStack() as resources:
        try:
            database_url = resources.enter_context(stack.postgres_database(name))
        except stack.StackUnavailable as error:
            pytest.skip(str(error))
        production = ProductionStack(
            database_name=name,
            database_url=database_url,
            static_root=resources.enter_context(
                tempfile.TemporaryDirectory(prefix="newsapi-static-")
            ),
            key_prefix=f"e2e-{os.getpid()}",
        )
        resources.callback(_forget_cache_keys, production.key_prefix)
        env = production.env()
        stack.manage("migrate", "--noinput", env=env)
        stack.manage("collectstatic", "--noinput", env=env)
        stack.manage(
            "createsuperuser",
            "--noinput",
            f"--username={EDITOR[0]}",
            "--email=editor@example.org",
            env={**env, "DJANGO_SUPERUSER_PASSWORD": EDITOR[1]},
        )
        stack.manage("load_seeds", str(CORPUS), env=env)
        yield production


def _forget_cache_keys(prefix: str) -> None:
    import redis

    try:
        client = redis.Redis.from_url(stack.redis_url(), socket_connect_timeout=1)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    except redis.RedisError:
        pass
