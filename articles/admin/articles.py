"""Articles, with their captions inline (``admin.captions``), saved through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.captions import CAPTIONS, CaptionInline
from articles.admin.common import ADMIN_CSS, form_values, saved_into
from articles.history import article_versions
from articles.models import Article, ArticleStatus
from articles.parsing import UNCERTAIN_BELOW
from articles.services import (
    article_create,
    article_delete,
    article_publish,
    article_unpublish,
    article_update,
    article_withdraw,
)

ARTICLE_FIELDS = [
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


class ParseConfidenceFilter(admin.SimpleListFilter):
    title = "parse confidence"
    parameter_name = "confidence"

    def lookups(self, request, model_admin):
        return [
            ("low", f"Low (under {UNCERTAIN_BELOW}: boundaries uncertain)"),
            ("high", f"High ({UNCERTAIN_BELOW} or more)"),
            ("none", "Not loaded from a page"),
        ]

    def queryset(self, request, queryset: QuerySet[Article]):
        if self.value() == "low":
            return queryset.filter(parse_confidence__lt=UNCERTAIN_BELOW)
        if self.value() == "high":
            return queryset.filter(parse_confidence__gte=UNCERTAIN_BELOW)
        if self.value() == "none":
            return queryset.filter(parse_confidence__isnull=True)
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
        fields = ARTICLE_FIELDS
        error_messages = {
            "slug": {
                "unique": "Another article already has this slug; change it, for example by "
                "adding a word or a number.",
            }
        }


def _article_changes(form) -> dict:
    """The form's article fields as the services take them (the body as paragraphs)."""
    values = form_values(form, ARTICLE_FIELDS)
    if "body" in values:
        values["paragraphs"] = Article(body=values.pop("body")).paragraphs
    for name in ("byline", "attribution"):
        if values.get(name) is None and name in values:
            values[name] = ""
    return values


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
        ParseConfidenceFilter,
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
        "source_url",
        "canonical_url",
        "parse_confidence",
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
                    "source_url",
                    "canonical_url",
                    "parse_confidence",
                    "warning_list",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]
    inlines = [CaptionInline]
    object_history_template = "admin/articles/article/object_history.html"

    class Media:
        css = ADMIN_CSS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # An aggregate drops Meta.ordering: order again, or the autocomplete pages unordered.
        return (
            super()
            .get_queryset(request)
            .annotate(caption_total=Count("captions"))
            .order_by(*Article._meta.ordering)
        )

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        article = self.get_object(request, object_id)
        versions = article_versions(article) if article is not None else []
        captions = [
            v for v in versions if v.changes and v.changes[0].field.startswith(("caption", "image"))
        ]
        return super().history_view(
            request, object_id, extra_context={**(extra_context or {}), "caption_changes": captions}
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
        changes = _article_changes(form)
        if not change:
            saved = article_create(**changes, user=request.user)
        elif f"{CAPTIONS}-TOTAL_FORMS" in request.POST:
            # With its captions, in one call of the service (``save_related``): a shorter body
            # and captions moved up to fit it are one change.
            request._article_changes = changes
            return
        else:  # a revert from the history: the article alone
            saved = article_update(
                article=Article.objects.get(pk=obj.pk), changes=changes, user=request.user
            )
        saved_into(obj, saved)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        form.save_m2m()
        for formset in formsets:
            saved = article_update(
                article=Article.objects.get(pk=form.instance.pk),
                changes=getattr(request, "_article_changes", {}),
                captions=formset.caption_inputs(request.user),
                user=request.user,
            )
            saved_into(form.instance, saved)
            formset.record_saved(saved)

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        article_delete(article=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            article_delete(article=article, user=request.user)

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
        noun = "article" if done == 1 else "articles"
        message = f"{done} {noun} {verb}"
        if skipped:
            message += f"; {skipped} {'was' if skipped == 1 else 'were'} "
            message += skipped_as or f"already {verb}"
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
