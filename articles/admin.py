"""The editors' admin: articles with their captions inline (each with its image's credit and alt
text), images and publications, with the searches and filters a newsroom uses."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from articles.images import ACCEPTED_LIST, image_file_check
from articles.loading import human_duration
from articles.models import (
    Article,
    ArticleStatus,
    Caption,
    Image,
    ImportRun,
    ImportRunFile,
    ImportRunFileStatus,
    Publication,
)
from articles.services import (
    article_publish,
    article_unpublish,
    article_visibility_changed,
    article_withdraw,
    caption_orders_release,
    image_create,
    image_credit_set,
    image_file_replace,
    image_renditions_refresh,
)

THUMBNAIL_DISPLAY_WIDTH = 160


def image_upload_check(upload):
    """The admin's check of an uploaded image: the same rules and words as every other way in."""
    if upload:
        image_file_check(
            upload,
            name=upload.name,
            max_bytes=settings.IMAGE_MAX_BYTES,
            max_pixels=settings.IMAGE_MAX_PIXELS,
        )
    return upload


def image_thumbnail_html(image: Image | None) -> str:
    """An ``<img>`` of the image's thumbnail rendition, or the words "no file yet"."""
    if image is None or not image.file:
        return "no file yet"
    thumbnail = image.rendition("thumbnail")
    url = thumbnail.file.url if thumbnail else image.file.url
    return format_html(
        '<img src="{}" width="{}" alt="{}" loading="lazy">',
        url,
        THUMBNAIL_DISPLAY_WIDTH,
        image.alt_text,
    )


