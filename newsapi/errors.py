"""Errors as RFC 9457 problem details (``application/problem+json``), for DRF views and for
Django's own error handlers, so that no client ever sees an HTML page or a traceback."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

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
    """``{"captions": [{"text": ["Required."]}]}`` -> ``[{"name": "captions[0].text", ...}]``."""
    if isinstance(data, dict):
        items: list[dict[str, str]] = []
        for key, value in data.items():
            name = key if not prefix else f"{prefix}.{key}"
            if key == "non_field_errors":
                name = prefix
            items.extend(_flatten_errors(value, name))
        return items
    if isinstance(data, list):
        if all(not isinstance(item, (dict, list)) for item in data):
            return [{"name": prefix, "reason": str(item)} for item in data]
        items = []
        for index, value in enumerate(data):
            items.extend(_flatten_errors(value, f"{prefix}[{index}]"))
        return items
    return [{"name": prefix, "reason": str(data)}]


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with every error body rewritten as a problem document."""
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
