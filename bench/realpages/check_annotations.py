"""Check the hand-written ``*.expected.json`` of the real-page corpus against their region dumps.

Every paragraph, caption text and headline must be found in the page's ``*.region.txt``
(whitespace collapsed; a paragraph the page splits around a link label may instead have 90% of
its 4-word shingles there), the published date must be an ISO date, and caption positions must
lie within the paragraphs. Prints one line per problem; exits 1 if any::

    python bench/realpages/check_annotations.py [tests/fixtures/real/pages]
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "real" / "pages"
KEYS = [
    "publication",
    "headline",
    "byline",
    "published",
    "language",
    "paragraphs",
    "captions",
    "attribution",
]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def mostly_found(paragraph: str, region: str) -> bool:
    words = re.findall(r"\w+", paragraph)
    region_words = " ".join(re.findall(r"\w+", region))
    windows = [" ".join(words[i : i + 4]) for i in range(max(1, len(words) - 3))]
    return sum(w in region_words for w in windows) >= 0.9 * len(windows)


def problems(expected_path: Path) -> list[str]:
    page_id = expected_path.name.removesuffix(".expected.json")
    region_path = expected_path.with_name(f"{page_id}.region.txt")
    if not region_path.exists():
        return [f"{page_id}: no region dump"]
    region = collapse(region_path.read_text(encoding="utf-8"))
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    found = []
    if list(expected) != KEYS:
        found.append(f"keys {list(expected)}")
    if expected["headline"] and collapse(expected["headline"]) not in region:
        found.append("headline not in the region dump")
    if expected["published"]:
        datetime.date.fromisoformat(expected["published"])
    for number, paragraph in enumerate(expected["paragraphs"], 1):
        if collapse(paragraph) not in region and not mostly_found(paragraph, region):
            found.append(f"paragraph {number} not in the region dump: {paragraph[:60]!r}")
    for caption in expected["captions"]:
        if collapse(caption["text"]) not in region:
            found.append(f"caption not in the region dump: {caption['text'][:60]!r}")
        if not 0 <= caption["after_paragraph"] <= len(expected["paragraphs"]):
            found.append(f"caption position out of range: {caption['after_paragraph']}")
    return [f"{page_id}: {problem}" for problem in found]


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else DEFAULT
    found = [p for path in sorted(folder.glob("*.expected.json")) for p in problems(path)]
    print("\n".join(found) or "all annotations match their region dumps")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
