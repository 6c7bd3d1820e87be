"""The ``load_seeds`` command: idempotency, updates in place, bad files among good ones."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.text import slugify

from articles import loading
from articles.management.commands import load_seeds as load_seeds_command
from articles.models import Article, Caption, Image, ImportRun, Publication
from tests.conftest import CORPUS, SEED_FILE, expected_parse

PROJECT = Path(__file__).resolve().parents[2]


def load(*paths, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_seeds", *[str(p) for p in paths], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def recorded_files(run: ImportRun) -> list[dict]:
    """A run's file records in the order the files came, each with its reason or article
    only when it has one."""
    entries = []
    for record in run.file_records.order_by("position"):
        entry = {"name": record.name, "status": record.status}
        if record.reason:
            entry["reason"] = record.reason
        if record.article_id is not None:
            entry["article_id"] = record.article_id
        entries.append(entry)
    return entries


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in ("000_a9ca0747e7548070.txt", "002_calder-metro-fare-freeze.txt"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.mark.django_db
def test_loads_the_seed_article_with_its_captions():
    out, _ = load(SEED_FILE)

    assert "1 created, 0 updated, 0 unchanged, 0 failed" in out
    article = Article.objects.get()
    assert article.source_name == SEED_FILE.name
    assert len(article.source_hash) == 64
    assert len(article.paragraphs) == 13
    assert article.publication.name == "East Africa News Post"
    assert article.attribution == "With information from EFE"
    assert [c.position for c in article.captions.order_by("order")] == [0, 4, 8, 12]
    assert Image.objects.count() == 4


@pytest.mark.django_db
def test_a_second_run_reports_every_file_unchanged_and_writes_nothing(
    seed_dir, django_assert_max_num_queries
):
    load(seed_dir)
    before = list(Article.objects.values_list("id", "slug", "updated_at"))

    # No parse and no write of content: one lookup for the whole folder (one per chunk of
    # files), plus the import run's start and end (the files' records in one insert and the
    # counts in one update, in one transaction: a savepoint and its release inside the test's).
    with django_assert_max_num_queries(6):
        out, _ = load(seed_dir)

    assert "0 created, 0 updated, 2 unchanged, 0 failed" in out
    assert list(Article.objects.values_list("id", "slug", "updated_at")) == before


@pytest.mark.django_db
def test_a_changed_file_updates_its_article_in_place(seed_dir):
    load(seed_dir)
    path = seed_dir / "000_a9ca0747e7548070.txt"
    article = Article.objects.get(source_name=path.name)
    caption_ids = list(article.captions.order_by("order").values_list("id", flat=True))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("China may be nervous.", "China may well be nervous.").replace(
            "EFE/EPA/Sergey Bobylev/Sputnik/Kremlin Basin", "REUTERS/Jane Doe"
        ),
        encoding="utf-8",
    )

    out, _ = load(seed_dir)

    assert "0 created, 1 updated, 1 unchanged, 0 failed" in out
    updated = Article.objects.get(source_name=path.name)
    assert (updated.pk, updated.slug) == (article.pk, article.slug)
    assert any(p.startswith("China may well be nervous.") for p in updated.paragraphs)
    assert list(updated.captions.order_by("order").values_list("id", flat=True)) == caption_ids
    last = updated.captions.order_by("order").last()
    assert (last.image.credit, last.image.photographer) == ("REUTERS/Jane Doe", "Jane Doe")
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_file_that_loses_captions_loses_their_images(seed_dir):
    load(seed_dir)
    path = seed_dir / "000_a9ca0747e7548070.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text(
        "\n".join(line for line in lines if "Chinese President Xi Jinping in a file" not in line),
        encoding="utf-8",
    )

    load(seed_dir)

    article = Article.objects.get(source_name=path.name)
    assert article.captions.count() == 3
    assert Image.objects.filter(captions__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_bad_file_is_named_with_the_reason_and_the_others_load(seed_dir):
    (seed_dir / "001_empty.txt").write_bytes(b"")
    (seed_dir / "003_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))

    with pytest.raises(CommandError, match="2 files failed to load"):
        load(seed_dir)

    assert Article.objects.count() == 2
    assert set(Article.objects.values_list("source_name", flat=True)) == {
        "000_a9ca0747e7548070.txt",
        "002_calder-metro-fare-freeze.txt",
    }


@pytest.mark.django_db
def test_failures_are_reported_on_stderr_with_the_file_name(seed_dir):
    (seed_dir / "001_empty.txt").write_bytes(b"")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_seeds", str(seed_dir), stdout=io.StringIO(), stderr=err)
    assert "FAILED 001_empty.txt:" in err.getvalue()
    assert "empty" in err.getvalue()


@pytest.mark.django_db
def test_headline_without_body_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "headline-only.txt"
    path.write_text("Some Outlet\n\nA headline with nothing under it\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_seeds", str(path), stdout=io.StringIO(), stderr=err)
    assert "headline-only.txt" in err.getvalue()
    assert Article.objects.count() == 0
    assert Publication.objects.count() == 0


@pytest.mark.django_db
def test_oversized_files_are_refused_with_the_limit(tmp_path, settings):
    settings.SEED_MAX_BYTES = 1024
    path = tmp_path / "big.txt"
    path.write_text(SEED_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_seeds", str(path), stdout=io.StringIO(), stderr=err)
    assert "FAILED big.txt: file is 4.8 KB, over the 1.0 KB limit (SEED_MAX_BYTES)" in (
        err.getvalue()
    )


@pytest.mark.django_db
def test_the_same_page_in_two_files_loads_once(seed_dir):
    shutil.copy(seed_dir / "000_a9ca0747e7548070.txt", seed_dir / "999_copy.txt")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 file failed"):
        call_command("load_seeds", str(seed_dir), stdout=io.StringIO(), stderr=err)
    assert "FAILED 999_copy.txt: duplicate of 000_a9ca0747e7548070.txt" in err.getvalue()
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_non_txt_files_in_a_folder_are_skipped_and_counted(seed_dir):
    (seed_dir / "notes.md").write_text("not a seed", encoding="utf-8")
    out, _ = load(seed_dir)
    assert "2 created, 0 updated, 0 unchanged, 0 failed, 1 skipped" in out


@pytest.mark.django_db
def test_a_missing_path_is_reported(tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_seeds", str(tmp_path / "nope.txt"), stdout=io.StringIO(), stderr=err)
    assert "no such file or folder" in err.getvalue()


@pytest.mark.django_db
def test_dry_run_parses_and_writes_nothing(seed_dir):
    out, _ = load(seed_dir, dry_run=True)
    assert "Dry run, nothing written: 2 created" in out
    assert Article.objects.count() == 0
    assert Caption.objects.count() == 0


@pytest.mark.django_db
def test_every_corpus_file_loads(corpus_articles):
    assert len(corpus_articles) == len(list(CORPUS.glob("*.txt")))


def test_exit_status_is_non_zero_when_a_file_fails(tmp_path):
    """Through a real process, as a shell script or CI would run it."""
    database = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(PROJECT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=PROJECT)
    (tmp_path / "bad.txt").write_bytes(b"   \n\n  ")
    shutil.copy(SEED_FILE, tmp_path / SEED_FILE.name)

    failed = subprocess.run(
        [*manage, "load_seeds", str(tmp_path)], env=env, cwd=PROJECT, capture_output=True, text=True
    )
    again = subprocess.run(
        [*manage, "load_seeds", str(tmp_path / SEED_FILE.name)],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )

    assert failed.returncode == 1
    assert "FAILED bad.txt:" in failed.stderr
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in failed.stdout
    assert again.returncode == 0
    assert "0 created, 0 updated, 1 unchanged, 0 failed" in again.stdout


# Bad input: every kind is named on one line with its reason, nothing of it is written, the
# other files of the folder still load, and the import run keeps the reason.


def _write_undecodable(folder: Path) -> str:
    data = (CORPUS / "002_calder-metro-fare-freeze.txt").read_bytes()
    (folder / "005_undecodable.txt").write_bytes(data.replace(b"fare", b"f\x81are", 1))
    return "005_undecodable.txt"


def _write_unreadable_symlink(folder: Path) -> str:
    (folder / "005_dangling.txt").symlink_to(folder / "gone.txt")
    return "005_dangling.txt"


def _write_folder_named_txt(folder: Path) -> str:
    (folder / "005_folder.txt").mkdir()
    (folder / "005_folder.txt" / "inner.txt").write_text("not loaded", encoding="utf-8")
    return "005_folder.txt"


def _write_named_pipe(folder: Path) -> str:
    os.mkfifo(folder / "005_pipe.txt")
    return "005_pipe.txt"


def _writer(name: str, data: bytes):
    def write(folder: Path) -> str:
        (folder / name).write_bytes(data)
        return name

    return write


BAD_FILES = {
    "empty": _writer("005_empty.txt", b""),
    "whitespace only": _writer("005_blank.txt", b"  \n\t\n  \r\n"),
    "an image renamed .txt": _writer(
        "005_photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)
    ),
    "invalid byte sequence": _write_undecodable,
    "headline without body": _writer(
        "005_headline.txt", b"Some Outlet\n\nA headline with nothing under it\n"
    ),
    "a broken symbolic link": _write_unreadable_symlink,
    "a folder named .txt": _write_folder_named_txt,
    "a named pipe": _write_named_pipe,
}
BAD_REASONS = {
    "empty": "empty file",
    "whitespace only": "only whitespace, no text",
    "an image renamed .txt": "binary data (looks like a JPEG image), not text",
    "invalid byte sequence": (
        "undecodable bytes (byte 0x81 is neither UTF-8 nor Windows-1252 text) (line 3)"
    ),
    "headline without body": "headline but no body paragraphs (line 3)",
    "a broken symbolic link": "cannot read: broken symbolic link to ",
    "a folder named .txt": "cannot read: a folder, not a file",
    "a named pipe": "cannot read: not a regular file (a pipe, socket or device)",
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_with_a_one_line_reason_and_nothing_of_it_is_written(seed_dir, kind):
    name = BAD_FILES[kind](seed_dir)
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 file failed to load"):
        call_command("load_seeds", str(seed_dir), stdout=out, stderr=err)

    failures = err.getvalue().splitlines()
    assert len(failures) == 1
    assert failures[0].startswith(f"FAILED {name}: {BAD_REASONS[kind]}")
    assert "2 created, 0 updated, 0 unchanged, 1 failed, 0 skipped" in out.getvalue()
    good = ["000_a9ca0747e7548070", "002_calder-metro-fare-freeze"]
    assert sorted(Article.objects.values_list("source_name", flat=True)) == [
        f"{stem}.txt" for stem in good
    ]
    # Only the good files' rows: their captions and images, and their outlets.
    expected_captions = sum(len(expected_parse(stem)["captions"]) for stem in good)
    assert Caption.objects.count() == Image.objects.count() == expected_captions
    assert Publication.objects.count() == len(
        {expected_parse(stem)["publication"]["name"] for stem in good}
    )
    run = ImportRun.objects.get()
    assert {
        "name": name,
        "status": "failed",
        "reason": failures[0].split(": ", 1)[1],
    } in recorded_files(run)


@pytest.mark.django_db
def test_a_windows_1252_file_loads_with_the_right_text(tmp_path):
    text = (CORPUS / "006_valdelora-molino-aceite.txt").read_text(encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))

    load(tmp_path / "legacy.txt")

    article = Article.objects.get(source_name="legacy.txt")
    expected = expected_parse("006_valdelora-molino-aceite")
    assert article.title == expected["headline"]
    assert "más antiguo" in article.title
    assert article.paragraphs == expected["paragraphs"]


@pytest.mark.django_db
def test_a_page_too_long_to_store_is_refused_not_cut(tmp_path, monkeypatch):
    real_parse = loading.parse_seed_file

    def parse_with_a_runaway_headline(data, **arguments):
        return dataclasses.replace(real_parse(data, **arguments), headline="Word " * 150)

    monkeypatch.setattr(loading, "parse_seed_file", parse_with_a_runaway_headline)
    shutil.copy(SEED_FILE, tmp_path / "runaway.txt")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("load_seeds", str(tmp_path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().strip() == (
        "FAILED runaway.txt: article headline is 750 characters long, over the 500 the store keeps"
    )
    assert Article.objects.count() == Image.objects.count() == Publication.objects.count() == 0


@pytest.mark.django_db
def test_subfolders_and_other_files_are_skipped_and_named(seed_dir):
    (seed_dir / "archive").mkdir()
    (seed_dir / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")

    out, err = load(seed_dir)

    assert "2 created, 0 updated, 0 unchanged, 0 failed, 2 skipped" in out
    assert "skipped archive: a folder (folders in folders are not loaded)" in out
    assert "skipped photo.jpg: not a .txt, .html, .htm or .html.gz file" in out
    assert err == ""


@pytest.mark.django_db
def test_a_duplicate_within_a_dry_run_is_reported_as_the_real_run_would(seed_dir):
    shutil.copy(seed_dir / "000_a9ca0747e7548070.txt", seed_dir / "999_copy.txt")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_seeds", str(seed_dir), dry_run=True, stdout=io.StringIO(), stderr=err)
    assert "FAILED 999_copy.txt: duplicate of 000_a9ca0747e7548070.txt" in err.getvalue()
    assert Article.objects.count() == 0


# Import runs: every load that writes is recorded, a dry run is not.


@pytest.mark.django_db
def test_every_load_is_recorded_as_an_import_run(seed_dir):
    (seed_dir / "001_empty.txt").write_bytes(b"")
    (seed_dir / "notes.md").write_text("not a seed", encoding="utf-8")
    with pytest.raises(CommandError):
        load(seed_dir)
    load(seed_dir / "000_a9ca0747e7548070.txt")

    first, second = ImportRun.objects.order_by("started_at")
    assert first.paths == [str(seed_dir)]
    assert (first.created, first.updated, first.unchanged, first.failed, first.skipped) == (
        2,
        0,
        0,
        1,
        1,
    )
    assert first.finished_at is not None and first.duration.total_seconds() >= 0
    assert not first.interrupted and not first.dry_run
    article = Article.objects.get(source_name="000_a9ca0747e7548070.txt")
    assert recorded_files(first) == [
        {"name": "000_a9ca0747e7548070.txt", "status": "created", "article_id": article.pk},
        {"name": "001_empty.txt", "status": "failed", "reason": "empty file"},
        {
            "name": "002_calder-metro-fare-freeze.txt",
            "status": "created",
            "article_id": Article.objects.get(source_name="002_calder-metro-fare-freeze.txt").pk,
        },
        {
            "name": "notes.md",
            "status": "skipped",
            "reason": "not a .txt, .html, .htm or .html.gz file",
        },
    ]
    assert (second.unchanged, recorded_files(second)) == (
        1,
        [{"name": "000_a9ca0747e7548070.txt", "status": "unchanged", "article_id": article.pk}],
    )


@pytest.mark.django_db
def test_each_recorded_file_keeps_the_parsers_warnings():
    load(SEED_FILE)
    load(SEED_FILE)

    article = Article.objects.get()
    assert article.parse_warnings
    first, second = ImportRun.objects.order_by("started_at")
    # Parsed on the first run; read back from the article on the second, which is unchanged.
    assert first.file_records.get().warnings == article.parse_warnings
    assert second.file_records.get().warnings == article.parse_warnings


@pytest.mark.django_db
def test_a_long_run_records_its_files_a_chunk_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(load_seeds_command, "RECORD_EVERY", 2)
    for number, source in enumerate(sorted(CORPUS.glob("*.txt"))[:5]):
        shutil.copy(source, tmp_path / f"{number}.txt")

    out, _ = load(tmp_path, batch_size=3)
    again, _ = load(tmp_path, batch_size=3)

    first, second = ImportRun.objects.order_by("started_at")
    assert [entry["name"] for entry in recorded_files(first)] == [f"{n}.txt" for n in range(5)]
    assert {entry["status"] for entry in recorded_files(first)} == {"created"}
    assert [entry["status"] for entry in recorded_files(second)] == ["unchanged"] * 5
    assert "5 created" in out and "5 unchanged" in again


@pytest.mark.django_db
def test_a_dry_run_writes_no_import_run(seed_dir):
    out, _ = load(seed_dir, dry_run=True)
    assert ImportRun.objects.count() == 0
    assert "import run" not in out


@pytest.mark.django_db
def test_the_summary_names_the_import_run(seed_dir):
    out, _ = load(seed_dir)
    run = ImportRun.objects.get()
    assert re.search(rf"2 created, .* 0 skipped \(\d+\.\d s, import run {run.pk}\)", out)


@pytest.mark.django_db
def test_a_keyboard_interrupt_stops_cleanly_with_the_summary(tmp_path, monkeypatch):
    """The second Ctrl-C (or one outside the main thread) arrives as a KeyboardInterrupt in the
    middle of a batch: that batch is rolled back, the batches before it are counted."""
    for number, source in enumerate(sorted(CORPUS.glob("*.txt"))[:4]):
        shutil.copy(source, tmp_path / f"{number}.txt")
    real_parse = loading.parse_seed_file

    def parse_then_interrupt(data, **arguments):
        if arguments["name"] == "2.txt":
            raise KeyboardInterrupt
        return real_parse(data, **arguments)

    monkeypatch.setattr(loading, "parse_seed_file", parse_then_interrupt)
    out = io.StringIO()

    with pytest.raises(CommandError, match="stopped by Ctrl-C") as raised:
        call_command("load_seeds", str(tmp_path), batch_size=2, stdout=out, stderr=io.StringIO())

    assert raised.value.returncode == 130
    assert "Interrupted: 2 created, 0 updated, 0 unchanged, 0 failed, 0 skipped" in out.getvalue()
    run = ImportRun.objects.get()
    assert run.interrupted and run.finished_at is not None
    assert [entry["name"] for entry in recorded_files(run)] == ["0.txt", "1.txt"]
    assert set(Article.objects.values_list("source_name", flat=True)) == {"0.txt", "1.txt"}


@pytest.mark.django_db
def test_an_interrupted_json_report_is_still_one_whole_document(tmp_path, monkeypatch):
    for number, source in enumerate(sorted(CORPUS.glob("*.txt"))[:3]):
        shutil.copy(source, tmp_path / f"{number}.txt")
    real_parse = loading.parse_seed_file

    def parse_then_interrupt(data, **arguments):
        if arguments["name"] == "1.txt":
            raise KeyboardInterrupt
        return real_parse(data, **arguments)

    monkeypatch.setattr(loading, "parse_seed_file", parse_then_interrupt)
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "load_seeds", str(tmp_path), json=True, batch_size=1, stdout=out, stderr=io.StringIO()
        )

    report = json.loads(out.getvalue())
    assert report["interrupted"] is True
    assert [entry["name"] for entry in report["files"]] == ["0.txt"]
    assert report["counts"]["created"] == 1


# --json and --verbose


@pytest.mark.django_db
def test_json_prints_one_document_with_every_file(seed_dir):
    (seed_dir / "001_empty.txt").write_bytes(b"")
    (seed_dir / "notes.md").write_text("not a seed", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 file failed"):
        call_command("load_seeds", str(seed_dir), json=True, stdout=out, stderr=err)

    report = json.loads(out.getvalue())
    run = ImportRun.objects.get()
    article = Article.objects.get(source_name="000_a9ca0747e7548070.txt")
    assert report["import_run"] == run.pk
    assert report["dry_run"] is False
    assert report["paths"] == [str(seed_dir)]
    assert report["counts"] == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "failed": 1,
        "skipped": 1,
    }
    assert report["interrupted"] is False
    assert report["duration_seconds"] >= 0
    by_name = {entry["name"]: entry for entry in report["files"]}
    assert list(by_name) == [
        "000_a9ca0747e7548070.txt",
        "001_empty.txt",
        "002_calder-metro-fare-freeze.txt",
        "notes.md",
    ]
    assert by_name["000_a9ca0747e7548070.txt"] == {
        "name": "000_a9ca0747e7548070.txt",
        "status": "created",
        "reason": None,
        "article_id": article.pk,
        "warnings": article.parse_warnings,
    }
    assert by_name["001_empty.txt"]["reason"] == "empty file"
    assert by_name["notes.md"]["status"] == "skipped"
    assert "FAILED 001_empty.txt: empty file" in err.getvalue()


@pytest.mark.django_db
def test_json_of_a_reload_gives_the_stored_warnings(seed_dir):
    load(seed_dir)
    out, _ = load(seed_dir, json=True)
    report = json.loads(out)
    assert report["counts"]["unchanged"] == 2
    for entry in report["files"]:
        stored = Article.objects.get(source_name=entry["name"])
        assert (entry["article_id"], entry["warnings"]) == (stored.pk, stored.parse_warnings)


@pytest.mark.django_db
def test_json_with_verbose_carries_each_parse(seed_dir, seed_expected):
    out, _ = load(seed_dir, json=True, verbose=True, dry_run=True)
    report = json.loads(out)
    assert report["import_run"] is None and report["dry_run"] is True
    parse = report["files"][0]["parse"]
    assert parse["headline"] == seed_expected["headline"]
    assert parse["paragraphs"] == len(seed_expected["paragraphs"])
    assert [c["credit"] for c in parse["captions"]] == [
        c["credit"] for c in seed_expected["captions"]
    ]


@pytest.mark.django_db
def test_verbose_shows_the_parse_of_each_file(seed_dir):
    out, _ = load(seed_dir / "000_a9ca0747e7548070.txt", verbose=True)
    article = Article.objects.get()
    captions = list(article.captions.select_related("image").order_by("order"))

    assert f"000_a9ca0747e7548070.txt: created (article {article.pk})" in out
    assert f"  headline     {article.title}" in out
    assert f"  publication  {article.publication.name}" in out
    assert f"  language     {article.language}" in out
    assert f"  paragraphs   {len(article.paragraphs)}" in out
    assert f"  captions     {len(captions)}" in out
    for number, caption in enumerate(captions, start=1):
        image = caption.image
        assert (
            f"    {number}. after paragraph {caption.position}: credit {image.credit}; "
            f"photographer {image.photographer or '-'}; agencies {', '.join(image.agencies)}"
        ) in out
    assert f"  warnings     {len(article.parse_warnings) or 'none'}" in out
    for warning in article.parse_warnings:
        assert f"    - {warning}" in out


@pytest.mark.django_db
def test_verbose_says_an_unchanged_file_was_not_parsed_again(seed_dir):
    load(seed_dir)
    out, _ = load(seed_dir / "000_a9ca0747e7548070.txt", verbose=True)
    assert "000_a9ca0747e7548070.txt: unchanged (article " in out
    assert "not parsed again" in out
    assert "headline" not in out


def test_help_lists_the_options_with_examples():
    help_text = load_seeds_command.Command().create_parser("manage.py", "load_seeds").format_help()
    for option in ("--dry-run", "--json", "--verbose", "PATH"):
        assert option in help_text
    assert "\nexamples:\n  manage.py load_seeds                   # every seed file" in help_text
    assert "  manage.py load_seeds --json > report.json" in help_text


# The progress bar: on a terminal, for long loads only.


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "total", "verbosity", "wanted"),
    [
        (_Terminal(), 50, 1, True),
        (_Terminal(), 49, 1, False),
        (_Terminal(), 10_000, 0, False),
        (io.StringIO(), 10_000, 1, False),
    ],
)
def test_a_progress_bar_is_wanted_on_a_terminal_for_long_loads(stream, total, verbosity, wanted):
    assert load_seeds_command.progress_wanted(stream, total=total, verbosity=verbosity) is wanted


@pytest.mark.django_db
def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    for number in range(60):
        (tmp_path / f"{number:03}.txt").write_bytes(b"")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_seeds", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert all(line.startswith("FAILED ") for line in err.getvalue().splitlines())
    assert "\r" not in err.getvalue()


@pytest.mark.django_db
def test_pages_with_the_same_headline_get_distinct_slugs(tmp_path, seed_expected):
    text = SEED_FILE.read_text(encoding="utf-8")
    for number in range(3):
        changed = text.replace("China may be nervous.", f"China may be nervous ({number}).")
        (tmp_path / f"{number}.txt").write_text(changed, encoding="utf-8")

    load(tmp_path)

    base = Article.objects.get(source_name="0.txt").slug
    assert base == slugify(seed_expected["headline"])
    assert [Article.objects.get(source_name=f"{n}.txt").slug for n in (1, 2)] == [
        f"{base}-2",
        f"{base}-3",
    ]
