"""How well saved web pages are read (issue 16): the HTML parser side by side with plain
trafilatura on the same pages in the same run.

    .venv/bin/python -m bench.parser.evaluate_html                  # held-out split (report)
    .venv/bin/python -m bench.parser.evaluate_html --split dev      # the split to tune on
    make eval-parser                                                # both parsers, both formats

For every gold page with its HTML (``<id>.html.gz``): the body's precision, recall and F1 by the
shingle metric (``score_body``), ours and ``trafilatura.extract``'s (its defaults, comments and
tables left out as in the corpus's truth); on pages whose structured data or meta tags give a
headline, authors or a date, whether ours is the true one; on the hand-annotated pages the
captions (found, credit, position); on pages with no article whether the page was kept from the
public. Then throughput: pages a second on one core for a page of about 150 KB, parsed whole
from its bytes. Not a test: the figures go in the README with this command.
"""

from __future__ import annotations

import datetime
import gzip
import html as html_module
import json
import statistics
import sys
import time
from dataclasses import dataclass, field

import trafilatura
from lxml.html import HTMLParser, document_fromstring

from articles.parsing import ParsedArticle, SeedParseError
from articles.parsing.html import parse_html_page
from articles.parsing.html.decoding import decode_html
from articles.parsing.html.metadata import parse_timestamp
from bench.parser.evaluate import Captions, _match_captions, _normal, _percent, command_line
from bench.parser.names import byline_names, same_byline, true_authors
from bench.parser.pages import Page, real_pages
from bench.parser.score_body import page_counts, summary

# The goal's page size for throughput, and how close a page of the corpus must come to it.
_SPEED_BYTES = 150_000


@dataclass
class HtmlOutcome:
    page: Page
    html: bytes
    parsed: ParsedArticle | None
    error: str | None
    seconds: float
    ours: tuple[float, float, float]
    trafilatura: tuple[float, float, float]
    data: PageData
    problems: list[str] = field(default_factory=list)


def html_of(page: Page) -> bytes | None:
    path = page.path.with_name(f"{page.id}.html.gz")
    return gzip.decompress(path.read_bytes()) if path.exists() else None


@dataclass(frozen=True)
class PageData:
    """The page's own data read without the parser (so that which pages count does not hang
    on what the parser reads): the text of its JSON-LD and ``<meta>`` values, and the names
    it gives the outlet (its publisher, its site name)."""

    text: str
    organisations: tuple[str, ...]


def _publishers(value: object) -> list[str]:
    """The names of every ``publisher`` in a JSON-LD value."""
    if isinstance(value, list):
        return [name for item in value for name in _publishers(item)]
    if not isinstance(value, dict):
        return []
    publisher = value.get("publisher")
    found = [publisher["name"]] if isinstance(publisher, dict) and "name" in publisher else []
    return [name for name in found if isinstance(name, str)] + [
        name for item in value.values() for name in _publishers(item)
    ]


def page_data(html: bytes) -> PageData:
    text, _encoding = decode_html(html)
    tree = document_fromstring(text.encode(), parser=HTMLParser(encoding="utf-8"))
    parts = [meta.get("content") or "" for meta in tree.iter("meta")]
    organisations = [
        meta.get("content") or ""
        for meta in tree.iter("meta")
        if (meta.get("property") or meta.get("name")) in ("og:site_name", "application-name")
    ]
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        raw = script.text or ""
        try:
            data = json.loads(raw)
        except ValueError:
            parts.append(raw)
            continue
        # JSON escapes ("\u00fc") are undone so that the names read as printed.
        parts.append(json.dumps(data, ensure_ascii=False))
        organisations += _publishers(data)
    return PageData(html_module.unescape(" ".join(parts)), tuple(organisations))


def evaluate_page(page: Page, html: bytes) -> HtmlOutcome:
    started = time.process_time()
    try:
        parsed, error = parse_html_page(html, source=page.id), None
    except SeedParseError as exc:
        parsed, error = None, exc.reason
    seconds = time.process_time() - started
    predicted = "\n\n".join(parsed.paragraphs) if parsed else ""
    baseline = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    outcome = HtmlOutcome(
        page=page,
        html=html,
        parsed=parsed,
        error=error,
        seconds=seconds,
        ours=page_counts(page.truth, predicted),
        trafilatura=page_counts(page.truth, baseline),
        data=page_data(html),
    )
    if page.has_article and parsed is None:
        outcome.problems.append(f"refused: {error}")
    return outcome


def _same_date(value: datetime.date | None, moment: datetime.datetime | None, truth: str) -> bool:
    true_moment = parse_timestamp(truth)
    if value is None or true_moment is None:
        return False
    if value == datetime.date.fromisoformat(truth[:10]):
        return True
    # The same instant written in another zone can fall on another calendar day.
    return moment is not None and abs((moment - true_moment).total_seconds()) < 60


def _in_data(text: str, data: str) -> bool:
    return bool(_normal(text)) and f" {_normal(text)} " in f" {data} "


