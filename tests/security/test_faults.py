"""Faults of the things the service stands on: the database connection killed under a running
server, the cache unreachable, and many writers at once on SQLite.

The seed loader killed with SIGKILL mid-run is tested with the loader
(``tests/articles/test_load_seeds_process.py``); a Redis outage under the production servers
with them (``tests/e2e/test_production_servers.py``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.factories import article_create

PROJECT = Path(__file__).resolve().parents[2]
APPLICATION_NAME = f"newsapi-fault-test-{os.getpid()}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_serving(url: str, server: subprocess.Popen, *, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited: {server.stdout.read().decode()[-2000:]}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer within {timeout} s")


def server_environment(database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
            # Persistent connections checked before reuse: what production runs with.
            "CONN_MAX_AGE": "60",
            "API_THROTTLE_RATE": "",
        }
    )
    return env


def server_backends(cursor) -> list[int]:
    cursor.execute(
        "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APPLICATION_NAME]
    )
    return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_a_database_connection_killed_under_a_running_server_costs_no_request():
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL (set DATABASE_URL to run this test)")
    article = article_create()
    database = django_settings.DATABASES["default"]
    database_url = (
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        f"?application_name={APPLICATION_NAME}"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    address = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", address, "--workers", "1", "config.wsgi"],
        cwd=PROJECT,
        env=server_environment(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(f"{base}/healthz", server)
        detail = f"{base}/api/v1/articles/{article.slug}/"
        assert get(detail)[0] == 200
        with psycopg.connect(
            host=database["HOST"],
            port=database["PORT"],
            user=database["USER"],
            dbname="postgres",
            # Outside a transaction: pg_stat_activity is read afresh by each statement.
            autocommit=True,
        ) as admin:
            before = server_backends(admin.cursor())
            assert before, "the server keeps its connection open between requests"
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = %s AND pid <> pg_backend_pid()",
                [APPLICATION_NAME],
            )
            time.sleep(0.2)

            statuses = [get(detail)[0], get(f"{base}/api/v1/articles/")[0]]

            assert statuses == [200, 200]
            after = server_backends(admin.cursor())
            assert after and not set(after) & set(before), "the server connected again"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_reads_and_logins_go_on_while_the_cache_is_unreachable(client, settings, seed_article):
    closed_port = free_port()  # bound and released: nothing listens there
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.API_LIST_REUSE_SECONDS = 5  # lists read the content version there
    settings.API_THROTTLE_RATE = "1/minute"
    settings.LOGIN_FAILURE_LIMIT = 1

    reads = [
        client.get("/api/v1/articles/"),
        client.get(f"/api/v1/articles/{seed_article.slug}/"),
        client.get("/api/v1/articles/"),
    ]

    assert [response.status_code for response in reads] == [200, 200, 200]
    assert reads[0].json()["count"] == 1
    # With no counter to keep, limits are lifted rather than everyone refused.
    for _ in range(2):
        response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
        assert response.status_code == 200


WRITER = textwrap.dedent(
    """
    import sys, time
    import django
    from django.db import connection, transaction

    django.setup()
    mode, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if mode != "project":
        connection.settings_dict["OPTIONS"]["transaction_mode"] = mode
    from articles.models import Publication

    errors = []
    for number in range(count):
        try:
            # Read, then write, in one transaction: the pattern that deadlocks SQLite's
            # deferred transactions ("database is locked") when two run at once.
            with transaction.atomic():
                Publication.objects.count()
                time.sleep(0.005)
                Publication.objects.create(
                    name=f"Outlet {worker}-{number}", slug=f"outlet-{worker}-{number}"
                )
        except Exception as error:
            errors.append(str(error))
    print(len(errors), errors[:1])
    """
)


COUNT_PUBLICATIONS = (
    "import django; django.setup(); "
    "from articles.models import Publication; print(Publication.objects.count())"
)


def run_writers(path: Path, *, mode: str, workers: int, count: int) -> list[str]:
    """Start ``workers`` processes at once, each writing ``count`` times; their outputs."""
    env = sqlite_environment(path)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, mode, str(worker), str(count)],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(workers)
    ]
    outputs = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr[-2000:]
        outputs.append(stdout.strip())
    return outputs


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """An empty SQLite file database with every migration applied, copied by each test."""
    path = tmp_path_factory.mktemp("sqlite") / "migrated.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=PROJECT,
        env=sqlite_environment(path),
        check=True,
        timeout=120,
    )
    return path


def sqlite_environment(path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{path}",
    }


def test_concurrent_writers_on_sqlite_never_see_database_is_locked(migrated_sqlite, tmp_path):
    path = tmp_path / "concurrent.sqlite3"
    shutil.copy(migrated_sqlite, path)

    outputs = run_writers(path, mode="project", workers=4, count=25)

    assert [output.split(" ", 1)[0] for output in outputs] == ["0"] * 4, outputs
    counted = subprocess.run(
        [sys.executable, "-c", COUNT_PUBLICATIONS],
        cwd=PROJECT,
        env=sqlite_environment(path),
        capture_output=True,
        text=True,
        check=True,
    )
    assert counted.stdout.strip() == "100"


def test_the_sqlite_settings_are_what_keeps_concurrent_writers_apart(migrated_sqlite, tmp_path):
    """The same writers with SQLite's default deferred transactions do fail: the test above
    would catch the settings being lost."""
    path = tmp_path / "deferred.sqlite3"
    shutil.copy(migrated_sqlite, path)

    outputs = run_writers(path, mode="DEFERRED", workers=4, count=25)

    failures = sum(int(output.split(" ", 1)[0]) for output in outputs)
    assert failures > 0, outputs
    assert any("database is locked" in output for output in outputs), outputs
