"""The pages the parser learns from and is measured on, read from the repository.

- Real pages, ``tests/fixtures/real/pages/``: ``<id>.txt`` (the text dump of the whole page),
  ``<id>.true.txt`` (its true article body), ``<id>.json`` (source, split, true headline, byline
  and date), and for hand-annotated pages ``<id>.region.txt`` (a dump of the article region)
  with ``<id>.expected.json`` (its parse, written by hand). See that folder's README.
- The annotated corpus of seed files, ``tests/fixtures/corpus/`` and ``tests/fixtures/pages/``:
  ``<name>.txt`` with ``<name>.expected.json``; always training pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "fixtures" / "real" / "pages"
CORPORA = (ROOT / "tests" / "fixtures" / "corpus", ROOT / "tests" / "fixtures" / "pages")


@dataclass(frozen=True)
class Page:
    """One page to learn from or to measure on.

    ``truth`` is the true body (paragraphs separated by blank lines, empty on a page with no
    article); ``expected`` the hand-written or corpus parse where there is one; ``split`` is
    ``train``, ``dev`` or ``test`` (the held-out split, never tuned on); ``region`` says the dump
    is of the article region only, not of the whole page.
    """

    id: str
    path: Path
    split: str
    truth: str
    headline: str | None
    meta: dict[str, Any] = field(default_factory=dict)
    expected: dict[str, Any] | None = None
    region: bool = False

    @property
    def headlines(self) -> tuple[str, ...]:
        """The true headline as the source gives it and, on whole pages, as the page prints it
        (its ``<h1>``): either is the page's headline."""
        if self.region:
            return (self.headline,) if self.headline else ()
        return tuple(h for h in (self.meta.get("printed_headline"), self.headline) if h)

    @property
    def has_article(self) -> bool:
        return self.meta.get("kind", "article") == "article"

    def data(self) -> bytes:
        return self.path.read_bytes()


def _expected_truth(expected: dict[str, Any]) -> str:
    return "\n\n".join(expected["paragraphs"])


def real_pages(folder: Path = REAL) -> Iterator[Page]:
    """Whole-page dumps of real pages, and the article-region dumps of the hand-annotated ones."""
    for meta_path in sorted(folder.glob("*.json")):
        if meta_path.name.endswith(".expected.json"):
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        page_id = meta["id"]
        true_path = folder / f"{page_id}.true.txt"
        truth = true_path.read_text(encoding="utf-8") if true_path.exists() else ""
        yield Page(
            id=page_id,
            path=folder / f"{page_id}.txt",
            split=meta["split"],
            truth=truth,
            headline=meta.get("headline"),
            meta=meta,
        )
        expected_path = folder / f"{page_id}.expected.json"
        region_path = folder / f"{page_id}.region.txt"
        if expected_path.exists() and region_path.exists():
            expected = json.loads(expected_path.read_text(encoding="utf-8"))
            yield Page(
                id=f"{page_id}.region",
                path=region_path,
                split=meta["split"],
                truth=_expected_truth(expected),
                headline=expected["headline"],
                meta=meta,
                expected=expected,
                region=True,
            )


def corpus_pages() -> Iterator[Page]:
    """The annotated seed corpus: invented outlets' pages and the real seed, for training."""
    for folder in CORPORA:
        for expected_path in sorted(folder.glob("*.expected.json")):
            name = expected_path.name.removesuffix(".expected.json")
            expected = json.loads(expected_path.read_text(encoding="utf-8"))
            yield Page(
                id=f"{folder.name}/{name}",
                path=folder / f"{name}.txt",
                split="train",
                truth=_expected_truth(expected),
                headline=expected["headline"],
                meta={"kind": "article", "truth": "corpus", "language": expected["language"]},
                expected=expected,
                region=True,
            )


def all_pages(folder: Path = REAL) -> list[Page]:
    return [*real_pages(folder), *corpus_pages()]
