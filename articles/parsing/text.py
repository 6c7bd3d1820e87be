"""Small text helpers shared by the parser's modules: whitespace collapsing and the shape of a
piece of text (word count, sentence end, capitalised words)."""

from __future__ import annotations

import re

# Invisible characters that scraped pages carry inside words (soft hyphen, zero-width space,
# word joiner, stray BOM); they are dropped rather than turned into spaces.
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u2060\ufeff]")
# ``\s`` on str patterns covers tabs, NBSP (U+00A0), thin and narrow spaces (U+2009, U+202F).
_SPACE_RE = re.compile(r"\s+")

TERMINAL_PUNCTUATION = ".!?…"
# Characters that may close a sentence after its terminal mark: ``said.”`` or ``(see above).``
CLOSING_MARKS = "\"'”’»)]"
SEPARATOR_CHARS = " \t|·•—–-/,;:"


def collapse_whitespace(text: str) -> str:
    """All runs of whitespace (tabs, NBSP, newlines) as one space, stripped.

    >>> collapse_whitespace("  By\\u00a0Klara \\t Winter ")
    'By Klara Winter'
    """
    return _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", text)).strip()


def word_count(text: str) -> int:
    """Number of space-separated words: ``word_count("Markets. Money. Makers.") == 3``."""
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends like a sentence: ``ends_sentence('he said.”') is True``."""
    stripped = text.rstrip().rstrip(CLOSING_MARKS)
    return bool(stripped) and stripped[-1] in TERMINAL_PUNCTUATION


def strip_separators(text: str) -> str:
    """``text`` without separators at either end: ``strip_separators(' | Photo ') == 'Photo'``."""
    return text.strip(SEPARATOR_CHARS)


def is_capitalised(word: str) -> bool:
    """Whether a word starts with an upper-case letter, skipping opening quotes and brackets.

    >>> is_capitalised("Julián"), is_capitalised("“Six"), is_capitalised("said")
    (True, True, False)
    """
    core = word.lstrip("\"'“‘«([¿¡")
    return bool(core) and core[0].isupper()
