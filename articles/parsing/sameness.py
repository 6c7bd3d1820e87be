"""Whether two parses are the same article: a saved page and its text dump read differently at
the edges (a caption, a teaser line), but their bodies share most of their wording."""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD_RE = re.compile(r"\w+")
_SHINGLE = 4
# The share of the shorter body's 4-word shingles the other must hold.
SAME_BODY_SHARE = 0.6


def _shingles(paragraphs: Sequence[str]) -> set[tuple[str, ...]]:
    words = [word.casefold() for paragraph in paragraphs for word in _WORD_RE.findall(paragraph)]
    return {tuple(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}


def same_body(first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether two bodies tell the same text.

    >>> same_body(["The mayor froze fares until 2027, the council said."],
    ...           ["Photo: Ann Lee", "The mayor froze fares until 2027, the council said."])
    True
    >>> same_body(["The mayor froze fares."], ["The council raised taxes today."])
    False
    """
    one, other = _shingles(first), _shingles(second)
    smaller = min(len(one), len(other))
    return bool(smaller) and len(one & other) >= SAME_BODY_SHARE * smaller
