"""Structured logs: one JSON object per line, each with the id of the request it belongs to.

``{"time": "2026-11-28T21:40:00.123Z", "level": "INFO", "logger": "gunicorn.access",
"message": "GET /api/v1/articles/ 200", "request_id": "4f1c…", "status": 200, ...}``

The request id is set by ``config.middleware.RequestIdMiddleware`` for the duration of a request
and added to every record by ``RequestIdFilter``; gunicorn's access records carry it from the
``X-Request-ID`` response header."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Mapping
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

# gunicorn's access log atoms, by the name they get in the JSON line.
_ACCESS_FIELDS = {
    "remote_addr": "h",
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "user_agent": "a",
    "referer": "f",
    "request_id": "{x-request-id}o",
    "cache": "{x-cache}o",
}


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (or ``None`` outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def _access_fields(atoms: Mapping[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, atom in _ACCESS_FIELDS.items():
        value = atoms.get(atom)
        if value in (None, "-", ""):
            continue
        if name in {"status", "bytes", "duration_ms"}:
            with contextlib.suppress(TypeError, ValueError):
                value = int(value)
        fields[name] = value
    return fields


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time, level, logger, message, request id, extras, error."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            # gunicorn passes the request's atoms as the arguments of its access format.
            fields = _access_fields(record.args)
            entry["message"] = (
                f"{fields.get('method', '-')} {fields.get('path', '-')} {fields.get('status', '-')}"
            )
            entry.update(fields)
        else:
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
        },
    }
