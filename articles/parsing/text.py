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

# Latin, Greek and Cyrillic marks; Chinese and Japanese full-width ones; the Devanagari danda,
# the Myanmar and Ethiopic full stops, the Arabic question mark and the Urdu full stop.
TERMINAL_PUNCTUATION = ".!?…。！？।॥။።؟۔"
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
# Thai, Lao, Myanmar and Khmer also write words without spaces (and put one between phrases).
_SOUTHEAST_ASIAN_RE = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
# How many characters make a word, in the scripts that write no spaces between words: a word
# of Chinese or Japanese is one or two characters, one of Thai or Burmese about five.
_UNSPACED_SCRIPTS: tuple[tuple[re.Pattern[str], int], ...] = (
    (CJK_CHARACTER_RE, 2),
    (_SOUTHEAST_ASIAN_RE, 5),
)


def word_count(text: str) -> int:
    """Number of words: space-separated ones, and in scripts without spaces between words a
    guess from the number of characters.

    >>> word_count("Markets. Money. Makers."), word_count("東京都は新たな計画を発表した。")
    (3, 7)
    >>> word_count("ประเทศไทยอะไรเปลี่ยนไปบ้าง")
    5
    """
    words = text.split()
    if text.isascii():
        return len(words)
    count = len(words)
    for script, characters_per_word in _UNSPACED_SCRIPTS:
        characters = len(script.findall(text))
        if characters:
            # A run of such characters between spaces counts by its characters, not as one.
            runs = sum(1 for word in words if script.search(word))
            count += characters // characters_per_word - runs
    return max(count, 1) if words else 0


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
