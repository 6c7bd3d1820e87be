"""How the parser's rules read bylines and dates on real pages, the segmenter set aside.

    .venv/bin/python -m bench.parser.bylines                  # train and dev
    .venv/bin/python -m bench.parser.bylines --split dev -v   # and every page not read right

The gold whole pages of the real-page corpus carry their true authors and date of publication
(``<id>.json``). For each, this keeps the blocks that the training labels put in the article
(``bench.parser.labels``: what a perfect segmenter would keep), reads them with the rules
(``pipeline.read_article``) and compares the byline and the date with the truth. A page whose
true authors (or the year of whose date) are printed nowhere near its headline is counted
apart: no rule can find them there. A byline is right by the rule of ``bench.parser.names``
(the same people, in any order and joined by any separator); a date one day off is counted
apart (local date against a truth in UTC). Only ``train`` and ``dev``: the test split is
never tuned on.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from articles.parsing import ParsedArticle, SeedParseError
from articles.parsing.pipeline import ClassifiedBlock, read_article, read_blocks
from articles.parsing.segmenter import Segmentation
from bench.parser.labels import page_labels
from bench.parser.names import byline_names
from bench.parser.pages import Page, real_pages

# How many blocks around the article's first block a printed byline or date may stand.
_REACH = 6
_KEPT = frozenset({"MAST", "TITLE", "META", "BODY", "CAPTION"})
_WORD_RE = re.compile(r"\w+")


def _normal(text: str) -> str:
    return " ".join(word.casefold() for word in _WORD_RE.findall(text))


@dataclass
class Reading:
    page: Page
    parsed: ParsedArticle | None
    near: str  # the blocks around the article's start, for the report
    byline: str  # right, wrong, missed, absent
    date: str  # right, day off, wrong, missed


def _near_text(items: Sequence[ClassifiedBlock], labels: Sequence[str]) -> list[int]:
    kept = [index for index, label in enumerate(labels) if label in _KEPT - {"MAST"}]
    if not kept:
        return []
    first = kept[0]
    body = next((index for index in kept if labels[index] == "BODY"), first)
    return list(range(max(0, first - _REACH), min(len(items), body + _REACH)))


def read(page: Page) -> Reading | None:
    items = read_blocks(page.data())
    labels = page_labels(items, page)
    kept = [item for item, label in zip(items, labels, strict=True) if label in _KEPT]
    if not kept:
        return None
    near = _near_text(items, labels)
    near_text = "\n".join(
        f"{index:4d} {labels[index]:7s} {items[index].feature_kind[:12]:12s} "
        f"{items[index].block.text[:110]}"
        for index in near
    )
    known = tuple(item.copyright_holder for item in items if item.copyright_holder)
    segmentation = Segmentation(labels=tuple(labels), confidence=1.0)
    try:
        parsed: ParsedArticle | None = read_article(kept, known, segmentation)
    except SeedParseError:
        parsed = None
    true_names = byline_names(page.meta.get("authors"))
    found_names = byline_names(parsed.byline if parsed else None)
    printed = " ".join(_normal(items[index].block.text) for index in near)
    if found_names and found_names == true_names:
        # Right wherever it stands, near the headline or not.
        byline = "right"
    elif not true_names or not any(f" {name} " in f" {printed} " for name in true_names):
        byline = "absent" if not found_names else "absent, found"
    elif found_names:
        byline = "wrong"
    else:
        byline = "missed"
    true_date = (page.meta.get("published") or "")[:10]
    found = parsed.published if parsed else None
    near_raw = " ".join(items[index].block.text for index in near)
    if found is not None and found.isoformat() == true_date:
        date = "right"
    elif not true_date or true_date[:4] not in near_raw:
        date = "absent" if found is None else "absent, found"
    elif found is not None and abs(found - datetime.date.fromisoformat(true_date)).days == 1:
        # A date printed in local time against a truth given in UTC, or the reverse.
        date = "day off"
    elif found is not None:
        date = "wrong"
    else:
        date = "missed"
    return Reading(page, parsed, near_text, byline, date)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("train", "dev"), help="one split (default: both)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the pages not right")
    parser.add_argument("--language", help="only pages in this language (ISO 639-1)")
    arguments = parser.parse_args(argv)
    splits = (arguments.split,) if arguments.split else ("train", "dev")
    readings: list[Reading] = []
    for page in real_pages():
        meta = page.meta
        if page.region or page.split not in splits or meta.get("truth") != "gold":
            continue
        if not page.has_article or (
            arguments.language and meta.get("language") != arguments.language
        ):
            continue
        reading = read(page)
        if reading is not None:
            readings.append(reading)
    bylines = Counter(reading.byline for reading in readings)
    dates = Counter(reading.date for reading in readings)
    printed = sum(count for name, count in bylines.items() if not name.startswith("absent"))
    print(f"{len(readings)} gold pages ({', '.join(splits)})")
    print(
        f"byline right {bylines['right']}/{printed} where printed near the headline "
        f"(wrong {bylines['wrong']}, missed {bylines['missed']}); not printed near: "
        f"{bylines['absent'] + bylines['absent, found']} (a byline found anyway on "
        f"{bylines['absent, found']})"
    )
    dated = sum(count for name, count in dates.items() if not name.startswith("absent"))
    print(
        f"date right {dates['right']}/{dated} where its year is printed near the headline (a day "
        f"off {dates['day off']}, wrong {dates['wrong']}, missed {dates['missed']}); not "
        f"printed near: {dates['absent'] + dates['absent, found']} (a date found anyway on "
        f"{dates['absent, found']})"
    )
    if arguments.verbose:
        for reading in readings:
            if reading.byline in ("right", "absent") and reading.date == "right":
                continue
            parsed = reading.parsed
            print(
                f"\n=== {reading.page.id} [{reading.page.meta.get('language')}] byline "
                f"{reading.byline}: {parsed.byline if parsed else None!r}, true "
                f"{reading.page.meta.get('authors')}; date {reading.date}: "
                f"{parsed.published if parsed else None}, true {reading.page.meta.get('published')}"
            )
            print(reading.near)
    return 0


if __name__ == "__main__":
    sys.exit(main())
