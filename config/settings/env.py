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


def edge_cache_from_env() -> dict[str, dict]:
    """``EDGE_CACHE`` (``edge/backends.py``) from the variables of each edge that is set:
    ``EDGE_VARNISH_URLS`` (comma-separated) with ``EDGE_VARNISH_METHOD`` (``xkey`` or ``ban``),
    ``FASTLY_SERVICE_ID`` with ``FASTLY_API_TOKEN``,
    ``CLOUDFLARE_ZONE_ID`` with ``CLOUDFLARE_API_TOKEN``, ``CLOUDFRONT_DISTRIBUTION_ID``."""
    edges: dict[str, dict] = {}
    if env_list("EDGE_VARNISH_URLS"):
        edges["varnish"] = {
            "BACKEND": "edge.backends.VarnishBackend",
            "LOCATIONS": env_list("EDGE_VARNISH_URLS"),
            "METHOD": env_str("EDGE_VARNISH_METHOD") or "xkey",
        }
        if edges["varnish"]["METHOD"] not in {"xkey", "ban"}:
            raise ImproperlyConfiguredSetting("EDGE_VARNISH_METHOD must be xkey or ban")
    for name, backend, id_name, token_name in (
        ("fastly", "FastlyBackend", "FASTLY_SERVICE_ID", "FASTLY_API_TOKEN"),
        ("cloudflare", "CloudflareBackend", "CLOUDFLARE_ZONE_ID", "CLOUDFLARE_API_TOKEN"),
    ):
        if env_str(id_name):
            if not env_str(token_name):
                raise ImproperlyConfiguredSetting(f"{id_name} is set: set {token_name} too")
            option = "SERVICE_ID" if name == "fastly" else "ZONE_ID"
            edges[name] = {
                "BACKEND": f"edge.backends.{backend}",
                option: env_str(id_name),
                "API_TOKEN": env_str(token_name),
            }
    if env_str("CLOUDFRONT_DISTRIBUTION_ID"):
        edges["cloudfront"] = {
            "BACKEND": "edge.backends.CloudFrontBackend",
            "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID"),
        }
    return edges
