"""Cross-validate the parser on the train and dev splits: the figure to choose features by.

    .venv/bin/python -m bench.parser.crossvalidate            # 4 folds by outlet
    .venv/bin/python -m bench.parser.crossvalidate --folds 2  # quicker, rougher

The pages that training learns from (train and dev, gold truth) are dealt into folds by outlet
(their registrable domain), so that no outlet is in the pages a model learns from and in those
it is measured on. For each fold a model learns from the other folds and the annotated corpus
(``bench.parser.train.learn``), and the whole parser, rules and that model, reads the fold's
pages; the figures are ``bench.parser.evaluate``'s over every fold's pages together. The
shipped model is not touched, and the test split is never read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from random import Random

from articles.parsing import segmenter
from bench.parser.evaluate import Outcome, parse, report
from bench.parser.pages import REAL, Page, all_pages
from bench.parser.train import learn, learnt_from


def _domain(page: Page) -> str:
    # A page whose address is unknown is an outlet of its own.
    return page.meta.get("domain") or page.meta.get("outlet") or page.id


def folds(pages: list[Page], count: int) -> list[list[Page]]:
    """The real pages dealt into ``count`` folds by domain, in an order fixed by a seeded shuffle
    (the same folds on every run)."""
    domains = sorted({_domain(page) for page in pages})
    Random(0).shuffle(domains)
    fold_of = {domain: index % count for index, domain in enumerate(domains)}
    dealt: list[list[Page]] = [[] for _ in range(count)]
    for page in pages:
        dealt[fold_of[_domain(page)]].append(page)
    return dealt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=REAL, help="the folder of real pages")
    parser.add_argument("--folds", type=int, default=4, help="how many folds")
    parser.add_argument("--worst", type=int, default=12, help="how many of the worst pages to list")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    pages = [page for page in all_pages(arguments.pages) if learnt_from(page)]
    corpus = [page for page in pages if page.meta.get("truth") == "corpus"]
    real = [page for page in pages if page.meta.get("truth") != "corpus"]
    whole: list[Outcome] = []
    regions: list[Outcome] = []
    dealt = folds(real, arguments.folds)
    shipped = segmenter.MODEL_PATH
    with tempfile.TemporaryDirectory() as folder:
        for index, measured in enumerate(dealt):
            learnt = [page for other in dealt if other is not measured for page in other]
            model = Path(folder) / f"fold{index}.crfsuite"
            learn([*learnt, *corpus], model)
            segmenter.use_model(model)
            whole += [parse(page) for page in measured if not page.region]
            regions += [parse(page) for page in measured if page.region]
            print(f"fold {index}: {len(measured)} pages measured, {len(learnt)} learnt from")
    segmenter.use_model(shipped)
    report(f"whole-page dumps, {arguments.folds} folds", whole, worst=arguments.worst)
    if regions:
        report(f"article regions, {arguments.folds} folds", regions, worst=arguments.worst)
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
