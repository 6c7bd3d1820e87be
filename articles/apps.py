from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "News content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Tombstones for articles that leave public view, and updated_at touched by changes to
        # what an article shows (captions, images, publications).
        import articles.signals  # noqa: F401
        from articles.signals_cache import connect_content_signals  # every write invalidates

        connect_content_signals()
