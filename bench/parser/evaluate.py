"""How well the parser reads real pages: the figures of issue 8, and the pages it reads worst.

    make eval-parser                                       # held-out split, hand-annotated pages
    .venv/bin/python -m bench.parser.evaluate --split dev  # the split to tune on
    .venv/bin/python -m bench.parser.evaluate --pages DIR  # your own pages, in the same format

For every page: the body's precision, recall and F1 by the shingle metric of public extraction
benchmarks (``score_body``: 4-word shingles, each page weighing the same), whether the headline
is right, and on pages with no article whether the page was refused. On the hand-annotated
article-region dumps also the byline, the date and the captions (found, false, credit right,
position right). Parse time is measured on a 2 KB and a 2 MB page. Not a test: the figures go in
the README with this command.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from articles.parsing import ParsedArticle, SeedParseError, parse_seed
from bench.parser.names import same_byline, true_authors
from bench.parser.pages import REAL, Page, all_pages
from bench.parser.score_body import page_counts, summary

_WORD_RE = re.compile(r"\w+")
# A caption is found when this share of its words is in a predicted caption (and back).
_CAPTION_OVERLAP = 0.6


def _normal(text: str | None) -> str:
    return " ".join(word.casefold() for word in _WORD_RE.findall(text or ""))


@dataclass
class Outcome:
    """One page's result."""

    page: Page
    parsed: ParsedArticle | None
    error: str | None
    seconds: float
    counts: tuple[float, float, float] = (0.0, 0.0, 0.0)
    problems: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return summary([self.counts])["f1"]


@dataclass
class Captions:
    expected: int = 0
    found: int = 0
    false: int = 0
    credit_right: int = 0
    position_right: int = 0


def _overlap(first: str, second: str) -> float:
    a, b = set(_normal(first).split()), set(_normal(second).split())
    return len(a & b) / len(a) if a else 0.0


def _match_captions(
    parsed: ParsedArticle, expected: list[dict[str, Any]], tally: Captions
) -> list[str]:
    problems = []
    unmatched = list(parsed.captions)
    tally.expected += len(expected)
    for truth in expected:
        match = next(
            (
                caption
                for caption in unmatched
                if _overlap(
                    truth["text"] or truth["credit"] or "", caption.text or caption.credit or ""
                )
                >= _CAPTION_OVERLAP
                and _overlap(
                    caption.text or caption.credit or "", truth["text"] or truth["credit"] or ""
                )
                >= _CAPTION_OVERLAP
            ),
            None,
        )
        if match is None:
            problems.append(f"caption missed: {(truth['text'] or '')[:50]}")
            continue
        unmatched.remove(match)
        tally.found += 1
        if _normal(match.credit) == _normal(truth["credit"]):
            tally.credit_right += 1
        else:
            problems.append(f"credit {match.credit!r}, not {truth['credit']!r}")
        if match.after_paragraph == truth["after_paragraph"]:
            tally.position_right += 1
        else:
            problems.append(f"caption at {match.after_paragraph}, not {truth['after_paragraph']}")
    tally.false += len(unmatched)
    problems += [f"false caption: {(c.text or c.credit or '')[:50]}" for c in unmatched]
    return problems


def parse(page: Page) -> Outcome:
    data = page.data()
    started = time.perf_counter()
    try:
        parsed, error = parse_seed(data, source=page.id), None
    except SeedParseError as exc:
        parsed, error = None, exc.reason
    seconds = time.perf_counter() - started
    predicted = "\n\n".join(parsed.paragraphs) if parsed else ""
    outcome = Outcome(page, parsed, error, seconds, page_counts(page.truth, predicted))
    if not page.has_article:
        if parsed is not None and not parsed.uncertain:
            outcome.problems.append("a page with no article would be published")
    elif parsed is None:
        outcome.problems.append(f"refused: {error}")
    return outcome


def _right(value: str | None, truth: str | None) -> bool:
    return _normal(value) == _normal(truth)


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def report(title: str, outcomes: list[Outcome], *, worst: int) -> None:
    articles = [o for o in outcomes if o.page.has_article]
    empty = [o for o in outcomes if not o.page.has_article]
    print(f"\n## {title}: {len(outcomes)} pages")
    if articles:
        body = summary([o.counts for o in articles])
        print(
            f"body       precision {body['precision']:.3f}  recall {body['recall']:.3f}  "
            f"F1 {body['f1']:.3f}  ({len(articles)} pages with an article)"
        )
        with_headline = [o for o in articles if o.page.headlines]
        right = 0
        for outcome in with_headline:
            headline = outcome.parsed.headline if outcome.parsed else None
            if any(_right(headline, truth) for truth in outcome.page.headlines):
                right += 1
            else:
                outcome.problems.append(f"headline {headline!r}")
        print(f"headline   {_percent(right, len(with_headline))}")
        if not any(o.page.region for o in articles):
            _report_byline_and_date(articles)
        drafted = sum(1 for o in articles if o.parsed and o.parsed.uncertain)
        print(f"drafted    {_percent(drafted, len(articles))} (parsed with low confidence)")
    if empty:
        refused = sum(1 for o in empty if o.parsed is None)
        drafted = sum(1 for o in empty if o.parsed is not None and o.parsed.uncertain)
        print(
            f"no article never public {_percent(refused + drafted, len(empty))} "
            f"(refused {refused}, drafted {drafted})"
        )
    annotated = [o for o in outcomes if o.page.expected is not None and o.page.region]
    if annotated:
        _report_annotated(annotated)
    times = sorted(o.seconds for o in outcomes)
    print(
        f"parse time median {statistics.median(times) * 1000:.1f} ms, max {times[-1] * 1000:.0f} ms"
    )
    ranked = sorted(outcomes, key=lambda o: (o.f1 if o.page.has_article else 1.0, -len(o.problems)))
    print(f"worst {worst}:")
    for outcome in ranked[:worst]:
        note = "; ".join(outcome.problems[:3])
        print(f"  {outcome.f1:.2f}  {outcome.page.id}  {note}")


