"""Images: their files (uploaded here, checked and stored with renditions), credits, alt text."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.common import (
    ADMIN_CSS,
    image_thumbnail_html,
    image_upload_check,
    saved_into,
)
from articles.images import ACCEPTED_LIST
from articles.models import Image
from articles.services import image_create, image_delete, image_file_restore, image_update


class HasFileFilter(admin.SimpleListFilter):
    title = "file"
    parameter_name = "has_file"

    def lookups(self, request, model_admin):
        return [("yes", "With a file"), ("no", "No file yet")]

    def queryset(self, request, queryset: QuerySet[Image]):
        if self.value() == "yes":
            return queryset.exclude(file="")
        if self.value() == "no":
            return queryset.filter(file="")
        return queryset


class MissingAltTextFilter(admin.SimpleListFilter):
    title = "alt text"
    parameter_name = "alt_text_missing"

    def lookups(self, request, model_admin):
        return [("yes", "Missing"), ("no", "Present")]

    def queryset(self, request, queryset: QuerySet[Image]):
        if self.value() == "yes":
            return queryset.filter(alt_text="")
        if self.value() == "no":
            return queryset.exclude(alt_text="")
        return queryset


class ImageAdminForm(forms.ModelForm):
    """The file is uploaded through ``upload`` rather than the model field, so that it goes
    through the image services: checked, stored with its size and renditions. The photographer
    and agencies are read from the credit, as everywhere else."""

    upload = forms.FileField(
        label="Upload a file",
        required=False,
        help_text=f"A {ACCEPTED_LIST} file; uploading one replaces the current file.",
    )

    class Meta:
        model = Image
        fields = ["credit", "alt_text"]

    def clean_upload(self):
        return image_upload_check(self.cleaned_data.get("upload"))


@admin.register(Image)
class ImageAdmin(SimpleHistoryAdmin):
    form = ImageAdminForm
    list_display = [
        "__str__",
        "thumbnail",
        "credit",
        "photographer",
        "agency_list",
        "alt_text",
        "dimensions",
    ]
    list_filter = [HasFileFilter, MissingAltTextFilter]
    search_fields = ["credit", "photographer", "alt_text", "captions__text"]
    readonly_fields = [
        "thumbnail",
        "file",
        "source_link",
        "photographer",
        "agency_list",
        "dimensions",
        "rendition_list",
        "created_at",
        "updated_at",
    ]
    fields = ["upload", "credit", "alt_text", *readonly_fields]

    class Media:
        css = ADMIN_CSS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Image]:
        return super().get_queryset(request).prefetch_related("renditions")

    def save_model(self, request: HttpRequest, obj: Image, form, change: bool) -> None:
        data = form.cleaned_data
        credit, alt_text, upload = data.get("credit", ""), data.get("alt_text", ""), data["upload"]
        if not change:
            saved = image_create(file=upload, credit=credit, alt_text=alt_text, user=request.user)
        else:
            stored = Image.objects.get(pk=obj.pk)
            saved = image_update(
                image=stored, credit=credit, alt_text=alt_text, file=upload, user=request.user
            )
            if not upload and (obj.file.name or "") != (stored.file.name or ""):
                # A revert from the history brought back another file: its renditions follow.
                saved = image_file_restore(image=saved, name=obj.file.name, user=request.user)
        saved_into(obj, saved)

    def delete_model(self, request: HttpRequest, obj: Image) -> None:
        image_delete(image=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Image]) -> None:
        for image in queryset:
            image_delete(image=image, user=request.user)

    @admin.display(description="source URL")
    def source_link(self, image: Image) -> str:
        """Where the picture was on the web page it was loaded from: a link for the editor to
        fetch it by hand (the loader never downloads), escaped like any text of a page."""
        if not image.source_url:
            return "-"
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>',
            image.source_url,
            image.source_url,
        )

    @admin.display(description="picture")
    def thumbnail(self, image: Image) -> str:
        return image_thumbnail_html(image)

    @admin.display(description="renditions")
    def rendition_list(self, image: Image) -> str:
        renditions = list(image.renditions.all())
        if not renditions:
            return "none"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}×{})</li>',
                ((r.file.url, r.name, r.width, r.height) for r in renditions),
            ),
        )

    @admin.display(description="agencies")
    def agency_list(self, image: Image) -> str:
        return ", ".join(image.agencies)

    @admin.display(description="size")
    def dimensions(self, image: Image) -> str:
        return f"{image.width}×{image.height}" if image.width else "no file yet"
