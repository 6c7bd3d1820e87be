"""Purge backends, one per kind of edge cache, in the manner of Wagtail's frontend cache: each
is made from its entry in ``EDGE_CACHE`` and purges a set of surrogate keys (the names of the
objects a write changed, ``newsapi.http.edge``), or raises ``PurgeError`` saying why not.

    EDGE_CACHE = {
        "varnish": {"BACKEND": "edge.backends.VarnishBackend",
                    "LOCATIONS": ["http://10.0.0.5:6081", "http://10.0.0.6:6081"],
                    "METHOD": "xkey"},  # or "ban"
        "fastly": {"BACKEND": "edge.backends.FastlyBackend",
                   "SERVICE_ID": "…", "API_TOKEN": "…"},
        "cloudflare": {"BACKEND": "edge.backends.CloudflareBackend",
                       "ZONE_ID": "…", "API_TOKEN": "…"},
        "cloudfront": {"BACKEND": "edge.backends.CloudFrontBackend", "DISTRIBUTION_ID": "…"},
    }

``config/settings/base.py`` builds it from the environment (README, "Deploying")."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from functools import cache

import requests
from django.conf import settings
from django.utils.module_loading import import_string


class PurgeError(Exception):
    """A purge that did not go through: the edge unreachable, slow, or refusing it."""


def _batches(keys: Iterable[str], size: int) -> Iterator[list[str]]:
    ordered = sorted(keys)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


class PurgeBackend:
    """Purges keys with HTTP requests of at most ``EDGE_PURGE_TIMEOUT`` seconds each, so that a
    slow edge never keeps an editor's request waiting for long."""

    # How many keys one request may name: edges cap the length of a header or a request.
    batch_size = 100

    def __init__(self, options: dict) -> None:
        self.options = options
        self.session = requests.Session()

    def purge(self, keys: Iterable[str]) -> None:
        for batch in _batches(keys, self.batch_size):
            self.purge_batch(batch)

    def purge_batch(self, keys: list[str]) -> None:
        raise NotImplementedError

    def send(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            response = self.session.request(
                method, url, timeout=settings.EDGE_PURGE_TIMEOUT, **kwargs
            )
        except requests.RequestException as error:
            raise PurgeError(f"{method} {url}: {error}") from error
        if response.status_code >= 300:
            raise PurgeError(f"{method} {url}: {response.status_code} {response.text[:200]}")
        return response


class VarnishBackend(PurgeBackend):
    """To every Varnish in ``LOCATIONS``, by ``METHOD``: ``"xkey"`` (the default), ``PURGE``
    with the keys in ``xkey-purge``, which purges every object whose ``xkey`` header names one
    of them at once; ``"ban"``, ``BAN`` with the keys in ``xkey-ban``, which bans those objects
    (a ban on ``obj.http.xkey``; bans pile up until the ban lurker has checked every object
    against them, so xkey is the better where the module is installed).
    ``deploy/varnish/default.vcl`` takes both."""

    methods = {"xkey": ("PURGE", "xkey-purge"), "ban": ("BAN", "xkey-ban")}

    def __init__(self, options: dict) -> None:
        super().__init__(options)
        method = options.get("METHOD", "xkey")
        if method not in self.methods:
            raise ValueError(f"Varnish METHOD must be one of {sorted(self.methods)}: {method!r}")
        self.method, self.header = self.methods[method]

    def purge_batch(self, keys: list[str]) -> None:
        for location in self.options["LOCATIONS"]:
            self.send(
                self.method, location.rstrip("/") + "/", headers={self.header: " ".join(keys)}
            )


class FastlyBackend(PurgeBackend):
    """Fastly's purge by surrogate key: ``POST /service/{SERVICE_ID}/purge`` with the keys in
    ``Surrogate-Key`` (at most 256 a request)."""

    batch_size = 256

    def purge_batch(self, keys: list[str]) -> None:
        api = self.options.get("API_URL", "https://api.fastly.com").rstrip("/")
        self.send(
            "POST",
            f"{api}/service/{self.options['SERVICE_ID']}/purge",
            headers={"Fastly-Key": self.options["API_TOKEN"], "Surrogate-Key": " ".join(keys)},
        )


class CloudflareBackend(PurgeBackend):
    """Cloudflare's purge by cache tag (the ``Cache-Tag`` header of the answers):
    ``POST /zones/{ZONE_ID}/purge_cache`` with ``{"tags": [...]}``, 30 tags a request."""

    batch_size = 30

    def purge_batch(self, keys: list[str]) -> None:
        api = self.options.get("API_URL", "https://api.cloudflare.com/client/v4").rstrip("/")
        self.send(
            "POST",
            f"{api}/zones/{self.options['ZONE_ID']}/purge_cache",
            headers={"Authorization": f"Bearer {self.options['API_TOKEN']}"},
            json={"tags": keys},
        )


# CloudFront has no tags: it invalidates paths. Each kind of key invalidates the paths of the
# answers that can show such an object, coarser than a key but never missing one.
CLOUDFRONT_PATHS = {
    "article": ["/api/v1/articles/*", "/api/v1/captions/*", "/feeds/*"],
    "caption": ["/api/v1/captions/*", "/api/v1/articles/*", "/api/v1/images/*", "/feeds/*"],
    "image": ["/api/v1/images/*", "/api/v1/articles/*", "/api/v1/captions/*", "/feeds/*"],
    "publication": ["/api/v1/publications/*", "/api/v1/articles/*", "/feeds/*"],
}


def cloudfront_paths(keys: Iterable[str]) -> list[str]:
    """``["article-7"]`` -> ``["/api/v1/articles/*", "/api/v1/captions/*", "/feeds/*"]``."""
    paths: set[str] = set()
    for name in keys:
        paths.update(CLOUDFRONT_PATHS.get(name.split("-", 1)[0], ()))
    return sorted(paths)


class CloudFrontBackend(PurgeBackend):
    """A CloudFront invalidation of the paths the keys stand for (``cloudfront_paths``), made
    with boto3, which must be installed (``pip install boto3``) with AWS credentials in the
    environment as boto3 reads them; ``ENDPOINT_URL`` points it elsewhere (tests)."""

    batch_size = 10_000  # paths are few whatever the keys

    def purge_batch(self, keys: list[str]) -> None:
        try:
            import boto3
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError as error:
            raise PurgeError("CloudFront purges need boto3: pip install boto3") from error
        paths = cloudfront_paths(keys)
        if not paths:
            return
        client = boto3.client(
            "cloudfront",
            endpoint_url=self.options.get("ENDPOINT_URL"),
            config=_boto_config(),
        )
        try:
            client.create_invalidation(
                DistributionId=self.options["DISTRIBUTION_ID"],
                InvalidationBatch={
                    "Paths": {"Quantity": len(paths), "Items": paths},
                    "CallerReference": f"newsapi-{time.time_ns()}",
                },
            )
        except (BotoCoreError, ClientError) as error:
            raise PurgeError(f"CloudFront invalidation: {error}") from error


def _boto_config():
    from botocore.config import Config

    timeout = settings.EDGE_PURGE_TIMEOUT
    return Config(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 1})


@cache
def _backend(name: str, backend: str, options: tuple) -> PurgeBackend:
    return import_string(backend)(dict(options))


def backends() -> dict[str, PurgeBackend]:
    """The backends of ``EDGE_CACHE`` by name, made once per configuration."""
    found = {}
    for name, entry in settings.EDGE_CACHE.items():
        options = {key: value for key, value in entry.items() if key != "BACKEND"}
        frozen = tuple(
            (key, tuple(value) if isinstance(value, list) else value)
            for key, value in sorted(options.items())
        )
        found[name] = _backend(name, entry["BACKEND"], frozen)
    return found
