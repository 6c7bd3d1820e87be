"""Structured logs: one JSON object per line, each with the id of the request it belongs to.

``{"time": "2026-11-28T21:40:00.123Z", "level": "INFO", "logger": "gunicorn.access",
"message": "GET /api/v1/articles/ 200", "request_id": "4f1c…", "status": 200, ...}``

The request id is set by ``config.middleware.RequestIdMiddleware`` for the duration of a request
and added to every record by ``RequestIdFilter``; gunicorn's access lines
(``config.gunicorn_logging``) carry it from the ``X-Request-ID`` response header."""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged too.
_STANDARD_ATTRIBUTES = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (or ``None`` outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time, level, logger, message, request id, extras, error."""

    @staticmethod
    def access_line(created: float, logger: str, message: str, access: dict[str, Any]) -> str:
        """The line of an access record of ``config.gunicorn_logging``: its own fields, its
        request's id among them."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": logger,
            "message": message,
            **access,
        }
        return json.dumps(entry, default=str, ensure_ascii=False)

    def format(self, record: logging.LogRecord) -> str:
        access = getattr(record, "access", None)
        if isinstance(access, dict):
            return self.access_line(record.created, record.name, record.getMessage(), access)
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        entry["message"] = record.getMessage()
        entry["request_id"] = getattr(record, "request_id", None) or request_id_var.get()
        for name, value in record.__dict__.items():
            if name not in _STANDARD_ATTRIBUTES and not name.startswith("_"):
                entry[name] = value
        request = entry.pop("request", None)
        if request is not None:
            # Django's request records carry the request itself: keep what identifies it.
            entry["request_id"] = entry["request_id"] or getattr(request, "request_id", None)
            entry.setdefault("method", getattr(request, "method", None))
            entry.setdefault("path", getattr(request, "path", None))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


# The HTML extractors the seed loader uses log every quirk of a page they read ("empty link:
# …") as a warning; what matters of a page is in the loader's report and the parser's warnings,
# so only their errors reach the log.
QUIET_LIBRARIES: dict[str, dict[str, str]] = {
    name: {"level": "ERROR"}
    for name in ("trafilatura", "htmldate", "extruct", "courlan", "charset_normalizer")
}


def json_logging(level: str = "INFO") -> dict[str, Any]:
    """A ``LOGGING`` dictionary that writes JSON lines to standard error."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
        "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own request errors go to the root handler, once.
            "django": {"handlers": [], "level": level, "propagate": True},
            **QUIET_LIBRARIES,
        },
    }
