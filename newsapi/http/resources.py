"""What every resource of the API shares, as mixins of DRF's viewsets: authentication, the
rate limit, formats, the request's query parsed once (``reading.query``), sparse fields and
expansions, HTTP caching, what editors read, and writes through ``articles.services``."""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse
from rest_framework import authentication, permissions, status
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from newsapi.formats import jsonld
from newsapi.http import edge
from newsapi.http.conditional import ConditionalResponseMixin
from newsapi.http.errors import InvalidQueryParameters
from newsapi.http.negotiation import (
    FORMAT_QUERY_PARAMETER,
    FormatNegotiation,
    JSONLDRenderer,
    JSONRenderer,
    NinjsRenderer,
)
from newsapi.http.permissions import sees_unpublished
from newsapi.reading.query import (
    CURSOR,
    EXPAND_PARAMETER,
    FIELDS_PARAMETER,
    PAGE,
    PAGE_SIZE,
    Query,
    QueryParameterError,
    fields_prune,
    request_query,
)

FORMATS = [JSONRenderer, NinjsRenderer, JSONLDRenderer]

# Basic first: its challenge is the one a 401 sends (``WWW-Authenticate: Basic``). Scripts use
# a token (``Authorization: Token …``), browsers the admin's session, whose writes need the CSRF
# token as the admin's forms do.
AUTHENTICATION_CLASSES = [
    authentication.BasicAuthentication,
    authentication.TokenAuthentication,
    authentication.SessionAuthentication,
]


class ReadApiMixin(ConditionalResponseMixin):
    """What every resource of the read API shares: authentication (Basic or a token for API
    clients, so that bad credentials answer 401; the admin's session), rate limiting,
    ``?format=``, sparse fields and expansions, cursor pagination where offered, HTTP caching,
    and unknown query parameters refused: a misspelt filter silently ignored would return the
    wrong articles with a 200."""

    authentication_classes = AUTHENTICATION_CLASSES
    throttle_classes = [UserRateThrottle]
    content_negotiation_class = FormatNegotiation
    renderer_classes = [JSONRenderer]
    # Per format, the serializer of another representation: {"ninjs": ArticleNinjsSerializer}.
    format_serializers: dict[str, type] = {}
    # Per action, the nested objects ?expand= may add.
    expandable: dict[str, tuple[str, ...]] = {}
    cursor_pagination_class: type | None = None

    def allowed_query_parameters(self) -> set[str]:
        allowed = {FORMAT_QUERY_PARAMETER}
        if self.action in ("list", "retrieve"):
            allowed.add(FIELDS_PARAMETER)
            if self.expandable.get(self.action):
                allowed.add(EXPAND_PARAMETER)
        if self.detail is False:
            if self.pagination_class is not None:
                allowed |= {PAGE, PAGE_SIZE}
            if self.cursor_pagination_class is not None:
                allowed.add(CURSOR)
            if getattr(self, "filterset_class", None) is not None:
                allowed |= set(self.filterset_class.base_filters)
        return allowed

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self.query: Query = request_query(
            self,
            request,
            allowed=self.allowed_query_parameters(),
            editor=sees_unpublished(request.user, self.queryset.model),
        )

    @property
    def format(self) -> str:
        renderer = getattr(getattr(self, "request", None), "accepted_renderer", None)
        return renderer.format if renderer else "json"

    @cached_property
    def paginator(self):
        query = getattr(self, "query", None)
        if query is not None and query.cursor is not None and self.cursor_pagination_class:
            return self.cursor_pagination_class()
        return self.pagination_class() if self.pagination_class else None

    def filter_queryset(self, queryset):
        query = getattr(self, "query", None)
        if self.detail or query is None or query.filtering is None:
            return queryset
        return query.filtering.filter_queryset(queryset)

    def get_serializer_class(self):
        if self.format in self.format_serializers:
            return self.format_serializers[self.format]
        return super().get_serializer_class()

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["in_list"] = self.detail is False
        query = getattr(self, "query", None)
        if query is not None and query.expand:
            context["expand"] = query.expand
        return context

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        query = getattr(self, "query", None)
        if query is not None and query.fields is not None:
            try:
                fields_prune(serializer, query.fields)
            except QueryParameterError as error:
                raise InvalidQueryParameters({error.name: [error.reason]}) from None
        return serializer

    def get_object(self):
        instance = super().get_object()
        self.object_last_modified = self.object_updated_at(instance)
        self.answered_keys = edge.object_keys(instance)
        return instance

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.answered_keys = edge.page_keys(self.queryset.model, page)
        return page

    def object_updated_at(self, instance):
        return getattr(instance, "updated_at", None)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.format == "jsonld":
            page = getattr(self.paginator, "page", None)
            response.data = jsonld.item_list(
                response.data["results"],
                count=response.data.get("count"),
                offset=page.start_index() - 1 if page else 0,
            )
        return response


class EditorVisibilityMixin:
    """The public reads what is published and due; accounts that may change a kind of object
    (editors) read all of it, drafts included (``newsapi.http.permissions.sees_unpublished``).
    Their answers are marked ``private`` and never kept by the edge (``newsapi.http.edge``)."""

    def get_queryset(self):
        return self.visible(super().get_queryset())

    def visible(self, queryset):
        """``queryset`` narrowed to what the request's user may read."""
        published = getattr(queryset, "published", None)
        if published is not None and not sees_unpublished(self.request.user, queryset.model):
            queryset = published()
        return queryset


WRITE_ACTIONS = {"create", "update", "partial_update"}


class WriteApiMixin:
    """Writes: the input serializer of the resource checks the request, a service of
    ``articles.services`` writes (``perform_create``, ``perform_update`` and ``perform_destroy``
    return what it wrote), and the answer is the object as a ``GET`` shows it, read again:
    ``201`` with ``Location``, ``200``, or ``204`` with no body. Writes answer our JSON only."""

    write_serializer_class: type | None = None

    def get_renderers(self):
        if self.request is not None and self.request.method not in permissions.SAFE_METHODS:
            return [JSONRenderer()]
        return super().get_renderers()

    def get_serializer_class(self):
        # ``metadata`` is OPTIONS, which describes what a POST or PUT takes.
        if self.action in WRITE_ACTIONS or self.action == "metadata":
            return self.write_serializer_class
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.written(self.perform_create(serializer), status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return self.written(self.perform_update(serializer), status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        self.perform_destroy(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def written(self, instance, status_code: int) -> Response:
        # Read again as the reads do (``self.queryset``, not ``get_queryset()``: an account may
        # add a draft it may not read back), so that the answer is exactly what a GET gives.
        fresh = self.queryset.filter(pk=instance.pk).get()
        # The view's own serializer: the representation a GET of the object answers in JSON.
        data = self.serializer_class(fresh, context=self.get_serializer_context()).data
        headers = {}
        if status_code == status.HTTP_201_CREATED:
            lookup = {self.lookup_field: getattr(fresh, self.lookup_field)}
            location = reverse(f"{self.basename}-detail", kwargs=lookup)
            headers["Location"] = self.request.build_absolute_uri(location)
        return Response(data, status=status_code, headers=headers)