class CaptionInlineForm(forms.ModelForm):
    """A caption with its image's credit and alt text, edited in the same block.

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

    def save(self, commit: bool = True) -> Caption:
        caption = super().save(commit=False)
        upload = self.cleaned_data.get("upload")
        credit = self.cleaned_data.get("credit", "")
        alt_text = self.cleaned_data.get("alt_text", "")
        if caption.image_id is None:
            caption.image = (
                image_create(file=upload, credit=credit, alt_text=alt_text)
                if upload
                else Image.objects.create()
            )
        elif upload:
            image_file_replace(image=caption.image, file=upload)
        # Saving an unchanged image would only add an empty entry to its history.
        if (caption.image.credit, caption.image.alt_text) != (credit.strip(), alt_text.strip()):
            image_credit_set(image=caption.image, credit=credit, alt_text=alt_text)
        if commit:
            caption.save()
        return caption


class CaptionInlineFormSet(BaseInlineFormSet):
    """Captions are reordered by editing their ``order`` numbers; the formset already refuses
    two rows with one number, and this makes a swap or a shift save without colliding."""

    def save_existing_objects(self, commit: bool = True) -> list[Caption]:
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk and (form in self.deleted_forms or "order" in form.changed_data)
            ]
            caption_orders_release(article=self.instance, caption_ids=moving)
        return super().save_existing_objects(commit)

    def get_unique_error_message(self, unique_check) -> str:
        if "order" in unique_check:
            return "Two captions have the same order number: give each caption its own."
        return super().get_unique_error_message(unique_check)


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


class CaptionCountFilter(admin.SimpleListFilter):
    title = "number of captions"
    parameter_name = "captions"

    def lookups(self, request, model_admin):
        return [("0", "None"), ("1", "One"), ("2+", "Two or more")]

    def queryset(self, request, queryset: QuerySet[Article]):
        # ``caption_total`` is annotated by ArticleAdmin.get_queryset.
        if self.value() == "0":
            return queryset.filter(caption_total=0)
        if self.value() == "1":
            return queryset.filter(caption_total=1)
        if self.value() == "2+":
            return queryset.filter(caption_total__gte=2)
        return queryset


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "status",
            "publication",
            "byline",
            "published_at",
            "language",
            "body",
            "attribution",
        ]
        error_messages = {
            "slug": {
                "unique": "Another article already has this slug; change it, for example by "
                "adding a word or a number.",
            }
        }


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    actions = ["publish_now", "withdraw", "move_to_draft"]
    history_list_display = ["status"]
    list_display = [
        "title",
        "status",
        "publication",
        "published_at",
        "language",
        "caption_count",
        "warning_count",
        "updated_at",
    ]
    list_filter = [
        "status",
        "publication",
        "language",
        HasWarningsFilter,
        CaptionCountFilter,
        "published_at",
    ]
    list_select_related = ["publication"]
    search_fields = ["title", "body", "byline"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publication"]
    readonly_fields = [
        "slug_history",
        "api_link",
        "source_name",
        "source_hash",
        "warning_list",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "slug_history",
                    "status",
                    "publication",
                    "byline",
                    "published_at",
                    "language",
                ]
            },
        ),
        ("Body", {"fields": ["body", "attribution"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "api_link",
                    "source_name",
                    "source_hash",
                    "warning_list",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]
    inlines = [CaptionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # An aggregate drops Meta.ordering: order again, or the autocomplete pages unordered.
        return (
            super()
            .get_queryset(request)
            .annotate(caption_total=Count("captions"))
            .order_by(*Article._meta.ordering)
        )

    @admin.display(description="previous slugs")
    def slug_history(self, article: Article) -> str:
        previous = [slug.slug for slug in article.previous_slugs.all()] if article.pk else []
        if not previous:
            return "None: when the slug changes, links to the old one keep leading here."
        return ", ".join(previous) + " (links to these lead here)"

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        # An article written in the admin starts as a draft; the model's default (published)
        # is for the seed loader, whose pages were published already.
        return {"status": ArticleStatus.DRAFT, **super().get_changeform_initial_data(request)}

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        # Read from the database: ``obj`` already holds the form's new status.
        was_public = change and Article.objects.published().filter(pk=obj.pk).exists()
        since = timezone.now()
        super().save_model(request, obj, form, change)
        article_visibility_changed(article=obj, was_public=was_public, since=since)

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._change_status(
            request, queryset, ArticleStatus.PUBLISHED, article_publish, "published"
        )

    @admin.action(description="Withdraw", permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._change_status(
            request, queryset, ArticleStatus.WITHDRAWN, article_withdraw, "withdrawn"
        )

    @admin.action(description="Move back to draft", permissions=["change"])
    def move_to_draft(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._change_status(
            request,
            queryset,
            ArticleStatus.DRAFT,
            article_unpublish,
            "moved back to draft",
            skipped_as="already in draft",
        )

    def _change_status(
        self,
        request: HttpRequest,
        queryset: QuerySet[Article],
        status: str,
        service,
        verb: str,
        skipped_as: str = "",
    ) -> None:
        """Apply ``service`` to every selected article not already in ``status``; one service
        call per article, so that each leaves its history entry and, if due, its tombstone."""
        done = skipped = 0
        for article in queryset:
            if article.status == status:
                skipped += 1
                continue
            service(article=article, user=request.user)
            done += 1
        self._report(request, done, verb, skipped, skipped_as or f"already {verb}")

    def _report(
        self, request: HttpRequest, done: int, verb: str, skipped: int, skipped_as: str
    ) -> None:
        """One message: "2 articles published; 1 was already published." """
        noun = "article" if done == 1 else "articles"
        message = f"{done} {noun} {verb}"
        if skipped:
            message += f"; {skipped} {'was' if skipped == 1 else 'were'} {skipped_as}"
        self.message_user(request, message + ".", messages.SUCCESS if done else messages.WARNING)

    @admin.display(description="captions", ordering="caption_total")
    def caption_count(self, article: Article) -> int:
        return article.caption_total

    @admin.display(description="warnings")
    def warning_count(self, article: Article) -> int:
        return len(article.parse_warnings)

    @admin.display(description="parser warnings")
    def warning_list(self, article: Article) -> str:
        """The parser's warnings as a list to read, not the JSON they are stored as."""
        if not article.parse_warnings:
            return "None: the parser was sure of everything."
        items = format_html_join(
            "", "<li>{}</li>", ((warning,) for warning in article.parse_warnings)
        )
        return format_html('<ul class="parse-warnings">{}</ul>', items)

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


class ImageAdminForm(forms.ModelForm):
    """The file is uploaded through ``upload`` rather than the model field, so that it goes
    through the image services: checked, stored with its size and renditions."""

    upload = forms.FileField(
        label="file",
        required=False,
        help_text=f"A {ACCEPTED_LIST} file; uploading one replaces the current file.",
    )

    class Meta:
        model = Image
        fields = ["credit", "photographer", "agencies", "alt_text"]

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
        "width",
        "height",
        "rendition_list",
        "created_at",
        "updated_at",
    ]
    fields = ["upload", "credit", "photographer", "agencies", "alt_text", *readonly_fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Image]:
        return super().get_queryset(request).prefetch_related("renditions")

    def save_model(self, request: HttpRequest, obj: Image, form, change: bool) -> None:
        upload = form.cleaned_data.get("upload")
        if upload:
            # The service saves the image with the rest of the form's changes, in one
            # history entry.
            image_file_replace(image=obj, file=upload, user=request.user)
            return
        stored_file = (
            Image.objects.filter(pk=obj.pk).values_list("file", flat=True).first() if change else ""
        )
        super().save_model(request, obj, form, change)
        if (stored_file or "") != (obj.file.name or ""):
            # A revert from the history brought back another file: its renditions follow.
            image_renditions_refresh(image=obj)

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


