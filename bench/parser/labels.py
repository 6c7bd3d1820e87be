"""Labels for the segmenter's training, found automatically from a page's true text.

A block is article body when most of its word 4-grams are in the true body (the shingles of the
evaluation metric); the article is the run of blocks with the most body for its furniture, so
that a paragraph repeated in a teaser further down stays furniture; the headline is the block
that reads as the true headline just above the body; the rules' kinds say which blocks inside
the article are bylines, dates and captions. Pages of the annotated corpus, which are dumps of
the article region, also keep what stands above the headline (the outlet's name and tagline).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from articles.parsing.headers import repeated_headline
from articles.parsing.pipeline import ClassifiedBlock
from bench.parser.pages import Page

_WORD_RE = re.compile(r"\w+")
_SHINGLE = 4
# A block is body when this share of its shingles is in the true body.
_MIN_BODY_SHARE = 0.5
_META_KINDS = frozenset({"date", "byline", "agency", "attribution"})
_CAPTION_KINDS = frozenset({"caption", "credit"})
# How far above the body the headline and a date or byline above it may stand.
_TITLE_REACH = 25
_META_ABOVE_TITLE = 3
# A block naming a true author is the byline when it is this short and near the headline.
_MAX_BYLINE_WORDS = 12
_BYLINE_REACH = 4
_ATTRIBUTION_REACH = 4


def _tokens(text: str) -> list[str]:
    return [word.casefold() for word in _WORD_RE.findall(text)]


def _shingles(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    if len(tokens) < _SHINGLE:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1)]


def _body_matches(texts: Sequence[str], truth: str) -> list[bool]:
    true_tokens = _tokens(truth)
    true_shingles = set(_shingles(true_tokens))
    joined = f" {' '.join(true_tokens)} "
    paragraphs = {" ".join(_tokens(part)) for part in re.split(r"\n\s*\n", truth) if part.strip()}
    matches = []
    for text in texts:
        tokens = _tokens(text)
        if not tokens:
            matches.append(False)
        elif len(tokens) >= _SHINGLE:
            shingles = _shingles(tokens)
            matches.append(
                sum(s in true_shingles for s in shingles) / len(shingles) >= _MIN_BODY_SHARE
            )
        else:
            short = " ".join(tokens)
            matches.append(short in paragraphs or (len(tokens) >= 3 and f" {short} " in joined))
    return matches


def _article_run(texts: Sequence[str], matches: Sequence[bool]) -> tuple[int, int] | None:
    """The run of blocks with the most body words for the furniture inside it."""
    best, current, start, first, last = 0.0, 0.0, 0, -1, -2
    for index, text in enumerate(texts):
        words = len(_tokens(text))
        score = float(words) if matches[index] else -0.5 * words if words >= 8 else -0.2
        if current <= 0:
            current, start = score, index
        else:
            current += score
        if current > best:
            best, first, last = current, start, index
    return (first, last) if last >= first else None


def _same_headline(text: str, headline: str) -> bool:
    block, true = " ".join(_tokens(text)), " ".join(_tokens(headline))
    if not block or not true:
        return False
    if block == true:
        return True
    shorter, longer = sorted((block, true), key=len)
    return len(shorter.split()) >= 3 and shorter in longer and len(shorter) / len(longer) > 0.6


def _names(page: Page) -> list[str]:
    """The true authors' names, normalised, for finding the byline among the blocks."""
    if page.expected is not None:
        byline = page.expected.get("byline") or ""
        names = re.split(r",|\band\b|\by\b|\bet\b|\be\b|\bund\b|&", byline)
    else:
        names = [str(name) for name in page.meta.get("authors") or []]
    return [normal for normal in (" ".join(_tokens(name)) for name in names) if normal]


def _is_byline(text: str, names: Sequence[str]) -> bool:
    tokens = _tokens(text)
    joined = f" {' '.join(tokens)} "
    return 0 < len(tokens) <= _MAX_BYLINE_WORDS and any(f" {name} " in joined for name in names)


def page_labels(items: Sequence[ClassifiedBlock], page: Page) -> list[str]:
    """The label of every block of ``page`` (``items`` as ``pipeline.read_blocks`` reads it)."""
    texts = [item.block.text for item in items]
    kinds = [item.kind for item in items]
    count = len(items)
    if not page.has_article or not page.truth.strip():
        return ["PRE"] * count
    matches = _body_matches(texts, page.truth)
    if page.expected is not None:
        captions = {" ".join(_tokens(c["text"])) for c in page.expected["captions"] if c["text"]}
        for index, text in enumerate(texts):
            if any(caption and caption in " ".join(_tokens(text)) for caption in captions):
                kinds[index] = "caption" if kinds[index] == "text" else kinds[index]
                matches[index] = False
    if page.expected is not None:
        # The corpus's parse is exact: its article runs from the first paragraph to the last.
        found = [index for index, match in enumerate(matches) if match]
        run = (found[0], found[-1]) if found else None
    else:
        run = _article_run(texts, matches)
    if run is None:
        return ["PRE"] * count
    first, last = run
    title = None
    for headline in page.headlines:
        for index in range(max(0, first - _TITLE_REACH), min(count, first + 3)):
            if _same_headline(texts[index], headline):
                title = index
        if title is not None:
            break
    start = first if title is None else min(first, title)
    names = _names(page)
    for index in range(max(0, start - _BYLINE_REACH), min(count, first + _BYLINE_REACH)):
        if not matches[index] and _is_byline(texts[index], names):
            kinds[index] = "byline"
    if page.expected is not None:
        # A region dump ends with the article: captions and attributions after the body count.
        while last + 1 < count and kinds[last + 1] in _CAPTION_KINDS | _META_KINDS:
            last += 1
    labels = []
    for index in range(count):
        kind = kinds[index]
        if index < start:
            label = "PRE"
            if page.region and kind != "clutter":
                label = "META" if kind in _META_KINDS else "MAST"
            elif kind in _META_KINDS and start - index <= _META_ABOVE_TITLE:
                label = "META"
        elif index > last:
            label = "POST"
        elif index == title:
            label = "TITLE"
        elif matches[index]:
            label = "BODY"
        elif kind in _META_KINDS:
            label = "META"
        elif kind in _CAPTION_KINDS:
            label = "CAPTION"
        else:
            label = "INNER"
        labels.append(label)
    # A closing attribution after the body ("(With information from EFE)"), past any clutter,
    # is the article's.
    for index in range(last + 1, min(count, last + 1 + _ATTRIBUTION_REACH)):
        if kinds[index] in ("attribution", "agency"):
            labels[index] = "META"
        elif kinds[index] != "clutter":
            break
    if title is not None and title > 0 and repeated_headline(texts[0], texts[title]) is not None:
        labels[0] = "MAST"
    return labels
