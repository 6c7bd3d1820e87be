"""The seed loading pipeline: find seed files, then read, parse and store each one in its own
transaction. Files are handled one at a time and looked up a chunk at a time, so memory does not
grow with the corpus: only the names of one folder are held, to load them in name order."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.db import DataError, IntegrityError, connection

from articles.models import Article
from articles.parsing import ParsedArticle, SeedParseError
from articles.parsing.files import SEED_SUFFIXES_TEXT, is_seed_name, parse_seed_file
from articles.services import (
    DuplicateSeedError,
    UnstorableSeedError,
    article_sync_from_seed,
    check_seed_storable,
)
from articles.services.seeds import same_article_elsewhere

# How many files share one lookup of what is already loaded: one query per chunk makes a reload
# of unchanged files cheap, and the chunk stays far below every database's parameter limit.
LOOKUP_CHUNK_SIZE = 500
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
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            # One byte more than the limit tells a file that grew since its size was taken.
            data = file.read(max_bytes + 1)
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


def load_seed_file(
    path: Path,
    *,
    max_bytes: int,
    dry_run: bool = False,
    known: dict[str, KnownSource] | None = None,
    seen: dict[str, str] | None = None,
) -> FileOutcome:
    """Load one seed file. Never raises for a bad file: the outcome says what was wrong.

    ``known`` is what ``known_sources`` found for this file's chunk (looked up here if not
    given). ``seen`` maps the hashes of the files parsed so far in a dry run to their names, so
    that a dry run reports duplicates within the run as the real run would."""
    name = path.name
    if not is_seed_name(name):
        if path.is_dir():
            return FileOutcome(
                name=name, status="skipped", reason="a folder (folders in folders are not loaded)"
            )
        if not path.exists() and not path.is_symlink():
            return FileOutcome(name=str(path), status="failed", reason="no such file or folder")
        return FileOutcome(name=name, status="skipped", reason=f"not {SEED_SUFFIXES_TEXT}")
    try:
        data = _read_seed(path, max_bytes=max_bytes)
    except _Refused as refused:
        return FileOutcome(name=refused.name or name, status="failed", reason=refused.reason)

    source_hash = hashlib.sha256(data).hexdigest()
    if known is None:
        known = known_sources([name])
    # The cheap path for a reload: the same bytes from the same file need no parsing at all.
    already = known.get(name)
    if already is not None and already.source_hash == source_hash:
        return FileOutcome(
            name=name,
            status="unchanged",
            article_id=already.article_id,
            warnings=already.warnings,
        )

    try:
        parsed = parse_seed_file(data, name=name, max_bytes=max_bytes)
    except SeedParseError as error:
        where = f" (line {error.line})" if error.line else ""
        return FileOutcome(name=name, status="failed", reason=f"{error.reason}{where}")

    warnings = tuple(parsed.warnings)
    if dry_run:
        return _dry_run_outcome(
            name, source_hash, parsed=parsed, exists=already is not None, seen=seen
        )
    try:
        result = article_sync_from_seed(parsed=parsed, source_name=name, source_hash=source_hash)
    except (DuplicateSeedError, UnstorableSeedError) as error:
        return FileOutcome(name=name, status="failed", reason=str(error), warnings=warnings)
    except (DataError, IntegrityError) as error:
        # What the checks above cannot foresee, such as another loader storing the same file
        # at the same moment: this file is refused (its transaction rolled back), not the run.
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "no detail"
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


def _chunks(paths: Iterable[Path], size: int) -> Iterator[list[Path]]:
    chunk: list[Path] = []
    for path in paths:
        chunk.append(path)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load_seed_files(
    paths: Iterable[Path], *, max_bytes: int, dry_run: bool = False
) -> Iterator[FileOutcome]:
    """Load every path in turn, yielding each file's outcome as soon as it is stored.

    A consumer may stop iterating between two files: every file yielded is complete, and the
    file being loaded when the consumer stops is not begun."""
    # In a dry run nothing is written, so a page seen twice in the run is caught here; the
    # map holds a hash and a name per parsed file, a small price for a truthful dry run.
    seen: dict[str, str] | None = {} if dry_run else None
    for chunk in _chunks(paths, LOOKUP_CHUNK_SIZE):
        known = known_sources(path.name for path in chunk)
        for path in chunk:
            yield load_seed_file(path, max_bytes=max_bytes, dry_run=dry_run, known=known, seen=seen)
            _forget_logged_queries()


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
