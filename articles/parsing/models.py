"""Plain, immutable results of the seed parser: what the Django loader stores."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ParsedCaption:
    """One image caption of an article.

    ``text`` holds no credit; ``credit`` has no parentheses, brackets, labels ("Photo:",
    "Foto:") or separators; ``after_paragraph`` counts the body paragraphs before the image
    (0 = lead image); ``photographer`` and ``agencies`` are ``credit`` split into its parts.
    A saved web page also gives the picture itself: ``image_url`` (absolute where the page's
    address is known), ``alt_text`` and the ``width`` and ``height`` its markup declares. A text
    dump knows none of these.
    """

    text: str
    credit: str | None
    after_paragraph: int
    photographer: str | None = None
    agencies: tuple[str, ...] = ()
    image_url: str | None = None
    alt_text: str = ""
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class ParsedArticle:
    """One parsed seed file.

    ``published`` is the publication date as written on the page; ``published_at`` is the
    same moment, timezone-aware (the page's zone, else UTC; midnight when no time is given).
    ``warnings`` are human-readable notes on what the page lacked or what was guessed.
    ``confidence`` (0 to 1) is how sure the parser is of where the article starts and ends on
    the page; an ``uncertain`` parse is one an editor should check before the public sees it.
    A saved web page also says where it lives: ``canonical_url`` is the address it gives itself
    (``<link rel=canonical>``, else its OpenGraph URL), ``source_url`` the address it was saved
    from (the browser's "saved from" note, else the canonical one); a text dump has neither.
    """

    publication_name: str | None
    publication_tagline: str | None
    headline: str
    byline: str | None
    published: datetime.date | None
    published_at: datetime.datetime | None
    language: str
    paragraphs: tuple[str, ...]
    captions: tuple[ParsedCaption, ...]
    attribution: str | None
    warnings: tuple[str, ...] = ()
    confidence: float = 1.0
    uncertain: bool = False
    canonical_url: str | None = None
    source_url: str | None = None
