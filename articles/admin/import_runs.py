"""The record of every seed load, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.loading import human_duration
from articles.models import ImportRun, ImportRunFile, ImportRunFileStatus


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
