"""Split a page's text into blocks: the paragraphs, headings and one-line items of the page.

Most seed files separate blocks with blank lines, but some put every paragraph on its own line
with no blank line between, and a few hard-wrap long paragraphs at a fixed width. A group of
consecutive non-blank lines is therefore split into one block per line unless its lines look
hard-wrapped, in which case they are joined.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from articles.parsing.text import collapse_whitespace, ends_sentence, is_capitalised

# Nobody hard-wraps text wider than this; a longer line is a whole paragraph on its own.
_MAX_WRAP_WIDTH = 100
# Hard-wrapped text is at least this wide; shorter lines are headings, names, dates.
_MIN_WRAP_WIDTH = 40
# A wrapped line fills most of the width; a clearly shorter line ends its paragraph.
_WRAPPED_LINE_SHARE = 0.6


@dataclass(frozen=True)
class Block:
    """One block of text, whitespace collapsed, with the 1-based line it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class _Line:
    """A non-blank line: its number, its text (whitespace collapsed), and the width it takes
    on the page, indentation included, which is what a wrapping tool fills."""

    number: int
    text: str
    width: int


def _line_groups(text: str, first_line: int) -> list[list[_Line]]:
    """Runs of non-blank lines; whitespace-only lines are blank."""
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    for number, raw in enumerate(text.split("\n"), start=first_line):
        line = collapse_whitespace(raw)
        if line:
            current.append(_Line(number, line, len(raw.expandtabs(8).rstrip())))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _joins_next(line: _Line, following: _Line, width: int, *, one_line_paragraphs: bool) -> bool:
    """Whether ``following`` continues the paragraph that ``line`` belongs to.

    A hard-wrapped line fills most of the width: in a block 72 wide, a 70-character line runs
    on and a 30-character one ends its paragraph; an indented first line counts its indent.
    In a file with no blank lines at all, a line ending a sentence before a capitalised one is
    taken as a paragraph end.
    """
    if width > _MAX_WRAP_WIDTH or width < _MIN_WRAP_WIDTH:
        return False
    if line.width < _WRAPPED_LINE_SHARE * width:
        return False
    return not (one_line_paragraphs and ends_sentence(line.text) and is_capitalised(following.text))


def _join_wrapped(parts: list[str]) -> str:
    """The lines of a hard-wrapped paragraph as one line.

    Wrapping tools break lines at spaces and after the hyphen of a compound word, never
    inside a word, so a line ending in a letter and a hyphen runs on without a space:

    >>> _join_wrapped(["on Monday the well-", "known bridge reopened"])
    'on Monday the well-known bridge reopened'
    >>> _join_wrapped(["prices rose -", "and fell"])
    'prices rose - and fell'
    """
    joined = parts[0]
    for part in parts[1:]:
        glued = re.search(r"[^\W\d_]-$", joined) and part[:1].isalpha()
        joined = f"{joined}{part}" if glued else f"{joined} {part}"
    return joined


def split_blocks(text: str, *, first_line: int = 1) -> list[Block]:
    """The blocks of ``text`` in order; ``first_line`` is the number of its first line.

    >>> [b.text for b in split_blocks("Name\\n\\nHeadline\\nBy Ann Lee\\n\\n\\tBody.")]
    ['Name', 'Headline', 'By Ann Lee', 'Body.']
    """
    groups = _line_groups(text, first_line)
    one_line_paragraphs = len(groups) == 1
    blocks: list[Block] = []
    for group in groups:
        width = max(line.width for line in group)
        start, parts = group[0].number, [group[0].text]
        for previous, line in itertools.pairwise(group):
            if _joins_next(previous, line, width, one_line_paragraphs=one_line_paragraphs):
                parts.append(line.text)
            else:
                blocks.append(Block(_join_wrapped(parts), start))
                start, parts = line.number, [line.text]
        blocks.append(Block(_join_wrapped(parts), start))
    return blocks
