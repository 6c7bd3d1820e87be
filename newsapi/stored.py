"""Stored representations: each article's JSON, detail and list item, built when the article
changes rather than for every request, so that a cold read is one query and a string
replacement instead of loading a dozen objects and serializing them.

- **Built** by the serializers of the read API themselves (``ArticleDetailSerializer``,
  ``ArticleListSerializer``) and rendered by its JSON renderer, so that a stored answer is the
  very bytes the serializers would give. The URLs in it start with a mark (a random string,
  its own for each article) where the scheme and host go; each answer puts its own there.
  A list item holds a second mark where a search's snippet goes.
- **Rebuilt** when the transaction that changed an article commits: on its ``post_save``, and on
  ``articles_touched`` for changes to its captions, images, renditions and publication. Once per
  article and transaction, however many rows the transaction wrote.
- **Never served out of date**: a representation is used only while its ``built_from`` equals the
  article's ``updated_at``, read in the same query. Whatever leaves one behind (a rebuild that
  failed, a ``QuerySet.update()`` or ``bulk_create()``, data loaded another way), the answer is
  built by the serializers as before, and ``manage.py render_articles`` catches up.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from django.db import connections, router, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article, visible_to_public
from articles.signals import articles_touched
from newsapi.models import StoredRepresentation
from newsapi.renderers import JSONRenderer, RenderedJSON
from newsapi.serializers import ArticleDetailSerializer, ArticleListSerializer

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
SNIPPET = "snippet"  # after the mark, where a list item's snippet goes
_PENDING = "_newsapi_pending_representations"


class NotStorable(Exception):
    """A representation that depends on the request in a way a mark cannot stand for."""


class _MarkedRequest:
    """Stands in for the request while a representation is built: the serializers make their
    URLs absolute with ``build_absolute_uri``, which puts the mark where the scheme and host go.
    Absolute URLs (media on another host) are the same for every request and stay as they are."""

    def __init__(self, mark: str) -> None:
        self.mark = mark

    def build_absolute_uri(self, location: str) -> str:
        if location.startswith("/") and not location.startswith("//"):
            return self.mark + location
        if urlsplit(location).scheme:
            return location
        raise NotStorable(f"a URL relative to the request: {location!r}")


def _render(data: Any) -> str:
    return JSONRenderer().render(data).decode()


def representation_build(article: Article) -> StoredRepresentation:
    """The representations of ``article``, read with ``Article.objects.for_api()``."""
    mark = f"stored-{secrets.token_hex(12)}"
    context = {"request": _MarkedRequest(mark)}
    detail = ArticleDetailSerializer(article, context={**context, "in_list": False}).data
    summary = ArticleListSerializer(article, context={**context, "in_list": True}).data
    summary["snippet"] = mark + SNIPPET
    return StoredRepresentation(
        article_id=article.pk,
        built_from=article.updated_at,
        url_mark=mark,
        detail=_render(detail),
        summary=_render(summary),
    )


def representations_rebuild(article_ids: Iterable[int], *, using: str | None = None) -> int:
    """Build and store the representations of the articles ``article_ids`` (those that still
    exist), a batch at a time; how many were stored."""
    using = using or router.db_for_write(StoredRepresentation)
    ids = sorted(set(article_ids))
    stored = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        rows = []
        for article in Article.objects.using(using).for_api().filter(pk__in=batch):
            try:
                rows.append(representation_build(article))
            except NotStorable as error:
                logger.warning("article %s is served unstored: %s", article.pk, error)
        StoredRepresentation.objects.using(using).bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["built_from", "url_mark", "detail", "summary"],
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
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


class _RebuildOnCommit:
    """The articles a transaction changed, rebuilt once when it commits."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.article_ids: set[int] = set()
        self.ran = False

    def __call__(self) -> None:
        self.ran = True
        representations_rebuild(self.article_ids, using=self.using)


def representations_rebuild_on_commit(article_ids: Iterable[int], *, using: str) -> None:
    """Rebuild the representations of ``article_ids`` when the current transaction commits
    (now, outside one). Built inside the transaction, one would miss the captions that its
    later statements add, yet look as fresh as the article."""
    connection = transaction.get_connection(using)
    job = getattr(connection, _PENDING, None)
    # A rolled-back transaction drops its callbacks: a job no longer among them starts afresh,
    # as does one that has run.
    if job is None or job.ran or not any(func is job for _, func, _ in connection.run_on_commit):
        job = _RebuildOnCommit(using)
        setattr(connection, _PENDING, job)
        # robust: the write has committed whatever happens here, and an out-of-date
        # representation is only slower, never wrong.
        transaction.on_commit(job, using=using, robust=True)
    job.article_ids.update(article_ids)


