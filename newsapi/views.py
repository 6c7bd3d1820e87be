"""Viewsets of the API: configuration (the queryset method that shapes the query, the
serializers per format, the filters, the services that write) over the shared behaviour of
``newsapi.http.resources``. Articles are answered by ``reading.answers``."""

from __future__ import annotations

import json
from functools import lru_cache

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse
from rest_framework import mixins, status, views, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from articles.history import article_versions
from articles.models import Article, ArticleTombstone, Caption, Image, Publication
from articles.services import (
    article_create,
    article_delete,
    article_update,
    caption_create,
    caption_delete,
    caption_update,
    image_create,
    image_delete,
    image_update,
    publication_create,
    publication_delete,
    publication_update,
)
from newsapi.docs.schema import documented
from newsapi.formats import jsonld, ninjs
from newsapi.formats.representations import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleTombstoneSerializer,
    ArticleVersionSerializer,
    CaptionWithArticleSerializer,
    ImageSerializer,
    PublicationSerializer,
    TokenSerializer,
)
from newsapi.http.errors import errors_named
from newsapi.http.negotiation import JSONRenderer
from newsapi.http.permissions import (
    ChangersOnly,
    ContentWriters,
    ModelPermissionsOrAnonReadOnly,
    require_nested_caption_permissions,
)
from newsapi.http.resources import (
    AUTHENTICATION_CLASSES,
    FORMATS,
    EditorVisibilityMixin,
    ReadApiMixin,
    WriteApiMixin,
)
from newsapi.reading import stored
from newsapi.reading.answers import ArticleAnswer
from newsapi.reading.filters import (
    ArticleFilter,
    ArticleTombstoneFilter,
    CaptionFilter,
    ImageFilter,
)
from newsapi.reading.pagination import CursorPagination
from newsapi.writes import (
    ArticleWriteSerializer,
    CaptionWithArticleWriteSerializer,
    ImageUploadSerializer,
    PublicationWriteSerializer,
)


@documented
class ArticleViewSet(WriteApiMixin, EditorVisibilityMixin, ReadApiMixin, viewsets.ModelViewSet):
    queryset = Article.objects.for_api().newest_first()
    serializer_class = ArticleDetailSerializer
    lookup_field = "slug"
    filterset_class = ArticleFilter
    renderer_classes = FORMATS
    cursor_pagination_class = CursorPagination
    expandable = {"list": ("captions", "body")}
    format_serializers = {
        "ninjs": ninjs.ArticleNinjsSerializer,
        "jsonld": jsonld.ArticleJSONLDSerializer,
    }
    write_serializer_class = ArticleWriteSerializer
    output_serializer_class = ArticleDetailSerializer

    def get_serializer_class(self):
        if self.action == "deleted":
            return ArticleTombstoneSerializer
        if self.action == "versions":
            return ArticleVersionSerializer
        if self.action in ("list", "retrieve") and self.format not in self.format_serializers:
            return ArticleListSerializer if self.action == "list" else ArticleDetailSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve" and self.format == "json":
            queryset = queryset.with_slug_history()
        return queryset

    def list(self, request, *args, **kwargs):
        answer = ArticleAnswer(self, self.query)
        keys = answer.keys(cursor=isinstance(self.paginator, CursorPagination))
        return self.get_paginated_response(answer.items(self.paginate_queryset(keys)))

    def retrieve(self, request, *args, **kwargs):
        found = ArticleAnswer(self, self.query).detail(kwargs[self.lookup_field])
        if found is not None:
            self.object_last_modified = found.updated_at
            self.answered_keys = found.keys.split()
            return Response(stored.rendered(found.json(self.query.origin)))
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            moved = self.moved(kwargs[self.lookup_field])
            if moved is None:
                raise
            return moved

    def moved(self, slug: str) -> Response | None:
        """``301`` to the article that had ``slug`` before its current one, if the request's
        user may read it; the query string (``?format=``…) goes along."""
        current = (
            self.visible(Article.objects.filter(previous_slugs__slug=slug))
            .values_list("slug", flat=True)
            .first()
        )
        if current is None:
            return None
        url = self.request.build_absolute_uri(
            reverse(f"{self.basename}-detail", kwargs={self.lookup_field: current})
        )
        query = self.request.META.get("QUERY_STRING")
        return Response(
            status=status.HTTP_301_MOVED_PERMANENTLY,
            headers={"Location": f"{url}?{query}" if query else url},
        )

    def perform_create(self, serializer: ArticleWriteSerializer) -> Article:
        arguments = serializer.service_arguments()
        captions = arguments.pop("captions") or ()
        if captions:
            require_nested_caption_permissions(self.request.user)
        return article_create(**arguments, captions=captions, user=self.request.user)

    def perform_update(self, serializer: ArticleWriteSerializer) -> Article:
        arguments = serializer.service_arguments()
        captions = arguments.pop("captions")
        if captions is not None:
            require_nested_caption_permissions(self.request.user)
        return article_update(
            article=serializer.instance,
            changes=arguments,
            captions=captions,
            user=self.request.user,
        )

    def perform_destroy(self, article: Article) -> None:
        article_delete(article=article, user=self.request.user)

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
        return mixins.ListModelMixin.list(self, request, *args, **kwargs)

    @action(
        detail=True,
        url_path="versions",
        renderer_classes=[JSONRenderer],
        permission_classes=[ModelPermissionsOrAnonReadOnly, ChangersOnly],
        filterset_class=None,
        cursor_pagination_class=None,
        pagination_class=None,
    )
    def versions(self, request, *args, **kwargs):
        """Every saved version of the article, newest first, for editors."""
        versions = article_versions(self.get_object())
        return Response(self.get_serializer(versions, many=True).data)


