"""Train the page segmenter and write its model into the parser package.

    .venv/bin/python -m bench.parser.train            # or: make train-parser

Reads the train and dev splits of the real pages and the annotated corpus
(``bench.parser.pages``), labels their blocks from their true text (``bench.parser.labels``),
trains a linear-chain CRF with CRFsuite's L-BFGS, and writes
``articles/parsing/data/segmenter.crfsuite``. With ``--tune`` it learns from the train split
alone and prints the labelling accuracy on the dev split, for choosing features and
parameters; the model shipped learns from both, once they are chosen. The test split is never
learnt from. ``bench.parser.evaluate`` measures the parser itself. Training is deterministic:
the same pages give the same model.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from random import Random

import pycrfsuite

from articles.parsing.features import block_features
from articles.parsing.pipeline import ClassifiedBlock, read_blocks
from articles.parsing.segmenter import MODEL_PATH
from bench.parser.labels import page_labels
from bench.parser.pages import REAL, Page, all_pages

# The annotated corpus must still parse exactly: its pages count more than one real page each.
CORPUS_WEIGHT = 10
# A strong L2 penalty and no L1: measured in cross-validation over the train and dev pages (4
# folds by outlet), body F1 0.925 and headline 85% against 0.912 and 67% with L1 (c1 0.1, c2
# 0.01), which left the transitions never seen in training without any cost.
PARAMETERS = {
    "c1": 0.0,
    "c2": 10.0,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


Sequence = tuple[list[dict[str, float]], list[str]]
_ARTICLE = frozenset({"TITLE", "META", "BODY", "CAPTION", "INNER"})


def _features(items: list[ClassifiedBlock]) -> list[dict[str, float]]:
    return block_features([item.block for item in items], [item.feature_kind for item in items])


def _variants(page: Page, items: list[ClassifiedBlock], labels: list[str]) -> list[Sequence]:
    """Shorter pages made from a page, so that the model also learns what a scraper that cut
    out the article saves, and pages of a few lines:

    - of a whole page, the article with up to three blocks of furniture on either side;
    - of a corpus page, the page with some of its body paragraphs left out.

    Deterministic: the choices are drawn from a generator seeded with the page's id.
    """
    random = Random(page.id)
    article = [index for index, label in enumerate(labels) if label in _ARTICLE]
    if not article:
        return []
    chosen: list[int]
    if page.region:
        body = [index for index in article if labels[index] == "BODY"]
        dropped = set(random.sample(body, k=max(0, len(body) - random.randint(1, 3))))
        chosen = [index for index in range(len(items)) if index not in dropped]
    else:
        first = max(0, article[0] - random.randint(0, 3))
        last = min(len(items), article[-1] + 1 + random.randint(0, 3))
        chosen = list(range(first, last))
    subset = [items[index] for index in chosen]
    return [(_features(subset), [labels[index] for index in chosen])]


def sequences(page: Page) -> list[Sequence]:
    """The page as the trainer sees it (its blocks' features and labels), and its variants."""
    items = read_blocks(page.data())
    labels = page_labels(items, page)
    return [(_features(items), labels), *_variants(page, items, labels)]


def learn(pages: list[Page], output: Path, *, corpus_weight: int = CORPUS_WEIGHT) -> Counter[str]:
    """Train a model on ``pages`` (with their variants) and write it to ``output``; the labels
    learnt from, counted."""
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(PARAMETERS)
    counts: Counter[str] = Counter()
    for page in pages:
        weight = corpus_weight if page.meta.get("truth") == "corpus" else 1
        for features, labels in sequences(page):
            for _ in range(weight):
                trainer.append(features, labels)
            counts.update(labels)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        trained = Path(folder) / "model.crfsuite"
        trainer.train(str(trained))
        output.write_bytes(trained.read_bytes())
    return counts


def learnt_from(page: Page, *, silver: bool = False) -> bool:
    """Whether training may learn from ``page`` at all: never the test split, and the silver
    pages only when asked."""
    # Measured: another extractor's output as truth teaches its mistakes (dev F1 0.89 with the
    # silver pages, 0.94 without).
    return page.split != "test" and (silver or page.meta.get("truth") != "silver")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument("--pages", type=Path, default=REAL, help="the folder of real pages")
    parser.add_argument(
        "--silver",
        action="store_true",
        help="also learn from the silver pages (whose truth is another extractor's output)",
    )
    parser.add_argument(
        "--corpus-weight",
        type=int,
        default=CORPUS_WEIGHT,
        help="how many times each page of the annotated corpus counts",
    )
    parser.add_argument(
        "--tune",
        action="store_true",
        help="learn from the train split alone and measure the labels on the dev split",
    )
    arguments = parser.parse_args(argv)
    learnt = ("train",) if arguments.tune else ("train", "dev")
    started = time.perf_counter()
    pages = [p for p in all_pages(arguments.pages) if learnt_from(p, silver=arguments.silver)]
    chosen = [page for page in pages if page.split in learnt]
    dev = [sequences(p)[0] for p in pages if p.split not in learnt and not p.region]
    counts = learn(chosen, arguments.output, corpus_weight=arguments.corpus_weight)
    print(f"training on {sum(counts.values())} blocks: {dict(counts)}")
    print(
        f"wrote {arguments.output} ({arguments.output.stat().st_size / 1024:.0f} KB) "
        f"in {time.perf_counter() - started:.0f} s"
    )
    if dev:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(arguments.output))
        right = total = 0
        for features, labels in dev:
            predicted = tagger.tag(features)
            right += sum(p == t for p, t in zip(predicted, labels, strict=True))
            total += len(labels)
        print(f"dev blocks labelled right: {right / total:.3f} of {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