def _fields(outcomes: list[HtmlOutcome]) -> None:
    """Headline, byline and date where the page's data holds the true one (its words, read
    without the parser; for bylines each true author that is not the outlet by the page's own
    names for it: an outlet credited as the author is the publication, not a byline)."""
    tallies = {"headline": [0, 0], "byline": [0, 0], "date": [0, 0]}
    for outcome in outcomes:
        parsed, page, truth = outcome.parsed, outcome.page, outcome.page.meta
        data = _normal(outcome.data.text)
        if any(_in_data(headline, data) for headline in page.headlines):
            tallies["headline"][1] += 1
            headline = parsed.headline if parsed else None
            if any(_normal(headline) == _normal(h) for h in page.headlines):
                tallies["headline"][0] += 1
            else:
                outcome.problems.append(f"headline {headline!r}")
        outlets = [truth["outlet"], truth["domain"], *outcome.data.organisations]
        authors = true_authors(truth.get("authors"), outlets=outlets)
        if authors and all(_in_data(name, data) for name in byline_names(authors)):
            tallies["byline"][1] += 1
            byline = parsed.byline if parsed else None
            if same_byline(byline, authors):
                tallies["byline"][0] += 1
            else:
                outcome.problems.append(f"byline {byline!r}, not {authors!r}")
        if truth.get("published") and truth["published"][:10] in outcome.data.text:
            tallies["date"][1] += 1
            if parsed and _same_date(parsed.published, parsed.published_at, truth["published"]):
                tallies["date"][0] += 1
            else:
                got = parsed.published_at.isoformat() if parsed and parsed.published_at else None
                outcome.problems.append(f"date {got}, not {truth['published']}")
    print(
        "from the page's data: "
        + "  ".join(f"{name} {_percent(right, total)}" for name, (right, total) in tallies.items())
    )


def report(title: str, outcomes: list[HtmlOutcome], *, worst: int) -> None:
    articles = [o for o in outcomes if o.page.has_article]
    empty = [o for o in outcomes if not o.page.has_article]
    print(f"\n## {title}: {len(outcomes)} pages")
    if articles:
        for name, counts in (
            ("ours       ", [o.ours for o in articles]),
            ("trafilatura", [o.trafilatura for o in articles]),
        ):
            body = summary(counts)
            print(
                f"body {name}  precision {body['precision']:.3f}  recall {body['recall']:.3f}  "
                f"F1 {body['f1']:.3f}  ({len(articles)} pages with an article)"
            )
        _fields(articles)
        drafted = sum(1 for o in articles if o.parsed and o.parsed.uncertain)
        print(
            f"drafted    {_percent(drafted, len(articles))} (no structured data: an editor checks)"
        )
    annotated = [o for o in articles if o.page.meta.get("id") and _expected(o.page) is not None]
    if annotated:
        tally = Captions()
        for outcome in annotated:
            expected = _expected(outcome.page)
            assert expected is not None
            if outcome.parsed is None:
                tally.expected += len(expected["captions"])
                continue
            outcome.problems += _match_captions(outcome.parsed, expected["captions"], tally)
        print(
            f"captions ({len(annotated)} hand-annotated pages)  found "
            f"{_percent(tally.found, tally.expected)}  false {tally.false}  credit right "
            f"{_percent(tally.credit_right, tally.found)}  position right "
            f"{_percent(tally.position_right, tally.expected)}"
        )
    if empty:
        kept = sum(1 for o in empty if o.parsed is None or o.parsed.uncertain)
        print(f"no article never public {_percent(kept, len(empty))}")
    times = sorted(o.seconds for o in outcomes)
    print(
        f"parse CPU median {statistics.median(times) * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
    )
    ranked = sorted(articles, key=lambda o: summary([o.ours])["f1"])
    print(f"worst {worst} (ours, trafilatura):")
    for outcome in ranked[:worst]:
        ours, theirs = summary([outcome.ours])["f1"], summary([outcome.trafilatura])["f1"]
        print(f"  {ours:.2f} {theirs:.2f}  {outcome.page.id}  {'; '.join(outcome.problems[:2])}")


def _expected(page: Page) -> dict | None:
    path = page.path.with_name(f"{page.id}.expected.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def speed(outcomes: list[HtmlOutcome], *, seconds: float = 5.0) -> None:
    """Pages a second on one core (CPU time) for the corpus page nearest 150 KB, and the same
    for plain trafilatura on that page, in turns so that both meet the same machine."""
    page = min(outcomes, key=lambda o: abs(len(o.html) - _SPEED_BYTES))
    html = page.html
    rounds = {"ours": [0, 0.0], "trafilatura": [0, 0.0]}
    work = {
        "ours": lambda: parse_html_page(html),
        "trafilatura": lambda: trafilatura.extract(
            html, include_comments=False, include_tables=False
        ),
    }
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, run in work.items():
            started = time.process_time()
            run()
            rounds[name][0] += 1
            rounds[name][1] += time.process_time() - started
    print(f"\nthroughput, {page.page.id} ({len(html) / 1024:.0f} KB), one core, CPU time:")
    for name, (count, spent) in rounds.items():
        print(f"  {name:<12} {count / spent:5.1f} pages/s  ({spent / count * 1000:.1f} ms a page)")


def main(argv: list[str] | None = None) -> int:
    parser = command_line(__doc__.split("\n\n")[0], speed_help="skip the throughput measurement")
    arguments = parser.parse_args(argv)
    outcomes = []
    for page in real_pages(arguments.pages):
        if page.region or page.split != arguments.split or page.meta.get("truth") != "gold":
            continue
        html = html_of(page)
        if html is not None:
            outcomes.append(evaluate_page(page, html))
    report(f"saved web pages, {arguments.split} split", outcomes, worst=arguments.worst)
    if not arguments.no_speed and outcomes:
        speed([o for o in outcomes if o.page.has_article])
    return 0


if __name__ == "__main__":
    sys.exit(main())
