"""Reading the recorded history of articles: what changed, when and by whom.

The history itself is written by django-simple-history on every save (see ``history`` on the
models); this module turns it into plain data that the API's read-only versions endpoint and
anything else can serialize without knowing the library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from articles.models import Article, Caption, Image

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


def _changes(record, previous, prefix: str = "") -> list[FieldChange]:
    if previous is None:
        return []
    delta = record.diff_against(previous)
    return [FieldChange(f"{prefix}{c.field}", c.old, c.new) for c in delta.changes]


def article_versions(article: Article) -> list[ArticleVersion]:
    """Every version of ``article``, newest first, each with the fields it changed compared to
    the version before it (the first version lists none): its own saves, and the changes to its
    captions and their images (``caption 3 text``, ``image 7 credit``), a caption taken out
    included. Three queries whatever the length (the article's, its captions' and their images'
    histories, each with its users); the differences are computed in memory.

    >>> [(v.number, v.kind, [c.field for c in v.changes]) for v in article_versions(article)]
    [(3, 'changed', ['image 7 credit']), (2, 'changed', ['title']), (1, 'created', [])]
    """
    ordered = ("history_date", "history_id")
    records = list(article.history.select_related("history_user").order_by(*ordered))
    captions = list(
        Caption.history.filter(article_id=article.pk)
        .select_related("history_user")
        .order_by(*ordered)
    )
    images = []
    if captions:
        shown = {record.image_id for record in captions}
        images = list(
            Image.history.filter(id__in=shown).select_related("history_user").order_by(*ordered)
        )
    found = []  # (when, article record or None, kind, user, changes)
    previous = None
    for record in records:
        found.append(
            (
                record.history_date,
                record,
                KINDS[record.history_type],
                record.history_user,
                _changes(record, previous),
            )
        )
        previous = record
    for prefix, history in (("caption", captions), ("image", images)):
        last: dict[int, object] = {}
        for record in history:
            before = last.get(record.id)
            last[record.id] = record
            if record.history_type == "-" and prefix == "caption":
                changes = [FieldChange(f"caption {record.id}", record.text, None)]
            else:
                changes = _changes(record, before, f"{prefix} {record.id} ")
            if changes:
                found.append((record.history_date, None, "changed", record.history_user, changes))
    found.sort(key=lambda entry: entry[0])
    versions, state = [], None
    for number, (when, record, kind, user, changes) in enumerate(found, start=1):
        state = record or state
        versions.append(
            ArticleVersion(
                number=number,
                recorded_at=when,
                kind=kind,
                user=user.get_username() if user is not None else None,
                changes=changes,
                title=state.title,
                status=state.status,
                slug=state.slug,
            )
        )
    versions.reverse()
    return versions
