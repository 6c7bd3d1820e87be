from django.apps import AppConfig


class EdgeConfig(AppConfig):
    name = "edge"
    verbose_name = "Edge cache"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every committed write purges what it changed at the edge (articles.changes).
        from edge import purging

        purging.connect()
