"""Whole responses of the public read API, cached in the shared cache for every app server.

An anonymous ``GET`` or ``HEAD`` under ``API_RESPONSE_CACHE_PATHS`` is answered from the cache when
the same URL (scheme, host, path and query) was answered before for the same ``Accept`` header,
under the current content version; otherwise the view answers and its response is stored as
rendered, headers included, so that whatever the views set (``ETag``, ``Last-Modified``,
``Cache-Control``, ``Link``, ``Vary``) comes back unchanged. A stored answer carries the content
version (``newsapi.http.content_version``) it was built under, which every write changes: one that
is not the current version is not served, so an answer is never older than the last committed write,
on any app server, and nothing needs deleting. The version and the answer are read in one round trip
to the cache; an answer is stored without waiting for the shared cache to confirm it
(``config.cache.FailSafeRedisCache.set_unconfirmed``).

Conditional requests (``If-None-Match``, ``If-Modified-Since``) are answered from the stored
response: ``304`` when it matches. Editors (a session cookie, an ``Authorization`` header, or reads
pinned to the primary database after a write) are never served from the cache.

``X-Cache`` says what happened: ``hit``, ``miss``, or ``bypass`` when the cache is off, does not
apply, or cannot be reached (then the answer is built as if there were no cache)."""

from __future__ import annotations

import hashlib
import time
from array import array
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe

from newsapi.http.content_version import content_version_age, content_version_and

CACHE_STATUS_HEADER = "X-Cache"
# Request headers that can change an answer for the same URL: the API negotiates its format by
# Accept. A response that varies on any other header (but Cookie: requests with a session are
# not cached) is not stored, rather than served to a client it does not fit. Headers that change
# nothing (Accept-Encoding while nothing compresses answers) stay out of the key: every client
# sends its own, and each would get a cache of its own.
KEYED_REQUEST_HEADERS = ("Accept",)
ALLOWED_VARY = {"accept", "cookie"}
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# Headers that belong to one exchange, not to the content.
UNSTORED_HEADERS = {"set-cookie", "x-request-id", CACHE_STATUS_HEADER.lower(), "x-db-queries"}
MAX_STORED_BYTES = 2 * 1024 * 1024


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
    set for the views by the middleware below when it looks an answer up). Every write changes
    the version; under one version only a scheduled article coming due changes what the store
    holds, and the answers cached under it are already that late for as long as they are kept.
    With no version (no response cache), computed every time."""
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
    within those seconds share one such pass. With no version (no response cache), only the
    page is read."""
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


def cache_key(request: HttpRequest) -> str:
    """``api-response:<sha256 of the absolute URL and the keyed request headers>``."""
    parts = [request.build_absolute_uri()]
    parts.extend(request.headers.get(name, "") for name in KEYED_REQUEST_HEADERS)
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"api-response:{digest}"


def is_cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if not request.path.startswith(tuple(settings.API_RESPONSE_CACHE_PATHS)):
        return False
    if "Authorization" in request.headers:
        return False
    personal_cookies = {settings.SESSION_COOKIE_NAME, settings.DATABASE_PRIMARY_PIN_COOKIE}
    return not personal_cookies.intersection(request.COOKIES)


def is_storable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_STORED_BYTES:
        return False
    cache_control = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part}
    return vary <= ALLOWED_VARY


def stored_timeout(version: str) -> int:
    """How long to keep an answer. Right after a write a replica may not have replayed it yet,
    so an answer read there then is kept only briefly rather than for the full time."""
    seconds = settings.API_RESPONSE_CACHE_SECONDS
    grace = settings.DATABASE_REPLICA_LAG_SECONDS
    if "replica" in settings.DATABASES and content_version_age(version) < grace:
        return min(seconds, grace)
    return seconds


Stored = tuple[str, int, list[tuple[str, str]], bytes]  # version, status, headers, content


def _freeze(version: str, response: HttpResponse) -> Stored:
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in UNSTORED_HEADERS
    ]
    return version, response.status_code, headers, response.content


def _thaw(stored: Stored) -> HttpResponse:
    _, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def _conditional(
    request: HttpRequest, response: HttpResponse, conditions: dict[str, str], status: str
) -> HttpResponse:
    """Apply the request's preconditions, taken off for the view, to the full response."""
    request.META.update(conditions)
    last_modified = response.get("Last-Modified")
    response = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    response[CACHE_STATUS_HEADER] = status
    return response


class ResponseCacheMiddleware:
    """Serve and store whole answers of the read API; see the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.API_RESPONSE_CACHE_SECONDS or not is_cacheable_request(request):
            return self._uncached(request)
        key = cache_key(request)
        version, stored = content_version_and(key)
        if version is None:  # the cache is unreachable: answer as if there were none
            return self._uncached(request)
        # The view answers in full, so that the stored response serves every later request;
        # the preconditions are applied to it afterwards, as to a stored one.
        conditions = {
            name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META
        }
        if isinstance(stored, tuple) and len(stored) == 4 and stored[0] == version:
            return _conditional(request, _thaw(stored), conditions, "hit")
        request.content_version = version  # for reuse_under_version()
        response = self.get_response(request)
        if request.method != "GET" or not is_storable_response(response):
            return _conditional(request, response, conditions, "bypass")
        if not response.has_header("ETag"):
            set_response_etag(response)
        # Redis stores without a reply; other caches (the local one of development) as usual.
        store = getattr(cache, "set_unconfirmed", cache.set)
        store(key, _freeze(version, response), timeout=stored_timeout(version))
        return _conditional(request, response, conditions, "miss")

    def _uncached(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(tuple(settings.API_RESPONSE_CACHE_PATHS)):
            response[CACHE_STATUS_HEADER] = "bypass"
        return response
