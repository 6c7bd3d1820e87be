"""Search queries as web search engines take them, parsed into plain data with no database.

``fishing "sea pact" -whaling`` finds articles with *fishing* and the phrase *sea pact* but not
*whaling*; ``putin OR kim`` finds either word. ``OR`` (in capitals) binds tighter than the
implicit AND, so ``putin OR kim treaty`` means *(putin or kim) and treaty*, as on Google and in
PostgreSQL's ``websearch_to_tsquery``. The database layer turns the result into full text
search on PostgreSQL and into substring matches elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
