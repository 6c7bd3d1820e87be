"""The seed loading pipeline: find seed files, read and hash them, parse the new and changed
ones in worker processes, and store them a batch at a time (one transaction per batch, a
savepoint per file). Memory does not grow with the corpus: a few batches are held at a time,
and the names of one folder, to load them in name order."""

from __future__ import annotations

import ctypes
import gc
import hashlib
import multiprocessing
import os
import signal
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.db import connection

from articles.models import Article
from articles.parsing import ParsedArticle, SeedParseError
from articles.parsing.files import SEED_SUFFIXES_TEXT, is_seed_name, parse_seed_file
from articles.services import (
    DuplicateSeedError,
    SeedInput,
    SyncResult,
    UnstorableSeedError,
    articles_sync_from_seeds,
    check_seed_storable,
    store_statistics_refresh,
)
from articles.services.seeds import same_article_elsewhere

# Files per batch: one lookup of what is already loaded, one transaction, one change event.
# Bigger batches cost fewer commits and queries; smaller ones lose less to a kill and stop
# sooner on Ctrl-C. Far below every database's parameter limit either way.
DEFAULT_BATCH_SIZE = 250
# A batch closes early once its files hold this many bytes, so that big pages stay in bounds.
BATCH_MAX_BYTES = 16 * 1024 * 1024
# Batches read and being parsed while one is written: enough to keep the workers busy.
BATCHES_AHEAD = 2
# Articles created in a load after which the database is asked to update its statistics, and
# again at ten times as many, and so on.
STATISTICS_AFTER = 1000
OutcomeStatus = Literal["created", "updated", "unchanged", "failed", "skipped"]
OUTCOME_STATUSES: tuple[OutcomeStatus, ...] = (
    "created",
    "updated",
    "unchanged",
    "failed",
    "skipped",
)


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file; ``reason`` says why it failed or was skipped.

    ``parsed`` is set when the file was parsed (not for unchanged files, which are not read
    past their hash); ``warnings`` are the parser's, from the parse or from the stored article."""

    name: str
    status: OutcomeStatus
    reason: str = ""
    article_id: int | None = None
    parsed: ParsedArticle | None = None
    warnings: tuple[str, ...] = ()

    def record(self, *, position: int) -> dict[str, Any]:
        """The file as an import run keeps it: the fields of an ``ImportRunFile``."""
        return {
            "position": position,
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "article_id": self.article_id,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class KnownSource:
    """An article already loaded from a file of that name."""

    source_hash: str
    article_id: int
    warnings: tuple[str, ...]


class _Refused(Exception):
    def __init__(self, reason: str, *, name: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.name = name


def iter_seed_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Every path named, with folders expanded to their entries in name order (not recursive).

    Every entry of a folder is yielded, so that what is not loaded (other files, subfolders)
    is reported as skipped rather than silently left out."""
    for path in paths:
        if path.is_dir():
            for name in sorted(os.listdir(path)):
                yield path / name
        else:
            yield path


def count_seed_paths(paths: Iterable[Path]) -> int:
    """How many paths ``iter_seed_paths`` will yield, without holding them."""
    return sum(len(os.listdir(path)) if path.is_dir() else 1 for path in paths)


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def human_duration(seconds: float) -> str:
    """``0.4 s``, ``12.0 s``, ``2 min 5 s``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds} s"


def _too_big(size: int, max_bytes: int) -> _Refused:
    return _Refused(
        f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit (SEED_MAX_BYTES)"
    )


def _read_all(descriptor: int, *, expected: int, limit: int) -> bytes:
    """Up to ``limit`` bytes of an open file of ``expected`` bytes. Asked for the size it has
    (and one byte more, to tell a file that grew since), not for ``limit``: a read makes a
    buffer of the size asked, and one of the 2 MB limit for every 5 KB page was most of the
    cost of reading it."""
    chunks = []
    held = 0
    while held < limit:
        chunk = os.read(descriptor, min(max(expected + 1 - held, 64 * 1024), limit - held))
        if not chunk:
            break
        chunks.append(chunk)
        held += len(chunk)
    return b"".join(chunks)


def _read_seed(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of a seed file, or ``_Refused`` saying why they cannot be had."""
    try:
        # Non-blocking, so that a named pipe called ``*.txt`` is refused instead of hanging.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise _Refused(f"cannot read: broken symbolic link to {os.readlink(path)}") from None
        raise _Refused("no such file or folder", name=str(path)) from None
    except OSError as error:
        raise _Refused(f"cannot read: {error.strerror}") from None
    try:
        details = os.fstat(descriptor)
        if stat.S_ISDIR(details.st_mode):
            raise _Refused("cannot read: a folder, not a file")
        if not stat.S_ISREG(details.st_mode):
            raise _Refused("cannot read: not a regular file (a pipe, socket or device)")
        if details.st_size > max_bytes:
            raise _too_big(details.st_size, max_bytes)
        data = _read_all(descriptor, expected=details.st_size, limit=max_bytes + 1)
    except OSError as error:
        raise _Refused(f"cannot read: {error.strerror}") from None
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    return data


def known_sources(names: Iterable[str]) -> dict[str, KnownSource]:
    """What is already loaded from files of these names, in one query."""
    rows = Article.objects.filter(source_name__in=list(names)).values_list(
        "source_name", "source_hash", "id", "parse_warnings"
    )
    return {
        name: KnownSource(source_hash=source_hash, article_id=pk, warnings=tuple(warnings or ()))
        for name, source_hash, pk, warnings in rows
    }


@dataclass(frozen=True)
class Refusal:
    """Why a file's bytes make no article (``"empty file"``, ``"no body (line 3)"``)."""

    reason: str


def parse_or_refuse(name: str, data: bytes, *, max_bytes: int) -> ParsedArticle | Refusal:
    """The step that runs in the parsing workers: a file's name and bytes to its parse (in the
    format its name tells, ``parse_seed_file``), or to the reason it has none. Pure (no
    database, no settings), so that it runs in any process.

    >>> parse_or_refuse("empty.txt", b"", max_bytes=100)
    Refusal(reason='empty file')
    """
    try:
        return parse_seed_file(data, name=name, max_bytes=max_bytes)
    except SeedParseError as error:
        where = f" (line {error.line})" if error.line else ""
        return Refusal(f"{error.reason}{where}")


@dataclass
class _Screened:
    """A path as the loader's own process sees it before any parse: already decided (skipped,
    unreadable: ``outcome``), or read and hashed (``data``, ``source_hash``)."""

    name: str
    outcome: FileOutcome | None = None
    data: bytes = b""
    source_hash: str = ""


def _screen(path: Path, *, max_bytes: int) -> _Screened:
    name = path.name
    if not is_seed_name(name):
        if path.is_dir():
            reason = "a folder (folders in folders are not loaded)"
            return _Screened(name, FileOutcome(name=name, status="skipped", reason=reason))
        if not path.exists() and not path.is_symlink():
            outcome = FileOutcome(name=str(path), status="failed", reason="no such file or folder")
            return _Screened(name, outcome)
        reason = f"not {SEED_SUFFIXES_TEXT}"
        return _Screened(name, FileOutcome(name=name, status="skipped", reason=reason))
    try:
        data = _read_seed(path, max_bytes=max_bytes)
    except _Refused as refused:
        outcome = FileOutcome(name=refused.name or name, status="failed", reason=refused.reason)
        return _Screened(name, outcome)
    return _Screened(name, data=data, source_hash=hashlib.sha256(data).hexdigest())


def _batches(
    screened: Iterable[_Screened], *, size: int, max_bytes: int
) -> Iterator[list[_Screened]]:
    """``size`` files at a time, fewer when their bytes pass ``max_bytes``, so that a batch of
    big pages does not hold hundreds of megabytes."""
    batch: list[_Screened] = []
    held = 0
    for item in screened:
        batch.append(item)
        held += len(item.data)
        if len(batch) >= size or held >= max_bytes:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


class _Parsers:
    """Where files are parsed: in ``workers`` processes, or in this one when ``workers`` is 1.

    The processes are started on first use (a load of a few files needs none) and forked, so
    that they start at once with the parser's model already in memory. They only ever parse:
    the database connection they inherit is never used (nor closed, which would end the
    loader's own session). They ignore Ctrl-C and SIGTERM, which the loader handles by
    finishing its batch, and die with the loader if it is killed."""

    # Files per task: enough to make the cost of passing a task negligible, few enough that
    # the workers share a batch evenly.
    TASK_SIZE = 8

    def __init__(self, workers: int, *, max_bytes: int) -> None:
        self.workers = workers
        self.max_bytes = max_bytes  # what a compressed page may inflate to
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, items: list[tuple[str, bytes]]) -> Callable[[], list[ParsedArticle | Refusal]]:
        """Start parsing ``items``; returns what waits for their parses, in order."""
        if self.workers <= 1 or len(items) <= 1:
            return lambda: _parse_task(items, self.max_bytes)
        if self.pool is None:
            # What is in memory now is shared with the workers until either side writes to
            # it; the collector would write to every object it looks at, so it looks at none
            # of these again (as the documentation of ``gc.freeze`` advises before a fork).
            gc.freeze()
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_parser_process_start,
            )
        futures = [
            self.pool.submit(_parse_task, items[start : start + self.TASK_SIZE], self.max_bytes)
            for start in range(0, len(items), self.TASK_SIZE)
        ]
        return lambda: [parse for future in futures for parse in future.result()]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _parser_process_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if sys.platform == "linux":
        # PR_SET_PDEATHSIG: a loader killed with SIGKILL takes its workers with it, rather
        # than leaving them waiting for tasks that will never come.
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def _parse_task(items: list[tuple[str, bytes]], max_bytes: int) -> list[ParsedArticle | Refusal]:
    return [parse_or_refuse(name, data, max_bytes=max_bytes) for name, data in items]


