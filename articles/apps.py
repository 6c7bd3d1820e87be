from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "News content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles.signals_cache import connect_content_signals  # every write invalidates

        connect_content_signals()
