"""Stored representations: each article's JSON, detail and list item, built when the article
changes rather than for every request, so that a cold read is one query and a string
replacement instead of loading a dozen objects and serializing them.

- **Built** by the serializers of the read API themselves (``ArticleDetailSerializer``,
  ``ArticleListSerializer``) and rendered by its JSON renderer, so that a stored answer is the
  very bytes the serializers would give. The URLs in it start with a mark (a random string,
  its own for each article) where the scheme and host go; each answer puts its own there.
  A list item holds a second mark where a search's snippet goes.
- **Rebuilt** when the transaction that changed an article commits (``articles.changes``): once
  per article and transaction, however many rows the transaction wrote, and for at most
  ``API_STORED_REBUILD_LIMIT`` articles (the rest wait for ``render_articles``).
- **Never served out of date**: a representation is used only while its ``built_from`` equals the
  article's ``updated_at``, read in the same query (every change to what the article shows moves
  it: its captions, images, renditions and publication included, see ``articles.changes``), and
  it was built by the running code with the running settings (``representation_version()``).
  Whatever leaves one behind (a rebuild that failed, a ``QuerySet.update()`` or
  ``bulk_create()``, data loaded another way), the answer is built by the serializers as
  before, and ``manage.py render_articles`` catches up.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections, router
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.changes import content_changed
from articles.models import Article, visible_to_public
from newsapi.formats.representations import ArticleDetailSerializer, ArticleListSerializer
from newsapi.http import edge
from newsapi.http.negotiation import JSONRenderer
from newsapi.models import StoredRepresentation

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
SNIPPET = "snippet"  # after the mark, where a list item's snippet goes


class NotStorable(Exception):
    """A representation that depends on the request in a way a mark cannot stand for."""


class StandInRequest:
    """Stands in for a request while a representation is built (stored, or a schema example):
    the serializers make their URLs absolute with ``build_absolute_uri``, which puts ``mark``
    where the scheme and host go. Absolute URLs (media on another host) are the same for every
    request and stay as they are."""

    def __init__(self, mark: str) -> None:
        self.mark = mark

    def build_absolute_uri(self, location: str) -> str:
        if location.startswith("/") and not location.startswith("//"):
            return self.mark + location
        if urlsplit(location).scheme:
            return location
        raise NotStorable(f"a URL relative to the request: {location!r}")


@cache
def representation_version() -> str:
    """A digest of what a stored representation depends on besides its article: the code that
    writes it and the settings that shape it (URLs, dates, JSON). A release that changes any of
    them makes every stored representation out of date at once, to be served built for each
    request until ``render_articles`` has built them again, never in the old shape."""
    import rest_framework

    from newsapi.formats import representations as serializers
    from newsapi.http import negotiation as renderers

    digest = hashlib.sha256()
    for module in (serializers, renderers, sys.modules[__name__]):
        digest.update(Path(module.__file__).read_bytes())
    api = settings.REST_FRAMEWORK
    shaping = [
        rest_framework.VERSION,
        settings.MEDIA_URL,
        settings.TIME_ZONE,
        settings.USE_TZ,
        settings.STORAGES.get("default"),
        *(api.get(name) for name in ("DATETIME_FORMAT", "UNICODE_JSON", "COMPACT_JSON")),
    ]
    digest.update(repr(shaping).encode())
    return digest.hexdigest()[:16]


def render(data: Any) -> str:
    return JSONRenderer().render(data).decode()


def representations_build(articles: list[Article]) -> list[StoredRepresentation]:
    """The representations of ``articles`` (read with ``Article.objects.for_api()`` and
    ``with_slug_history()``), built together: the serializers' fields are made once for the lot
    rather than once per article, which was most of the cost of building one. They share one
    mark, as random as one each."""
    mark = f"stored-{secrets.token_hex(12)}"
    context = {"request": StandInRequest(mark)}
    details = ArticleDetailSerializer(articles, many=True, context=context).data
    for article in articles:
        article.search_snippet = mark + SNIPPET  # where each search's goes
    summaries = ArticleListSerializer(articles, many=True, context=context).data
    version = representation_version()
    return [
        StoredRepresentation(
            article_id=article.pk,
            built_from=article.updated_at,
            built_with=version,
            url_mark=mark,
            detail=render(detail),
            summary=render(summary),
            surrogate_keys=" ".join(edge.object_keys(article)),
        )
        for article, detail, summary in zip(articles, details, summaries, strict=True)
    ]


def _build_each(articles: list[Article]) -> list[StoredRepresentation]:
    """``representations_build``, or one at a time when one of them cannot be stored, so that
    the others still are."""
    try:
        return representations_build(articles)
    except NotStorable:
        rows = []
        for article in articles:
            try:
                rows += representations_build([article])
            except NotStorable as error:
                logger.warning("article %s is served unstored: %s", article.pk, error)
        return rows


def representations_rebuild(
    article_ids: Iterable[int],
    *,
    using: str | None = None,
    in_hand: Mapping[int, Article] | None = None,
) -> int:
    """Build and store the representations of the articles ``article_ids`` (those that still
    exist), a batch at a time; how many were stored. Those of ``in_hand`` (by id, read as
    ``for_api().with_slug_history()`` reads them: ``articles.changes.Change.in_hand``) are
    built as they are, the others read."""
    in_hand = in_hand or {}
    using = using or router.db_for_write(StoredRepresentation)
    ids = sorted(set(article_ids))
    stored = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        held = [in_hand[pk] for pk in batch if pk in in_hand]
        unread = [pk for pk in batch if pk not in in_hand]
        if unread:
            articles = Article.objects.using(using).for_api().with_slug_history()
            held += articles.filter(pk__in=unread)
        rows = _build_each(held)
        StoredRepresentation.objects.using(using).bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=[
                "built_from",
                "built_with",
                "url_mark",
                "detail",
                "summary",
                "surrogate_keys",
            ],
        )
        stored += len(rows)
    return stored


def stale_article_ids(*, using: str | None = None) -> QuerySet:
    """The ids of the articles with no representation or one built before their last change."""
    using = using or router.db_for_write(StoredRepresentation)
    return (
        Article.objects.using(using)
        .filter(
            Q(stored_representation__isnull=True)
            | ~Q(stored_representation__built_from=F("updated_at"))
            | ~Q(stored_representation__built_with=representation_version())
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _content_changed(sender, change, **_) -> None:
    """Rebuild the representations of the articles a committed write changed. A write that
    changes thousands at once (a publication renamed) would keep its request waiting for all of
    them: past ``API_STORED_REBUILD_LIMIT``, the rest are served built for each request, as they
    would be without a store, until render_articles runs."""
    limit = settings.API_STORED_REBUILD_LIMIT
    ids = sorted(change.articles)
    representations_rebuild(ids[:limit], in_hand=change.in_hand)
    if len(ids) > limit:
        logger.warning(
            "%d articles changed at once: %d representations rebuilt, %d left for "
            "manage.py render_articles",
            len(ids),
            limit,
            len(ids) - limit,
            extra={"representations_left": len(ids) - limit},
        )


def connect() -> None:
    """Rebuild on every committed write (``articles.changes``). After the commit, not inside
    the transaction: built there, a representation would miss what later statements of the
    same transaction add, yet look as fresh as the article."""
    content_changed.connect(_content_changed, dispatch_uid="stored-representations")


# Reading ---------------------------------------------------------------------------------------
#
# In SQL rather than with the ORM: building and compiling a queryset for each request cost about
# a millisecond of CPU, more than the rest of a stored answer together. The visibility rule is
# applied to the rows read (``visible_to_public``), as to an article in memory.


@dataclass
class StoredRow:
    """An article's stored representation (its detail or its list item), with what decides
    whether it may be served."""

    pk: int
    status: str
    published_at: datetime | None
    updated_at: datetime | None  # read for a detail only
    fresh: bool  # built from the article as it is now
    text: str
    url_mark: str
    search_snippet: str | None = None  # a search's, as HTML (``articles.fulltext.snippets``)
    keys: str = ""  # a detail's objects, for the edge (``newsapi.http.edge``)

    @property
    def public(self) -> bool:
        return visible_to_public(self.status, self.published_at)

    def json(self, origin: str, snippet: str | None = None) -> str:
        """The JSON for a request to ``origin`` (``"https://news.example"``); for a list item,
        with ``snippet`` (JSON text) as its snippet."""
        text = self.text
        if snippet is not None:
            text = text.replace(f'"{self.url_mark}{SNIPPET}"', snippet, 1)
        return text.replace(self.url_mark, origin)


@cache
def _select_sql(alias: str, representation: str) -> str:
    """``SELECT`` of the article's fields and its ``representation`` (``detail`` or
    ``summary``), for a ``WHERE`` to end."""
    quote = connections[alias].ops.quote_name
    article, stored = Article._meta, StoredRepresentation._meta
    a = {field.name: f"a.{quote(field.column)}" for field in article.fields}
    r = {field.name: f"r.{quote(field.column)}" for field in stored.fields}
    # Whether it was built from the article as it is now, compared by the database: a list's
    # rows read no more datetimes than visibility needs.
    fresh = (
        f"({r['built_from']} IS NOT NULL AND {r['built_from']} = {a['updated_at']} "
        f"AND {r['built_with']} = %s)"
    )
    columns = [a["id"], a["status"], a["published_at"], fresh, r[representation], r["url_mark"]]
    if representation == "detail":
        columns += [a["updated_at"], r["surrogate_keys"]]  # Last-Modified, the edge's keys
    return (
        f"SELECT {', '.join(columns)} FROM {quote(article.db_table)} a "
        f"LEFT JOIN {quote(stored.db_table)} r ON {r['article']} = {a['id']} WHERE "
    )


@cache
def _column(alias: str, name: str) -> str:
    return "a." + connections[alias].ops.quote_name(Article._meta.get_field(name).column)


def _datetime(value: datetime | str | None) -> datetime | None:
    # SQLite hands a raw query's datetimes over naive or as text, in UTC.
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _rows(representation: str, where: str, column: str, params: list) -> list[StoredRow]:
    alias = router.db_for_read(Article)
    sql = _select_sql(alias, representation) + where.format(column=_column(alias, column))
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [representation_version(), *params])
        found = cursor.fetchall()
    return [
        StoredRow(
            pk=pk,
            status=status,
            published_at=_datetime(published_at),
            updated_at=_datetime(rest[0]) if rest else None,
            keys=(rest[1] or "") if rest else "",
            fresh=bool(fresh),  # SQLite says 1 or 0
            text=text or "",
            url_mark=url_mark or "",
        )
        for pk, status, published_at, fresh, text, url_mark, *rest in found
    ]


def stored_detail(slug: str) -> StoredRow | None:
    """The article ``slug`` with its stored detail (not ``fresh`` when it has none), or
    ``None`` when there is no such article, in one query."""
    rows = _rows("detail", "{column} = %s", "slug", [slug])
    return rows[0] if rows else None


def page_rows(pairs: list[tuple[int, str | None]], *, sees_unpublished: bool) -> list[StoredRow]:
    """The stored list items of a page's ``(id, snippet)`` pairs, in its order, less the articles
    that left the reader's view since the page was read, in one query."""
    if not pairs:
        return []
    where = "{column} IN (" + ", ".join(["%s"] * len(pairs)) + ")"
    found = {row.pk: row for row in _rows("summary", where, "id", [pk for pk, _ in pairs])}
    rows = []
    for pk, snippet in pairs:
        row = found.get(pk)
        if row is None or not (sees_unpublished or row.public):
            continue
        row.search_snippet = snippet
        rows.append(row)
    return rows


def json_text(value: Any) -> str:
    """``value`` as the read API's JSON renderer writes it (``None`` too: ``"null"``)."""
    return "null" if value is None else render(value)
