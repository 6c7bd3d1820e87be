"""Defences every request passes through before the project's own code sees it.

- ``SecurityHeadersMiddleware`` puts the security headers on every response, whichever layer
  made it (a view, an error handler, the response cache, a middleware that answered early).
- ``RequestLimitsMiddleware`` refuses oversized bodies (``413``) and long or malformed query
  strings (``400``) before anything reads them, as problem documents.
- ``LoginFailureHandler`` counts failed logins for django-axes, per address and user name in
  the cache; ``login_lockout_response`` answers ``429`` with ``Retry-After`` past the limit.

Each answers with an RFC 9457 problem document, like the API's own errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import unquote_to_bytes

from axes.backends import AxesStandaloneBackend
from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_cache, get_client_cache_keys
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"

# HTML pages (the admin, Swagger UI, ReDoc) load scripts, styles and images from this site
# only. Inline styles stay allowed: ReDoc and the admin set style attributes and ReDoc injects
# <style> elements at run time, and a style cannot run code. ReDoc builds its search worker
# from a blob: URL.
HTML_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Anything else (JSON, feeds, files) is data, never a page: should a browser be tricked into
# rendering it, nothing in it may load or run.
DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"

# Control characters have no place in a URL: a NUL byte in a query value or a slug would reach
# the database, where PostgreSQL refuses it with an error instead of finding nothing.
CONTROL_CHARACTERS = re.compile(rb"[\x00-\x1f\x7f]")
# The same in a decoded path: UTF-8 encodes these characters, and only these, as those bytes.
CONTROL_CHARACTERS_IN_TEXT = re.compile(r"[\x00-\x1f\x7f]")


def problem_response(
    status: int, title: str, detail: str, *, headers: dict[str, str] | None = None, **extra
) -> JsonResponse:
    """A problem document as ``newsapi.http.errors`` makes (``config`` does not import it)."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class SecurityHeadersMiddleware:
    """Set the security headers on every response, unless a view set its own.

    Django's ``SecurityMiddleware`` and ``XFrameOptionsMiddleware`` set most of them too, but
    only on responses that pass back through them: this one sits outermost, so that answers
    made before them (a cached response, a refused request, an error) carry the same."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # The headers are the same for every response of the process: made once here, not
        # read from the settings for each response.
        shared = (
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", settings.SECURE_REFERRER_POLICY or "same-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        )
        self.html_headers = (("Content-Security-Policy", HTML_CONTENT_SECURITY_POLICY), *shared)
        self.data_headers = (("Content-Security-Policy", DATA_CONTENT_SECURITY_POLICY), *shared)
        self.x_frame_options = settings.X_FRAME_OPTIONS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        headers = response.headers
        is_html = headers.get("Content-Type", "").startswith("text/html")
        for name, value in self.html_headers if is_html else self.data_headers:
            headers.setdefault(name, value)
        if not getattr(response, "xframe_options_exempt", False):
            headers.setdefault("X-Frame-Options", self.x_frame_options)
        return response


def query_string_problem(raw: bytes, *, max_bytes: int) -> tuple[str, str] | None:
    """What is wrong with a raw query string, as ``(parameter, reason)``, or None.

    ``b"page=2"`` -> None; ``b"search=%00"`` -> ``("search", "Control characters are not
    allowed.")``; ``b"q=%ff"`` -> ``("q", "Not valid UTF-8 once percent-decoded.")``."""
    if len(raw) > max_bytes:
        return "", f"The query string is longer than {max_bytes} bytes."
    for pair in raw.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        decoded_name = unquote_to_bytes(name.replace(b"+", b" "))
        label = decoded_name.decode("utf-8", "replace")
        for part in (decoded_name, unquote_to_bytes(value.replace(b"+", b" "))):
            try:
                part.decode("utf-8")
            except UnicodeDecodeError:
                return label, "Not valid UTF-8 once percent-decoded."
            if CONTROL_CHARACTERS.search(part):
                return label, "Control characters are not allowed."
    return None


class RequestLimitsMiddleware:
    """Refuse what no view should have to read.

    - A body longer than ``REQUEST_MAX_BODY_BYTES`` (uploads: ``REQUEST_MAX_UPLOAD_BYTES``), by
      its ``Content-Length``: ``413`` before a byte of it is read.
    - A query string longer than ``REQUEST_MAX_QUERY_STRING_BYTES``, or one that is not UTF-8
      or holds control characters once decoded: ``400`` naming the parameter.
    - A path holding control characters: ``404``, since no resource has such a name."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        # Most requests have no body and no query string: for them nothing is looked up.
        content_length = request.META.get("CONTENT_LENGTH")
        if content_length:
            try:
                length = int(content_length)
            except ValueError:
                return problem_response(
                    400, "Bad Request", "The Content-Length header is not a number."
                )
            limit = body_limit(request)
            if length > limit:
                return problem_response(
                    413,
                    "Content Too Large",
                    f"The request body is {length} bytes; at most {limit} are accepted.",
                )
        query = request.META.get("QUERY_STRING")
        if query:
            found = query_string_problem(
                query.encode("latin-1", "replace"),
                max_bytes=settings.REQUEST_MAX_QUERY_STRING_BYTES,
            )
            if found is not None:
                name, reason = found
                return problem_response(
                    400,
                    "Bad Request",
                    f"Invalid: {name}." if name else reason,
                    invalid_params=[{"name": name, "reason": reason}],
                )
        if CONTROL_CHARACTERS_IN_TEXT.search(request.path):
            return problem_response(404, "Not Found", "Nothing is found at this address.")
        return None


def body_limit(request: HttpRequest) -> int:
    """Multipart bodies carry image files and get the upload limit; anything else is a form or
    a JSON document and gets the smaller one."""
    if request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        return settings.REQUEST_MAX_UPLOAD_BYTES
    return settings.REQUEST_MAX_BODY_BYTES


def client_address(request: HttpRequest) -> str:
    """The client's address, as DRF's throttles see it (``NUM_PROXIES``).

    ``X-Forwarded-For`` counts only behind ``TRUSTED_PROXY_COUNT`` proxies of our own, and then
    only the address the outermost of them saw: anyone can send that header, and a limit keyed
    on what the client says would be a limit the attacker chooses."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


def login_cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long a client that failed too often waits (django-axes' ``AXES_COOLOFF_TIME``)."""
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_lockout_response(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``): ``429`` with
    ``Retry-After``. The lock lasts the cool-off from the last failure it counted, so the
    whole cool-off is the wait."""
    wait, detail = login_lockout()
    return problem_response(429, "Too Many Requests", detail, headers={"Retry-After": str(wait)})


def login_lockout() -> tuple[int, str]:
    """The seconds a locked-out client waits and what it is told: for the admin's login here,
    and for the API's Basic credentials in ``newsapi.http.errors``."""
    wait = settings.LOGIN_FAILURE_WINDOW_SECONDS
    return wait, f"Too many failed logins; try again in {wait} seconds."


def login_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines (``AXES_CLIENT_STR_CALLABLE``): by
    address and path, without the user name, which may be a password typed in the wrong box."""
    return f'{{ip_address: "{ip_address}", path_info: "{path_info}"}}'


class LoginFailureBackend(AxesStandaloneBackend):
    """django-axes' backend, for logins made with a request. One without (the test client's
    ``login()``, a shell) has no client to lock out, and was never counted; axes would refuse
    it with an error."""

    def authenticate(self, request: HttpRequest | None, *args, **kwargs) -> None:
        if request is not None:
            super().authenticate(request, *args, **kwargs)


class LoginFailureHandler(AxesCacheHandler):
    """django-axes' cache handler (no table written for a failed login) with a limit for each
    of ``AXES_LOCKOUT_PARAMETERS``: ``LOGIN_FAILURE_LIMIT`` failures of one user name from one
    address, ``LOGIN_FAILURE_ADDRESS_LIMIT`` of any names from one address (password
    spraying). Axes has one limit for all of them; a limit of 5 on the address alone would
    lock out an office behind one address after five typos.

    The attempt after the limit is refused (axes' ``AXES_LOCK_OUT_AT_FAILURE`` would refuse the
    failure that reaches it). While the cache is unreachable nothing is counted: logins then
    go on as without the limit, rather than no one being able to log in."""

    def __init__(self) -> None:
        # No cache kept from start-up: the cache is looked up for each call, as Django's own
        # code does, so that a changed CACHES setting (tests) is the one counted in.
        pass

    @property
    def cache(self):
        return get_cache()

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        keys = get_client_cache_keys(request, credentials)
        limits = (settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_ADDRESS_LIMIT)
        return any(
            (self.cache.get(key) or 0) >= limit for key, limit in zip(keys, limits, strict=True)
        )
