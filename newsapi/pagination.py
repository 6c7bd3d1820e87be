"""Page-number pagination with a capped ``page_size`` and a 400 for values it cannot read."""

from __future__ import annotations

from django.conf import settings
from rest_framework import pagination

from newsapi.errors import InvalidQueryParameters


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=2&page_size=50``; ``page_size`` above the cap is served at the cap."""

    page_size_query_param = "page_size"
    page_size_query_description = "Results per page (default 20; values above the cap are capped)."
    page_query_description = "Page number, from 1."

    @property
    def max_page_size(self) -> int:  # read at request time so that tests can override it
        return settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        for name in (self.page_query_param, self.page_size_query_param):
            raw = request.query_params.get(name)
            if raw is None or (raw.isdigit() and int(raw) > 0):
                continue
            if name == self.page_query_param and raw in self.last_page_strings:
                continue
            raise InvalidQueryParameters({name: ["Must be a whole number of 1 or more."]})
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return min(int(raw), self.max_page_size)
