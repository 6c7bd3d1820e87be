from django.apps import AppConfig


class NewsapiConfig(AppConfig):
    name = "newsapi"
    verbose_name = "News API"

    def ready(self) -> None:
        # What the API keeps of the content follows every committed write (articles.changes).
        from newsapi.http import content_version
        from newsapi.reading import stored

        stored.connect()
        content_version.connect()
