"""Small readers for settings that come from the environment, each with a safe default."""

from __future__ import annotations

import os


class ImproperlyConfiguredSetting(Exception):
    """A setting read from the environment is missing or unsafe."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """``1``, ``true``, ``yes`` and ``on`` (any case) are true; anything else is false."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfiguredSetting(f"{name} must be a whole number, not {raw!r}") from error


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list: ``ALLOWED_HOSTS=api.example.org,www.example.org``."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]
