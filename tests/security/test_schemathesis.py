"""Schema-driven fuzzing: schemathesis sends every operation of the OpenAPI schema valid and
invalid requests, in process through the WSGI application, as an anonymous client and as an
editor, and checks each answer against the schema.

The schema is read from the running application (``/api/schema/``) when this module is
collected, so that an operation added to the API is fuzzed here with no edit. The checks are
exactly these five (an answer pruned by ``?fields=`` is not held to the whole representation's
schema); no operation is excluded."""

from __future__ import annotations

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

CONFIG = schemathesis.Config.from_dict(
    {
        # Valid requests and invalid ones (wrong types, out-of-range values, missing parts).
        "generation": {
            "mode": "all",
            # The session cookie is not fuzzed: each test signs in as its role (below), and a
            # missing cookie on a read open to anyone is not an invalid request.
            "with-security-parameters": False,
        },
    }
)
OPENAPI_JSON = {"Accept": "application/vnd.oai.openapi+json"}
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/", application, config=CONFIG, headers=OPENAPI_JSON
)

# Small enough for the whole module to run in about a minute on two cores; the schema's own
# examples and the boundary cases of every parameter come on top of these.
FUZZ = hypothesis_settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    # The seed article and the editor's session are set up once per operation on purpose: the
    # requests read them, and writes accumulate like they would on a server.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def unthrottled(settings):
    """Fuzzing sends hundreds of requests a minute from one address; rate limits have tests
    of their own (test_limits.py)."""
    settings.API_THROTTLE_RATE = None


@pytest.fixture
def in_process_requests():
    """Requests straight through the WSGI application keep the test's database connection, as
    Django's test client does: closing it after each request (what a server does) would end
    the transaction the test runs in."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def checks_for(case) -> list:
    """The checks of ``case``. The schema describes whole representations, their fields
    ``required`` since every answer sends them; an answer to ``?fields=`` is the same
    representation with only the fields asked for, by definition not all of them."""
    if "fields" in (case.query or {}):
        return [check for check in CHECKS if check is not response_schema_conformance]
    return CHECKS


def editor_session(client, editor) -> tuple[dict[str, str], dict[str, str]]:
    """Cookies and headers of a signed-in editor, with a CSRF token so that writes are
    authorised as a browser's would be."""
    client.force_login(editor)
    token = get_random_string(32)
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: token,
    }
    return cookies, {"X-CSRFToken": token}


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_every_operation_as_an_anonymous_client(
    case, seed_article, unthrottled, in_process_requests
):
    response = case.call()
    case.validate_response(response, checks=checks_for(case))


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_every_operation_as_an_editor(
    case, seed_article, unthrottled, in_process_requests, client, editor
):
    cookies, headers = editor_session(client, editor)
    response = case.call(cookies=cookies, headers=headers)
    case.validate_response(response, checks=checks_for(case))
