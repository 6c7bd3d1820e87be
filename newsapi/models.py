"""What the HTTP layer keeps of its own: nothing an editor writes, only what can be built again
from the content store at any time (``manage.py render_articles``)."""

from __future__ import annotations

from django.db import models


class StoredRepresentation(models.Model):
    """An article's JSON as the read API answers it, built when the article changes rather than
    for every request; ``newsapi.reading.stored`` builds it and says when it may be served."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_representation",
    )
    built_from = models.DateTimeField(help_text="The article's updated_at it was built from.")
    built_with = models.CharField(
        max_length=16,
        default="",
        help_text="The version of the API's code and settings it was built with.",
    )
    url_mark = models.CharField(
        max_length=40, help_text="Stands for the scheme and host in the URLs of the JSON."
    )
    detail = models.TextField(help_text="The article's detail as JSON.")
    summary = models.TextField(help_text="The article as a list item, as JSON.")
    surrogate_keys = models.TextField(
        default="",
        help_text="The objects the detail shows, named for the edge (newsapi.http.edge).",
    )

    class Meta:
        verbose_name = "stored representation"
        verbose_name_plural = "stored representations"

    def __str__(self) -> str:
        return f"representation of article {self.article_id}"
