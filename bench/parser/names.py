"""What a right byline is: one rule for every evaluation of the parser (text dumps, saved web
pages, the byline rules alone).

A byline is right when it names the same people as the truth, in any order and joined by any
separator: "Ann Lee und Bo Chan" is right for the truth ``["Ann Lee", "Bo Chan"]``, and so is
"Bo Chan / Ann Lee". A byline with a name more (an outlet, a desk, a place) or a name less is
wrong, and so is one where the truth has none. Names are compared as their words, case and
punctuation aside.

Some sources name the outlet as the author of an unsigned story ("ORF.at", "FOCUS online"); the
parser gives the outlet as the publication, never as the byline, so ``true_authors`` takes the
outlet out of the truth before the comparison.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD_RE = re.compile(r"\w+")
_ADDRESS_RE = re.compile(r"^www\.|://|@")
# Words and signs that join names in a byline, in the corpus's languages.
_JOINERS_RE = re.compile(
    r",|;|&|\|| - | – |/|\b(?:and|und|et|y|e|og|och|en|i|a|ja|és|ve|и)\b",
    re.IGNORECASE,
)


def _normal(text: str) -> str:
    return " ".join(word.casefold() for word in _WORD_RE.findall(text))


def byline_names(byline: str | Sequence[str] | None) -> set[str]:
    """The names of a byline, or of a list of authors, as words.

    >>> sorted(byline_names("Ann Lee und Bo Chan")) == sorted(byline_names(["Bo Chan", "Ann Lee"]))
    True
    """
    if not byline:
        return set()
    parts = [byline] if isinstance(byline, str) else list(byline)
    return {
        normal for part in parts for name in _JOINERS_RE.split(part) if (normal := _normal(name))
    }


def same_byline(byline: str | None, truth: str | Sequence[str] | None) -> bool:
    """Whether ``byline`` names the people of ``truth`` and no one else.

    >>> same_byline("Ann Lee, Reuters", ["Ann Lee"]), same_byline(None, None)
    (False, True)
    """
    return byline_names(byline) == byline_names(truth)


def true_authors(authors: Sequence[str] | None, *, outlets: Sequence[str]) -> list[str]:
    """The truth's authors that are not the outlet (its name or its domain), nor an address
    (a source's extraction that took a link for the author).

    >>> true_authors(["Julian Seiferth", "t-online"], outlets=["T-Online", "t-online.de"])
    ['Julian Seiferth']
    >>> true_authors(["ORF.at"], outlets=["Österreichischer Rundfunk", "orf.at"])
    []
    """
    outlet_words = [set(_normal(outlet).split()) for outlet in outlets if outlet]
    return [
        author
        for author in authors or ()
        if not any(set(_normal(author).split()) <= words for words in outlet_words)
        and not _ADDRESS_RE.search(author)
    ]
