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


@dataclass(frozen=True)
class Segmentation:
    """Each block's label, and how sure the model is of what it kept and dropped.

    ``confidence`` is one minus the share of the article's words that the model expects to have
    put on the wrong side (each block weighs its words times the probability of the other side),
    so 1.0 means every boundary is clear and 0.5 that half the body is in doubt.
    """

    labels: tuple[str, ...]
    confidence: float

    def kept(self, index: int) -> bool:
        return self.labels[index] in KEPT

    @property
    def has_body(self) -> bool:
        return "BODY" in self.labels


_local = threading.local()


@functools.cache
def _model_bytes() -> bytes:
    return MODEL_PATH.read_bytes()


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
    labels = tuple(tagger.tag(block_features(blocks, kinds)))
    kept_words = 0.0
    doubt = 0.0
    for index, (block, label) in enumerate(zip(blocks, labels, strict=True)):
        words = word_count(block.text)
        kept_probability = sum(tagger.marginal(name, index) for name in KEPT)
        if label in KEPT:
            kept_words += words
        doubt += words * min(kept_probability, 1.0 - kept_probability)
    confidence = max(0.0, 1.0 - doubt / kept_words) if kept_words else 0.0
    return Segmentation(labels=labels, confidence=round(confidence, 3))
