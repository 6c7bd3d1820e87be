"""The part of a very long page that holds the article, found before the page is read closely.

Reading a block closely (the rules of ``classify_block``, the segmenter's features) costs tens
of microseconds, which a page of a few hundred blocks hardly notices but a 2 MB page of forty
thousand lines of comments, menus and teasers does. A long page is therefore cut first, at C
speed, around its article: the cluster of long lines (paragraphs) that comes first among the
large ones, with room above it for the headline and byline and below it for the last
paragraphs and the attribution, and never more than ``_MAX_WINDOW`` characters from the start
of that cluster (an article of more than 15,000 words is not one a news site publishes), nor
more than ``_MAX_LINES`` lines (the longest real page we hold has 1,400 blocks; thousands of
short lines are comment threads and link lists, and they cost what long lines do).
Pages under ``_MAX_CHARACTERS`` are read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Article pages' text dumps are rarely over 100 KB; only longer ones are cut.
_MAX_CHARACTERS = 200_000
# A paragraph-like line (any script: a hundred characters of Japanese are two sentences).
_LONG_LINE_RE = re.compile(r"^[^\n]{100,}$", re.MULTILINE)
# Long lines further apart than this are two clusters (an article and the comments under it).
_MAX_GAP = 6_000
# A cluster this large against the largest one may be the article (which comes first).
_MIN_SHARE_OF_LARGEST = 0.5
_ROOM_ABOVE = 20_000
_ROOM_BELOW = 8_000
_MAX_WINDOW = 100_000
_MAX_LINES_ABOVE = 300
_MAX_LINES = 1_200


@dataclass(frozen=True)
class Window:
    """The text to read and the number of lines cut above it (to number lines as in the file)."""

    text: str
    lines_above: int


def article_window(text: str) -> Window:
    """``text`` itself when it is short, else the part around its first large cluster of long
    lines.

    >>> article_window("Headline\\n\\nBody.").text
    'Headline\\n\\nBody.'
    """
    if len(text) <= _MAX_CHARACTERS:
        return Window(text, 0)
    clusters: list[list[int]] = []  # [start, end, characters] of each cluster of long lines
    for match in _LONG_LINE_RE.finditer(text):
        start, end = match.span()
        if clusters and start - clusters[-1][1] <= _MAX_GAP:
            clusters[-1][1] = end
            clusters[-1][2] += end - start
        else:
            clusters.append([start, end, end - start])
    if not clusters:
        return Window(text[:_MAX_CHARACTERS], 0)
    largest = max(size for _, _, size in clusters)
    first, last, _ = next(c for c in clusters if c[2] >= _MIN_SHARE_OF_LARGEST * largest)
    start = text.rfind("\n", 0, max(0, first - _ROOM_ABOVE)) + 1
    end = text.find("\n", min(len(text), last + _ROOM_BELOW, first + _MAX_WINDOW))
    end = len(text) if end < 0 else end
    above = text[start:first].split("\n")
    if len(above) > _MAX_LINES_ABOVE:
        start = first - len("\n".join(above[-_MAX_LINES_ABOVE:]))
    lines = text[start:end].split("\n")
    if len(lines) > _MAX_LINES:
        end = start + len("\n".join(lines[:_MAX_LINES]))
    return Window(text[start:end], text.count("\n", 0, start))
