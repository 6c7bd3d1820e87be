from django.apps import AppConfig


class NewsapiConfig(AppConfig):
    name = "newsapi"
    verbose_name = "News API"

    def ready(self) -> None:
        # Stored representations follow every change to what an article shows.
        from newsapi import stored

        stored.connect_signals()
