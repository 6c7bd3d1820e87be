"""Errors as RFC 9457 problem details (``application/problem+json``), for DRF views and for
Django's own error handlers, so that no client ever sees an HTML page or a traceback."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.http import HttpRequest, JsonResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from config.security import login_lockout

PROBLEM_CONTENT_TYPE = "application/problem+json"


class InvalidQueryParameters(exceptions.ValidationError):
    """Query parameters that the endpoint does not take, or values it cannot read."""

    default_code = "invalid_query"


def problem(status_code: int, detail: str, **extra: Any) -> dict[str, Any]:
    """The body of a problem response: ``{"type": "about:blank", "title": "Not Found", ...}``."""
    return {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        **extra,
    }


def _flatten_errors(data: Any, prefix: str = "") -> list[dict[str, str]]:
    """``{"captions": [{"text": ["Required."]}]}`` -> ``[{"name": "captions[0].text", ...}]``.

    DRF reports the items of a list as a dict by index (``{"body": {2: [...]}}``) or a list;
    both are named ``body[2]``."""
    if isinstance(data, list) and any(isinstance(item, (dict, list)) for item in data):
        data = dict(enumerate(data))
    if isinstance(data, dict):
        items: list[dict[str, str]] = []
        for key, value in data.items():
            if key == "non_field_errors":
                name = prefix
            elif isinstance(key, int):
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else key
            items += _flatten_errors(value, name)
        return items
    return [
        {"name": prefix, "reason": str(item)}
        for item in (data if isinstance(data, list) else [data])
    ]


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the state of the store."
    default_code = "conflict"


def _described(objects: Iterable[Any], limit: int = 5) -> str:
    """``"caption 3, caption 7"``: what blocks a deletion, named for the person reading."""
    named = sorted(
        f"{obj._meta.verbose_name} {getattr(obj, 'slug', None) or obj.pk}" for obj in objects
    )
    more = f" and {len(named) - limit} more" if len(named) > limit else ""
    return ", ".join(named[:limit]) + more


def _from_django(exc: Exception) -> Exception:
    """Errors raised by the services, as the API answers them: a ``ValidationError`` is a 400
    naming each field, a deletion that other rows forbid (``on_delete=PROTECT``) a 409 naming
    them, and a write that lost a race for a unique value a 409."""
    if isinstance(exc, DjangoValidationError):
        detail = serializers.as_serializer_error(exc)
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        return exceptions.ValidationError(detail)
    if isinstance(exc, ProtectedError):
        return Conflict(
            f"It cannot be deleted while these refer to it: {_described(exc.protected_objects)}."
        )
    if isinstance(exc, IntegrityError):
        return Conflict("Another write changed the same data at the same time; try again.")
    return exc


@contextmanager
def errors_named(field: str) -> Iterator[None]:
    """Name ``field`` in a service's ``ValidationError`` that names no field: the image checks
    say what is wrong with a file, the API says which field held it."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise exceptions.ValidationError({field: error.messages}) from error


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with every error body rewritten as a problem document."""
    exc = _from_django(exc)
    if getattr(context.get("request"), "axes_locked_out", False):
        # django-axes refused the credentials (config.security): flagged on DRF's request,
        # which its middleware does not see.
        exc = exceptions.Throttled(*login_lockout())
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        invalid = [item for item in _flatten_errors(exc.detail) if item["reason"]]
        names = ", ".join(sorted({item["name"] for item in invalid if item["name"]}))
        detail = f"Invalid: {names}." if names else (invalid[0]["reason"] if invalid else "")
        body = problem(response.status_code, detail, invalid_params=invalid)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = problem(response.status_code, str(detail))
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(status_code: int, detail: str, **extra: Any) -> JsonResponse:
    """A problem document as a response, for views outside DRF."""
    return JsonResponse(
        problem(status_code, detail, **extra),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return problem_response(status.HTTP_400_BAD_REQUEST, "The request could not be understood.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return problem_response(status.HTTP_403_FORBIDDEN, "You may not do this.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return problem_response(status.HTTP_404_NOT_FOUND, f"Nothing is found at {request.path}.")


def server_error(request: HttpRequest) -> JsonResponse:
    return problem_response(
        status.HTTP_500_INTERNAL_SERVER_ERROR, "Something went wrong on our side; it is logged."
    )
