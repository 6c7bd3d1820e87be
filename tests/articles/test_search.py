"""``articles.search``: web-search-style queries parsed into plain data, with no database."""

from __future__ import annotations

import pytest

from articles.search import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    ParsedQuery,
    SearchQueryError,
    Term,
    parse_search_query,
    search_config,
)


def words(*texts: str) -> tuple[tuple[Term, ...], ...]:
    return tuple((Term(text),) for text in texts)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fishing pact", ParsedQuery(groups=words("fishing", "pact"))),
        ("  fishing   pact ", ParsedQuery(groups=words("fishing", "pact"))),
        ('"sea pact"', ParsedQuery(groups=((Term("sea pact", phrase=True),),))),
        ('"sea', ParsedQuery(groups=words("sea"))),  # an unclosed quote runs to the end
        ('"sea pact', ParsedQuery(groups=((Term("sea pact", phrase=True),),))),
        ("fishing -whaling", ParsedQuery(groups=words("fishing"), excluded=(Term("whaling"),))),
        (
            'fishing -"big fish"',
            ParsedQuery(groups=words("fishing"), excluded=(Term("big fish", phrase=True),)),
        ),
        ("putin OR kim", ParsedQuery(groups=((Term("putin"), Term("kim")),))),
        (
            "putin OR kim treaty",  # OR binds tighter than AND
            ParsedQuery(groups=((Term("putin"), Term("kim")), (Term("treaty"),))),
        ),
        ("a OR b OR c", ParsedQuery(groups=((Term("a"), Term("b"), Term("c")),))),
        ("putin or kim", ParsedQuery(groups=words("putin", "or", "kim"))),  # lower case: a word
        ("OR putin OR", ParsedQuery(groups=words("putin"))),  # dangling ORs are ignored
        ("a -b OR c", ParsedQuery(groups=words("a", "c"), excluded=(Term("b"),))),
        ("Won-sik", ParsedQuery(groups=words("Won-sik"))),  # a hyphen inside a word
        ("(putin, kim's)", ParsedQuery(groups=words("putin", "kim's"))),
        ("-whaling", ParsedQuery(excluded=(Term("whaling"),))),
        ("- & fishing", ParsedQuery(groups=words("fishing"))),
    ],
)
def test_parse_search_query(query, expected):
    assert parse_search_query(query) == expected


def test_terms_lists_what_to_look_for_in_order():
    parsed = parse_search_query('putin OR kim "sea pact" -ukraine')
    assert [term.text for term in parsed.terms] == ["putin", "kim", "sea pact"]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", "no words"),
        ('- "" &&', "no words"),
        ("x" * (MAX_QUERY_LENGTH + 1), "at most"),
        (" ".join(["word"] * (MAX_TERMS + 1)), "at most"),
    ],
)
def test_queries_that_cannot_run_raise_with_a_reason(query, reason):
    with pytest.raises(SearchQueryError, match=reason):
        parse_search_query(query)


def test_search_config_stems_known_languages_only():
    assert search_config("es") == "spanish"
    assert search_config("sw") == "simple"
