"""Search queries as web search engines take them, parsed into plain data with no database.

``fishing "sea pact" -whaling`` finds articles with *fishing* and the phrase *sea pact* but not
*whaling*; ``putin OR kim`` finds either word. ``OR`` (in capitals) binds tighter than the
implicit AND, so ``putin OR kim treaty`` means *(putin or kim) and treaty*, as on Google and in
PostgreSQL's ``websearch_to_tsquery``. The database layer turns the result into full text
search on PostgreSQL and into substring matches elsewhere.

A result's snippet is cut here too (``extract``): the stretch of a text around the first word
whose stem is one of the query's, stemmed as PostgreSQL's dictionaries stem it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice

import snowballstemmer

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32

# A term keeps inner punctuation (``Won-sik``, ``Kim's``) but not what surrounds it
# (``(putin,``). Anything without a letter or digit is no term at all.
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')

# PostgreSQL text search configurations for the languages the parser detects; every other
# language is searched without stemming ("simple"). The migration that builds the search
# document holds the same table (``articles_search_config``); a test checks that they agree.
SEARCH_CONFIGS: dict[str, str] = {
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "pt": "portuguese",
    "de": "german",
    "it": "italian",
    "nl": "dutch",
}
DEFAULT_SEARCH_CONFIG = "simple"


class SearchQueryError(ValueError):
    """A search query that cannot be run, with the reason for the client."""


@dataclass(frozen=True)
class Term:
    """A word, or a phrase whose words must appear together in this order."""

    text: str
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """Every group must match; a group matches when any of its terms does; no excluded term may
    match."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms to look for (not the excluded ones), in the order written."""
        return tuple(term for group in self.groups for term in group)


def _clean(text: str) -> str:
    words = (_EDGE_PUNCTUATION.sub("", word) for word in text.split())
    return " ".join(word for word in words if word)


def _term(text: str, *, quoted: bool) -> Term | None:
    """``'"sea pact"'`` -> phrase; ``'(putin,'`` -> ``Term('putin')``; ``'&'`` -> None."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    return Term(cleaned, phrase=quoted and " " in cleaned)


def parse_search_query(query: str) -> ParsedQuery:
    """Parse a web-search-style query.

    >>> parsed = parse_search_query('putin OR kim "military pact" -ukraine')
    >>> [[term.text for term in group] for group in parsed.groups]
    [['putin', 'kim'], ['military pact']]
    >>> parsed.excluded
    (Term(text='ukraine', phrase=False),)

    An unclosed quote runs to the end of the query; a dangling ``OR`` is ignored; ``-`` before a
    word or a quote excludes it, inside a word (``Won-sik``) it is part of the word.
    """
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"A search may be at most {MAX_QUERY_LENGTH} characters long.")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False  # OR came right after a term to look for
    after_term = False
    for match in _TOKEN.finditer(query):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            join_next, after_term = after_term, False
            continue
        if bare is not None:
            negated = "-" if bare.startswith("-") else ""
            bare = bare.lstrip("-")
        term = _term(quoted if quoted is not None else bare, quoted=quoted is not None)
        if term is None:
            continue
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next, after_term = False, not negated
    if not groups and not excluded:
        raise SearchQueryError("The search has no words to look for.")
    if len(excluded) + sum(len(group) for group in groups) > MAX_TERMS:
        raise SearchQueryError(f"A search may have at most {MAX_TERMS} words and phrases.")
    return ParsedQuery(
        groups=tuple(tuple(group) for group in groups), excluded=tuple(dict.fromkeys(excluded))
    )


def search_config(language: str) -> str:
    """The PostgreSQL text search configuration for an ISO 639-1 code: ``"es"`` -> ``"spanish"``."""
    return SEARCH_CONFIGS.get(language, DEFAULT_SEARCH_CONFIG)


# Snippets -------------------------------------------------------------------------------------

SNIPPET_WORDS = 30
# A word as PostgreSQL's parser reads one for stemming: letters and digits (the parts of
# "two-day" are words of their own, as they are lexemes of their own in a search document).
_WORD = re.compile(r"\w+")


@cache
def stemmer(config: str) -> Callable[[str], str]:
    """The stem of a word in a text search configuration, as PostgreSQL's Snowball dictionaries
    make it (the same algorithms): ``stemmer("english")("Ministers") == "minist"``; lowercase in
    ``simple`` and in any configuration without a Snowball stemmer. Remembered per word, since a
    newsroom's words repeat."""
    try:
        snowball = snowballstemmer.stemmer(config)
    except KeyError:
        return str.lower

    @lru_cache(maxsize=16384)
    def stem(word: str) -> str:
        return snowball.stemWord(word.lower())

    return stem