@documented
class ImageViewSet(WriteApiMixin, EditorVisibilityMixin, ReadApiMixin, viewsets.ModelViewSet):
    queryset = Image.objects.for_api()
    serializer_class = ImageSerializer
    filterset_class = ImageFilter
    renderer_classes = FORMATS
    parser_classes = [JSONParser, MultiPartParser]
    format_serializers = {
        "ninjs": ninjs.ImageNinjsSerializer,
        "jsonld": jsonld.ImageJSONLDSerializer,
    }
    write_serializer_class = ImageUploadSerializer
    output_serializer_class = ImageSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.format in self.format_serializers:
            # The captions of public articles appear in these formats: one more query for all
            # images.
            public_captions = Prefetch("captions", queryset=Caption.objects.published())
            queryset = queryset.prefetch_related(public_captions)
        return queryset

    def perform_create(self, serializer: ImageUploadSerializer) -> Image:
        data = serializer.validated_data
        with errors_named("file"):
            return image_create(
                file=data.get("file"),
                credit=data.get("credit", ""),
                alt_text=data.get("alt_text", ""),
                user=self.request.user,
            )

    def perform_update(self, serializer: ImageUploadSerializer) -> Image:
        with errors_named("file"):
            return image_update(
                image=serializer.instance, **serializer.validated_data, user=self.request.user
            )

    def perform_destroy(self, image: Image) -> None:
        image_delete(image=image, user=self.request.user)


@documented
class CaptionViewSet(WriteApiMixin, EditorVisibilityMixin, ReadApiMixin, viewsets.ModelViewSet):
    queryset = Caption.objects.for_api()
    serializer_class = CaptionWithArticleSerializer
    filterset_class = CaptionFilter
    expandable = {"list": ("article",), "retrieve": ("article",)}
    write_serializer_class = CaptionWithArticleWriteSerializer
    output_serializer_class = CaptionWithArticleSerializer

    def object_updated_at(self, caption: Caption):
        return caption.article.updated_at  # a caption's changes touch its article

    def perform_create(self, serializer: CaptionWithArticleWriteSerializer) -> Caption:
        return caption_create(**serializer.validated_data, user=self.request.user)

    def perform_update(self, serializer: CaptionWithArticleWriteSerializer) -> Caption:
        changes = {k: v for k, v in serializer.validated_data.items() if k != "article"}
        return caption_update(caption=serializer.instance, changes=changes, user=self.request.user)

    def perform_destroy(self, caption: Caption) -> None:
        caption_delete(caption=caption, user=self.request.user)


@documented
class PublicationViewSet(WriteApiMixin, ReadApiMixin, viewsets.ModelViewSet):
    queryset = Publication.objects.for_api()
    serializer_class = PublicationSerializer
    lookup_field = "slug"
    write_serializer_class = PublicationWriteSerializer
    output_serializer_class = PublicationSerializer

    def object_updated_at(self, publication: Publication):
        return None  # publications keep no time of change; lists of the store's do

    def perform_create(self, serializer: PublicationWriteSerializer) -> Publication:
        return publication_create(**serializer.service_arguments(), user=self.request.user)

    def perform_update(self, serializer: PublicationWriteSerializer) -> Publication:
        return publication_update(
            publication=serializer.instance,
            changes=serializer.service_arguments(),
            user=self.request.user,
        )

    def perform_destroy(self, publication: Publication) -> None:
        publication_delete(publication=publication, user=self.request.user)


@documented
class TokenView(views.APIView):
    """An editor's API token: ``POST`` answers it (made on first use), ``DELETE`` revokes it.

    The account is named by HTTP Basic credentials (or the admin's session, or the token
    itself to revoke it), so that every wrong password counts towards the failed-login limit
    (``config.security``) as it does at the admin's login form, and is answered 429 past it."""

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [ContentWriters]
    throttle_classes = [UserRateThrottle]
    renderer_classes = [JSONRenderer]
    serializer_class = TokenSerializer

    def post(self, request, *args, **kwargs):
        token, _created = Token.objects.get_or_create(user=request.user)
        data = TokenSerializer({"token": token.key, "username": request.user.get_username()}).data
        # A secret: no cache anywhere may keep it.
        return Response(data, headers={"Cache-Control": "no-store"})

    def delete(self, request, *args, **kwargs):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@lru_cache(maxsize=64)
def _home_body(origin: str, script_prefix: str) -> bytes:
    """The answer of ``home`` for one origin (``"https://news.example.org"``), made once: the
    paths do not change while the process runs, and reversing them then encoding the links
    was most of what the view cost. The origins are the allowed hosts', a few."""
    paths = {
        "api": reverse("api-root"),
        "articles": reverse("article-list"),
        "schema": reverse("schema"),
        "docs": reverse("swagger-ui"),
        "redoc": reverse("redoc"),
        "admin": reverse("admin:index"),
    }
    links = {name: origin + path for name, path in paths.items()}
    return json.dumps({"name": "newsapi", "links": links}).encode()


def home(request: HttpRequest) -> HttpResponse:
    """Where everything is: the API, its documentation and the admin."""
    origin = f"{request.scheme}://{request.get_host()}"
    return HttpResponse(_home_body(origin, get_script_prefix()), content_type="application/json")
