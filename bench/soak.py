"""A bounded soak test: a live server under mixed load from this machine for a fixed time.

    .venv/bin/python bench/soak.py                      # 60 s on SQLite, 4 clients
    .venv/bin/python bench/soak.py --seconds 20         # the short run of CI
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsapi .venv/bin/python bench/soak.py

It makes a database of its own (a SQLite file in a temporary folder, or a PostgreSQL database
named ``<yours>_soak_<pid>`` that it drops afterwards), loads the annotated corpus, makes an
editor, and starts gunicorn (2 workers of 4 threads) on a free port of 127.0.0.1. Client threads
then send, until the time is up: list pages, article pages, searches, conditional requests
(``If-None-Match``, answered 304), and editor writes (a publication added through the admin's
form, with its CSRF token, like a browser). Afterwards every write must be served by the API.

It prints the requests served by kind, their latencies, the errors (any 5xx, any unexpected
status, any failed connection) and the write check, and exits 1 if there was an error or a
write is missing. Only 127.0.0.1 is ever contacted; the run stops by itself."""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT / "tests" / "fixtures" / "corpus"
EDITOR = "soak-editor"
PASSWORD = "soak-editor-password-long"
SEARCH_WORDS = ["Pyongyang", "fishing", "copper", "metro", "drought", "library", "ferry", "solar"]


@dataclass
class Tally:
    """What the clients saw; one lock for all of it, held only to record."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    served: Counter = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    not_modified: int = 0

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.served[kind] += 1
            self.latencies[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=PROJECT, env=env, check=True, timeout=300
    )


@contextmanager
def soak_database(workdir: Path):
    """The DATABASE_URL of a fresh database for this run, removed afterwards."""
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        yield f"sqlite:///{workdir / 'soak.sqlite3'}"
        return
    import psycopg

    parsed = urllib.parse.urlsplit(base_url)
    name = f"{parsed.path.lstrip('/') or 'newsapi'}_soak_{os.getpid()}"
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parsed._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def live_server(env: dict[str, str], port: int, workdir: Path):
    log = (workdir / "server.log").open("wb")
    gunicorn = ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *gunicorn, "--worker-class", "gthread", "config.wsgi"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server exited; see {workdir / 'server.log'}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start within 60 s") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar: http.cookiejar.CookieJar | None = None) -> urllib.request.OpenerDirector:
    handlers = [NoRedirect()]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


def fetch(client, url: str, data: bytes | None = None, headers: dict | None = None):
    """``(status, headers, body)``; HTTP errors are answers too, not exceptions."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with client.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def csrf_token(jar: http.cookiejar.CookieJar) -> str:
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def editor_login(base: str) -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    client = opener(jar)
    fetch(client, f"{base}/admin/login/")
    form = {"username": EDITOR, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(jar)}
    status, _, _ = fetch(
        client,
        f"{base}/admin/login/?next=/admin/",
        urllib.parse.urlencode(form).encode(),
        {"Referer": f"{base}/admin/login/"},
    )
    if status != 302:
        raise SystemExit(f"the editor could not log in (status {status})")
    return client, jar