def query_stems(parsed: ParsedQuery, config: str) -> frozenset[str]:
    """The stems of the words to look for (not the excluded ones), in ``config``."""
    stem = stemmer(config)
    return frozenset(stem(word) for term in parsed.terms for word in _WORD.findall(term.text))


@dataclass(frozen=True)
class Extract:
    """A stretch of a text: ``text``, the ``(start, end)`` of each match in it, and whether the
    text goes on before it and after it."""

    text: str
    matches: tuple[tuple[int, int], ...]
    cut_before: bool
    cut_after: bool


def extract(text: str, stems: frozenset[str], config: str) -> Extract:
    """``SNIPPET_WORDS`` words of ``text`` from a few before the first word whose stem (in
    ``config``) is one of ``stems``, its words joined with single spaces, with the place of each
    such word in it; the first words of ``text`` where none is.

    >>> found = extract("Talks went on.\\n\\nThe ministers met.", frozenset({"minist"}), "english")
    >>> found.text, found.matches, found.cut_before, found.cut_after
    ('Talks went on. The ministers met.', ((19, 28),), False, False)
    """
    stem = stemmer(config)
    first = _matching_words(text, stems, stem, first_only=True)
    at = first[0][0] if first else 0
    while at > 0 and not text[at - 1].isspace():  # from the start of its word ("“Minister")
        at -= 1
    # The words before the match, from enough characters for them in most texts.
    start = max(0, at - 15 * _LEAD_WORDS)
    before = list(_NON_SPACE.finditer(text, start, at))
    if before and before[0].start() == start > 0 and not text[start - 1].isspace():
        before.pop(0)  # the stretch began inside a word
    before = before[-_LEAD_WORDS:]
    words = before + list(islice(_NON_SPACE.finditer(text, at), SNIPPET_WORDS - len(before)))
    if not words:
        return Extract(text="", matches=(), cut_before=False, cut_after=False)
    stretch = " ".join(word.group() for word in words)
    return Extract(
        text=stretch,
        matches=tuple(_matching_words(stretch, stems, stem, first_only=False)),
        cut_before=_NON_SPACE.search(text, 0, words[0].start()) is not None,
        cut_after=_NON_SPACE.search(text, words[-1].end()) is not None,
    )


_LEAD_WORDS = SNIPPET_WORDS // 3
_NON_SPACE = re.compile(r"\S+")


def _matching_words(
    text: str, stems: frozenset[str], stem: Callable[[str], str], *, first_only: bool
) -> list[tuple[int, int]]:
    """Where the words of ``text`` whose stem is one of ``stems`` are, in order; only the first
    if ``first_only``. A word's stem begins as the word does, but for its last letter ("happy"
    is "happi"): the words that begin so are found with ``str.find`` in the lowercase text, and
    stemmed to be sure ("Ministry" is "ministri", not "minist")."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lowercase is two ("İ"): places would move
        lowered = "".join(letter if len(letter.lower()) > 1 else letter.lower() for letter in text)
    found = []
    for beginning in _beginnings(stems):
        at = lowered.find(beginning)
        while at != -1:
            if at == 0 or not lowered[at - 1].isalnum():
                word = _WORD.match(text, at)
                if word is not None and stem(word.group()) in stems:
                    found.append(word.span())
                    if first_only:
                        break
            at = lowered.find(beginning, at + 1)
    found.sort()
    return found[:1] if first_only else found


@lru_cache(maxsize=1024)
def _beginnings(stems: frozenset[str]) -> tuple[str, ...]:
    """How the words with one of ``stems`` begin: as the stem does, but for its last letter."""
    return tuple({stem[:-1] if len(stem) > 3 else stem for stem in stems if stem})
