"""Stop words in about a hundred languages: how much of a block is running text.

Sentences are made of function words ("the", "de", "und", "и"); menus, labels, names and
headlines of teasers mostly are not. The share of a block's words that are stop words of the
page's language therefore tells article text from page furniture in any language, as jusText
does. The lists are jusText's (``justext/stoplists``, BSD licence), read from the installed
package without importing it; Chinese and Japanese, which have no word lists there, are judged
by their function characters instead.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

# The most frequent words of each list are its function words; the tail holds ordinary nouns
# and verbs that would make every sentence look like running text.
_WORDS_PER_LANGUAGE = 400
# The longest blocks of a page say which language it is written in.
_SAMPLE_BLOCKS = 40
_SAMPLE_WORDS = 1500
_WORD_RE = re.compile(r"[^\W\d_]+")

# Particles and auxiliaries of Japanese, and the commonest function characters of Chinese.
CJK_FUNCTION_CHARACTERS = frozenset(
    "のにはをたがでてとしもなれるかだです的了是在和有这就不也都会说着"
)


@functools.cache
def _word_languages() -> dict[str, tuple[int, ...]]:
    """Every stop word with the languages (numbered in file order) whose list holds it."""
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        # Without the lists every block would look like furniture to the segmenter, silently.
        raise ModuleNotFoundError("jusText's stop lists are needed: pip install jusText")
    folder = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    languages: dict[str, list[int]] = {}
    for number, path in enumerate(sorted(folder.glob("*.txt"))):
        words = path.read_text(encoding="utf-8").casefold().split()[:_WORDS_PER_LANGUAGE]
        for word in words:
            languages.setdefault(word, []).append(number)
    return {word: tuple(numbers) for word, numbers in languages.items()}


@functools.cache
def _language_words(number: int) -> frozenset[str]:
    return frozenset(word for word, numbers in _word_languages().items() if number in numbers)


def page_stop_words(texts: Iterable[str]) -> frozenset[str]:
    """The stop words of the language that the longest of ``texts`` are written in (empty when
    none has words of any list, as in Chinese or Japanese).

    >>> "the" in page_stop_words(["The council said on Monday that the plan was dead."])
    True
    """
    sample: list[str] = []
    for text in sorted(texts, key=len, reverse=True)[:_SAMPLE_BLOCKS]:
        sample.extend(_WORD_RE.findall(text.casefold()))
        if len(sample) >= _SAMPLE_WORDS:
            break
    index = _word_languages()
    votes = Counter(chain.from_iterable(index.get(word, ()) for word in sample))
    if not votes:
        return frozenset()
    return _language_words(votes.most_common(1)[0][0])


def stop_word_share(text: str, stop_words: frozenset[str]) -> float | None:
    """The share of the words of ``text`` that are stop words; ``None`` under three words.

    >>> words = frozenset({"the", "of", "on"})
    >>> stop_word_share("The end of the line", words), stop_word_share("Sport", words)
    (0.6, None)
    """
    words = _WORD_RE.findall(text.casefold())
    if len(words) < 3:
        return None
    return sum(word in stop_words for word in words) / len(words)


def function_character_share(text: str, cjk_characters: int) -> float | None:
    """The share of the CJK characters of ``text`` that are function characters (``None`` under
    five CJK characters): high in sentences, low in names, menus and headline lists."""
    if cjk_characters < 5:
        return None
    return sum(char in CJK_FUNCTION_CHARACTERS for char in text) / cjk_characters
