"""The API router: every resource under ``/api/v1/``, and where editors get an API token. A
public article's detail is answered in front of DRF when it can be (``stored_detail_first``)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from newsapi.fast_detail import stored_detail_first
from newsapi.views import (
    ArticleViewSet,
    CaptionViewSet,
    ImageViewSet,
    PublicationViewSet,
    TokenView,
)

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("images", ImageViewSet, basename="image")
router.register("captions", CaptionViewSet, basename="caption")
router.register("publications", PublicationViewSet, basename="publication")

routes = router.urls
for route in routes:
    if route.name == "article-detail":
        route.callback = stored_detail_first(route.callback)

urlpatterns = [path("auth/token/", TokenView.as_view(), name="auth-token"), *routes]
