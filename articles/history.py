"""Reading the recorded history of articles: what changed, when and by whom.

The history itself is written by django-simple-history on every save (see ``history`` on the
models); this module turns it into plain data that the API's read-only versions endpoint and
anything else can serialize without knowing the library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from articles.models import Article

VersionKind = Literal["created", "changed", "deleted"]
KINDS: dict[str, VersionKind] = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after a version, as stored (a publication is its id)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ArticleVersion:
    """One saved state of an article: ``number`` counts from 1 for the first version."""

    number: int
    recorded_at: datetime
    kind: VersionKind
    user: str | None
    changes: list[FieldChange]
    title: str
    status: str
    slug: str


def article_versions(article: Article) -> list[ArticleVersion]:
    """Every version of ``article``, newest first, each with the fields it changed compared to
    the version before it (the first version lists none). One query whatever the length: the
    versions with their users; the differences are computed in memory.

    >>> [(v.number, v.kind, [c.field for c in v.changes]) for v in article_versions(article)]
    [(2, 'changed', ['title']), (1, 'created', [])]
    """
    records = list(
        article.history.select_related("history_user").order_by("history_date", "history_id")
    )
    versions = []
    previous = None
    for number, record in enumerate(records, start=1):
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                FieldChange(field=change.field, old=change.old, new=change.new)
                for change in delta.changes
            ]
        user = record.history_user
        versions.append(
            ArticleVersion(
                number=number,
                recorded_at=record.history_date,
                kind=KINDS[record.history_type],
                user=user.get_username() if user is not None else None,
                changes=changes,
                title=record.title,
                status=record.status,
                slug=record.slug,
            )
        )
        previous = record
    versions.reverse()
    return versions
