"""Top-level URLs: the API, its schema and documentation, and the admin."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from config.health import HealthView, ReadinessView
from newsapi.docs.views import SchemaView
from newsapi.views import home


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask every site for ``/favicon.ico``: the icon of the docs, served as a static
    file."""
    return HttpResponsePermanentRedirect(
        static_url("drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png")
    )


urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", HealthView.as_view(), name="healthz"),
    path("readyz", ReadinessView.as_view(), name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("newsapi.urls")),
    path("feeds/", include("newsapi.formats.feeds")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own, so that the
    # Content-Security-Policy of the page can refuse inline scripts (config/security.py).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "newsapi.http.errors.bad_request"
handler403 = "newsapi.http.errors.permission_denied"
handler404 = "newsapi.http.errors.page_not_found"
handler500 = "newsapi.http.errors.server_error"
