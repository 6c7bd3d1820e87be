"""``load_seeds`` as a real process: killed with SIGKILL, stopped with Ctrl-C, and on a terminal.

Each test runs ``manage.py load_seeds`` in a subprocess against its own SQLite file, so that the
process can be killed without harm to the test database."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import signal
import sqlite3
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path

import pytest

from articles.parsing import parse_seed
from tests.articles.conftest import MANAGE, PROJECT, process_env
from tests.conftest import CORPUS, expected_parse


def write_distinct_seeds(folder: Path, count: int) -> None:
    """``count`` seed files, each a corpus page with its own headline (so its own hash)."""
    sources = []
    for path in sorted(CORPUS.glob("*.txt")):
        headline = expected_parse(path.stem)["headline"]
        text = path.read_text(encoding="utf-8")
        if headline in text:
            sources.append((text, headline))
    folder.mkdir(exist_ok=True)
    for number in range(count):
        text, headline = sources[number % len(sources)]
        page = text.replace(headline, f"{headline}, part {number}", 1)
        (folder / f"{number:04}.txt").write_text(page, encoding="utf-8")


@pytest.fixture
def database(migrated_database, tmp_path) -> Path:
    path = tmp_path / "db.sqlite3"
    shutil.copy(migrated_database, path)
    return path


def _query(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database, timeout=10) as connection:
        return connection.execute(sql).fetchall()


def _article_count(database: Path) -> int:
    return _query(database, "SELECT COUNT(*) FROM articles_article")[0][0]


def _start_and_wait_for_articles(database: Path, folder: Path, **popen) -> subprocess.Popen:
    # Small batches, so that the load is stopped in its middle, with workers parsing.
    process = subprocess.Popen(
        [*MANAGE, "load_seeds", "--batch-size", "10", "--workers", "2", str(folder)],
        env=process_env(database),
        cwd=PROJECT,
        **popen,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if _article_count(database) > 0:
            return process
        time.sleep(0.02)
    process.kill()
    pytest.fail("the loader stored nothing within a minute, or ended before it could be stopped")


def _loaders_of(folder: Path) -> list[int]:
    """The processes whose command line names ``folder``: the loader and its workers."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(folder) in (entry / "cmdline").read_text():
                found.append(int(entry.name))
        except OSError:
            continue  # gone meanwhile
    return found


def _assert_no_process_left(folder: Path) -> None:
    deadline = time.monotonic() + 10
    while _loaders_of(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _loaders_of(folder) == [], "a parsing worker outlived its loader"


def test_a_killed_load_leaves_no_partial_article_and_a_rerun_completes_it(database, tmp_path):
    folder = tmp_path / "seeds"
    write_distinct_seeds(folder, 300)
    process = _start_and_wait_for_articles(
        database, folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    _assert_no_process_left(folder)

    stored = _query(
        database,
        "SELECT a.source_name, a.body, COUNT(c.id) FROM articles_article a "
        "LEFT JOIN articles_caption c ON c.article_id = a.id GROUP BY a.id",
    )
    assert 0 < len(stored) < 300, "the kill should come in the middle of the load"
    for source_name, body, caption_count in stored:
        parsed = parse_seed((folder / source_name).read_bytes(), source=source_name)
        assert body.strip()
        assert body.count("\n\n") + 1 == len(parsed.paragraphs)
        assert caption_count == len(parsed.captions)
    orphans = _query(
        database,
        "SELECT COUNT(*) FROM articles_image i WHERE NOT EXISTS "
        "(SELECT 1 FROM articles_caption c WHERE c.image_id = i.id)",
    )
    assert orphans == [(0,)]
    assert _query(database, "SELECT finished_at FROM articles_importrun") == [(None,)]

    rerun = subprocess.run(
        [*MANAGE, "load_seeds", str(folder)],
        env=process_env(database),
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert rerun.returncode == 0, rerun.stderr
    created, unchanged = map(
        int,
        re.search(r"(\d+) created, 0 updated, (\d+) unchanged, 0 failed", rerun.stdout).groups(),
    )
    assert unchanged == len(stored)
    assert created + unchanged == 300
    assert _article_count(database) == 300


@pytest.mark.parametrize(
    ("signum", "said", "status"), [(signal.SIGINT, "Ctrl-C", 130), (signal.SIGTERM, "SIGTERM", 143)]
)
def test_ctrl_c_stops_after_the_file_in_hand_with_the_summary(
    database, tmp_path, signum, said, status
):
    folder = tmp_path / "seeds"
    write_distinct_seeds(folder, 300)
    process = _start_and_wait_for_articles(
        database, folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )

    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    _assert_no_process_left(folder)

    assert process.returncode == status, (out, err)
    stored = _article_count(database)
    assert 0 < stored < 300
    assert f"Interrupted: {stored} created, 0 updated, 0 unchanged, 0 failed, 0 skipped" in out
    assert f"stopped by {said}; run the same command again to load the rest" in err
    assert "Traceback" not in err
    ((interrupted, finished_at, created, files),) = _query(
        database,
        "SELECT interrupted, finished_at, created, "
        "(SELECT COUNT(*) FROM articles_importrunfile f WHERE f.run_id = r.id) "
        "FROM articles_importrun r",
    )
    assert (interrupted, created, files) == (1, stored, stored)
    assert finished_at is not None


def test_a_reader_that_leaves_early_does_not_stop_the_load(database, tmp_path):
    """``load_seeds --json | head -c 100``: once the reader has closed the pipe, the rest of the
    report goes nowhere, quietly, and the load finishes with its usual exit status."""
    folder = tmp_path / "seeds"
    write_distinct_seeds(folder, 40)
    process = subprocess.Popen(
        [*MANAGE, "load_seeds", "--json", "--verbose", str(folder)],
        env=process_env(database),
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )

    head = process.stdout.read(100)
    process.stdout.close()
    err = process.stderr.read().decode()
    process.wait(timeout=120)

    assert head.startswith(b'{"import_run": 1, "dry_run": false')
    assert process.returncode == 0, err
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert _article_count(database) == 40
    assert _query(database, "SELECT finished_at IS NOT NULL, created FROM articles_importrun") == [
        (1, 40)
    ]


def test_a_progress_bar_is_drawn_on_a_terminal(database, tmp_path):
    folder = tmp_path / "seeds"
    write_distinct_seeds(folder, 60)
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    chunks: list[bytes] = []

    def read_terminal() -> None:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal is closed once the process has ended
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    try:
        result = subprocess.run(
            [*MANAGE, "load_seeds", str(folder)],
            env=process_env(database),
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            timeout=120,
        )
    finally:
        os.close(terminal)
    reader.join(timeout=10)
    os.close(controller)
    drawn = b"".join(chunks).decode("utf-8", "replace")

    assert result.returncode == 0, (result.stdout, drawn)
    assert "60/60" in drawn
    assert "file/s" in drawn
    assert "60 created" in result.stdout
    assert "\r" not in result.stdout