def _article_saved(sender, instance: Article, raw: bool = False, using: str = "default", **_):
    if not raw:
        representations_rebuild_on_commit([instance.pk], using=using)


def _articles_touched(sender, article_ids: list[int], using: str, **_) -> None:
    representations_rebuild_on_commit(article_ids, using=using)


def connect_signals() -> None:
    post_save.connect(_article_saved, sender=Article, dispatch_uid="stored-representation-save")
    articles_touched.connect(_articles_touched, dispatch_uid="stored-representation-touch")


# Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredDetail:
    """An article's stored detail, with what decides whether it may be served."""

    status: str
    published_at: datetime | None
    updated_at: datetime
    fresh: bool
    detail: str
    url_mark: str

    @property
    def public(self) -> bool:
        return visible_to_public(self.status, self.published_at)

    def json(self, origin: str) -> str:
        return self.detail.replace(self.url_mark, origin)


@cache
def _detail_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    article, stored = Article._meta, StoredRepresentation._meta
    column = {field.name: quote(field.column) for field in (*article.fields, *stored.fields)}
    return (
        f"SELECT a.{column['status']}, a.{column['published_at']}, a.{column['updated_at']}, "
        f"r.{column['built_from']}, r.{column['detail']}, r.{column['url_mark']} "
        f"FROM {quote(article.db_table)} a "
        f"JOIN {quote(stored.db_table)} r ON r.{column['article']} = a.{quote(article.pk.column)} "
        f"WHERE a.{column['slug']} = %s"
    )


def _datetime(value: datetime | str | None) -> datetime | None:
    # SQLite hands a raw query's datetimes over as text, in UTC.
    if isinstance(value, str):
        value = parse_datetime(value)
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
    return value


def stored_detail(slug: str) -> StoredDetail | None:
    """The stored detail of the article ``slug``, if it has one, in one query.

    Written in SQL rather than with the ORM: building and compiling the queryset for each
    request cost about a millisecond of CPU, more than the rest of the answer together. The
    visibility rule is then applied to the row (``visible_to_public``), as to an article."""
    alias = router.db_for_read(Article)
    connection, sql = connections[alias], _detail_sql(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug])
        row = cursor.fetchone()
    if row is None:
        return None
    status, published_at, updated_at, built_from, detail, url_mark = row
    return StoredDetail(
        status=status,
        published_at=_datetime(published_at),
        updated_at=_datetime(updated_at),
        fresh=built_from == updated_at,  # the same column type, read the same way
        detail=detail,
        url_mark=url_mark,
    )


SUMMARY_COLUMNS = {
    "stored_json": F("stored_representation__summary"),
    "stored_from": F("stored_representation__built_from"),
    "stored_mark": F("stored_representation__url_mark"),
}


def with_stored(queryset: QuerySet[Article], columns: dict[str, F]) -> QuerySet[Article]:
    """``queryset`` reading only what a stored answer needs: the representation, and the
    article's fields that pagination and ``Last-Modified`` read."""
    return queryset.only("id", "slug", "published_at", "updated_at").annotate(**columns)


def page_with_stored(page: list[Article], queryset: QuerySet[Article]) -> list[Article]:
    """The articles of ``page`` (read with their ids only) read again from ``queryset`` with
    their list items' representations, in the page's order, with their search snippets."""
    found = with_stored(queryset.filter(pk__in=[item.pk for item in page]), SUMMARY_COLUMNS)
    by_pk = {article.pk: article for article in found.order_by()}
    articles = []
    for item in page:
        article = by_pk.get(item.pk)
        if article is None:  # left the public's view since the page was read
            continue
        if hasattr(item, "search_snippet"):
            article.search_snippet = item.search_snippet
        articles.append(article)
    return articles


def is_fresh(article: Article) -> bool:
    built_from: datetime | None = getattr(article, "stored_from", None)
    return built_from is not None and built_from == article.updated_at


def json_text(value: Any) -> str:
    """``value`` as the read API's JSON renderer writes it (``None`` too: ``"null"``)."""
    return "null" if value is None else _render(value)


def stored_json(article: Article, origin: str, snippet: str | None = None) -> str:
    """The stored JSON of ``article`` (read ``with_stored``) for a request to ``origin``
    (``"https://news.example"``); for a list item, with ``snippet`` (JSON text) as its snippet."""
    text: str = article.stored_json
    mark = article.stored_mark
    if snippet is not None:
        text = text.replace(f'"{mark}{SNIPPET}"', snippet, 1)
    return text.replace(mark, origin)


def rendered(text: str) -> RenderedJSON:
    return RenderedJSON(text.encode())
