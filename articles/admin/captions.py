"""Captions on their own (an article's page edits them inline)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.common import form_values, saved_into
from articles.models import Caption
from articles.services import caption_create, caption_delete, caption_update

FIELDS = ["article", "image", "text", "position", "order"]


@admin.register(Caption)
class CaptionAdmin(SimpleHistoryAdmin):
    fields = FIELDS
    list_display = ["__str__", "article", "position", "order"]
    list_select_related = ["article"]
    search_fields = ["text", "image__credit", "article__title"]
    autocomplete_fields = ["article", "image"]

    def save_model(self, request: HttpRequest, obj: Caption, form, change: bool) -> None:
        values = form_values(form, FIELDS)
        article = values.pop("article")
        if change:
            stored = Caption.objects.select_related("article").get(pk=obj.pk)
            saved = caption_update(caption=stored, changes=values, user=request.user)
        else:
            saved = caption_create(article=article, **values, user=request.user)
        saved_into(obj, saved)

    def delete_model(self, request: HttpRequest, obj: Caption) -> None:
        caption_delete(caption=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Caption]) -> None:
        for caption in queryset:
            caption_delete(caption=caption, user=request.user)
