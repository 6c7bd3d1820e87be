"""``manage.py load_seeds``: parse seed files into articles, images and captions, record the run,
and report on it for people (a summary, ``--verbose``, a progress bar) or for tools (``--json``)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
    OutputWrapper,
)
from tqdm import tqdm

from articles.loading import (
    DEFAULT_BATCH_SIZE,
    OUTCOME_STATUSES,
    FileOutcome,
    count_seed_paths,
    human_duration,
    iter_seed_paths,
    load_seed_batches,
    parse_summary,
)
from articles.models import ImportRun
from articles.services import import_run_record, import_run_start

# The import run is brought up to date every this many files (at the end of a batch), so that
# a killed run still shows how far it got; each update is a commit, which costs as much as
# recording a few hundred files.
RECORD_EVERY = 2000
# Fewer files than this load in a blink: no progress bar for them.
PROGRESS_MIN_FILES = 50
SIGNAL_NAMES = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}


def progress_wanted(stream: TextIO, *, total: int, verbosity: int) -> bool:
    """A progress bar only for a person watching a terminal, and only for a long load.

    >>> import io; progress_wanted(io.StringIO(), total=10_000, verbosity=1)
    False
    """
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and verbosity >= 1 and total >= PROGRESS_MIN_FILES


def positive_int(text: str) -> int:
    """An argument that must be a whole number of at least 1.

    >>> positive_int("4")
    4
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def default_workers() -> int:
    """As many parsing processes as the loader may use cores."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _StopRequest:
    """Set by the first Ctrl-C (or SIGTERM): the load stops after the batch in hand, so that
    the summary counts exactly what was stored. A second Ctrl-C stops at once."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def __call__(self, signum: int, frame: Any) -> None:
        self.signum = signum
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextmanager
def _stop_on_signals() -> Iterator[_StopRequest]:
    request = _StopRequest()
    # Signal handlers can only be set from the main thread; elsewhere Ctrl-C stays the plain
    # KeyboardInterrupt, which the command handles too.
    if threading.current_thread() is not threading.main_thread():
        yield request
        return
    previous = {signum: signal.getsignal(signum) for signum in SIGNAL_NAMES}
    for signum in SIGNAL_NAMES:
        signal.signal(signum, request)
    try:
        yield request
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's ordering of the options, and the description's examples kept on their lines."""


class Command(BaseCommand):
    help = (
        "Load seed files (text dumps and saved web pages) into articles, images and captions.\n"
        "Files are parsed in worker processes and stored a batch at a time, in one transaction\n"
        "per batch. Each file loads all or nothing: a file that cannot be used is named with\n"
        "the reason, nothing of it is written, and the other files still load (exit status 1).\n"
        "Loading the same files again changes nothing; a changed file updates its article.\n"
        "Every run that writes is recorded as an import run, shown in the admin; a dry run\n"
        "writes nothing, not even its record. Ctrl-C stops after the batch in hand, prints\n"
        "what was done and exits with status 130; run the command again to load the rest.\n\n"
        "examples:\n"
        "  manage.py load_seeds                   # every seed file in seeds/\n"
        "  manage.py load_seeds path/to/folder    # every .txt, .html, .htm, .html.gz file in it\n"
        "  manage.py load_seeds a.txt b.html      # these files\n"
        "  manage.py load_seeds --dry-run         # parse and report, write nothing\n"
        "  manage.py load_seeds --verbose a.txt   # show what was parsed from each file\n"
        "  manage.py load_seeds --json > report.json   # a report for tools, on stdout\n"
        "  manage.py load_seeds --workers 1 --batch-size 1   # a file at a time, one process"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = _HelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            metavar="PATH",
            help=(
                "Seed files, or folders of them: text dumps (*.txt) and saved web pages "
                "(*.html, *.htm, *.html.gz) (default: the project's seeds/ folder)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse every file and report what would change, but write nothing.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help=(
                "Print one JSON document on stdout, and nothing else there: every file with its "
                "status, reason, article id and parser warnings, the counts, the duration and "
                "the import run's id. Failures are still named on stderr."
            ),
        )
        parser.add_argument(
            "--workers",
            type=positive_int,
            default=default_workers(),
            metavar="N",
            help=(
                "Parse in N processes (default: one per core, here %(default)s); 1 parses in "
                "the loader's own process."
            ),
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=DEFAULT_BATCH_SIZE,
            metavar="N",
            help=(
                "Store N files per transaction (default %(default)s). Smaller batches stop "
                "sooner on Ctrl-C; 1 stores each file in a transaction of its own."
            ),
        )
        parser.add_argument(
            "--verbose",
            action="store_true",
            help=(
                "Show what was parsed from each file: headline, outlet, byline, date, language, "
                "paragraphs, captions with their credits, and the parser's warnings "
                "(with --json, as a 'parse' object for each file)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # A reader that stops early (``load_seeds --json | head``) must not stop the load.
        self.stdout = _ReaderMayLeave(self.stdout)  # type: ignore[assignment]
        paths: list[Path] = options["paths"] or [Path(settings.SEED_DIR)]
        dry_run: bool = options["dry_run"]
        report = (
            _JSONReport(self, paths=paths, dry_run=dry_run, verbose=options["verbose"])
            if options["json"]
            else _TextReport(self, dry_run=dry_run, verbose=options["verbose"])
        )
        started = time.monotonic()
        run = None if dry_run else import_run_start(paths=[str(path) for path in paths])
        report.start(run)
        counts: Counter[str] = Counter()
        pending: list[dict[str, Any]] = []
        stopped_by: int | None = None
        broken = False

        stderr = getattr(self.stderr, "_out", self.stderr)
        total = count_seed_paths(paths) if stderr.isatty() else 0
        with (
            _stop_on_signals() as stop,
            _progress_bar(stderr, total=total, verbosity=options["verbosity"]) as bar,
        ):
            try:
                # Closed on leaving, however: the files read ahead are dropped unwritten, and
                # the parsing processes stopped.
                with closing(
                    load_seed_batches(
                        iter_seed_paths(paths),
                        max_bytes=settings.SEED_MAX_BYTES,
                        dry_run=dry_run,
                        workers=options["workers"],
                        batch_size=options["batch_size"],
                    )
                ) as batches:
                    for batch in batches:
                        for outcome in batch:
                            pending.append(outcome.record(position=counts.total()))
                            counts[outcome.status] += 1
                            with _above(bar):
                                report.file(outcome, verbosity=options["verbosity"])
                        bar.update(len(batch))
                        if run is not None and len(pending) >= RECORD_EVERY:
                            import_run_record(run=run, counts=counts, files=pending)
                            pending = []
                        if stop.signum is not None:
                            stopped_by = stop.signum
                            break
            except KeyboardInterrupt:
                # A second Ctrl-C, or one outside the main thread: the batch in hand is rolled
                # back by its transaction (unless it had just committed, in which case it is
                # not counted here and a rerun reports it unchanged); the batches before it are.
                stopped_by = signal.SIGINT
            except BrokenProcessPool:
                # A parsing process died (killed, out of memory): the batches stored so far are
                # kept and counted, the batch in hand was not begun.
                broken = True

        duration = time.monotonic() - started
        if run is not None:
            import_run_record(
                run=run,
                counts=counts,
                files=pending,
                finished=True,
                interrupted=stopped_by is not None or broken,
            )
        report.finish(counts, duration=duration, interrupted=stopped_by is not None or broken)

        if broken:
            raise CommandError(
                "a parsing process ended unexpectedly (killed, or out of memory); the files "
                "stored so far are kept: run the same command again to load the rest"
            )
        if stopped_by is not None:
            raise CommandError(
                f"stopped by {SIGNAL_NAMES.get(stopped_by, 'a signal')}; run the same command "
                "again to load the rest",
                returncode=128 + stopped_by,
            )
        if counts["failed"]:
            noun = "file" if counts["failed"] == 1 else "files"
            raise CommandError(f"{counts['failed']} {noun} failed to load")


class _ReaderMayLeave:
    """Standard output that goes quiet once its reader has gone, as Python's documentation on
    SIGPIPE advises: further output goes to ``os.devnull``, so that neither a later write nor
    the flush at exit raises ``BrokenPipeError``, and the load finishes as it would have."""

    def __init__(self, wrapped: OutputWrapper) -> None:
        self.wrapped = wrapped
        self.gone = False

    def write(self, *args: Any, **kwargs: Any) -> None:
        if not self.gone:
            self._guard(self.wrapped.write, *args, **kwargs)

    def flush(self) -> None:
        if not self.gone:
            self._guard(self.wrapped.flush)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)

    def _guard(self, action: Any, *args: Any, **kwargs: Any) -> None:
        try:
            action(*args, **kwargs)
        except BrokenPipeError:
            self.gone = True
            stream = getattr(self.wrapped, "_out", self.wrapped)
            try:
                descriptor = stream.fileno()
            except (AttributeError, OSError, ValueError):
                return
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, descriptor)
            os.close(devnull)


@contextmanager
def _progress_bar(stream: TextIO, *, total: int, verbosity: int) -> Iterator[tqdm]:
    # A disabled tqdm prints nothing and costs nothing, so the loop need not tell the two apart.
    enabled = progress_wanted(stream, total=total, verbosity=verbosity)
    with tqdm(
        total=total, file=stream, unit="file", disable=not enabled, dynamic_ncols=True
    ) as bar:
        yield bar


@contextmanager
def _above(bar: tqdm) -> Iterator[None]:
    """Write above the progress bar rather than through it."""
    if bar.disable:
        yield
        return
    with tqdm.external_write_mode(file=bar.fp):
        yield


class _TextReport:
    """For people: failures on stderr, a line per file at ``-v 2``, the parse with --verbose,
    and a summary line."""

    def __init__(self, command: Command, *, dry_run: bool, verbose: bool) -> None:
        self.stdout = command.stdout
        self.stderr = command.stderr
        self.dry_run = dry_run
        self.verbose = verbose
        self.run: ImportRun | None = None

    def start(self, run: ImportRun | None) -> None:
        self.run = run

    def file(self, outcome: FileOutcome, *, verbosity: int) -> None:
        if outcome.status == "failed":
            self.stderr.write(f"FAILED {outcome.name}: {outcome.reason}")
        if self.verbose:
            self.stdout.write(_describe(outcome))
        elif outcome.status == "skipped":
            if verbosity >= 1:
                self.stdout.write(f"skipped {outcome.name}: {outcome.reason}")
        elif outcome.status != "failed" and verbosity >= 2:
            self.stdout.write(f"{outcome.status} {outcome.name}")

    def finish(self, counts: Counter[str], *, duration: float, interrupted: bool) -> None:
        summary = ", ".join(f"{counts[status]} {status}" for status in OUTCOME_STATUSES)
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        if interrupted:
            prefix = f"Interrupted, {prefix[:1].lower()}{prefix[1:]}" if prefix else "Interrupted: "
        details = [human_duration(duration)]
        if self.run is not None:
            details.append(f"import run {self.run.pk}")
        self.stdout.write(f"{prefix}{summary} ({', '.join(details)})")


def _describe(outcome: FileOutcome) -> str:
    """The ``--verbose`` account of one file."""
    article = f" (article {outcome.article_id})" if outcome.article_id else ""
    lines = [f"{outcome.name}: {outcome.status}{article}"]
    if outcome.reason:
        lines.append(f"  reason       {outcome.reason}")
    if outcome.status == "unchanged":
        lines.append("  the same bytes as when it was loaded: not parsed again")
    if outcome.parsed is not None:
        parse = parse_summary(outcome.parsed)
        outlet = parse["publication"] or "-"
        if parse["tagline"]:
            outlet = f"{outlet} ({parse['tagline']})"
        lines += [
            f"  headline     {parse['headline']}",
            f"  publication  {outlet}",
            f"  byline       {parse['byline'] or '-'}",
            f"  published    {parse['published_at'] or '-'}",
            f"  language     {parse['language']}",
            f"  attribution  {parse['attribution'] or '-'}",
        ]
        if parse["canonical_url"]:
            lines.append(f"  canonical    {parse['canonical_url']}")
        lines += [
            f"  confidence   {parse['confidence']:.2f}"
            + (
                " (new articles are loaded as drafts: boundaries uncertain)"
                if parse["draft"]
                else ""
            ),
            f"  paragraphs   {parse['paragraphs']}",
            f"  captions     {len(parse['captions'])}",
        ]
        for number, caption in enumerate(parse["captions"], start=1):
            agencies = ", ".join(caption["agencies"]) or "-"
            lines.append(
                f"    {number}. after paragraph {caption['after_paragraph']}: "
                f"credit {caption['credit'] or '-'}; photographer {caption['photographer'] or '-'}"
                f"; agencies {agencies}"
            )
            if caption["image_url"]:
                lines.append(f"       picture {caption['image_url']}")
    if outcome.status != "skipped" and (outcome.parsed is not None or outcome.warnings):
        warnings = outcome.warnings
        lines.append(f"  warnings     {len(warnings) or 'none'}")
        lines += [f"    - {warning}" for warning in warnings]
    return "\n".join(lines)


class _JSONReport:
    """For tools: one JSON document on stdout, written as the files go so that a long load's
    report is not held in memory.

    ``{"import_run": 12, "dry_run": false, "paths": [...], "files": [{"name", "status",
    "reason", "article_id", "warnings"}...], "counts": {...}, "interrupted": false,
    "duration_seconds": 1.2}``"""

    def __init__(
        self, command: Command, *, paths: list[Path], dry_run: bool, verbose: bool
    ) -> None:
        self.out = command.stdout
        self.stderr = command.stderr
        self.paths = paths
        self.dry_run = dry_run
        self.verbose = verbose
        self.first = True

    def start(self, run: ImportRun | None) -> None:
        head = {
            "import_run": run.pk if run is not None else None,
            "dry_run": self.dry_run,
            "paths": [str(path) for path in self.paths],
        }
        # The head object without its closing brace, then the files array, opened.
        self.out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "files": [', ending="")

    def file(self, outcome: FileOutcome, *, verbosity: int) -> None:
        if outcome.status == "failed":
            self.stderr.write(f"FAILED {outcome.name}: {outcome.reason}")
        entry: dict[str, Any] = {
            "name": outcome.name,
            "status": outcome.status,
            "reason": outcome.reason or None,
            "article_id": outcome.article_id,
            "warnings": list(outcome.warnings),
        }
        if self.verbose and outcome.parsed is not None:
            entry["parse"] = parse_summary(outcome.parsed)
        separator = "\n  " if self.first else ",\n  "
        self.first = False
        self.out.write(separator + json.dumps(entry, ensure_ascii=False), ending="")

    def finish(self, counts: Counter[str], *, duration: float, interrupted: bool) -> None:
        tail = {
            "counts": {status: counts[status] for status in OUTCOME_STATUSES},
            "interrupted": interrupted,
            "duration_seconds": round(duration, 3),
        }
        self.out.write("\n], " + json.dumps(tail, ensure_ascii=False)[1:])
        self.out.flush()
