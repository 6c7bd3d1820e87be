"""The API router: every resource under ``/api/v1/``, and where editors get an API token."""

from django.urls import path
from rest_framework.routers import DefaultRouter

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

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    *router.urls,
]
