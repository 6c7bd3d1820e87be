"""Provenance in the admin: import runs (read-only, with their files and reasons) and the
parser's warnings on an article's page, readable and filterable."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.admin import ImportRunAdmin
from articles.models import Article, ImportRun, ImportRunFile
from tests.conftest import CORPUS, SEED_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs(tmp_path) -> tuple[ImportRun, ImportRun]:
    """A run with a failed and a skipped file, then a clean reload of the good file."""
    shutil.copy(SEED_FILE, tmp_path / SEED_FILE.name)
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (tmp_path / "notes.md").write_text("not a seed", encoding="utf-8")
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    with pytest.raises(CommandError):
        call_command("load_seeds", str(tmp_path), **quiet)
    call_command("load_seeds", str(tmp_path / SEED_FILE.name), **quiet)
    first, second = ImportRun.objects.order_by("started_at")
    return first, second


def test_the_list_shows_each_run_with_its_counts_and_duration(staff_client, runs):
    response = staff_client.get(reverse("admin:articles_importrun_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    html = response.content.decode()
    assert "1 failed" in html
    assert "complete" in html
    assert '<td class="field-created">1</td>' in html
    assert '<td class="field-unchanged">1</td>' in html
    assert '<td class="field-run_time">0.' in html


def test_the_list_filters_runs_with_failures(staff_client, runs):
    url = reverse("admin:articles_importrun_changelist")

    failures = staff_client.get(url, {"outcome": "failures"})
    clean = staff_client.get(url, {"outcome": "clean"})

    assert [run.pk for run in failures.context["cl"].result_list] == [runs[0].pk]
    assert [run.pk for run in clean.context["cl"].result_list] == [runs[1].pk]


def test_the_detail_page_lists_the_files_with_reasons_and_articles(staff_client, runs):
    article = Article.objects.get()

    response = staff_client.get(reverse("admin:articles_importrun_change", args=[runs[0].pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<td>broken.txt</td><td>failed</td><td>binary data (looks like a PNG image)" in html
    skipped = "<td>notes.md</td><td>skipped</td><td>not a .txt, .html, .htm or .html.gz file</td>"
    assert skipped in html
    article_url = reverse("admin:articles_article_change", args=[article.pk])
    assert f'<td>{SEED_FILE.name}</td><td>created</td><td><a href="{article_url}">' in html
    # Failed and skipped files come before the ones that loaded.
    assert html.index("broken.txt") < html.index(SEED_FILE.name + "</td>")


def test_import_runs_are_read_only(staff_client, runs):
    change_url = reverse("admin:articles_importrun_change", args=[runs[0].pk])

    add = staff_client.get(reverse("admin:articles_importrun_add"))
    post = staff_client.post(change_url, {"created": "99"})
    delete = staff_client.get(reverse("admin:articles_importrun_delete", args=[runs[0].pk]))
    page = staff_client.get(change_url)

    assert add.status_code == 403
    assert post.status_code == 403
    assert delete.status_code == 403
    assert 'name="_save"' not in page.content.decode()
    runs[0].refresh_from_db()
    assert runs[0].created == 1


def test_an_unfinished_run_is_shown_as_such(staff_client):
    ImportRun.objects.create(paths=["seeds"])
    response = staff_client.get(reverse("admin:articles_importrun_changelist"))
    assert "not finished (running, or killed)" in response.content.decode()


def test_anonymous_users_cannot_see_import_runs(client, runs):
    response = client.get(reverse("admin:articles_importrun_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_articles_warnings_are_listed_on_its_page(staff_client, seed_article):
    assert seed_article.parse_warnings, "the seed article should have warnings to show"

    response = staff_client.get(reverse("admin:articles_article_change", args=[seed_article.pk]))

    html = response.content.decode()
    items = "".join(f"<li>{warning}</li>" for warning in seed_article.parse_warnings)
    assert f'<ul class="parse-warnings">{items}</ul>' in html
    assert str(seed_article.parse_warnings).replace("'", "&quot;") not in html


def test_an_article_without_warnings_says_so(staff_client, seed_article):
    Article.objects.filter(pk=seed_article.pk).update(parse_warnings=[])
    response = staff_client.get(reverse("admin:articles_article_change", args=[seed_article.pk]))
    assert "None: the parser was sure of everything." in response.content.decode()


def test_articles_with_warnings_can_be_listed(staff_client, corpus_articles):
    url = reverse("admin:articles_article_changelist")
    with_warnings = [article.pk for article in corpus_articles if article.parse_warnings]
    assert 0 < len(with_warnings) < len(list(CORPUS.glob("*.txt")))

    response = staff_client.get(url, {"has_warnings": "yes"})

    assert sorted(article.pk for article in response.context["cl"].result_list) == sorted(
        with_warnings
    )


def test_a_big_runs_page_shows_a_bounded_table_and_counts_the_rest(staff_client, monkeypatch):
    monkeypatch.setattr(ImportRunAdmin, "FILES_SHOWN", 2)
    run = ImportRun.objects.create(paths=["seeds"], created=4, failed=3)
    statuses = ["created", "failed", "created", "failed", "created", "failed", "created"]
    ImportRunFile.objects.bulk_create(
        ImportRunFile(run=run, position=number, name=f"{number}.txt", status=status, reason="x")
        for number, status in enumerate(statuses)
    )

    response = staff_client.get(reverse("admin:articles_importrun_change", args=[run.pk]))

    html = response.content.decode()
    shown = re.findall(r"<td>(\d+\.txt)</td><td>(\w+)</td>", html)
    assert shown == [
        ("1.txt", "failed"),
        ("3.txt", "failed"),
        ("0.txt", "created"),
        ("2.txt", "created"),
    ]
    assert "<p>and 1 more files failed or skipped</p>" in html
    assert "<p>and 2 more files that loaded</p>" in html
