"""Viewsets of the read API. They are configuration: the queryset method that shapes the query,
the serializer, the filters, and the schema documentation from ``newsapi.schema``."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from rest_framework import viewsets

from articles.models import Article, Caption, Image, Publication
from newsapi import schema
from newsapi.errors import InvalidQueryParameters
from newsapi.filters import ArticleFilter, CaptionFilter, ImageFilter
from newsapi.serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    CaptionWithArticleSerializer,
    ImageSerializer,
    PublicationSerializer,
)


class StrictQueryParametersMixin:
    """Unknown query parameters answer 400 naming them: a misspelt filter silently ignored would
    return the wrong articles with a 200."""

    def allowed_query_parameters(self) -> set[str]:
        if self.action != "list":
            return set()
        allowed = set()
        if self.paginator is not None:
            allowed |= {self.paginator.page_query_param, self.paginator.page_size_query_param}
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


@schema.article_viewset_schema
class ArticleViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Article.objects.published().for_api().newest_first()
    lookup_field = "slug"
    filterset_class = ArticleFilter

    def get_serializer_class(self):
        return ArticleListSerializer if self.action == "list" else ArticleDetailSerializer


@schema.image_viewset_schema
class ImageViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Image.objects.published().for_api()
    serializer_class = ImageSerializer
    filterset_class = ImageFilter


@schema.caption_viewset_schema
class CaptionViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Caption.objects.published().for_api()
    serializer_class = CaptionWithArticleSerializer
    filterset_class = CaptionFilter


@schema.publication_viewset_schema
class PublicationViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Publication.objects.for_api()
    serializer_class = PublicationSerializer
    lookup_field = "slug"


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
