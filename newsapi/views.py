"""Viewsets of the read API. They are configuration: the queryset method that shapes the query,
the serializers per format, the filters, and the schema documentation from ``newsapi.schema``;
the behaviour every resource shares lives in the mixins below."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from rest_framework import authentication, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from articles.models import Article, ArticleTombstone, Caption, Image, Publication
from articles.search import parse_search_query
from newsapi import jsonld, ninjs, schema
from newsapi.conditional import ConditionalResponseMixin
from newsapi.errors import InvalidQueryParameters
from newsapi.filters import ArticleFilter, ArticleTombstoneFilter, CaptionFilter, ImageFilter
from newsapi.pagination import CursorPagination
from newsapi.renderers import (
    FORMAT_QUERY_PARAMETER,
    FormatNegotiation,
    JSONLDRenderer,
    NinjsRenderer,
)
from newsapi.serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleTombstoneSerializer,
    CaptionWithArticleSerializer,
    ImageSerializer,
    PublicationSerializer,
)
from newsapi.shaping import (
    EXPAND_PARAMETER,
    FIELDS_PARAMETER,
    QueryParameterError,
    fields_prune,
    parse_expand,
    parse_fields,
)
from newsapi.throttling import ApiRateThrottle

FORMATS = [JSONRenderer, NinjsRenderer, JSONLDRenderer]


class StrictQueryParametersMixin:
    """Unknown query parameters answer 400 naming them: a misspelt filter silently ignored would
    return the wrong articles with a 200."""

    def allowed_query_parameters(self) -> set[str]:
        allowed = {FORMAT_QUERY_PARAMETER}
        if self.action in ("list", "retrieve"):
            allowed.add(FIELDS_PARAMETER)
            if self.expandable.get(self.action):
                allowed.add(EXPAND_PARAMETER)
        if self.detail is False:
            if self.pagination_class is not None:
                paginator = self.pagination_class
                allowed |= {paginator.page_query_param, paginator.page_size_query_param}
            if self.cursor_pagination_class is not None:
                allowed.add(self.cursor_pagination_class.cursor_query_param)
            if getattr(self, "filterset_class", None) is not None:
                allowed |= set(self.filterset_class.base_filters)
        return allowed

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.allowed_query_parameters())
        if unknown:
            raise InvalidQueryParameters(
                {name: ["Unknown query parameter for this endpoint."] for name in unknown}
            )


class ReadApiMixin(ConditionalResponseMixin, StrictQueryParametersMixin):
    """What every resource of the read API shares: authentication (Basic for API clients, so
    that bad credentials answer 401; the admin's session), rate limiting, ``?format=``, sparse
    fields and expansions, cursor pagination where offered, HTTP caching."""

    authentication_classes = [
        authentication.BasicAuthentication,
        authentication.SessionAuthentication,
    ]
    throttle_classes = [ApiRateThrottle]
    content_negotiation_class = FormatNegotiation
    renderer_classes = [JSONRenderer]
    # Per format, the serializer of another representation: {"ninjs": ArticleNinjsSerializer}.
    format_serializers: dict[str, type] = {}
    # Per action, the nested objects ?expand= may add.
    expandable: dict[str, tuple[str, ...]] = {}
    cursor_pagination_class: type | None = None

    @property
    def format(self) -> str:
        renderer = getattr(getattr(self, "request", None), "accepted_renderer", None)
        return renderer.format if renderer else "json"

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            params = self.request.query_params if getattr(self, "request", None) else {}
            cursor = self.cursor_pagination_class
            use_cursor = cursor is not None and cursor.cursor_query_param in params
            if use_cursor and "page" in params:
                raise InvalidQueryParameters({"page": ["Use either page or cursor, not both."]})
            self._paginator = (
                self.cursor_pagination_class() if use_cursor else self.pagination_class()
            )
        return self._paginator

    def get_serializer_class(self):
        if self.format in self.format_serializers:
            return self.format_serializers[self.format]
        return super().get_serializer_class()

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["in_list"] = self.detail is False
        raw = self.request.query_params.get(EXPAND_PARAMETER)
        if raw is not None:
            expandable = self.expandable.get(self.action, ())
            context["expand"] = self._shaping(EXPAND_PARAMETER, parse_expand, raw, expandable)
        return context

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        raw = self.request.query_params.get(FIELDS_PARAMETER)
        if raw is not None:
            tree = self._shaping(FIELDS_PARAMETER, parse_fields, raw)
            self._shaping(FIELDS_PARAMETER, fields_prune, serializer, tree)
        return serializer

    def _shaping(self, name: str, function, *args):
        """Apply ``fields`` or ``expand`` (``name``), its errors a 400 naming the parameter."""
        if self.format != "json":
            raise InvalidQueryParameters({name: ["fields and expand apply to format=json only."]})
        try:
            return function(*args)
        except QueryParameterError as error:
            raise InvalidQueryParameters({error.name: [error.reason]}) from None

    def get_object(self):
        instance = super().get_object()
        self.object_last_modified = self.object_updated_at(instance)
        return instance

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


@schema.article_viewset_schema
class ArticleViewSet(ReadApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Article.objects.published().for_api().newest_first()
    lookup_field = "slug"
    filterset_class = ArticleFilter
    renderer_classes = FORMATS
    cursor_pagination_class = CursorPagination
    expandable = {"list": ("captions", "body")}
    format_serializers = {
        "ninjs": ninjs.ArticleNinjsSerializer,
        "jsonld": jsonld.ArticleJSONLDSerializer,
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.format in self.format_serializers:
            # Their images list every rendition: one more query for all of them.
            queryset = queryset.prefetch_related("captions__image__renditions")
        return queryset

    def get_serializer_class(self):
        if self.action == "deleted":
            return ArticleTombstoneSerializer
        if self.format == "json":
            return ArticleListSerializer if self.action == "list" else ArticleDetailSerializer
        return super().get_serializer_class()

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        search = self.request.query_params.get("search")
        if self.action == "list" and search:
            context["search"] = parse_search_query(search)  # the filter has checked it
        return context

    @action(
        detail=False,
        url_path="deleted",
        queryset=ArticleTombstone.objects.order_by("removed_at", "id"),
        filterset_class=ArticleTombstoneFilter,
        renderer_classes=[JSONRenderer],
        cursor_pagination_class=None,
    )
    def deleted(self, request, *args, **kwargs):
        """Tombstones of articles that left the public store, oldest first."""
        return self.list(request, *args, **kwargs)


@schema.image_viewset_schema
class ImageViewSet(ReadApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Image.objects.published().for_api()
    serializer_class = ImageSerializer
    filterset_class = ImageFilter
    renderer_classes = FORMATS
    format_serializers = {
        "ninjs": ninjs.ImageNinjsSerializer,
        "jsonld": jsonld.ImageJSONLDSerializer,
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.format in self.format_serializers:
            # Captions (the public ones) and renditions appear in these formats: two more
            # queries for all images.
            public_captions = Prefetch("captions", queryset=Caption.objects.published())
            queryset = queryset.prefetch_related(public_captions, "renditions")
        return queryset


@schema.caption_viewset_schema
class CaptionViewSet(ReadApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Caption.objects.published().for_api()
    serializer_class = CaptionWithArticleSerializer
    filterset_class = CaptionFilter
    expandable = {"list": ("article",), "retrieve": ("article",)}

    def object_updated_at(self, caption: Caption):
        return caption.article.updated_at  # a caption's changes touch its article


@schema.publication_viewset_schema
class PublicationViewSet(ReadApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Publication.objects.for_api()
    serializer_class = PublicationSerializer
    lookup_field = "slug"

    def object_updated_at(self, publication: Publication):
        return None  # publications keep no time of change; lists of the store's do


def home(request: HttpRequest) -> JsonResponse:
    """Where everything is: the API, its documentation and the admin."""
    links = {
        "api": reverse("api-root"),
        "articles": reverse("article-list"),
        "schema": reverse("schema"),
        "docs": reverse("swagger-ui"),
        "redoc": reverse("redoc"),
        "admin": reverse("admin:index"),
    }
    return JsonResponse(
        {"name": "newsapi", "links": {k: request.build_absolute_uri(v) for k, v in links.items()}}
    )