@admin.register(Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "tagline", "article_count"]
    search_fields = ["name", "tagline"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Publication]:
        # An aggregate drops Meta.ordering: order again, or the autocomplete pages unordered.
        return (
            super().get_queryset(request).annotate(article_total=Count("articles")).order_by("name")
        )

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, publication: Publication) -> int:
        return publication.article_total


@admin.register(Caption)
class CaptionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "article", "position", "order"]
    list_select_related = ["article"]
    search_fields = ["text", "image__credit", "article__title"]
    autocomplete_fields = ["article", "image"]


class ImportRunOutcomeFilter(admin.SimpleListFilter):
    title = "outcome"
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [
            ("failures", "With failed files"),
            ("interrupted", "Interrupted"),
            ("unfinished", "Not finished (running, or killed)"),
            ("clean", "Finished without failures"),
        ]

    def queryset(self, request, queryset: QuerySet[ImportRun]):
        if self.value() == "failures":
            return queryset.filter(failed__gt=0)
        if self.value() == "interrupted":
            return queryset.filter(interrupted=True)
        if self.value() == "unfinished":
            return queryset.filter(finished_at__isnull=True)
        if self.value() == "clean":
            return queryset.filter(finished_at__isnull=False, interrupted=False, failed=0)
        return queryset


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The record of every seed load, read-only: it is what happened, not something to edit."""

    # The detail page lists up to this many failed or skipped files, then as many that loaded.
    FILES_SHOWN = 1000

    list_display = [
        "__str__",
        "outcome",
        "path_list",
        "created",
        "updated",
        "unchanged",
        "failed",
        "skipped",
        "run_time",
    ]
    list_filter = [ImportRunOutcomeFilter, "started_at"]
    date_hierarchy = "started_at"
    fields = [
        "started_at",
        "finished_at",
        "run_time",
        "outcome",
        "path_list",
        "created",
        "updated",
        "unchanged",
        "failed",
        "skipped",
        "file_table",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False

    @admin.display(description="outcome")
    def outcome(self, run: ImportRun) -> str:
        if run.finished_at is None:
            return "not finished (running, or killed)"
        if run.interrupted:
            return "interrupted"
        if run.failed:
            return f"{run.failed} failed"
        return "complete"

    @admin.display(description="paths")
    def path_list(self, run: ImportRun) -> str:
        return ", ".join(run.paths)

    @admin.display(description="duration", ordering="finished_at")
    def run_time(self, run: ImportRun) -> str:
        return human_duration(run.duration.total_seconds()) if run.duration else "-"

    @admin.display(description="files")
    def file_table(self, run: ImportRun) -> str:
        """Failed and skipped files first, with their reasons; then the files that loaded,
        each linked to its article. Each group is read up to ``FILES_SHOWN`` rows, so that the
        page of a 10,000-file run stays quick to build and to read; the rest are counted."""
        records = run.file_records.only("name", "status", "reason", "article_id")
        attention = records.filter(
            status__in=[ImportRunFileStatus.FAILED, ImportRunFileStatus.SKIPPED]
        )
        loaded = records.exclude(
            status__in=[ImportRunFileStatus.FAILED, ImportRunFileStatus.SKIPPED]
        )
        rows = []
        notes = []
        for group, label in ((attention, "failed or skipped"), (loaded, "that loaded")):
            shown = list(group[: self.FILES_SHOWN])
            rows += shown
            if len(shown) == self.FILES_SHOWN:
                more = group.count() - len(shown)
                if more:
                    notes.append(format_html("<p>and {} more files {}</p>", more, label))
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((record.name, record.status, self._reason_or_link(record)) for record in rows),
        )
        return format_html(
            '<table class="import-files"><thead><tr><th>file</th><th>status</th>'
            "<th>reason or article</th></tr></thead><tbody>{}</tbody></table>{}",
            body,
            format_html_join("", "{}", ((note,) for note in notes)),
        )

    @staticmethod
    def _reason_or_link(record: ImportRunFile) -> str:
        if record.article_id:
            url = reverse("admin:articles_article_change", args=[record.article_id])
            return format_html('<a href="{}">article {}</a>', url, record.article_id)
        return record.reason
