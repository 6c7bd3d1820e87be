"""Pagination of lists: page numbers for browsing, cursors for scrolling deep and for syncing.

Both page what they are given (a queryset, or keys that count themselves: ``reading.answers``),
send RFC 8288 ``Link`` headers so that a client can follow ``rel="next"`` without reading the
body, and describe their parameters and envelope to the schema.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils.dateparse import parse_datetime
from rest_framework import pagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from newsapi.http.errors import InvalidQueryParameters
from newsapi.reading.query import parse_page_size


def link_header(links: dict[str, str | None]) -> str:
    """``{"next": "https://…?page=3", "prev": None}`` -> ``'<https://…?page=3>; rel="next"'``."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=2&page_size=50``; ``page_size`` above the cap is served at the cap."""

    page_size_query_param = "page_size"
    page_query_description = "Page number, from 1."

    @property
    def page_size_query_description(self) -> str:  # the setting read when the schema is made
        return (
            f"Results per page: {self.page_size} by default, at most "
            f"{settings.API_MAX_PAGE_SIZE} (`API_MAX_PAGE_SIZE`; more are served at the cap)."
        )

    def get_page_size(self, request) -> int:
        return parse_page_size(request.query_params.get(self.page_size_query_param), self.page_size)

    def get_links(self) -> dict[str, str | None]:
        """The links of the page, as DRF's ``get_next_link()`` and ``get_previous_link()`` make
        them (``replace_query_param()``: the parameters sorted) and with ``first`` and ``last``,
        from one parsing of the request's URL rather than one for each link."""
        scheme, netloc, path, query, fragment = urlsplit(self.request.build_absolute_uri())
        params = parse_qs(query, keep_blank_values=True)
        param = self.page_query_param
        params.pop(param, None)

        def link(number: int | None) -> str:
            items = params if number is None else {**params, param: [str(number)]}
            query = urlencode(sorted(items.items()), doseq=True)
            return urlunsplit((scheme, netloc, path, query, fragment))

        page = self.page
        last = page.paginator.num_pages
        previous = None
        if page.has_previous():
            number = page.previous_page_number()
            previous = link(None if number == 1 else number)
        return {
            "next": link(page.next_page_number()) if page.has_next() else None,
            "prev": previous,
            "first": link(None),
            "last": link(last) if last > 1 else None,
        }

    def get_paginated_response(self, data) -> Response:
        links = self.get_links()
        body = {
            "count": self.page.paginator.count,
            "next": links["next"],
            "previous": links["prev"],
            "results": data,
        }
        return Response(body, headers={"Link": link_header(links)})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # The same schema serves the cursor envelope of the endpoints that offer one, which
        # has no count.
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["results"]
        paginated["properties"]["count"]["description"] = (
            "How many items in all (not sent with ?cursor=)."
        )
        return paginated


@dataclass(frozen=True)
class Cursor:
    """A position in a list: the sort value and id of an item, and which way to read from it."""

    ordering: str
    value: datetime | None
    id: int
    backwards: bool = False

    def encode(self) -> str:
        data = {
            "o": self.ordering,
            "v": self.value.isoformat() if self.value else None,
            "i": self.id,
            "b": self.backwards,
        }
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        """The cursor in ``token``; ``ValueError`` when it is not one of ours."""
        try:
            padded = token + "=" * (-len(token) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode()))
            value = parse_datetime(data["v"]) if data["v"] is not None else None
            if data["v"] is not None and value is None:
                raise ValueError(data["v"])
            return cls(data["o"], value, int(data["i"]), bool(data["b"]))
        except (binascii.Error, UnicodeError, TypeError, KeyError, ValueError) as error:
            raise ValueError("not a cursor") from error


