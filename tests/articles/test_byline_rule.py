"""The one rule of a right byline that every evaluation of the parser shares
(``bench/parser/names.py``): its examples and the cases the evaluations depend on."""

import doctest

import pytest

from bench.parser import names


def test_the_rules_examples_hold():
    failures, tried = doctest.testmod(names)
    assert tried >= 4
    assert failures == 0


@pytest.mark.parametrize(
    ("byline", "truth", "right"),
    [
        ("Ann Lee and Bo Chan", ["Bo Chan", "Ann Lee"], True),
        ("Bo Chan / Ann Lee", ["Ann Lee", "Bo Chan"], True),
        ("ANN LEE", ["Ann Lee"], True),
        ("Ann Lee", ["Ann Lee", "Bo Chan"], False),
        ("Ann Lee, Staff Writer", ["Ann Lee"], False),
        (None, ["Ann Lee"], False),
        ("Ann Lee", None, False),
    ],
)
def test_a_byline_is_right_when_it_names_the_same_people(byline, truth, right):
    assert names.same_byline(byline, truth) is right


def test_the_outlet_named_as_author_leaves_the_truth():
    truth = names.true_authors(
        ["Mia Roth", "FOCUS online", "https://example.org/mia"],
        outlets=["FOCUS online", "focus.de"],
    )
    assert truth == ["Mia Roth"]
