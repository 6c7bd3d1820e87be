"""The editors' admin: articles with their captions inline (each with its image's credit and alt
text), images and publications, with the searches and filters a newsroom uses."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Article, Caption, Image, Publication
from articles.services import image_credit_set


class CaptionInlineForm(forms.ModelForm):
    """A caption with its image's credit and alt text, edited in the same row.

    Leaving the image empty creates a new image with the credit and alt text given."""

    credit = forms.CharField(
        label="credit",
        required=False,
        max_length=500,
        help_text="As printed, without “Photo:” or brackets, e.g. “EFE/EPA/Kev Hui Yeung”.",
    )
    alt_text = forms.CharField(label="alt text", required=False, max_length=500)

    class Meta:
        model = Caption
        fields = ["order", "position", "text", "image", "credit", "alt_text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].required = False
        self.fields["image"].help_text = "Leave empty to create a new image with this credit."
        image = self.instance.image if self.instance.image_id else None
        if image is not None:
            self.fields["credit"].initial = image.credit
            self.fields["alt_text"].initial = image.alt_text

    def save(self, commit: bool = True) -> Caption:
        caption = super().save(commit=False)
        if caption.image_id is None:
            caption.image = Image.objects.create()
        image_credit_set(
            image=caption.image,
            credit=self.cleaned_data.get("credit", ""),
            alt_text=self.cleaned_data.get("alt_text", ""),
        )
        if commit:
            caption.save()
        return caption


class CaptionInline(admin.TabularInline):
    model = Caption
    form = CaptionInlineForm
    extra = 0
    ordering = ["order"]
    autocomplete_fields = ["image"]
    fields = ["order", "position", "text", "image", "credit", "alt_text"]


class HasWarningsFilter(admin.SimpleListFilter):
    title = "parser warnings"
    parameter_name = "has_warnings"

    def lookups(self, request, model_admin):
        return [("yes", "With warnings"), ("no", "Without warnings")]

    def queryset(self, request, queryset: QuerySet[Article]):
        if self.value() == "yes":
            return queryset.exclude(parse_warnings=[])
        if self.value() == "no":
            return queryset.filter(parse_warnings=[])
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "publication",
        "published_at",
        "language",
        "caption_count",
        "warning_count",
        "updated_at",
    ]
    list_filter = ["publication", "language", HasWarningsFilter, "published_at"]
    list_select_related = ["publication"]
    search_fields = ["title", "body", "byline"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publication"]
    readonly_fields = [
        "api_link",
        "source_name",
        "source_hash",
        "parse_warnings",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "publication", "byline", "published_at", "language"]}),
        ("Body", {"fields": ["body", "attribution"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "api_link",
                    "source_name",
                    "source_hash",
                    "parse_warnings",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]
    inlines = [CaptionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(caption_total=Count("captions"))

    @admin.display(description="captions", ordering="caption_total")
    def caption_count(self, article: Article) -> int:
        return article.caption_total

    @admin.display(description="warnings")
    def warning_count(self, article: Article) -> int:
        return len(article.parse_warnings)

    @admin.display(description="in the API")
    def api_link(self, article: Article) -> str:
        if not article.pk:
            return "-"
        url = reverse("article-detail", kwargs={"slug": article.slug})
        return format_html('<a href="{}">{}</a>', url, url)


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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "credit", "photographer", "agency_list", "alt_text", "dimensions"]
    list_filter = [HasFileFilter, MissingAltTextFilter]
    search_fields = ["credit", "photographer", "alt_text", "captions__text"]
    readonly_fields = ["width", "height", "created_at", "updated_at"]
    fields = ["file", "credit", "photographer", "agencies", "alt_text", *readonly_fields]

    @admin.display(description="agencies")
    def agency_list(self, image: Image) -> str:
        return ", ".join(image.agencies)

    @admin.display(description="size")
    def dimensions(self, image: Image) -> str:
        return f"{image.width}×{image.height}" if image.width else "no file yet"


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "tagline", "article_count"]
    search_fields = ["name", "tagline"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Publication]:
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, publication: Publication) -> int:
        return publication.article_total


@admin.register(Caption)
class CaptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "position", "order"]
    list_select_related = ["article"]
    search_fields = ["text", "image__credit", "article__title"]
    autocomplete_fields = ["article", "image"]
