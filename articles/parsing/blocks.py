"""Split a page's text into blocks: the paragraphs, headings and one-line items of the page.

Most seed files separate blocks with blank lines, but some put every paragraph on its own line
with no blank line between, and a few hard-wrap long paragraphs at a fixed width. A group of
consecutive non-blank lines is therefore split into one block per line unless its lines look
hard-wrapped, in which case they are joined.
"""

from __future__ import annotations

import itertools
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


def _line_groups(text: str) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line with its number; whitespace-only lines are blank."""
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = collapse_whitespace(raw)
        if line:
            current.append((number, line))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _joins_next(line: str, following: str, width: int, *, one_line_paragraphs: bool) -> bool:
    """Whether ``following`` continues the paragraph that ``line`` belongs to.

    A hard-wrapped line fills most of the width: in a block 72 wide, a 70-character line runs
    on and a 30-character one ends its paragraph. In a file with no blank lines at all, a line
    ending a sentence before a capitalised one is taken as a paragraph end.
    """
    if width > _MAX_WRAP_WIDTH or width < _MIN_WRAP_WIDTH:
        return False
    if len(line) < _WRAPPED_LINE_SHARE * width:
        return False
    return not (one_line_paragraphs and ends_sentence(line) and is_capitalised(following))


def split_blocks(text: str) -> list[Block]:
    """The blocks of ``text`` in order.

    >>> [b.text for b in split_blocks("Name\\n\\nHeadline\\nBy Ann Lee\\n\\n\\tBody.")]
    ['Name', 'Headline', 'By Ann Lee', 'Body.']
    """
    groups = _line_groups(text)
    one_line_paragraphs = len(groups) == 1
    blocks: list[Block] = []
    for group in groups:
        width = max(len(line) for _, line in group)
        start, parts = group[0][0], [group[0][1]]
        for (_, previous), (number, line) in itertools.pairwise(group):
            if _joins_next(previous, line, width, one_line_paragraphs=one_line_paragraphs):
                parts.append(line)
            else:
                blocks.append(Block(" ".join(parts), start))
                start, parts = number, [line]
        blocks.append(Block(" ".join(parts), start))
    return blocks
