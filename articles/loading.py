"""The seed loading pipeline: find seed files, then read, parse and store each one in its own
transaction. Files are handled one at a time, so memory does not grow with the corpus."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from articles.models import Article
from articles.parsing import ParsedArticle, SeedParseError, parse_seed
from articles.services import DuplicateSeedError, article_sync_from_seed

SEED_SUFFIX = ".txt"
OutcomeStatus = Literal["created", "updated", "unchanged", "failed", "skipped"]


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file; ``reason`` says why it failed or was skipped."""

    name: str
    status: OutcomeStatus
    reason: str = ""
    article_id: int | None = None
    parsed: ParsedArticle | None = None


def iter_seed_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Every path named, with folders expanded to their files in name order (not recursive).

    Non-``.txt`` files in a folder are yielded too, so that they can be reported as skipped."""
    for path in paths:
        if path.is_dir():
            yield from sorted(child for child in path.iterdir() if child.is_file())
        else:
            yield path


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def load_seed_file(path: Path, *, max_bytes: int, dry_run: bool = False) -> FileOutcome:
    """Load one seed file. Never raises for a bad file: the outcome says what was wrong."""
    name = path.name
    if path.suffix.lower() != SEED_SUFFIX:
        if not path.exists():
            return FileOutcome(name=str(path), status="failed", reason="no such file or folder")
        return FileOutcome(name=name, status="skipped", reason=f"not a {SEED_SUFFIX} file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return FileOutcome(
                name=name,
                status="failed",
                reason=(
                    f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit "
                    "(SEED_MAX_BYTES)"
                ),
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return FileOutcome(name=str(path), status="failed", reason="no such file or folder")
    except OSError as error:
        return FileOutcome(name=name, status="failed", reason=f"cannot read: {error.strerror}")

    source_hash = hashlib.sha256(data).hexdigest()
    # The cheap path for a reload: the same bytes from the same file need no parsing at all.
    existing = Article.objects.filter(source_name=name, source_hash=source_hash).first()
    if existing is not None:
        return FileOutcome(name=name, status="unchanged", article_id=existing.pk)

    try:
        parsed = parse_seed(data, source=name)
    except SeedParseError as error:
        where = f" (line {error.line})" if error.line else ""
        return FileOutcome(name=name, status="failed", reason=f"{error.reason}{where}")

    if dry_run:
        exists = Article.objects.filter(source_name=name).exists()
        return FileOutcome(name=name, status="updated" if exists else "created", parsed=parsed)
    try:
        result = article_sync_from_seed(parsed=parsed, source_name=name, source_hash=source_hash)
    except DuplicateSeedError as error:
        return FileOutcome(name=name, status="failed", reason=str(error))
    return FileOutcome(name=name, status=result.status, article_id=result.article.pk, parsed=parsed)
