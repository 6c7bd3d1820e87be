"""What the tests that run ``manage.py`` in a process of its own share: the command, its
environment on a given SQLite file, and an empty migrated database to copy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(PROJECT / "manage.py")]


def process_env(database: Path) -> dict[str, str]:
    """This environment, with the SQLite file ``database`` and the default settings."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """An empty, migrated SQLite database, made once a module and copied by each test."""
    path = tmp_path_factory.mktemp("template") / "db.sqlite3"
    subprocess.run(
        [*MANAGE, "migrate", "-v", "0"], env=process_env(path), check=True, cwd=PROJECT, timeout=120
    )
    return path
