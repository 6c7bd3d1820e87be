"""``articles.search``: web-search-style queries parsed into plain data, with no database."""

from __future__ import annotations

import pytest

from articles.search import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    SNIPPET_WORDS,
    ParsedQuery,
    SearchQueryError,
    Term,
    extract,
    parse_search_query,
    query_stems,
    search_config,
    stemmer,
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


@pytest.mark.parametrize(
    ("config", "word", "stem"),
    [
        ("english", "Ministers", "minist"),
        ("english", "ministry", "ministri"),
        ("english", "happy", "happi"),
        ("spanish", "ministros", "ministr"),
        ("simple", "Ministers", "ministers"),
    ],
)
def test_stemmer_stems_as_postgresql_dictionaries_do(config, word, stem):
    assert stemmer(config)(word) == stem


def test_query_stems_are_the_words_to_look_for():
    parsed = parse_search_query('ministers "sea pacts" -whaling')

    assert query_stems(parsed, "english") == {"minist", "sea", "pact"}


def numbered(count: int) -> str:
    return " ".join(f"w{number}" for number in range(count))


def marked(found) -> list[str]:
    return [found.text[start:stop] for start, stop in found.matches]


def test_extract_begins_a_few_words_before_the_first_match():
    text = f"{numbered(50)} The Ministry said the ministers met. {numbered(50)}"

    found = extract(text, frozenset({"minist"}), "english")

    assert marked(found) == ["ministers"], "Ministry is another word (ministri)"
    assert found.text.split()[SNIPPET_WORDS // 3] == "ministers"
    assert len(found.text.split()) == SNIPPET_WORDS
    assert found.cut_before and found.cut_after


def test_extract_marks_every_match_in_it_whatever_its_case():
    text = "Happy people.\n\nThe HAPPINESS of the happy, happily."

    found = extract(text, frozenset({"happi"}), "english")

    assert found.text == "Happy people. The HAPPINESS of the happy, happily."
    assert marked(found) == ["Happy", "HAPPINESS", "happy"], "happily is happili"
    assert not found.cut_before and not found.cut_after


def test_extract_starts_at_the_word_of_a_match_inside_punctuation():
    found = extract(f"{numbered(40)} “Ministers”, he said.", frozenset({"minist"}), "english")

    assert "“Ministers”," in found.text.split()
    assert marked(found) == ["Ministers"]


def test_extract_without_a_match_is_the_beginning_of_the_text():
    found = extract(numbered(100), frozenset({"minist"}), "english")

    assert found.text == numbered(SNIPPET_WORDS)
    assert found.matches == ()
    assert not found.cut_before and found.cut_after
