"""Show how the parser reads one page: every block with its rule kind and its label.

    .venv/bin/python -m bench.parser.show PAGE.txt [--all]

Blocks labelled page furniture above and below the article are left out unless ``--all``; with
``--truth TRUE.txt`` the labels found from the true text (as training sees them) stand beside.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from articles.parsing import SeedParseError, parse_seed
from articles.parsing.pipeline import read_blocks
from articles.parsing.segmenter import segment
from bench.parser.labels import page_labels
from bench.parser.pages import Page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--all", action="store_true", help="show the furniture too")
    parser.add_argument("--truth", type=Path, help="the true body, to show the training labels")
    parser.add_argument("--headline", help="the true headline, with --truth")
    arguments = parser.parse_args(argv)
    data = arguments.page.read_bytes()
    items = read_blocks(data)
    segmentation = segment([item.block for item in items], [item.feature_kind for item in items])
    truth = ["" for _ in items]
    if arguments.truth:
        page = Page(
            id=arguments.page.name,
            path=arguments.page,
            split="dev",
            truth=arguments.truth.read_text(encoding="utf-8"),
            headline=arguments.headline,
        )
        truth = page_labels(items, page)
    for index, (item, label) in enumerate(zip(items, segmentation.labels, strict=True)):
        furniture = label in ("PRE", "POST") and truth[index] in ("", "PRE", "POST")
        if furniture and not arguments.all:
            continue
        mark = " " if not truth[index] or truth[index] == label else "!"
        print(
            f"{index:4d} {label:7s}{mark}{truth[index]:7s} {item.feature_kind[:14]:14s} "
            f"{item.block.text[:100]}"
        )
    print(f"confidence {segmentation.confidence:.2f}")
    try:
        parsed = parse_seed(data, source=arguments.page.name)
    except SeedParseError as error:
        print(f"refused: {error}")
        return 0
    print(f"headline: {parsed.headline}\nbyline: {parsed.byline}\npublished: {parsed.published}")
    print(f"publication: {parsed.publication_name} / {parsed.publication_tagline}")
    print(f"{len(parsed.paragraphs)} paragraphs, {len(parsed.captions)} captions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
