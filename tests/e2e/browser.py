"""A headless Chromium for the browser tests (``test_browser_*.py``), driven by Playwright for
Python against pytest-django's live server, with no network beyond that server.

The browser is Debian's Chromium at ``/usr/bin/chromium`` (``.ci/run`` installs it with apt-get);
Playwright's own browser downloads are never used. Where either is missing the tests are skipped
with the reason."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return (
            f"no Chromium at {CHROMIUM}: install Debian's (apt-get install chromium) to run the "
            "browser tests"
        )
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -r requirements.txt)"
    return None


needs_a_browser = pytest.mark.skipif(missing_browser() is not None, reason=missing_browser() or "")


@dataclass
class Browsing:
    """A page of a fresh browser context, and what it tried to fetch from elsewhere (refused)."""

    page: object
    base_url: str
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # What the Content-Security-Policy refused: a request off the host it blocked never reaches
    # the route above.
    blocked: list[str] = field(default_factory=list)

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, (path, response and response.status)
        return response

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def browsing(live_server, monkeypatch) -> Iterator[Browsing]:
    """A page in headless Chromium whose every request to a host other than the live server's
    is refused and recorded: the pages must work with no network."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # database calls from a thread with a running loop. The tests make their data before the
    # browser starts and read the results over HTTP; should one query the database meanwhile,
    # that synchronous call is safe (the live server runs in threads of its own): allowed here,
    # for these tests only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        # Wide enough for every column of the admin's lists beside its two sidebars.
        context = browser.new_context(viewport={"width": 1680, "height": 1000})
        browsing = Browsing(page=context.new_page(), base_url=live_server.url)

        def only_the_live_server(route) -> None:
            host = urlsplit(route.request.url).hostname or ""
            if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                route.continue_()
            else:
                browsing.refused.append(route.request.url)
                route.abort()

        context.route("**/*", only_the_live_server)
        browsing.page.on("pageerror", lambda error: browsing.errors.append(str(error)))

        def policy_refusals(message) -> None:
            if "Content Security Policy" in message.text:
                browsing.blocked.append(message.text)

        browsing.page.on("console", policy_refusals)
        try:
            yield browsing
        finally:
            context.close()
            browser.close()
            # Inside Playwright's context Django keeps connections of its own (they are
            # per context, not per thread): close them, or PostgreSQL refuses to drop the test
            # database while they are open.
            connections.close_all()
