"""The ``load_seeds`` command: idempotency, updates in place, bad files among good ones."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Caption, Image, Publication
from tests.conftest import CORPUS, SEED_FILE

PROJECT = Path(__file__).resolve().parents[2]


def load(*paths, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_seeds", *[str(p) for p in paths], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


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
    # files), plus the import run's start and end.
    with django_assert_max_num_queries(3):
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
