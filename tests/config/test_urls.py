"""What a new user's browser and tools ask of the site besides the API: the icon, the schema in
the format asked, and log lines written once."""

from __future__ import annotations

import logging

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_favicon_is_a_file_the_project_ships(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert finders.find(response["Location"].removeprefix("/static/")) is not None


@pytest.mark.parametrize(
    ("query", "content_type"),
    [("?format=json", "application/vnd.oai.openapi+json"), ("", "application/vnd.oai.openapi")],
)
def test_the_schema_in_the_format_asked(client, query, content_type):
    response = client.get(f"/api/schema/{query}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    if query:
        assert response.json()["openapi"].startswith("3.")


def test_djangos_records_are_written_once():
    # The root logger writes them; a handler of Django's own logger would write each again.
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django").propagate
