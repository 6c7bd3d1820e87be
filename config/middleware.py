"""Middleware of the deployment rather than of the API: the count of SQL queries for benchmarks,
and the session middleware for the requests that can use it (reads pinned to the primary
database after a write are ``config.db_routers``; request ids are django-guid's, set up by
``DJANGO_GUID`` in the settings)."""

from __future__ import annotations

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
from django_guid import clear_guid


def _forget_request_id(**kwargs) -> None:
    # django-guid keeps a request's id in its context variable after the response: Django logs
    # a failed request after the middleware has returned, with that id. Once the response is
    # closed, records (of a management command, of the next request's start) get none.
    clear_guid()


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


# What a signed-in person needs of a request: their session, their user, the request the
# history records its author from, and the admin's messages.
SIGNED_IN_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]


def needs_signed_in_middleware(request: HttpRequest) -> bool:
    """Whether a request can use a session: it may write, it carries a session cookie, or it
    is the admin's. An anonymous read has no session to load and writes none: for it these four
    were a fifth of what the stack cost."""
    return (
        request.method not in ("GET", "HEAD", "OPTIONS")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or request.path.startswith(settings.SIGNED_IN_PATHS)
    )


class SignedInMiddleware:
    """Runs ``SIGNED_IN_MIDDLEWARE`` for the requests that can use it
    (``needs_signed_in_middleware``); any other request is anonymous, ``request.user`` an
    ``AnonymousUser`` as the authentication middleware would have made it.

    Django's admin checks look for these classes in ``MIDDLEWARE``, where they no longer are:
    the settings silence those checks (``admin.E408``, ``E409``, ``E410``). None of them has a
    ``process_view`` or ``process_exception`` hook, which a chain of their own could not run;
    the constructor makes sure of that."""

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

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_signed_in_middleware(request):
            return self.signed_in(request)
        request.user = AnonymousUser()
        return self.anonymous(request)
