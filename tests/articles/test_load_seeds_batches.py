"""``load_seeds`` in batches: files parsed in worker processes and stored a batch at a time
leave the store exactly as a load of one file at a time does, and a bad file in a batch fails
alone."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles import loading
from articles.models import Article, Caption, Image, ImportRun
from newsapi.models import StoredRepresentation
from tests.articles.conftest import MANAGE, PROJECT, process_env
from tests.conftest import CORPUS, expected_parse

REAL_PAGES = PROJECT / "tests" / "fixtures" / "real" / "pages"
# Columns that hold the time of the write or a random mark: the only ones two loads of the
# same files may differ in.
MOMENTS = {
    "created_at",
    "updated_at",
    "history_date",
    "built_from",
    "removed_at",
    "replaced_at",
    "url_mark",
    "started_at",
    "finished_at",
    "duration",
}
MOMENT_IN_JSON = re.compile(r'"(created_at|updated_at)":"[^"]*"')
# Every table the loader writes or derives, with the import runs' own rows.
TABLES = [
    "articles_article",
    "articles_publication",
    "articles_image",
    "articles_caption",
    "articles_historicalarticle",
    "articles_historicalpublication",
    "articles_historicalimage",
    "articles_historicalcaption",
    "articles_articleslug",
    "articles_articletombstone",
    "articles_importrunfile",
    "newsapi_storedrepresentation",
]


def corpus_pages() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def write_archive(folder: Path) -> None:
    """The corpus with what a real archive holds besides: saved web pages with their text
    dumps (the same article in two formats), the same page twice, an empty file, two pages
    with one headline (so one slug wanted twice), a file of another kind."""
    folder.mkdir()
    for saved in sorted(REAL_PAGES.glob("*.html.gz"))[:6]:
        shutil.copy(saved, folder / saved.name)
        shutil.copy(saved.with_name(saved.name.replace(".html.gz", ".txt")), folder)
    pages = corpus_pages()
    for page in pages:
        shutil.copy(page, folder / page.name)
    shutil.copy(pages[3], folder / "003_copy.txt")
    (folder / "004_empty.txt").write_bytes(b"")
    headline = expected_parse(pages[1].stem)["headline"]
    text = pages[1].read_text(encoding="utf-8")
    (folder / "001_same_headline.txt").write_text(
        text.replace(headline, headline + " ", 1).replace("the", "a", 1), encoding="utf-8"
    )
    (folder / "notes.md").write_text("not a seed", encoding="utf-8")


def change_archive(folder: Path) -> None:
    """A second delivery: a page corrected, a page replaced by a copy of another, a new one."""
    corrected = folder / "002_calder-metro-fare-freeze.txt"
    corrected.write_text(
        corrected.read_text(encoding="utf-8").replace("the", "THE", 2), encoding="utf-8"
    )
    shutil.copy(folder / "000_a9ca0747e7548070.txt", folder / "005_riverton-library-reopens.txt")
    text = corpus_pages()[2].read_text(encoding="utf-8")
    (folder / "100_new.txt").write_text(text + "\n\nOne more paragraph.\n", encoding="utf-8")


def load_in_process(database: Path, folder: Path, *options: str) -> dict:
    done = subprocess.run(
        [*MANAGE, "load_seeds", "--json", *options, str(folder)],
        env=process_env(database),
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def snapshot(database: Path) -> dict[str, list[tuple]]:
    """Every row of every table the loader touches, without the moments of the writes."""
    rows = {}
    with sqlite3.connect(database) as connection:
        for table in TABLES:
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY 1")
            columns = [column[0] for column in cursor.description]
            kept = [index for index, name in enumerate(columns) if name not in MOMENTS]
            mark = columns.index("url_mark") if "url_mark" in columns else None
            table_rows = []
            for row in cursor.fetchall():
                values = [row[index] for index in kept]
                if mark is not None:  # a stored representation: its JSON names moments too
                    values = [
                        MOMENT_IN_JSON.sub(r'"\1":"…"', value.replace(row[mark], "MARK"))
                        if isinstance(value, str)
                        else value
                        for value in values
                    ]
                table_rows.append(tuple(values))
            rows[table] = table_rows
    return rows


def test_a_batched_load_leaves_the_store_as_a_load_file_by_file(migrated_database, tmp_path):
    one_by_one, batched = tmp_path / "one.sqlite3", tmp_path / "batched.sqlite3"
    shutil.copy(migrated_database, one_by_one)
    shutil.copy(migrated_database, batched)
    folder = tmp_path / "seeds"
    write_archive(folder)

    first = [
        load_in_process(one_by_one, folder, "--workers", "1", "--batch-size", "1"),
        load_in_process(batched, folder, "--workers", "2", "--batch-size", "7"),
    ]
    after_first = snapshot(one_by_one), snapshot(batched)
    change_archive(folder)
    second = [
        load_in_process(one_by_one, folder, "--workers", "1", "--batch-size", "1"),
        load_in_process(batched, folder, "--workers", "2", "--batch-size", "7"),
    ]
    after_second = snapshot(one_by_one), snapshot(batched)

    assert first[0]["files"] == first[1]["files"]
    assert second[0]["files"] == second[1]["files"]
    statuses = [entry["status"] for entry in second[1]["files"]]
    assert {"created", "updated", "unchanged", "failed", "skipped"} <= set(statuses), second[1][
        "files"
    ]
    reasons = [entry["reason"] for entry in first[1]["files"] if entry["reason"]]
    assert any(reason.endswith("(same content), not loaded again") for reason in reasons)
    assert any("(the same article in another format)" in reason for reason in reasons)
    assert after_first[0]["articles_article"], "nothing was loaded"
    for table in TABLES:
        assert after_first[0][table] == after_first[1][table], table
        assert after_second[0][table] == after_second[1][table], table


def stored_json() -> dict[int, tuple[str, str, str]]:
    """Each article's stored detail and list item, with its mark as ``MARK``, and its keys."""
    return {
        row.article_id: (
            row.detail.replace(row.url_mark, "MARK"),
            row.summary.replace(row.url_mark, "MARK"),
            row.surrogate_keys,
        )
        for row in StoredRepresentation.objects.all()
    }