def _authors(page: Page) -> list[str]:
    meta = page.meta
    return true_authors(
        meta.get("authors"), outlets=[meta.get("outlet") or "", meta.get("domain") or ""]
    )


def _report_byline_and_date(outcomes: list[Outcome]) -> None:
    """Bylines and dates of whole pages against their source's truth, where it gives them."""
    with_authors = [(o, _authors(o.page)) for o in outcomes if _authors(o.page)]
    bylines = 0
    for outcome, authors in with_authors:
        byline = outcome.parsed.byline if outcome.parsed else None
        if same_byline(byline, authors):
            bylines += 1
        else:
            outcome.problems.append(f"byline {byline!r}, not {authors}")
    with_date = [o for o in outcomes if o.page.meta.get("published")]
    dates = 0
    for outcome in with_date:
        published = outcome.parsed.published if outcome.parsed else None
        truth = outcome.page.meta["published"][:10]
        if published is not None and published.isoformat() == truth:
            dates += 1
        else:
            outcome.problems.append(f"date {published}, not {truth}")
    print(
        f"byline     {_percent(bylines, len(with_authors))}   "
        f"date {_percent(dates, len(with_date))}"
    )


def _report_annotated(outcomes: list[Outcome]) -> None:
    bylines = dates = 0
    captions = Captions()
    for outcome in outcomes:
        expected = outcome.page.expected
        assert expected is not None
        parsed = outcome.parsed
        if parsed is None:
            captions.expected += len(expected["captions"])
            continue
        if same_byline(parsed.byline, expected["byline"]):
            bylines += 1
        else:
            outcome.problems.append(f"byline {parsed.byline!r}, not {expected['byline']!r}")
        published = parsed.published.isoformat() if parsed.published else None
        if published == expected["published"]:
            dates += 1
        else:
            outcome.problems.append(f"date {published}, not {expected['published']}")
        outcome.problems += _match_captions(parsed, expected["captions"], captions)
    total = len(outcomes)
    print(f"byline     {_percent(bylines, total)}   date {_percent(dates, total)}")
    print(
        f"captions   found {_percent(captions.found, captions.expected)}  false {captions.false}  "
        f"credit right {_percent(captions.credit_right, captions.found)}  "
        f"position right {_percent(captions.position_right, captions.expected)}"
    )


def speed(pages: Iterable[Page]) -> None:
    """Parse time of a 2 KB page of the corpus and of a 2 MB page made of real pages."""
    corpus = (Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "corpus").glob("*.txt")
    two_kb = min((path.read_bytes() for path in corpus), key=lambda data: abs(len(data) - 2048))
    dumps = [page.data() for page in pages if not page.region]
    two_mb = b"\n\n".join(dumps)[:2_000_000] if dumps else two_kb
    for name, data in (("2 KB", two_kb), ("2 MB", two_mb)):
        rounds = 20 if len(data) < 100_000 else 3
        parse_seed(data)
        started = time.process_time()
        for _ in range(rounds):
            with contextlib.suppress(SeedParseError):
                parse_seed(data)
        took = (time.process_time() - started) / rounds
        print(f"parse time, {name} page ({len(data) / 1024:.0f} KB): {took * 1000:.1f} ms CPU")


def command_line(description: str, *, speed_help: str) -> argparse.ArgumentParser:
    """The arguments every evaluation command takes: pages, split, worst, no speed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--pages", type=Path, default=REAL, help="a folder of real pages")
    parser.add_argument(
        "--split", default="test", choices=("train", "dev", "test"), help="which split to score"
    )
    parser.add_argument("--worst", type=int, default=12, help="how many of the worst pages to list")
    parser.add_argument("--no-speed", action="store_true", help=speed_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = command_line(__doc__.split("\n\n")[0], speed_help="skip the parse-time measurement")
    arguments = parser.parse_args(argv)
    pages = [page for page in all_pages(arguments.pages) if page.meta.get("truth") != "corpus"]
    chosen = [page for page in pages if page.split == arguments.split]
    whole = [parse(page) for page in chosen if not page.region]
    report(f"whole-page dumps, {arguments.split} split", whole, worst=arguments.worst)
    regions = [parse(page) for page in chosen if page.region]
    if regions:
        report(
            f"hand-annotated article regions, {arguments.split} split",
            regions,
            worst=arguments.worst,
        )
    if not arguments.no_speed:
        print()
        speed(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
