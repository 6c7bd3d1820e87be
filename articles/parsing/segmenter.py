"""Where the article is on a page: every block labelled by a model learnt from real pages.

A saved page is the site's header (masthead, menus, banners), the article (headline, standfirst,
byline and date, body with its pictures' captions) and the trailer (related stories, comments,
newsletter prompts, footer). The segmenter labels each block with a linear-chain conditional
random field (CRFsuite, through ``python-crfsuite``) over the features of ``features``: the
model weighs many weak signals of each block and its neighbours, and the order of the labels
(header, then article, then trailer) is learnt with them. ``bench/parser/train.py`` trains it on
real pages (``tests/fixtures/real/``) and on the annotated corpus, and writes
``articles/parsing/data/segmenter.crfsuite``.

Labels:

- ``PRE``, ``POST``: page furniture above and below the article, dropped;
- ``MAST``: the masthead lines the parser reads the outlet from (the page title, the outlet's
  name and tagline), kept;
- ``TITLE``, ``META`` (byline, date, source, attribution), ``BODY``, ``CAPTION``: the article;
- ``INNER``: furniture inside the article (an advertisement, a "read more" teaser), dropped.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from articles.parsing.blocks import Block
from articles.parsing.features import block_features
from articles.parsing.text import word_count

MODEL_PATH = Path(__file__).resolve().parent / "data" / "segmenter.crfsuite"
LABELS: tuple[str, ...] = ("PRE", "MAST", "TITLE", "META", "BODY", "CAPTION", "INNER", "POST")
KEPT: frozenset[str] = frozenset({"MAST", "TITLE", "META", "BODY", "CAPTION"})
# A block the rules read as a byline or a credit stays unless the model is this sure it is not
# the article's (its probability of being kept is under this).
_NOT_SURE_OF_FURNITURE = 0.1
_CAPTION_KINDS = frozenset({"caption", "credit"})
_META_KINDS = frozenset({"byline", "attribution", "agency"})
# The headline stands above the body, or just below its first block when that is a kicker.
_HEADLINE_BELOW_BODY = 2
# A headline is a line, not a paragraph: the longest of the train and dev pages' has 23 words.
_MAX_HEADLINE_WORDS = 40


@dataclass(frozen=True)
class Segmentation:
    """Each block's label, and how sure the model is of what it kept and dropped.

    ``headline`` is the block most likely to be the headline among those above the body (the
    largest marginal probability of ``TITLE``), with that probability: one block, even where
    the most likely labelling as a whole names none or two.

    ``confidence`` is one minus the share of the article's words that the model expects to have
    put on the wrong side (each block weighs its words times the probability of the other side),
    so 1.0 means every boundary is clear and 0.5 that half the body is in doubt.
    """

    labels: tuple[str, ...]
    confidence: float
    headline: int | None = None
    headline_probability: float = 0.0
    title_probabilities: tuple[float, ...] = ()

    @classmethod
    def whole(cls, count: int) -> Segmentation:
        """Every block of a page kept, with no doubt: a page read whole by the rules."""
        return cls(labels=("BODY",) * count, confidence=1.0)

    def kept(self, index: int) -> bool:
        return self.labels[index] in KEPT

    @property
    def has_body(self) -> bool:
        return "BODY" in self.labels


_local = threading.local()


@functools.cache
def _model_bytes() -> bytes:
    return MODEL_PATH.read_bytes()


def use_model(path: Path) -> None:
    """Tag with the model at ``path`` from now on (cross-validation measures models it learns
    without writing over the shipped one)."""
    global MODEL_PATH
    MODEL_PATH = path
    _model_bytes.cache_clear()
    _local.tagger = None


def _tagger() -> pycrfsuite.Tagger:
    """The tagger of this thread (CRFsuite's taggers are not shared between threads)."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(_model_bytes())
        _local.tagger = tagger
    return tagger


def segment(blocks: Sequence[Block], kinds: Sequence[str]) -> Segmentation:
    """Label every block of a page; ``kinds`` are the rule kinds of ``classify_block``."""
    if not blocks:
        return Segmentation(labels=(), confidence=0.0)
    tagger = _tagger()
    labels = list(tagger.tag(block_features(blocks, kinds)))
    kept = [sum(tagger.marginal(name, index) for name in KEPT) for index in range(len(blocks))]
    titles = [tagger.marginal("TITLE", index) for index in range(len(blocks))]
    _keep_what_the_rules_know(labels, kinds, kept)
    kept_words = 0.0
    doubt = 0.0
    for index, block in enumerate(blocks):
        words = word_count(block.text)
        if labels[index] in KEPT:
            kept_words += words
        doubt += words * min(kept[index], 1.0 - kept[index])
    confidence = max(0.0, 1.0 - doubt / kept_words) if kept_words else 0.0
    body = labels.index("BODY") if "BODY" in labels else len(labels)
    reach = [
        index
        for index in range(min(len(labels), body + _HEADLINE_BELOW_BODY))
        if _headline_shaped(blocks[index].text)
    ]
    headline = max(reach, key=titles.__getitem__, default=None)
    return Segmentation(
        labels=tuple(labels),
        confidence=round(confidence, 3),
        headline=headline,
        headline_probability=0.0 if headline is None else titles[headline],
        title_probabilities=tuple(titles),
    )


def _headline_shaped(text: str) -> bool:
    """Whether a block can be a headline by its shape: no paragraph, and no label of what
    follows it ("Search our archive of 70,000 articles:").

    >>> _headline_shaped("Rates rise again"), _headline_shaped("Read more:")
    (True, False)
    """
    return not text.endswith((":", "：")) and word_count(text) <= _MAX_HEADLINE_WORDS


def _keep_what_the_rules_know(
    labels: list[str], kinds: Sequence[str], kept: Sequence[float]
) -> None:
    """Keep, inside the article, the bylines, captions, credits and attributions the rules
    recognise, unless the model is sure they are furniture: what a block is the rules know
    better, whether it belongs to the article the model does, and a byline or a credit inside
    an article is rarely anything else."""
    inside = [index for index, label in enumerate(labels) if label in KEPT]
    if not inside:
        return
    for index in range(inside[0], inside[-1] + 1):
        if labels[index] in KEPT or kept[index] < _NOT_SURE_OF_FURNITURE:
            continue
        if kinds[index] in _CAPTION_KINDS:
            labels[index] = "CAPTION"
        elif kinds[index] in _META_KINDS:
            labels[index] = "META"