@pytest.mark.django_db
def test_the_stored_json_of_a_load_is_what_the_serializers_build_reading_the_store(
    tmp_path, django_capture_on_commit_callbacks
):
    # Built from the articles in hand (the new ones) or read back (the others), the loader's
    # stored JSON must be the very bytes ``render_articles`` builds from the store.
    folder = tmp_path / "seeds"
    write_archive(folder)
    for delivery in (None, change_archive):
        if delivery:
            delivery(folder)
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(CommandError, match="failed to load"),  # the archive's bad files
        ):
            call_command("load_seeds", str(folder), batch_size=7, stdout=io.StringIO())
    loaded = stored_json()
    assert Caption.objects.exists() and Article.objects.filter(publication__isnull=False).exists()
    assert set(loaded) == set(Article.objects.values_list("pk", flat=True))

    call_command("render_articles", "--all", stdout=io.StringIO())

    assert stored_json() == loaded


@pytest.mark.django_db
def test_a_bad_file_in_a_batch_fails_alone_and_the_others_are_stored(tmp_path):
    pages = corpus_pages()[:4]
    for page in pages:
        shutil.copy(page, tmp_path / page.name)
    (tmp_path / "001_blank.txt").write_text("   \n\n  ", encoding="utf-8")
    shutil.copy(pages[0], tmp_path / "002_again.txt")
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 files failed"):
        call_command("load_seeds", str(tmp_path), batch_size=10, stdout=io.StringIO(), stderr=err)

    assert "FAILED 001_blank.txt: " in err.getvalue()
    assert f"FAILED 002_again.txt: duplicate of {pages[0].name}" in err.getvalue()
    assert set(Article.objects.values_list("source_name", flat=True)) == {p.name for p in pages}
    assert Caption.objects.count() == Image.objects.count()
    run = ImportRun.objects.get()
    assert (run.created, run.failed) == (4, 2)
    assert run.file_records.count() == 6


@pytest.mark.django_db
def test_one_headline_in_two_files_of_a_batch_gets_two_slugs(tmp_path):
    page = corpus_pages()[2]
    text = page.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("the", "a", 1), encoding="utf-8")

    call_command("load_seeds", str(tmp_path), batch_size=10, stdout=io.StringIO())

    slugs = dict(Article.objects.values_list("source_name", "slug"))
    base = slugs["a.txt"]
    assert slugs == {"a.txt": base, "b.txt": f"{base}-2"}


@pytest.mark.django_db
def test_the_same_file_named_twice_in_a_batch_is_loaded_once(tmp_path):
    page = corpus_pages()[0]

    out = io.StringIO()
    call_command("load_seeds", str(page), str(page), batch_size=10, verbosity=2, stdout=out)

    assert f"created {page.name}\nunchanged {page.name}" in out.getvalue()
    assert Article.objects.count() == 1


@pytest.mark.parametrize("option", ["--workers", "--batch-size"])
def test_workers_and_batch_size_must_be_at_least_one(option):
    done = subprocess.run(
        [*MANAGE, "load_seeds", option, "0"], cwd=PROJECT, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert f"argument {option}: must be at least 1, not 0" in done.stderr


@pytest.mark.django_db
def test_a_parsing_process_that_dies_stops_the_load_after_the_batches_stored(tmp_path, monkeypatch):
    for number, page in enumerate(corpus_pages()[:8]):
        shutil.copy(page, tmp_path / f"{number}.txt")
    real_parse = loading.parse_seed_file

    def parse_or_die(data, **arguments):
        # In the third batch: its parse starts once the first batch's parses are in hand (the
        # second's may be lost with the process, as a dying pool loses every parse under way).
        if arguments["name"] == "5.txt":
            os._exit(1)  # as the kernel's out-of-memory killer would end it
        return real_parse(data, **arguments)

    monkeypatch.setattr(loading, "parse_seed_file", parse_or_die)
    out = io.StringIO()

    with pytest.raises(CommandError, match="a parsing process ended unexpectedly") as raised:
        call_command(
            "load_seeds", str(tmp_path), workers=2, batch_size=2, stdout=out, stderr=io.StringIO()
        )

    assert raised.value.returncode == 1
    stored = Article.objects.count()
    assert stored in (2, 4)
    assert f"Interrupted: {stored} created, 0 updated" in out.getvalue()
    assert set(Article.objects.values_list("source_name", flat=True)) == {
        f"{number}.txt" for number in range(stored)
    }
    run = ImportRun.objects.get()
    assert run.interrupted and run.file_records.count() == stored
