from django.apps import AppConfig


class NewsapiConfig(AppConfig):
    name = "newsapi"
    verbose_name = "News API"

    def ready(self) -> None:
        # What the API keeps of the content follows every committed write (articles.changes).
        from newsapi import content_version, stored

        stored.connect()
        content_version.connect()
