"""Publications: the outlets articles name."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.common import form_values, saved_into
from articles.models import Publication
from articles.services import publication_create, publication_delete, publication_update

FIELDS = ["name", "slug", "tagline"]


@admin.register(Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    fields = FIELDS
    list_display = ["name", "slug", "tagline", "article_count"]
    search_fields = ["name", "tagline"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Publication]:
        # An aggregate drops Meta.ordering: order again, or the autocomplete pages unordered.
        return (
            super().get_queryset(request).annotate(article_total=Count("articles")).order_by("name")
        )

    def save_model(self, request: HttpRequest, obj: Publication, form, change: bool) -> None:
        values = form_values(form, FIELDS)
        if change:
            stored = Publication.objects.get(pk=obj.pk)
            saved = publication_update(publication=stored, changes=values, user=request.user)
        else:
            saved = publication_create(**values, user=request.user)
        saved_into(obj, saved)

    def delete_model(self, request: HttpRequest, obj: Publication) -> None:
        publication_delete(publication=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        for publication in queryset:
            publication_delete(publication=publication, user=request.user)

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, publication: Publication) -> int:
        return publication.article_total
