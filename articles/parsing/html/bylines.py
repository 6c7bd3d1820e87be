"""The byline a page prints in its markup, for pages whose data names no author.

Templates mark the byline for their own styling and for search engines: ``rel="author"`` on the
author's link, ``itemprop="author"``, a class with ``author`` or ``byline`` in it
(``article__author``, ``metaInfoAuthorList``). Such an element counts only where it stands
between the headline and the start of the copy (an author box under the article, a comment's
author or a related story's byline stand elsewhere), and only when its text reads as a byline
by the text parser's rules ("von Jemima Kelly") or is nothing but people's names. Those rules
take capitalised words for names, so a marked link such as "Alle Artikel" can pass for one;
the place between headline and copy is what keeps such links out.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from articles.parsing.headers import parse_bare_byline, parse_byline
from articles.parsing.html.body import join_parts, normal_words
from articles.parsing.html.figures import VISIBLE_TEXT, PageText
from articles.parsing.text import word_count

_AUTHOR_MARK_RE = re.compile(r"author|byline", re.IGNORECASE)
# A byline is a line: an element with more words holds more than the byline (a whole header).
_MAX_BYLINE_WORDS = 16
# How far after the start of the copy a byline may stand (in characters of the page's words):
# after a standfirst, or at the end of a short first paragraph.
_AFTER_COPY_REACH = 600
# Without the headline found in the page, how far before the copy a byline may stand.
_BEFORE_COPY_REACH = 1500


def _is_marked(element: HtmlElement) -> bool:
    marks = " ".join(
        element.get(attribute) or "" for attribute in ("class", "itemprop", "rel", "data-testid")
    )
    return bool(marks) and _AUTHOR_MARK_RE.search(marks) is not None


def _names(text: str) -> str | None:
    """The names of a marked element's text: a byline, or a line of nothing but names.

    >>> _names("von Jemima Kelly"), _names("Nathaniel Flakin"), _names("More from the author")
    ('Jemima Kelly', 'Nathaniel Flakin', None)
    """
    return parse_byline(text) or parse_bare_byline(text)


def printed_byline(tree: HtmlElement, page: PageText, *, headline: str, copy: str) -> str | None:
    """The names in the first element marked as the byline between ``headline`` and the start
    of ``copy`` (the article's first paragraph) in ``page``, else ``None``."""
    copy_at = page.find(copy)
    if copy_at < 0:
        return None
    key = " ".join(normal_words(headline).split()[:8])
    headline_at = page.words.rfind(f" {key} ", 0, copy_at) if key else -1
    start = headline_at if headline_at >= 0 else copy_at - _BEFORE_COPY_REACH
    end = copy_at + _AFTER_COPY_REACH
    body = tree.find("body")
    for element in body.iter() if body is not None else ():
        if not isinstance(element.tag, str) or not _is_marked(element):
            continue
        text = join_parts(element.xpath(VISIBLE_TEXT))
        if not text or word_count(text) > _MAX_BYLINE_WORDS:
            continue
        names = _names(text)
        if names is None:
            continue
        at = page.find(text, max(0, start))
        if 0 <= at <= end:
            return names
    return None
