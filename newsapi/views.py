"""Viewsets of the API. They are configuration: the queryset method that shapes the query, the
serializers per format, the filters; the behaviour every resource shares lives in the mixins
below. A request's parameters are parsed once (``reading.query``) and articles are answered by
``reading.answers``; a public article's detail, asked anonymously, may be answered before DRF
(``stored_detail_first``)."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from rest_framework import authentication, mixins, permissions, status, views, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable
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
from newsapi.http.conditional import ConditionalResponseMixin, validated
from newsapi.http.errors import InvalidQueryParameters, errors_named
from newsapi.http.negotiation import (
    FORMAT_QUERY_PARAMETER,
    FormatNegotiation,
    JSONLDRenderer,
    JSONRenderer,
    NinjsRenderer,
)
from newsapi.http.permissions import (
    ChangersOnly,
    ContentWriters,
    ModelPermissionsOrAnonReadOnly,
    require_nested_caption_permissions,
    sees_unpublished,
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
from newsapi.writes import (
    ArticleWriteSerializer,
    CaptionWithArticleWriteSerializer,
    ImageUploadSerializer,
    PublicationWriteSerializer,
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


class EditorVisibilityMixin:
    """The public reads what is published and due; accounts that may change a kind of object
    (editors) read all of it, drafts included (``newsapi.http.permissions.sees_unpublished``).
    Their answers are never stored in the shared cache (``newsapi.http.cache``) and are marked
    ``private`` (``newsapi.http.conditional``)."""

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
    # The representation of a written object: the one a GET of it answers in JSON.
    output_serializer_class: type | None = None

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
        data = self.output_serializer_class(fresh, context=self.get_serializer_context()).data
        headers = {}
        if status_code == status.HTTP_201_CREATED:
            lookup = {self.lookup_field: getattr(fresh, self.lookup_field)}
            location = reverse(f"{self.basename}-detail", kwargs=lookup)
            headers["Location"] = self.request.build_absolute_uri(location)
        return Response(data, status=status_code, headers=headers)


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


def fast_detail(request: HttpRequest, slug: str, template, renderers) -> HttpResponse | None:
    """A public article's stored detail for an anonymous ``GET`` or ``HEAD`` with no query
    string that asks for our JSON, answered as the full path answers it; None for anything else
    (an account, ``Authorization``, a parameter, another format, the rate limit reached, an
    article the public may not read or whose representation is out of date)."""
    renderer = renderers[0]
    if (
        request.method not in ("GET", "HEAD")
        or request.META.get("QUERY_STRING")
        or request.META.get("SCRIPT_NAME")
        or not settings.API_STORED_REPRESENTATIONS
        or "Authorization" in request.headers
        or request.user.is_authenticated
    ):
        return None
    accept = request.headers.get("Accept", "").strip()
    if accept:
        try:
            chosen, media_type = FormatNegotiation.by_accept(accept, renderers)
        except NotAcceptable:
            return None
        if chosen.format != renderer.format or media_type != renderer.media_type:
            return None  # another format, or parameters such as indent=2
    found = stored.stored_detail(slug)
    if found is None or not found.fresh or not found.public:
        return None
    # Last, so that a request the full path answers is counted there only, once.
    if not all(throttle.allow_request(request, None) for throttle in template.get_throttles()):
        return None  # the full path answers 429 with Retry-After
    origin = request.build_absolute_uri("/")[:-1]
    response = HttpResponse(found.json(origin).encode(), content_type=renderer.media_type)
    for name, value in template.default_response_headers.items():  # Allow, Vary: Accept
        if name == "Vary":
            patch_vary_headers(response, [value])
        else:
            response[name] = value
    return validated(request, response, last_modified=found.updated_at, private=False)


def stored_detail_first(view):
    """``view`` (the article detail) behind ``fast_detail``: the read API's most frequent
    question answered without DRF's request, authentication, negotiation and rendering, which
    could change nothing there and were a third of what it cost beyond the floor.
    ``tests/newsapi/test_stored_detail.py`` holds both to the same answers."""
    template = view.cls(**view.initkwargs)
    template.action_map = view.actions
    actions = {"head": view.actions["get"], **view.actions}
    for method, name in actions.items():  # as DRF binds them, for the Allow header
        setattr(template, method, getattr(template, name))
    renderers = [renderer() for renderer in template.renderer_classes]

    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        fast = fast_detail(request, kwargs["slug"], template, renderers)
        return fast if fast is not None else view(request, *args, **kwargs)

    answer.csrf_exempt = True  # as DRF's views: reads need no token
    answer.cls, answer.initkwargs, answer.actions = view.cls, view.initkwargs, view.actions
    return answer
