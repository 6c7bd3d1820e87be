"""The API router: every resource under ``/api/v1/``."""

from rest_framework.routers import DefaultRouter

from newsapi.views import ArticleViewSet, CaptionViewSet, ImageViewSet, PublicationViewSet

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("images", ImageViewSet, basename="image")
router.register("captions", CaptionViewSet, basename="caption")
router.register("publications", PublicationViewSet, basename="publication")

urlpatterns = router.urls
