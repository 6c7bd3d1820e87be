"""Defences every request passes through before the project's own code sees it.

- ``SecurityHeadersMiddleware`` puts the security headers on every response, whichever layer
  made it (a view, an error handler, the response cache, a middleware that answered early).
- ``RequestLimitsMiddleware`` refuses oversized bodies (``413``) and long or malformed query
  strings (``400``) before anything reads them, as problem documents.
- ``LoginRateLimitMiddleware`` answers ``429`` with ``Retry-After`` to a client that keeps
  failing to log in, counting failures per address and user name in the cache.

Each answers with an RFC 9457 problem document, like the API's own errors."""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
import re
import time
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
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

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        is_html = response.get("Content-Type", "").startswith("text/html")
        response.headers.setdefault(
            "Content-Security-Policy",
            HTML_CONTENT_SECURITY_POLICY if is_html else DATA_CONTENT_SECURITY_POLICY,
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault(
            "Referrer-Policy", settings.SECURE_REFERRER_POLICY or "same-origin"
        )
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
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
        limit = body_limit(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(
                400, "Bad Request", "The Content-Length header is not a number."
            )
        if length > limit:
            return problem_response(
                413,
                "Content Too Large",
                f"The request body is {length} bytes; at most {limit} are accepted.",
            )
        raw_query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        found = query_string_problem(raw_query, max_bytes=settings.REQUEST_MAX_QUERY_STRING_BYTES)
        if found is not None:
            name, reason = found
            return problem_response(
                400,
                "Bad Request",
                f"Invalid: {name}." if name else reason,
                invalid_params=[{"name": name, "reason": reason}],
            )
        if CONTROL_CHARACTERS.search(request.path.encode("utf-8", "replace")):
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


def _failure_keys(address: str, username: str) -> tuple[str, str]:
    """Cache keys for the failures of one address and of one address with one user name. User
    names are hashed: the cache is no place for what people typed in a password form."""
    pair = hashlib.sha256(f"{address}\n{username.casefold()}".encode()).hexdigest()
    return f"login-failures:address:{address}", f"login-failures:pair:{pair}"


def _record_failure(key: str, window: int) -> None:
    """Count one failure in a fixed window that starts at the first failure."""
    now = time.time()
    started, count = cache.get(key) or (now, 0)
    remaining = max(1, math.ceil(started + window - now))
    cache.set(key, (started, count + 1), timeout=remaining)


def _retry_after(key: str, limit: int, window: int) -> int | None:
    """Seconds until the window of ``key`` ends, if it has ``limit`` failures or more."""
    started, count = cache.get(key) or (0.0, 0)
    if count < limit:
        return None
    return max(1, math.ceil(started + window - time.time()))


def _on_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    if request is None:
        return
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    username = str(credentials.get("username", ""))
    for key in _failure_keys(client_address(request), username):
        _record_failure(key, window)


def _on_logged_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    # A right password ends the count of wrong ones for this user name from this address, so
    # that a person who mistyped a few times is not locked out later on.
    if request is not None:
        cache.delete(_failure_keys(client_address(request), user.get_username())[1])


user_login_failed.connect(_on_login_failed, dispatch_uid="config.security.login_failed")
user_logged_in.connect(_on_logged_in, dispatch_uid="config.security.logged_in")


def attempted_username(request: HttpRequest) -> str | None:
    """The user name a request tries to log in with, or None if it is no login attempt: a
    ``POST`` of the login form (``username``), or HTTP Basic credentials on any request.

    ``Authorization: Basic ZWQ6cHc=`` -> ``"ed"``; credentials that cannot be read count under
    ``""``, since the authentication that follows refuses them too."""
    if request.method == "POST" and request.path in settings.LOGIN_RATE_LIMITED_PATHS:
        return request.POST.get("username", "")
    scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[0]


class LoginRateLimitMiddleware:
    """``429`` with ``Retry-After`` for a login attempt from a client that failed too often in
    the window: ``LOGIN_FAILURE_LIMIT`` failures of one user name from one address, or
    ``LOGIN_FAILURE_ADDRESS_LIMIT`` failures of any user names from one address (password
    spraying). A login attempt is a ``POST`` to a path of ``LOGIN_RATE_LIMITED_PATHS`` (the
    admin's login form) or any request with HTTP Basic credentials (the API takes them), so
    that passwords cannot be guessed through the API instead.

    Failures are counted wherever Django authenticates a request, through the
    ``user_login_failed`` signal. While the cache is unreachable nothing is counted: logins then
    go on as without the limit, rather than no one being able to log in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        username = attempted_username(request)
        if username is not None:
            wait = self.wait_for(client_address(request), username)
            if wait is not None:
                return problem_response(
                    429,
                    "Too Many Requests",
                    f"Too many failed logins; try again in {wait} seconds.",
                    headers={"Retry-After": str(wait)},
                )
        return self.get_response(request)

    def wait_for(self, address: str, username: str) -> int | None:
        window = settings.LOGIN_FAILURE_WINDOW_SECONDS
        address_key, pair_key = _failure_keys(address, username)
        waits = [
            _retry_after(pair_key, settings.LOGIN_FAILURE_LIMIT, window),
            _retry_after(address_key, settings.LOGIN_FAILURE_ADDRESS_LIMIT, window),
        ]
        found = [wait for wait in waits if wait is not None]
        return max(found) if found else None