class CursorPagination(pagination.BasePagination):
    """``?cursor=`` (empty for the first page), then the ``next`` link of each page.

    Keyset pagination on the ordering and the id: a page starts right after the last item seen,
    so items added or removed meanwhile never shift the pages a client has yet to read. The
    body is ``{"next", "previous", "results"}``, with no count, which would cost a scan.
    """

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"
    page_size = 20
    # name -> field; descending with "-", ties broken by id in the same direction.
    orderings = {"published": "published_at", "updated": "updated_at"}
    default_ordering = "-published"

    def _ordering(self, request) -> str:
        ordering = request.query_params.get(self.ordering_query_param) or self.default_ordering
        if ordering.lstrip("-") not in self.orderings:
            allowed = ", ".join(f"{name}, -{name}" for name in self.orderings)
            raise InvalidQueryParameters(
                {self.ordering_query_param: [f"With a cursor, order by one of {allowed}."]}
            )
        return ordering

    def _cursor(self, request, ordering: str) -> Cursor | None:
        token = request.query_params.get(self.cursor_query_param, "")
        if not token:
            return None
        try:
            cursor = Cursor.decode(token)
        except ValueError:
            raise InvalidQueryParameters(
                {self.cursor_query_param: ["Not a cursor this API gave out."]}
            ) from None
        if cursor.ordering != ordering:
            raise InvalidQueryParameters(
                {self.cursor_query_param: [f"This cursor is for ordering={cursor.ordering}."]}
            )
        return cursor

    @staticmethod
    def _order(field: str, descending: bool, nulls_last: bool) -> list:
        """The order of a page: nulls last reading forwards, so nulls first reading backwards
        (the order forwards reversed)."""
        nulls = {"nulls_last": True} if nulls_last else {"nulls_first": True}
        key = F(field).desc(**nulls) if descending else F(field).asc(**nulls)
        return [key, F("id").desc() if descending else F("id").asc()]

    @staticmethod
    def _beyond(field: str, descending: bool, nulls_last: bool, cursor: Cursor) -> Q:
        """The items after ``cursor`` in the order ``_order`` gives for the same arguments."""
        beyond = "lt" if descending else "gt"
        if cursor.value is None:
            after_nulls = Q(**{f"{field}__isnull": True, f"id__{beyond}": cursor.id})
            return after_nulls if nulls_last else after_nulls | Q(**{f"{field}__isnull": False})
        after = Q(**{f"{field}__{beyond}": cursor.value}) | Q(
            **{field: cursor.value, f"id__{beyond}": cursor.id}
        )
        return after | Q(**{f"{field}__isnull": True}) if nulls_last else after

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        size = parse_page_size(request.query_params.get(self.page_size_query_param), self.page_size)
        self.ordering = self._ordering(request)
        cursor = self._cursor(request, self.ordering)
        field = self.orderings[self.ordering.lstrip("-")]
        # Backwards, the page is the items after the cursor in the order reversed.
        backwards = cursor is not None and cursor.backwards
        order = (field, self.ordering.startswith("-") != backwards, not backwards)
        if cursor is not None:
            queryset = queryset.filter(self._beyond(*order, cursor))
        rows = list(queryset.order_by(*self._order(*order))[: size + 1])
        page, more = rows[:size], len(rows) > size
        if backwards:
            page.reverse()
        has_next, has_previous = (True, more) if backwards else (more, cursor is not None)
        self.next_cursor = self._position(page[-1], field) if has_next and page else None
        self.previous_cursor = (
            self._position(page[0], field, backwards=True) if has_previous and page else None
        )
        return page

    def _position(self, item, field: str, *, backwards: bool = False) -> Cursor:
        return Cursor(self.ordering, getattr(item, field), item.pk, backwards)

    def _link(self, cursor: Cursor | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor.encode())

    def get_links(self) -> dict[str, str | None]:
        url = self.request.build_absolute_uri()
        return {
            "next": self._link(self.next_cursor),
            "prev": self._link(self.previous_cursor),
            "first": replace_query_param(url, self.cursor_query_param, ""),
        }

    def get_paginated_response(self, data) -> Response:
        links = self.get_links()
        body = {"next": links["next"], "previous": links["prev"], "results": data}
        return Response(body, headers={"Link": link_header(links)})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
