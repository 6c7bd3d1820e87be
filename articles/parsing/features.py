"""What the page segmenter knows of each block: many weak signals of shape, none of one site.

A block's features say how long it is and how it ends, how much of it is stop words (running
text) in the page's language, whether it stands alone or in a run of lines (a menu, a list of
links), whether its text occurs elsewhere on the page (the headline repeats the page title; menus
repeat), what the rules of ``pipeline.classify_block`` made of it (a date, a byline, a credit, a
share button), where it lies against the densest run of prose on the page, and the same of its
neighbours. The segmenter (``segmenter``) weighs them with a model learnt from real pages.

Features are categorical (``"words=4"``) so that the model learns a weight for each range, and
their names are stable: the trained model refers to them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from articles.parsing.blocks import Block
from articles.parsing.stopwords import (
    function_character_share,
    page_stop_words,
    stop_word_share,
)
from articles.parsing.text import CJK_CHARACTER_RE, ends_sentence, word_count

Features = dict[str, float]

# Sentence ends inside a block, in every script.
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s|$)|[。！？]")
_WORD_RE = re.compile(r"\w+")
_URL_RE = re.compile(r"https?://|www\.|\.(?:com|org|net|html?|php)\b", re.IGNORECASE)
# Separators of menus and breadcrumbs: "News | Sport", "Home › World".
_SEPARATOR_RE = re.compile(r"\s[|•·/»›>]\s|[|•·]")
# A block of running text: enough words, ending a sentence or long enough not to need one.
_MIN_PROSE_WORDS = 10
_MIN_UNENDED_PROSE_WORDS = 25
# What a short or furniture block costs in the search for the densest run of prose.
_SHORT_BLOCK_COST = 1.0
_FURNITURE_WORD_COST = 0.3
_MIN_FURNITURE_WORDS = 4
# A page title's separators between headline, section and site: "Headline | World | Site".
_TITLE_SEPARATOR_RE = re.compile(r"\s+[|｜·•–—-]\s+|\s*[|｜]\s*")
# Repeated blocks longer than this are not told apart from others.
_MAX_REPEATED_WORDS = 12
# The blocks on either side that make a block's neighbourhood, and the reach ahead.
_NEAR = 5
_AHEAD = 12
# Rule kinds of the byline and date cluster under a headline (and of a comment's signature).
_META_KINDS = frozenset({"date", "byline", "agency"})
# A teaser or a list item: a few words to a long headline's worth, ending no sentence.
_TEASER_WORDS = (3, 25)
# Features of the neighbours at these distances (the nearest ones in more detail).
_NEAR_KEYS = ("words", "end", "kind", "stop", "group", "sentences", "region", "title_part")
_FAR_KEYS = ("words", "end", "kind")


def _bin(value: float, edges: Sequence[float]) -> int:
    """The number of ``edges`` that ``value`` reaches: ``_bin(5, (1, 4, 10)) == 2``."""
    # Edges are sorted: a bisection in C, called tens of thousands of times on a long page.
    return bisect_right(edges, value)


@dataclass(frozen=True)
class _Page:
    """What every block's features are measured against."""

    words: list[int]
    ends: list[bool]
    prose_before: list[int]  # prose words before each block (one more entry than blocks)
    prose_total: int
    region: tuple[int, int]  # the densest run of prose, first and last block
    counts: Counter[str]
    title: str  # the first block, which a dump of a whole page opens with the page title
    title_parts: frozenset[str]  # the page title's parts between separators ("Headline | Site")
    title_words: frozenset[str]
    densest: int  # the most prose words in any window of blocks
    groups: list[tuple[int, int]]  # each block's run of lines: its size, the block's place
    meta_before: list[int]  # date and byline blocks before each block (one more than blocks)
    first_meta: int  # the first date or byline block in or just above the densest prose, or -1
    teaser_runs: list[int]  # the length of each block's run of teaser-like blocks (0: none)


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def _groups(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """For each block, the size of its run of consecutive lines and its place in the run.

    Text dumps put a paragraph or heading between blank lines and the items of a list or menu
    on consecutive lines, so a block in a long run is rarely article text.
    """
    groups: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(blocks) + 1):
        if index == len(blocks) or blocks[index].line - blocks[index - 1].line != 1:
            size = index - start
            groups.extend((size, place) for place in range(size))
            start = index
    return groups


def _densest_prose(words: Sequence[int], prose: Sequence[int]) -> tuple[int, int]:
    """The run of blocks with the most prose for its furniture (a maximum-sum run): the likely
    article, given to every block as a hint of where it lies."""
    best, current, start, first, last = 0.0, 0.0, 0, -1, -2
    for index, count in enumerate(words):
        if prose[index]:
            score = float(prose[index])
        elif count >= _MIN_FURNITURE_WORDS:
            score = -_FURNITURE_WORD_COST * count
        else:
            score = -_SHORT_BLOCK_COST
        if current <= 0:
            current, start = score, index
        else:
            current += score
        if current > best:
            best, first, last = current, start, index
    return first, last