@dataclass
class _Batch:
    """A batch of files screened and looked up, its parses under way."""

    files: list[_Screened]
    known: dict[str, KnownSource]
    to_parse: list[_Screened]
    parses: Callable[[], list[ParsedArticle | Refusal]]


def load_seed_batches(
    paths: Iterable[Path],
    *,
    max_bytes: int,
    dry_run: bool = False,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[list[FileOutcome]]:
    """Load every path, a batch at a time, yielding the outcomes of each batch (in the order
    of the paths) once the batch is stored.

    Files are read and hashed here; a file whose name and bytes are already loaded is
    unchanged and goes no further (what is loaded is looked up once per batch). The others are
    parsed in ``workers`` processes, a batch or two ahead of the one being written, and each
    batch is written in one transaction (``articles_sync_from_seeds``). Memory is bounded by a
    few batches, whatever the number of files.

    A consumer may stop between two batches: every batch yielded is complete, and the files
    read ahead of it are dropped unwritten."""
    # In a dry run nothing is written, so a page seen twice in the run is caught here; the
    # map holds a hash and a name per parsed file, a small price for a truthful dry run.
    seen: dict[str, str] | None = {} if dry_run else None
    parsers = _Parsers(workers, max_bytes=max_bytes)
    screened = (_screen(path, max_bytes=max_bytes) for path in paths)
    batches = _batches(screened, size=batch_size, max_bytes=BATCH_MAX_BYTES)
    ahead: deque[_Batch] = deque()
    # The database learns the store's size as it grows tenfold (see store_statistics_refresh).
    created, next_statistics = 0, STATISTICS_AFTER
    try:
        while True:
            # Keep the workers busy with the next batches while this one is written.
            while len(ahead) < BATCHES_AHEAD:
                files = next(batches, None)
                if files is None:
                    break
                ahead.append(_start_batch(files, parsers))
            if not ahead:
                return
            batch = ahead.popleft()
            outcomes = _finish_batch(batch, dry_run=dry_run, seen=seen)
            created += sum(outcome.status == "created" for outcome in outcomes)
            if created >= next_statistics:
                store_statistics_refresh()
                next_statistics *= 10
            yield outcomes
            _forget_logged_queries()
    finally:
        parsers.close()


def _start_batch(files: list[_Screened], parsers: _Parsers) -> _Batch:
    known = known_sources(item.name for item in files if item.outcome is None)
    to_parse = []
    for item in files:
        if item.outcome is not None:
            continue
        already = known.get(item.name)
        # The cheap path for a reload: the same bytes from the same file need no parsing.
        if already is not None and already.source_hash == item.source_hash:
            item.outcome = FileOutcome(
                name=item.name,
                status="unchanged",
                article_id=already.article_id,
                warnings=already.warnings,
            )
            item.data = b""
        else:
            to_parse.append(item)
    parses = parsers.submit([(item.name, item.data) for item in to_parse])
    for item in to_parse:
        item.data = b""  # the workers have their copy; the hash is all the writer needs
    return _Batch(files=files, known=known, to_parse=to_parse, parses=parses)


def _finish_batch(
    batch: _Batch, *, dry_run: bool, seen: dict[str, str] | None
) -> list[FileOutcome]:
    outcomes: dict[int, FileOutcome] = {}
    seeds: list[SeedInput] = []
    parsed_by_id: dict[int, ParsedArticle] = {}
    for item, parse in zip(batch.to_parse, batch.parses(), strict=True):
        if isinstance(parse, Refusal):
            outcomes[id(item)] = FileOutcome(name=item.name, status="failed", reason=parse.reason)
        elif dry_run:
            outcomes[id(item)] = _dry_run_outcome(
                item.name,
                item.source_hash,
                parsed=parse,
                exists=item.name in batch.known,
                seen=seen,
            )
        else:
            seeds.append(
                SeedInput(parsed=parse, source_name=item.name, source_hash=item.source_hash)
            )
            parsed_by_id[id(item)] = parse
    if seeds:
        results = iter(articles_sync_from_seeds(seeds=seeds))
        for item in batch.to_parse:
            parse = parsed_by_id.get(id(item))
            if parse is not None:
                outcomes[id(item)] = _outcome(item.name, parse, next(results))
    return [item.outcome or outcomes[id(item)] for item in batch.files]


def _outcome(name: str, parsed: ParsedArticle, result: SyncResult | Exception) -> FileOutcome:
    warnings = tuple(parsed.warnings)
    if isinstance(result, (DuplicateSeedError, UnstorableSeedError)):
        return FileOutcome(name=name, status="failed", reason=str(result), warnings=warnings)
    if isinstance(result, Exception):
        # What the checks cannot foresee, such as another loader storing the same file at
        # the same moment: this file is refused (its savepoint rolled back), not the run.
        first_line = str(result).strip().splitlines()[0] if str(result).strip() else "no detail"
        return FileOutcome(
            name=name, status="failed", reason=f"not stored: {first_line}", warnings=warnings
        )
    return FileOutcome(
        name=name,
        status=result.status,
        article_id=result.article.pk,
        parsed=parsed,
        warnings=warnings,
    )


def _dry_run_outcome(
    name: str,
    source_hash: str,
    *,
    parsed: ParsedArticle,
    exists: bool,
    seen: dict[str, str] | None,
) -> FileOutcome:
    """What the real run would do with a parsed file, found without writing."""
    warnings = tuple(parsed.warnings)
    try:
        check_seed_storable(parsed)
    except UnstorableSeedError as error:
        return FileOutcome(name=name, status="failed", reason=str(error), warnings=warnings)
    other = seen.get(source_hash) if seen is not None else None
    if other is None:
        other = (
            Article.objects.filter(source_hash=source_hash)
            .exclude(source_name=name)
            .values_list("source_name", flat=True)
            .first()
        )
    if other is not None:
        error = DuplicateSeedError(source_name=name, other_source_name=other)
        return FileOutcome(name=name, status="failed", reason=str(error), warnings=warnings)
    same = same_article_elsewhere(parsed=parsed, source_name=name)
    if same is not None:
        error = DuplicateSeedError(source_name=name, other_source_name=same, same_bytes=False)
        return FileOutcome(name=name, status="failed", reason=str(error), warnings=warnings)
    if seen is not None:
        seen[source_hash] = name
    status: OutcomeStatus = "updated" if exists else "created"
    return FileOutcome(name=name, status=status, parsed=parsed, warnings=warnings)


def _forget_logged_queries() -> None:
    """With DEBUG on, Django logs every query (9,000 at most, each with its parameters: whole
    article bodies here), which would make a long load's memory grow for nothing. The log is
    left alone while a test or a tool is capturing queries (``force_debug_cursor``)."""
    if settings.DEBUG and not connection.force_debug_cursor:
        connection.queries_log.clear()


def parse_summary(parsed: ParsedArticle) -> dict[str, Any]:
    """The parse of a file as plain data, for ``--verbose`` and ``--json``."""
    return {
        "headline": parsed.headline,
        "publication": parsed.publication_name,
        "tagline": parsed.publication_tagline,
        "byline": parsed.byline,
        "published_at": parsed.published_at.isoformat() if parsed.published_at else None,
        "language": parsed.language,
        "attribution": parsed.attribution,
        "canonical_url": parsed.canonical_url,
        "confidence": parsed.confidence,
        "draft": parsed.uncertain,
        "paragraphs": len(parsed.paragraphs),
        "captions": [
            {
                "after_paragraph": caption.after_paragraph,
                "text": caption.text,
                "credit": caption.credit,
                "photographer": caption.photographer,
                "agencies": list(caption.agencies),
                "image_url": caption.image_url,
            }
            for caption in parsed.captions
        ],
        "warnings": list(parsed.warnings),
    }
