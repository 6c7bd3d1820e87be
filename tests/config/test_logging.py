"""JSON log lines: application records with their request's id, and gunicorn's access lines
with the fields an operator filters on."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from config.gunicorn_logging import JsonAccessLogger
from config.logging import JsonFormatter, RequestIdFilter, request_id_var


@pytest.fixture
def lines():
    """Records of the logger ``test.json`` as parsed JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("test.json")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield logger, lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_a_record_is_one_json_line_with_the_request_id_and_extras(lines):
    logger, read = lines
    token = request_id_var.set("req-1")
    try:
        logger.warning("cache unreachable: %s", "refused", extra={"cache_error": "ConnectionError"})
    finally:
        request_id_var.reset(token)

    [entry] = read()
    assert entry["message"] == "cache unreachable: refused"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "test.json"
    assert entry["request_id"] == "req-1"
    assert entry["cache_error"] == "ConnectionError"
    assert entry["time"].endswith("+00:00")


def test_an_error_carries_its_traceback_in_the_line(lines):
    logger, read = lines
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("failed")

    [entry] = read()
    assert entry["request_id"] is None
    assert "ValueError: boom" in entry["error"]


def test_gunicorn_access_lines_carry_the_request_and_its_id():
    access = JsonAccessLogger(Config())
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access.access_log.handlers = [handler]
    access.access_log.setLevel(logging.INFO)
    response = SimpleNamespace(
        status="200 OK",
        sent=1884,
        headers=[("Content-Type", "application/json"), ("X-Request-ID", "abc"), ("X-Cache", "hit")],
    )
    environ = {
        "REMOTE_ADDR": "10.0.0.7",
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/api/v1/articles/",
        "QUERY_STRING": "page=2",
        "HTTP_USER_AGENT": "curl/8",
    }

    access.access(response, None, environ, timedelta(milliseconds=12.5))

    entry = json.loads(stream.getvalue())
    assert entry == {
        "time": entry["time"],
        "level": "INFO",
        "logger": "gunicorn.access",
        "message": "GET /api/v1/articles/ 200",
        "remote_addr": "10.0.0.7",
        "method": "GET",
        "path": "/api/v1/articles/",
        "query": "page=2",
        "status": 200,
        "bytes": 1884,
        "duration_ms": 12.5,
        "user_agent": "curl/8",
        "request_id": "abc",
        "cache": "hit",
    }
