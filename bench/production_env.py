"""The environment in which the in-process benchmarks (``middleware_cpu.py``,
``floor_instructions.py``) run newsapi: its production settings, as gunicorn would, on this
machine's PostgreSQL and Redis (neither is touched by the requests they make), quiet logs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def use_production_settings(*, host: str) -> None:
    """Make ``config`` importable and set what production settings require, unless already set."""
    sys.path.insert(0, str(PROJECT))
    defaults = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-not-secret-" + "0123456789abcdef" * 4,
        "ALLOWED_HOSTS": host,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
