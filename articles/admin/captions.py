"""Captions: inline on their article's page (each with its image's credit, alt text and file),
and on their own."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.common import (
    form_values,
    image_thumbnail_html,
    image_upload_check,
    saved_into,
)
from articles.images import ACCEPTED_LIST
from articles.models import Article, Caption
from articles.services import (
    CaptionInput,
    caption_create,
    caption_delete,
    caption_update,
    image_create,
    image_file_replace,
)

CAPTIONS = "captions"  # the inline's prefix, the captions' related name


class CaptionInlineForm(forms.ModelForm):
    """A caption with its image's credit and alt text, edited in the same block; saved by the
    article's service with the rest of the article (``ArticleAdmin.save_related``).

    Leaving the image empty creates a new image with the credit and alt text given."""

    credit = forms.CharField(
        label="Credit",
        required=False,
        max_length=500,
        help_text="As printed, without “Photo:” or brackets, e.g. “EFE/EPA/Kev Hui Yeung”.",
    )
    alt_text = forms.CharField(label="Alt text", required=False, max_length=500)
    upload = forms.FileField(
        label="Upload a file",
        required=False,
        help_text=f"A {ACCEPTED_LIST} file for this caption's image; it replaces the image's "
        "current file.",
    )

    class Meta:
        model = Caption
        fields = ["order", "position", "text", "image", "credit", "alt_text", "upload"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].required = False
        self.fields["image"].help_text = "Leave empty to create a new image with this credit."
        image = self.instance.image if self.instance.image_id else None
        if image is not None:
            self.fields["credit"].initial = image.credit
            self.fields["alt_text"].initial = image.alt_text

    def clean_upload(self):
        return image_upload_check(self.cleaned_data.get("upload"))

    def caption_input(self, user) -> CaptionInput:
        """The caption as the article's service takes it, its upload stored first."""
        data = self.cleaned_data
        image, upload = data.get("image"), data.get("upload")
        credit, alt_text = data.get("credit", ""), data.get("alt_text", "")
        if upload and image is not None:
            image = image_file_replace(image=image, file=upload, user=user)
        elif upload:
            image = image_create(file=upload, credit=credit, alt_text=alt_text, user=user)
        return CaptionInput(
            id=self.instance.pk,
            text=data.get("text", ""),
            position=data.get("position", 0),
            image=image,
            credit=credit,
            alt_text=alt_text,
            order=data.get("order", 0),
        )


class CaptionInlineFormSet(BaseInlineFormSet):
    """Captions are reordered by editing their ``order`` numbers; the formset refuses two rows
    with one number, and the service saves a swap or a shift without colliding."""

    def get_unique_error_message(self, unique_check) -> str:
        if "order" in unique_check:
            return "Two captions have the same order number: give each caption its own."
        return super().get_unique_error_message(unique_check)

    def caption_inputs(self, user) -> list[CaptionInput]:
        """Every caption the article keeps, in order: the forms not deleted, new ones filled."""
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form)
            and (form.instance.pk is not None or form.has_changed())
        ]
        return sorted((form.caption_input(user) for form in kept), key=lambda item: item.order)

    def record_saved(self, article: Article) -> None:
        """What ``save()`` would have recorded, for the admin's log message."""
        before = {form.instance.pk for form in self.initial_forms}
        deleted = [form for form in self.initial_forms if self._should_delete_form(form)]
        self.deleted_objects = [form.instance for form in deleted]
        self.new_objects = [c for c in article.captions.all() if c.pk not in before]
        self.changed_objects = [
            (form.instance, form.changed_data)
            for form in self.initial_forms
            if form not in deleted and form.changed_data
        ]


class CaptionInline(admin.StackedInline):
    """A caption a block: as a table row, its eight fields made the table wider than the page,
    whatever the screen."""

    model = Caption
    form = CaptionInlineForm
    formset = CaptionInlineFormSet
    extra = 0
    ordering = ["order"]
    autocomplete_fields = ["image"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("thumbnail", "text"),
                    "image",
                    ("order", "position"),
                    ("credit", "alt_text"),
                    "upload",
                ]
            },
        )
    ]
    readonly_fields = ["thumbnail"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Caption]:
        return (
            super()
            .get_queryset(request)
            .select_related("image")
            .prefetch_related("image__renditions")
        )

    @admin.display(description="picture")
    def thumbnail(self, caption: Caption) -> str:
        return image_thumbnail_html(caption.image if caption.image_id else None)


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
