"""Language detection by stopword scoring: which language's function words the text uses most.

Function words ("the", "de", "und") make up a large, stable share of any news text, so counting
them tells the languages of this corpus apart reliably on a paragraph or more, with no model
and no randomness. A word that several languages share ("la", "de", "a") counts for each of
them in proportion, so only the distinctive words decide. On a sentence or two, where Spanish
and Portuguese share most function words, letters that only one language writes ("ã", "ñ")
settle it.
"""

# Word lists are written as prose and split, which reads better than one word a line.
# ruff: noqa: SIM905

from __future__ import annotations

import re
from collections import Counter

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """the and of to in is was that for on with as by at from his her it be are were has
        have had which this will said but not they their who been an or after would its""".split()
    ),
    "es": frozenset(
        """el la los las de del que y en un una por con para es se su sus al lo como más pero
        fue ha han este esta según también sobre entre sin desde muy hasta son le ya porque
        dijo cuando donde hay todos otro otra después aunque ahora tras cada unos unas eso
        esos estos estas hizo ellos""".split()
    ),
    "fr": frozenset(
        """le la les des du de et est un une dans pour pas que qui sur au aux avec ce cette il
        elle ont été sont par plus mais ses son leur ne se nous vous selon après l d qu""".split()
    ),
    "pt": frozenset(
        """o a os as do da dos das de e em no na nos nas um uma que para com por não mais foi é
        são ao à pelo pela seu sua como também segundo disse ele ela está nesta neste muito
        muitos muita muitas depois ainda já até ou mas quando onde foram pelos pelas num numa
        isso isto esse essa este esta aos às há têm vai vão eles elas""".split()
    ),
    "de": frozenset(
        """der die das und ist nicht ein eine den dem des mit von zu auf für im sich auch es sie
        er wird wurde werden bei nach aus hat sind noch über wie dass oder aber einer vor
        am""".split()
    ),
    "it": frozenset(
        """il lo la gli le di del della che e è un una per non con sono si da dei delle nel
        nella anche come più ma ha alla al ai questo questa stato essere dopo secondo tra""".split()
    ),
    "nl": frozenset(
        """de het een en van is dat niet op te met voor zijn er aan ook als bij door maar om uit
        wordt werd naar nog dit deze heeft hebben over worden tot geen""".split()
    ),
}
# Letters that only one of the languages writes: a word with one of them counts half a
# stopword for that language ("não", "señal", "cœur"), which settles short texts.
DISTINCTIVE_LETTERS: dict[str, frozenset[str]] = {
    language: frozenset(letters)
    for language, letters in {"pt": "ãõ", "es": "ñ¿¡", "fr": "œèùûîë", "de": "äöüß"}.items()
}
assert all(not letter.isascii() for letters in DISTINCTIVE_LETTERS.values() for letter in letters)
_LETTER_WEIGHT = 0.5
# Ties go to the first language in this order, so the result never depends on set ordering.
LANGUAGE_ORDER: tuple[str, ...] = tuple(STOPWORDS)
DEFAULT_LANGUAGE = "en"

_WORD_RE = re.compile(r"[^\W\d_]+")
# A few thousand words settle the language; a longer page is judged on its first ones.
_MAX_SAMPLE_CHARACTERS = 20_000
_SHARE: dict[str, float] = {
    word: 1 / sum(word in words for words in STOPWORDS.values())
    for words in STOPWORDS.values()
    for word in words
}


def language_scores(text: str) -> dict[str, float]:
    """Each language's stopword score for ``text`` (higher is more likely).

    >>> scores = language_scores("El molino de la cooperativa")
    >>> max(scores, key=scores.get)
    'es'
    >>> scores = language_scores("Esperamos por este momento durante muitos anos")
    >>> max(scores, key=scores.get)
    'pt'
    """
    sample = text[:_MAX_SAMPLE_CHARACTERS].casefold()
    counts = Counter(_WORD_RE.findall(sample))
    scores = {
        language: sum(counts[word] * _SHARE[word] for word in words if word in counts)
        for language, words in STOPWORDS.items()
    }
    # Every distinctive letter is outside ASCII: only the words that are not can hold one
    # (most of a page's words are plain ASCII, and this loop looked at every word four times).
    accented = [(word, n) for word, n in counts.items() if not word.isascii()]
    for language, letters in DISTINCTIVE_LETTERS.items():
        marked = sum(n for word, n in accented if not letters.isdisjoint(word))
        scores[language] += _LETTER_WEIGHT * marked
    return scores


def best_language(scores: dict[str, float], *, default: str = DEFAULT_LANGUAGE) -> str:
    """The language of the highest score (``language_scores``), ``default`` if none scored."""
    best = max(
        LANGUAGE_ORDER, key=lambda language: (scores[language], -LANGUAGE_ORDER.index(language))
    )
    return best if scores[best] > 0 else default


def detect_language(text: str, *, default: str = DEFAULT_LANGUAGE) -> str:
    """The ISO 639-1 code of the language ``text`` is written in; ``default`` if no clue.

    >>> detect_language("The council said the fares would stay at the current level.")
    'en'
    >>> detect_language("La cooperativa inauguró este martes la restauración del molino.")
    'es'
    """
    return best_language(language_scores(text), default=default)
