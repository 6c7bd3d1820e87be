"""How a request for articles is answered: the one place that chooses, from its parsed query
(``reading.query``), what to read, and returns the rows.

- A detail, or a page of a list, in our JSON whole (no ``?fields=``, no ``?expand=``), is read
  from the articles' stored representations (``reading.stored``): one query for the rows.
- Which articles a page holds is read as keys first: ids through an index, reused for a few
  seconds (``ReusedIds``); a search's ids with their snippets' bodies and the count of all
  matches in one statement (``SearchKeys``, ``reading.search_pages``).
- Anything else (another format, ``?fields=``, a search on SQLite) is the queryset the
  serializers read, filtered and ordered by the same FilterSet.

The paginators only paginate what they are given: a queryset, or keys that count themselves."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet

from articles.fulltext import snippets
from articles.models import Article
from newsapi.http.content_version import (
    ids_reused_under_version,
    request_version,
    reuse_under_version,
)
from newsapi.http.negotiation import RenderedItems
from newsapi.reading import search_pages, stored
from newsapi.reading.query import Query


def stored_applies(query: Query) -> bool:
    """Whether the stored representations give this answer: our JSON, whole, from an API served
    at the root of its host."""
    return (
        settings.API_STORED_REPRESENTATIONS
        and query.action in ("list", "retrieve")
        and query.format == "json"
        and query.fields is None
        and not query.expand
        and not query.script_name
    )


def database_searches() -> bool:
    return connections[router.db_for_read(Article)].vendor == "postgresql"


class ReusedIds:
    """The ids of a list's articles, sliced as a paginator asks, each slice one query with no
    model machinery, taken from the list's first ids as read in the last few seconds under the
    same content version (``ids_reused_under_version``), and its count reused likewise."""

    def __init__(self, listed: Callable[[], QuerySet], *, key: Hashable, version: str | None):
        self.listed, self.key, self.version = listed, key, version

    @cached_property
    def queryset(self) -> QuerySet:
        return self.listed().values_list("pk")

    def count(self) -> int:
        # The queryset is made only when the count is not reused: making it cost a millisecond.
        return reuse_under_version(self.version, ("count", self.key), lambda: self.queryset.count())

    def read(self, bottom: int, top: int) -> list[int]:
        try:
            sql, params = self.queryset[bottom:top].query.sql_with_params()
        except EmptyResultSet:  # a filter that nothing can match
            return []
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [pk for (pk,) in cursor.fetchall()]

    def __getitem__(self, rows: slice) -> list[int]:
        key = ("ids", self.key)
        return ids_reused_under_version(self.version, key, self.read, rows.start or 0, rows.stop)


class SearchKeys:
    """The keys of a search's page: ``(id, language, body)``, each row of the statement ending
    with the count of every match, since each match is read to rank it anyway. The page the
    query asks for is read once, when the paginator counts, and gives the count."""

    def __init__(self, keys, query: Query) -> None:
        self.keys, self.query = keys, query
        page = query.page or "1"
        number = int(page) if page.isdigit() else None  # "last" needs the count first
        self.bottom = (number - 1) * query.page_size if number else None
        self.rows: list[tuple] | None = None

    def count(self) -> int:
        if self.bottom is not None and self.rows is None:
            self.rows = list(self.keys[self.bottom : self.bottom + self.query.page_size])
            if self.rows:
                return self.rows[0][-1]
            if self.bottom == 0:
                return 0  # nothing matches: no need to ask again
        return self.keys.count()

    def __getitem__(self, rows: slice) -> list[tuple]:
        if self.rows is not None and rows.start == self.bottom:
            found = self.rows
        else:
            found = list(self.keys[rows])
        return [row[:-1] for row in found]


class ArticleAnswer:
    """What a request for articles reads, chosen once from its query."""

    def __init__(self, view, query: Query) -> None:
        self.view, self.query = view, query
        self.stored = stored_applies(query) and not (query.search and not database_searches())

    def listed(self) -> QuerySet:
        # The view's filters and search, in its order (relevance for a search unless
        # ``?ordering=`` says otherwise: ``reading.filters``).
        return self.view.filter_queryset(self.view.visible(Article.objects.newest_first()))

    def keys(self, *, cursor: bool) -> Any:
        """What the paginator pages through: keys of stored rows, or the serializers' queryset."""
        query = self.query
        if not self.stored:
            queryset = self.view.filter_queryset(self.view.get_queryset())
            body = "body" in query.expand or query.search is not None
            return queryset if body or query.format != "json" else queryset.summaries()
        if cursor:
            # A cursor reads the ordering fields of the page's ends; a snippet, the body.
            cut = ("language", "body") if query.search else ()
            return self.listed().only("id", "published_at", "updated_at", *cut)
        if query.search is None:
            version = request_version(self.view.request)
            return ReusedIds(self.listed, key=query.list_key, version=version)
        if query.filters == {"search"}:
            plain = search_pages.PlainSearchPageKeys(
                query.search, public=not query.editor, listed=self.listed
            )
            return SearchKeys(plain, query)
        return SearchKeys(search_pages.search_page_keys(self.listed()), query)

    def items(self, page: list) -> Any:
        """The page's items: rendered JSON from the stored rows, or the serializers' data."""
        query = self.query
        # Each article's snippet for the search (``articles.fulltext.snippets``).
        snippet = snippets(query.search, router.db_for_read(Article)) if query.search else None
        if not self.stored:
            for article in page if snippet else ():
                article.search_snippet = snippet(article.body, article.language)
            return self.view.get_serializer(page, many=True).data
        if snippet is not None:
            if page and not isinstance(page[0], tuple):  # model instances, read by a cursor
                page = [(article.pk, article.language, article.body) for article in page]
            pairs = [(pk, snippet(body, language)) for pk, language, body in page]
        else:
            pairs = [(getattr(key, "pk", key), None) for key in page]
        rows = stored.page_rows(pairs, sees_unpublished=query.editor)
        stale = {row.pk: row for row in rows if not row.fresh}
        built = {}
        if stale:
            articles = list(self.view.get_queryset().filter(pk__in=stale))
            for article in articles:
                article.search_snippet = stale[article.pk].search_snippet
            serializer = self.view.get_serializer(articles, many=True)
            built = {data["id"]: stored.render(data) for data in serializer.data}
        items = RenderedItems()
        for row in rows:
            if row.pk in built:
                items.append(built[row.pk])
            elif row.fresh:  # else gone since the page was read
                items.append(row.json(query.origin, stored.json_text(row.search_snippet)))
        return items

    def detail(self, slug: str) -> stored.StoredRow | None:
        """The stored detail to answer with, or None: the serializers answer."""
        if not self.stored:
            return None
        found = stored.stored_detail(slug)
        if found is None or not found.fresh or not (found.public or self.query.editor):
            return None
        return found