def _teaser_runs(words: Sequence[int], ends: Sequence[bool]) -> list[int]:
    """For each block, the length of the run of consecutive teaser-like blocks it stands in:
    headlines of related stories, "most read" lists and comment titles are blocks of a few to
    two dozen words that end no sentence, one after another; an article's crossheads stand
    alone between paragraphs."""
    teaser = [
        _TEASER_WORDS[0] <= count <= _TEASER_WORDS[1] and not end
        for count, end in zip(words, ends, strict=True)
    ]
    runs = [0] * len(teaser)
    start = 0
    for index in range(len(teaser) + 1):
        if index == len(teaser) or not teaser[index]:
            for inside in range(start, index):
                runs[inside] = index - start
            start = index + 1
    return runs


def _first_meta(kinds: Sequence[str], region: tuple[int, int]) -> int:
    """The article's byline and date cluster: the first date or byline block from a little
    above the densest run of prose to its end, or -1 where there is none."""
    first, last = region
    for index in range(max(0, first - _AHEAD), last + 1):
        if kinds[index] in _META_KINDS:
            return index
    return -1


def _measure_page(blocks: Sequence[Block], kinds: Sequence[str]) -> _Page:
    texts = [block.text for block in blocks]
    words = [word_count(text) for text in texts]
    ends = [ends_sentence(text) for text in texts]
    prose = [
        count if count >= _MIN_PROSE_WORDS and (end or count >= _MIN_UNENDED_PROSE_WORDS) else 0
        for count, end in zip(words, ends, strict=True)
    ]
    prose_before = [0]
    for count in prose:
        prose_before.append(prose_before[-1] + count)
    normalised = [_normalised(text) for text in texts]
    title = normalised[0] if normalised else ""
    meta_before = [0]
    for kind in kinds:
        meta_before.append(meta_before[-1] + (kind in _META_KINDS))
    region = _densest_prose(words, prose)
    densest = max(
        (
            prose_before[min(len(texts), i + _NEAR + 1)] - prose_before[max(0, i - _NEAR)]
            for i in range(len(texts))
        ),
        default=0,
    )
    return _Page(
        words=words,
        ends=ends,
        prose_before=prose_before,
        prose_total=prose_before[-1] or 1,
        region=region,
        counts=Counter(normalised),
        title=title,
        title_parts=frozenset(part.strip() for part in _TITLE_SEPARATOR_RE.split(title)),
        title_words=frozenset(_WORD_RE.findall(title)),
        densest=densest or 1,
        groups=_groups(blocks),
        meta_before=meta_before,
        first_meta=_first_meta(kinds, region),
        teaser_runs=_teaser_runs(words, ends),
    )


def _title_words(normalised: str, title_words: frozenset[str]) -> int:
    """How much of a block's words are in the page title (a headline shares most of its words
    with it even where the title is worded for search engines), and back."""
    words = set(_WORD_RE.findall(normalised))
    if not words or not title_words:
        return -1
    shared = len(words & title_words)
    return 10 * _bin(shared / len(words), (0.3, 0.6, 0.9)) + _bin(
        shared / len(title_words), (0.3, 0.6, 0.9)
    )


def _region_feature(index: int, region: tuple[int, int]) -> str:
    first, last = region
    if first <= index <= last:
        return "in"
    if index < first:
        return f"before{_bin(first - index, (2, 5, 15, 40))}"
    return f"after{_bin(index - last, (2, 5, 15, 40))}"


def _meta_feature(index: int, first_meta: int) -> str:
    """Where a block lies against the article's byline and date cluster."""
    if first_meta < 0:
        return "none"
    if index < first_meta:
        return f"above{_bin(first_meta - index, (2, 4, 8))}"
    return f"below{_bin(index - first_meta, (1, 2, 4, 8, 30, 80))}"


def _text_features(
    text: str, kind: str, page: _Page, stop_words: frozenset[str]
) -> dict[str, object]:
    """The features a block's text decides on its own (the same for every copy of it)."""
    length = len(text)
    words = word_count(text)
    cjk = len(CJK_CHARACTER_RE.findall(text)) if not text.isascii() else 0
    letters = sum(map(str.isalpha, text))
    stop = stop_word_share(text, stop_words) if stop_words else None
    function = function_character_share(text, cjk)
    normalised = _normalised(text)
    return {
        "words": _bin(words, (1, 2, 3, 4, 6, 10, 20, 40, 80)),
        "chars": _bin(length, (10, 20, 40, 80, 160, 320)),
        "colon": text.endswith((":", "：")),
        "sentences": min(len(_SENTENCE_END_RE.findall(text)), 4),
        "first": "upper" if text[:1].isupper() else "lower" if text[:1].islower() else "other",
        "capitals": letters > 3 and sum(map(str.isupper, text)) > 0.8 * letters,
        "digits": _bin(sum(map(str.isdigit, text)) / length, (0.01, 0.1, 0.3)),
        "stop": -1 if stop is None else _bin(stop, (0.05, 0.15, 0.25, 0.35, 0.45)),
        "cjk": _bin(cjk / length, (0.1, 0.5)),
        "function": -1 if function is None else _bin(function, (0.05, 0.1, 0.2)),
        "url": _URL_RE.search(text) is not None,
        "separators": _SEPARATOR_RE.search(text) is not None,
        "kind": kind,
        # Menus and teasers repeat; a paragraph that a page prints twice is still a paragraph.
        "repeats": min(page.counts[normalised], 3) if words <= _MAX_REPEATED_WORDS else 0,
        "in_title": words >= 3 and normalised in page.title,
        "title_part": normalised in page.title_parts,
        "title_words": _title_words(normalised, page.title_words),
    }


