"""Middleware of the deployment rather than of the API: request ids, the count of SQL queries
for benchmarks, and the session middleware for the requests that can use it (reads pinned to
the primary database after a write are ``config.db_routers``).

The request id stays our own rather than django-guid's: measured with
``bench/middleware_cpu.py``, the whole stack cost 50 µs of CPU per request with this middleware
and 66 µs with django-guid's (three runs each, taking turns), which rebuilds its settings, the
request's full path and a UUID for every request; that is 3% of what a request of ``/`` costs a
worker, against a middleware floor (``bench/floor.py``) held at 0.85 of a plain Django view."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from contextlib import ExitStack

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.exception import convert_exception_to_response
from django.core.signals import request_finished
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from config.logging import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
# Read from the WSGI environment rather than through ``request.headers``, whose first use builds
# a dictionary of every header of the request: that was most of what this middleware cost.
REQUEST_ID_META_KEY = "HTTP_X_REQUEST_ID"
# A proxy's id is kept when it is plainly an id; anything else (too long, spaces, quotes) could
# forge or break log lines, so a new one is made.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@+=/-]{1,128}$")


def request_id_from(request: HttpRequest) -> str:
    """The caller's ``X-Request-ID`` if sane (``"req-42"``), else a new one (``"9f1c…"``)."""
    incoming = request.META.get(REQUEST_ID_META_KEY, "")
    # 32 random hex digits, as uuid4().hex gives, without building a UUID for each request.
    return incoming if SANE_REQUEST_ID.match(incoming) else secrets.token_hex(16)


class RequestIdMiddleware:
    """Give every request an id, log with it, and return it in ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_from(request)
        # Kept until the response is closed, not reset on the way out: Django logs a failed
        # request after the middleware has returned (see _forget_request_id).
        request_id_var.set(request.request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def _forget_request_id(**kwargs) -> None:
    request_id_var.set(None)


request_finished.connect(_forget_request_id, dispatch_uid="forget-request-id")


class QueryCountMiddleware:
    """Count the SQL queries of each request into ``X-DB-Queries`` (benchmarks turn it on with
    ``DB_QUERY_COUNT_HEADER=1``; it costs a function call per query)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counter))
            response = self.get_response(request)
        response["X-DB-Queries"] = str(count)
        return response


# What a signed-in person needs of a request: the answer django-axes gives a locked-out login
# (config.security.login_lockout_response), their session, their user, the request the history
# records its author from, and the admin's messages.
SIGNED_IN_MIDDLEWARE = [
    "axes.middleware.AxesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]


def needs_signed_in_middleware(
    request: HttpRequest, *, session_cookie_name: str, signed_in_paths: tuple[str, ...]
) -> bool:
    """Whether a request can sign someone in or use a session: it may write, it carries
    credentials (``Authorization``, which a failed login counts against) or a session cookie,
    or it is the admin's (``signed_in_paths``). An anonymous read has no session to load, writes
    none and logs no one in: for it these middleware were a fifth of what the stack cost."""
    return (
        request.method not in ("GET", "HEAD", "OPTIONS")
        or "HTTP_AUTHORIZATION" in request.META
        or session_cookie_name in request.COOKIES
        or request.path.startswith(signed_in_paths)
    )


class SignedInMiddleware:
    """Runs ``SIGNED_IN_MIDDLEWARE`` for the requests that can use it
    (``needs_signed_in_middleware``); any other request is anonymous, ``request.user`` an
    ``AnonymousUser`` as the authentication middleware would have made it.

    Django's admin checks and django-axes' look for these classes in ``MIDDLEWARE``, where they
    no longer are: the settings silence those checks (``admin.E408``, ``E409``, ``E410``,
    ``axes.W002``). None of them has a ``process_view`` or ``process_exception`` hook, which a
    chain of their own could not run; the constructor makes sure of that."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        handler = get_response
        for path in reversed(SIGNED_IN_MIDDLEWARE):
            middleware = import_string(path)(handler)
            hooks = ("process_view", "process_exception", "process_template_response")
            if any(hasattr(middleware, hook) for hook in hooks):
                raise ImproperlyConfigured(f"{path} has hooks SignedInMiddleware cannot run")
            handler = convert_exception_to_response(middleware)
        self.signed_in = handler
        self.anonymous = get_response
        # Read once: a setting read costs as much as the rest of the choice.
        self.session_cookie_name = settings.SESSION_COOKIE_NAME
        self.signed_in_paths = tuple(settings.SIGNED_IN_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_signed_in_middleware(
            request,
            session_cookie_name=self.session_cookie_name,
            signed_in_paths=self.signed_in_paths,
        ):
            return self.signed_in(request)
        request.user = AnonymousUser()
        return self.anonymous(request)
