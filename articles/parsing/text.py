"""Small text helpers shared by the parser's modules: whitespace collapsing and the shape of a
piece of text (word count, sentence end, capitalised words), in every script: Chinese and
Japanese write no spaces between words and end sentences with 。！？."""

from __future__ import annotations

import re

# Invisible characters that scraped pages carry inside words (soft hyphen, zero-width space,
# word joiner, stray BOM); they are dropped rather than turned into spaces.
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u2060\ufeff]")
# ``\s`` on str patterns covers tabs, NBSP (U+00A0), thin and narrow spaces (U+2009, U+202F).
_SPACE_RE = re.compile(r"\s+")

TERMINAL_PUNCTUATION = ".!?…。！？"
# Characters that may close a sentence after its terminal mark: ``said.”`` or ``(see above).``
CLOSING_MARKS = "\"'”’»)]」』）】"
SEPARATOR_CHARS = " \t|·•—–-/,;:"


def collapse_whitespace(text: str) -> str:
    """All runs of whitespace (tabs, NBSP, newlines) as one space, stripped.

    >>> collapse_whitespace("  By\\u00a0Klara \\t Winter ")
    'By Klara Winter'
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Already collapsed (every block is): no tab, newline, NBSP or invisible character
        # is printable, so there is nothing to replace. Parsing asks this of blocks often.
        return text
    return _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", text)).strip()


# Kana and Han characters (not Hangul: Korean puts spaces between words).
CJK_CHARACTER_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
# A word of Chinese or Japanese is one or two characters; two is the better guess in news text.
_CJK_CHARACTERS_PER_WORD = 2


def word_count(text: str) -> int:
    """Number of words: space-separated ones, and in Chinese or Japanese every two characters.

    >>> word_count("Markets. Money. Makers."), word_count("東京都は新たな計画を発表した。")
    (3, 7)
    """
    words = len(text.split())
    if text.isascii():
        return words
    cjk = len(CJK_CHARACTER_RE.findall(text))
    if not cjk:
        return words
    # A run of CJK characters between spaces counts as its characters, not as one word.
    return max(words + cjk // _CJK_CHARACTERS_PER_WORD - _cjk_runs(text), 1)


def _cjk_runs(text: str) -> int:
    """How many space-separated words hold CJK characters (each is recounted by characters)."""
    return sum(1 for word in text.split() if CJK_CHARACTER_RE.search(word))


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends like a sentence: ``ends_sentence('he said.”') is True``, and so
    does ``「発表した。」``."""
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
