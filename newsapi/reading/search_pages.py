"""A page of a search on PostgreSQL, read as what its snippets are cut from (the articles' ids,
languages and bodies) and the count of all the matches, before their stored representations.

A plain search (``?search=`` and no other filter, in the order of relevance), the search most
readers make, is one statement that the ORM writes once per process for each page's bounds and
that every search then runs with its own query (``newsapi.reading.statements``): building the filter
set, the search's expressions and the window functions, and compiling them, took two fifths of
a worker's CPU time for a search.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.db import router
from django.db.models import Count, DateTimeField, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles.fulltext import QUERY_KEYS, by_relevance, postgresql_search, resolved_queries
from articles.models import Article
from articles.search import ParsedQuery
from newsapi.reading.statements import Slot, Statement


def search_page_keys(queryset: QuerySet[Article]) -> QuerySet:
    """What a page of a search is read as: ids, languages and bodies, and the count of all the
    matches (``CountReusingPaginator.count_in_rows``), since each match is read to rank it
    anyway. ``queryset`` is ordered (by relevance, or as ``?ordering=`` says).

    The count and the order are window functions over the matches, and the page is ordered by
    its position: ranked and counted in the scan, the rows carry no search document. Counted
    over the ordered rows themselves (``COUNT(*) OVER ()`` ordered by the rank), every match's
    document was copied into the window's store to be ranked afterwards, which was a third of
    the time of a search with many matches."""
    return (
        queryset.annotate(
            search_position=Window(RowNumber(), order_by=list(queryset.query.order_by)),
            search_total=Window(Count("pk")),
        )
        .order_by("search_position")
        .values_list("pk", "language", "body", "search_total")
    )


_NOW = Slot("now", output_field=DateTimeField())
# The query in each text search configuration, by its key in ``resolved_queries``.
_RESOLVED = {key: Slot(key) for key in QUERY_KEYS}


@lru_cache(maxsize=256)
def _plain_search_page(public: bool, bottom: int, top: int) -> Statement:
    """The statement of rows ``bottom`` to ``top`` of a plain search, for the public (published
    articles and those scheduled whose time has come) or for editors (every article)."""
    queryset = Article.objects.all()
    if public:
        queryset = queryset.published(now=_NOW)
    return Statement.compiled(
        search_page_keys(by_relevance(postgresql_search(queryset, _RESOLVED)))[bottom:top]
    )


class PlainSearchPageKeys:
    """``search_page_keys`` of a plain search, sliced as a paginator asks: each slice one
    statement compiled once (``_plain_search_page``). ``listed()`` makes the search's queryset,
    needed only to count the matches when a page is past the last."""

    def __init__(
        self, parsed: ParsedQuery, *, public: bool, listed: Callable[[], QuerySet[Article]]
    ) -> None:
        self.parsed, self.public, self.listed = parsed, public, listed

    def count(self) -> int:
        return self.listed().count()

    def __getitem__(self, rows: slice) -> list[tuple]:
        using = router.db_for_read(Article)
        statement = _plain_search_page(self.public, rows.start or 0, rows.stop)
        values = resolved_queries(self.parsed, using)
        return statement.run(using, {**values, _NOW.name: timezone.now()})
