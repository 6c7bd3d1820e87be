"""Swagger UI and ReDoc render every endpoint of the API in a real browser with no network: any
request to a host other than the live server is refused and recorded, and none may be made."""

from __future__ import annotations

import pytest

from tests.e2e import browser

pytestmark = [browser.needs_a_browser, pytest.mark.django_db(transaction=True)]
browsing = browser.browsing  # the fixture

# Operations of each kind, read and write, as their summaries and paths appear on the pages.
SUMMARIES = [
    "List articles, newest first",
    "Create an article with its captions",
    "Change an article (publish, schedule, withdraw, correct)",
    "Add an image (upload a file)",
    "List an article's versions (editors)",
    "Get your API token (editors)",
]
PATHS = [
    "/api/v1/articles/",
    "/api/v1/articles/{slug}/",
    "/api/v1/articles/{slug}/versions/",
    "/api/v1/images/{id}/",
    "/api/v1/captions/",
    "/api/v1/publications/{slug}/",
    "/api/v1/auth/token/",
]


def test_swagger_ui_renders_every_operation_offline(browsing):
    page = browsing.page

    browsing.open("/api/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)

    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    methods = page.locator(".opblock-summary-method").all_inner_texts()
    summaries = page.inner_text(".swagger-ui")
    assert set(PATHS) <= {path.replace("\u200b", "") for path in paths}
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= set(methods)
    for summary in SUMMARIES:
        assert summary in summaries
    browsing.screenshot("10-swagger-ui", full_page=False)
    assert browsing.refused == [], "Swagger UI fetched something from outside"
    assert browsing.blocked == [], "Swagger UI tried to fetch something from outside"
    assert browsing.errors == []


def test_redoc_renders_every_operation_offline(browsing):
    page = browsing.page

    browsing.open("/api/redoc/")
    heading = page.locator("h2", has_text="Create an article with its captions")
    heading.wait_for(state="visible", timeout=20_000)

    headings = {heading.strip() for heading in page.locator("h2").all_text_contents()}
    text = page.locator("body").text_content()
    for summary in SUMMARIES:
        assert summary in headings
    for path in PATHS:
        assert path in text
    heading.scroll_into_view_if_needed()
    browsing.screenshot("11-redoc", full_page=False)
    assert browsing.refused == [], "ReDoc fetched something from outside"
    assert browsing.blocked == [], "ReDoc tried to fetch something from outside"
    assert page.locator("img[alt='redocly logo']").get_attribute("src").startswith("/static/")
    assert browsing.errors == []