def client_loop(base: str, slugs: list[str], deadline: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    reader = opener()
    editor, jar = editor_login(base)
    etags: dict[str, str] = {}
    number = 0
    while time.monotonic() < deadline:
        number += 1
        kind = rng.choices(
            ["list", "detail", "search", "conditional", "write"], weights=[3, 4, 2, 2, 1]
        )[0]
        expected = {200}
        data = headers = None
        client = reader
        if kind == "list":
            url = f"{base}/api/v1/articles/?page_size={rng.choice([5, 10, 20])}"
        elif kind == "detail":
            url = f"{base}/api/v1/articles/{rng.choice(slugs)}/"
        elif kind == "search":
            url = f"{base}/api/v1/articles/?search={rng.choice(SEARCH_WORDS)}"
        elif kind == "conditional":
            url = f"{base}/api/v1/articles/{rng.choice(slugs)}/"
            if url in etags:
                headers = {"If-None-Match": etags[url]}
                expected = {200, 304}
        else:
            slug = f"soak-{seed}-{number}"
            url = f"{base}/admin/articles/publication/add/"
            form = {
                "name": f"Soak outlet {seed}-{number}",
                "slug": slug,
                "tagline": "Written under load",
                "csrfmiddlewaretoken": csrf_token(jar),
                "_save": "Save",
            }
            data = urllib.parse.urlencode(form).encode()
            headers = {"Referer": url}
            client = editor
            expected = {302}
        started = time.perf_counter()
        try:
            status, response_headers, body = fetch(client, url, data, headers)
        except OSError as error:
            tally.record(kind, time.perf_counter() - started, f"{url}: {error}")
            continue
        elapsed = time.perf_counter() - started
        error = None
        if status not in expected:
            error = f"{url}: {status} {body[:200]!r}"
        elif kind == "conditional" and response_headers.get("ETag"):
            etags[url] = response_headers["ETag"]
        if status == 304:
            with tally.lock:
                tally.not_modified += 1
        if kind == "write" and status == 302:
            with tally.lock:
                tally.written.append(slug)
        tally.record(kind, elapsed, error)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="How long the load lasts.")
    parser.add_argument("--clients", type=int, default=4, help="Client threads sending load.")
    arguments = parser.parse_args()
    if not 1 <= arguments.seconds <= 600:
        parser.error("--seconds must be between 1 and 600")

    workdir = Path(tempfile.mkdtemp(prefix="newsapi-soak-"))
    try:
        with soak_database(workdir) as database_url:
            env = {
                **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}},
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": database_url,
                "CONN_MAX_AGE": "60",
                "MEDIA_ROOT": str(workdir / "media"),
                # All the load comes from one address: the per-client limit would stop it.
                "API_THROTTLE_RATE": "",
                "EDITOR_PASSWORD": PASSWORD,
            }
            engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
            print(f"setting up a {engine} database in {workdir} ...", flush=True)
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "load_seeds", str(CORPUS), "-v", "0")
            manage(env, "createeditor", EDITOR, "--no-input", "-v", "0")
            with live_server(env, free_port(), workdir) as base:
                _, _, body = fetch(opener(), f"{base}/api/v1/articles/?page_size=100")
                slugs = [article["slug"] for article in json.loads(body)["results"]]
                tally = Tally()
                print(
                    f"{arguments.clients} clients for {arguments.seconds:.0f} s on {base} ...",
                    flush=True,
                )
                deadline = time.monotonic() + arguments.seconds
                threads = [
                    threading.Thread(target=client_loop, args=(base, slugs, deadline, tally, n))
                    for n in range(arguments.clients)
                ]
                started = time.monotonic()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=arguments.seconds + 120)
                duration = time.monotonic() - started
                reader = opener()
                missing = [
                    slug
                    for slug in tally.written
                    if fetch(reader, f"{base}/api/v1/publications/{slug}/")[0] != 200
                ]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    total = sum(tally.served.values())
    print(f"\nrequests served: {total} in {duration:.1f} s ({total / duration:.0f}/s)")
    for kind, count in sorted(tally.served.items()):
        latencies = tally.latencies[kind]
        print(
            f"  {kind:<12} {count:>6}   median {statistics.median(latencies) * 1000:6.1f} ms"
            f"   p95 {percentile(latencies, 0.95) * 1000:6.1f} ms"
        )
    print(f"conditional requests answered 304: {tally.not_modified}")
    print(f"errors: {len(tally.errors)}")
    for error in tally.errors[:10]:
        print(f"  {error}")
    print(f"writes: {len(tally.written)} made, {len(tally.written) - len(missing)} found after")
    for slug in missing[:10]:
        print(f"  missing: {slug}")
    return 1 if tally.errors or missing or not tally.written else 0


if __name__ == "__main__":
    sys.exit(main())