def _own_features(index: int, text_features: dict[str, object], page: _Page) -> dict[str, object]:
    """The features of one block on its own, as name and value: those of its text, and those
    of where it stands."""
    size, place = page.groups[index]
    count = len(page.words)
    before = page.prose_before[index] / page.prose_total
    after = (page.prose_total - page.prose_before[index + 1]) / page.prose_total
    near = (
        page.prose_before[min(count, index + _NEAR + 1)] - page.prose_before[max(0, index - _NEAR)]
    )
    ahead = page.prose_before[min(count, index + _AHEAD + 1)] - page.prose_before[index + 1]
    features = dict(text_features)
    if index == 0:
        # The first block is the page title itself (in a dump), not a block that shares it.
        features.update(in_title=False, title_part=False, title_words=-1)
    features.update(
        {
            "end": page.ends[index],
            "group": _bin(size, (2, 3, 6)),
            "place": "alone"
            if size == 1
            else "first"
            if place == 0
            else "last"
            if place == size - 1
            else "middle",
            "position": _bin(index / count, (0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9)),
            "from_top": min(index, 4),
            "from_bottom": min(count - 1 - index, 4),
            "prose_before": _bin(before, (0.001, 0.1, 0.3, 0.6, 0.9, 0.999)),
            "prose_after": _bin(after, (0.001, 0.1, 0.3, 0.6, 0.9, 0.999)),
            "region": _region_feature(index, page.region),
            "near": _bin(near / page.densest, (0.05, 0.2, 0.4, 0.7)),
            "ahead": _bin(ahead / page.densest, (0.05, 0.2, 0.4, 0.7)),
            # A comment thread signs every comment with a name and a time; an article's byline
            # and date stand together once, under its headline.
            "meta_near": min(
                page.meta_before[min(count, index + _NEAR + 1)]
                - page.meta_before[max(0, index - _NEAR)]
                - (page.meta_before[index + 1] - page.meta_before[index]),
                3,
            ),
            "from_meta": _meta_feature(index, page.first_meta),
            "teasers": _bin(page.teaser_runs[index], (1, 2, 3, 5)),
        }
    )
    return features


def block_features(blocks: Sequence[Block], kinds: Sequence[str]) -> list[Features]:
    """The features of every block of a page, ``kinds`` being what the rules made of each.

    >>> blocks = [Block("Home", 1), Block("News", 2), Block("Rates rise.", 4)]
    >>> features = block_features(blocks, ["text", "text", "text"])
    >>> features[0]["place=first"], features[2]["end=True"], features[2]["-1:words=1"]
    (1.0, 1.0, 1.0)
    """
    page = _measure_page(blocks, kinds)
    stop_words = page_stop_words(block.text for block in blocks)
    # Menus, teasers and share buttons repeat down a page: each text is measured once.
    by_text: dict[tuple[str, str], dict[str, object]] = {}
    own = []
    for index, (block, kind) in enumerate(zip(blocks, kinds, strict=True)):
        key = (block.text, kind)
        if key not in by_text:
            by_text[key] = _text_features(block.text, kind, page, stop_words)
        own.append(_own_features(index, by_text[key], page))
    features: list[Features] = []
    for index, values in enumerate(own):
        item: Features = {f"{name}={value}": 1.0 for name, value in values.items()}
        item["bias"] = 1.0
        # Conjunctions a linear model cannot form itself: a headline is a short block that shares
        # its words with the page title, and stands above the prose.
        item[f"title_words*words={values['title_words']}*{values['words']}"] = 1.0
        item[f"title_words*region={values['title_words']}*{values['region']}"] = 1.0
        item[f"end*words={values['end']}*{values['words']}"] = 1.0
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if not 0 <= other < len(own):
                item[f"{offset}:none"] = 1.0
                continue
            for name in _NEAR_KEYS if abs(offset) == 1 else _FAR_KEYS:
                item[f"{offset}:{name}={own[other][name]}"] = 1.0
        features.append(item)
    return features
