"""Addresses taken from a page: kept only when absolute ``http(s)`` ones, so that what the
store shows as a link can never run a script or stand for a file of this server."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# A site's home page, or its home in one language: "/", "/en", "/de-at/".
_HOME_PATH_RE = re.compile(r"/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?", re.IGNORECASE)
# The longest address the store keeps.
_MAX_URL_LENGTH = 2000


def web_address(url: str | None) -> str | None:
    """An absolute ``http(s)`` address of a sensible length, else ``None`` (a relative path on a
    page that does not say where it lives, a ``javascript:`` or ``data:`` URL).

    >>> web_address("https://example.org/a.jpg"), web_address("javascript:alert(1)")
    ('https://example.org/a.jpg', None)
    """
    if not url:
        return None
    url = url.strip()
    if len(url) > _MAX_URL_LENGTH or urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    if not urlsplit(url).netloc:
        return None
    return url


def is_home_page(url: str | None) -> bool:
    """Whether an address is a site's home page (in a language), where no article lives.

    >>> is_home_page("https://www.example.org/"), is_home_page("https://example.org/en")
    (True, True)
    >>> is_home_page("https://example.org/2024/06/dockers-strike"), is_home_page(None)
    (False, False)
    """
    if not url:
        return False
    parts = urlsplit(url)
    return not parts.query and _HOME_PATH_RE.fullmatch(parts.path) is not None
