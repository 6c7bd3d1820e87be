"""The production stack for end-to-end tests: gunicorn under the production settings, a private
Redis, a PostgreSQL streaming replica, and a small HTTP client that logs in and submits forms
like a browser. Plain helpers; the fixtures that use them are in ``conftest.py``."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg

PROJECT = Path(__file__).resolve().parents[2]
SECRET_KEY = "e2e-only-not-secret-" + "0123456789abcdef" * 4


class StackUnavailable(Exception):
    """Something the test needs cannot be set up here; the message says what and why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")


def end_process(process: subprocess.Popen | None) -> None:
    """Stop a server started here: politely, then for good if it does not stop in 20 s."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process, for plain HTTP on 127.0.0.1."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> str:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


# PostgreSQL ------------------------------------------------------------------------------------


def postgres_admin_url() -> str:
    return os.environ.get("E2E_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def postgres_connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True, connect_timeout=3, **kwargs)


def database_url(name: str, *, port: int | None = None) -> str:
    parts = urlsplit(postgres_admin_url())
    netloc = parts.netloc if port is None else f"{parts.netloc.rsplit(':', 1)[0]}:{port}"
    return f"{parts.scheme}://{netloc}/{name}"


@contextlib.contextmanager
def postgres_database(name: str) -> Iterator[str]:
    """A new, empty database on the local PostgreSQL, dropped afterwards."""
    try:
        admin = postgres_connect(postgres_admin_url())
    except psycopg.OperationalError as error:
        raise StackUnavailable(f"no PostgreSQL at {postgres_admin_url()}: {error}") from error
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with postgres_connect(postgres_admin_url()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_bin(admin: psycopg.Connection, program: str) -> str:
    major = admin.execute("SHOW server_version_num").fetchone()[0][:2]
    candidate = Path(f"/usr/lib/postgresql/{int(major)}/bin/{program}")
    found = str(candidate) if candidate.exists() else shutil.which(program)
    if not found:
        raise StackUnavailable(f"{program} is not installed")
    return found


def _as_cluster_owner(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; the cluster's own user runs the replica then.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class Replica:
    port: int
    data_dir: Path
    pg_ctl: str

    def url(self, database: str) -> str:
        return database_url(database, port=self.port)

    def connect(self, database: str) -> psycopg.Connection:
        return postgres_connect(self.url(database))

    def pause_replay(self) -> None:
        with self.connect("postgres") as connection:
            connection.execute("SELECT pg_wal_replay_pause()")
            wait_for(
                lambda: (
                    connection.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0]
                    == "paused"
                ),
                timeout=10,
                what="the replica to pause replay",
            )

    def resume_replay(self) -> None:
        with self.connect("postgres") as connection:
            connection.execute("SELECT pg_wal_replay_resume()")


@contextlib.contextmanager
def postgres_replica() -> Iterator[Replica]:
    """A streaming replica of the local cluster on a free port, made with ``pg_basebackup -R``
    into a temporary folder; stopped and removed afterwards."""
    try:
        admin = postgres_connect(postgres_admin_url())
    except psycopg.OperationalError as error:
        raise StackUnavailable(f"no PostgreSQL at {postgres_admin_url()}: {error}") from error
    with admin:
        settings = {
            name: admin.execute(f"SHOW {name}").fetchone()[0]
            for name in (
                "wal_level",
                "max_wal_senders",
                "max_connections",
                "max_worker_processes",
                "max_prepared_transactions",
                "max_locks_per_transaction",
            )
        }
        if (
            settings["wal_level"] not in {"replica", "logical"}
            or int(settings["max_wal_senders"]) < 1
        ):
            raise StackUnavailable(
                f"the cluster cannot stream to a replica (wal_level={settings['wal_level']}, "
                f"max_wal_senders={settings['max_wal_senders']})"
            )
        pg_basebackup = _postgres_bin(admin, "pg_basebackup")
        pg_ctl = _postgres_bin(admin, "pg_ctl")
    parts = urlsplit(postgres_admin_url())
    data_dir = Path(tempfile.mkdtemp(prefix="newsapi-replica-"))
    if os.geteuid() == 0:
        shutil.chown(data_dir, "postgres", "postgres")
    data_dir.chmod(0o700)
    port = free_port()
    started = False
    try:
        backup = subprocess.run(
            _as_cluster_owner(
                [
                    pg_basebackup,
                    f"--host={parts.hostname}",
                    f"--port={parts.port or 5432}",
                    f"--username={parts.username or 'postgres'}",
                    f"--pgdata={data_dir}",
                    "--write-recovery-conf",
                    "--wal-method=stream",
                    "--checkpoint=fast",
                    "--no-password",
                ]
            ),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if backup.returncode != 0:
            reason = backup.stderr.strip().splitlines()[-1] if backup.stderr.strip() else ""
            raise StackUnavailable(
                f"pg_basebackup failed ({reason}); a local replication connection must be "
                "allowed, e.g. 'host replication all 127.0.0.1/32 trust' in pg_hba.conf"
            )
        # Debian keeps the configuration outside the data folder; the replica gets its own.
        config = {
            "port": port,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{data_dir}'",
            "hot_standby": "on",
            "fsync": "off",
            "shared_buffers": "'16MB'",
            **{name: value for name, value in settings.items() if name.startswith("max_")},
        }
        config_text = "".join(f"{name} = {value}\n" for name, value in config.items())
        (data_dir / "postgresql.conf").write_text(config_text)
        (data_dir / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        for name in ("postgresql.conf", "pg_hba.conf"):
            if os.geteuid() == 0:
                shutil.chown(data_dir / name, "postgres", "postgres")
        start = subprocess.run(
            _as_cluster_owner(
                [
                    pg_ctl,
                    "--pgdata",
                    str(data_dir),
                    "--log",
                    str(data_dir / "server.log"),
                    "--wait",
                    "--timeout=60",
                    "start",
                ]
            ),
            capture_output=True,
            text=True,
            timeout=90,
        )
        started = True
        if start.returncode != 0:
            log = (data_dir / "server.log").read_text(errors="replace")[-2000:]
            raise StackUnavailable(f"the replica did not start: {start.stderr.strip()} {log}")
        replica = Replica(port=port, data_dir=data_dir, pg_ctl=pg_ctl)
        with replica.connect("postgres") as connection:
            in_recovery = connection.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        if not in_recovery:
            raise StackUnavailable("the copy started as a primary, not as a replica")
        yield replica
    finally:
        if started:
            subprocess.run(
                _as_cluster_owner(
                    [pg_ctl, "--pgdata", str(data_dir), "--mode=immediate", "--wait", "stop"]
                ),
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(data_dir, ignore_errors=True)


# Redis -----------------------------------------------------------------------------------------


def redis_url() -> str:
    return os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@dataclass
class RedisServer:
    """A private ``redis-server`` on a free port, which a test may stop and start again."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        program = shutil.which("redis-server")
        if program is None:
            raise StackUnavailable("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                program,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: redis_reachable(self.url), timeout=10, what="redis-server to start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


# gunicorn --------------------------------------------------------------------------------------


@dataclass
class Gunicorn:
    """gunicorn under the production settings on a free port, its logs in a file."""

    env: dict[str, str]
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gunicorn:
        handle, name = tempfile.mkstemp(prefix="newsapi-gunicorn-", suffix=".log")
        os.close(handle)
        self.log_path = Path(name)
        env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
        }
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
                cwd=PROJECT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(self._answers, timeout=30, what=f"gunicorn on port {self.port}")
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"gunicorn did not start:\n{self.log()[-3000:]}") from None
        return self

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.log()[-3000:]}")
        try:
            return Client(self.base_url).get("/healthz").status == 200
        except OSError:
            return False

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def log_entries(self) -> list[dict]:
        entries = []
        for line in self.log().splitlines():
            with contextlib.suppress(ValueError):
                entries.append(json.loads(line))
        return entries

    def stop(self) -> None:
        end_process(self.process)
        self.process = None

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)


# HTTP ------------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """HTTP/1.1 with cookies, one connection per request, no redirects followed."""

    def __init__(self, base_url: str, *, host: str | None = None) -> None:
        parts = urlsplit(base_url)
        self.address = (parts.hostname, parts.port)
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        headers = dict(headers or {})
        if self.host:
            headers.setdefault("Host", self.host)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(*self.address, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in header.lower() or not value or value == '""':
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return answer

    def get(self, path: str, **headers: str) -> Answer:
        """``client.get("/x/", If_None_Match='"abc"')`` sends ``If-None-Match: "abc"``."""
        named = {name.replace("_", "-"): value for name, value in headers.items()}
        return self.request("GET", path, headers=named)

    def post_form(self, path: str, data: list[tuple[str, str]]) -> Answer:
        return self.request(
            "POST",
            path,
            body=urlencode(data).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def form(self, path: str, form_id: str | None = None) -> list[tuple[str, str]]:
        """The fields of the page's form as a browser would submit them."""
        answer = self.get(path)
        if answer.status != 200:
            raise AssertionError(f"GET {path} answered {answer.status}: {answer.text[:500]}")
        parser = _FormParser(form_id)
        parser.feed(answer.text)
        return parser.fields

    def admin_login(self, username: str, password: str) -> None:
        fields = dict(self.form("/admin/login/", "login-form"))
        answer = self.post_form(
            "/admin/login/",
            [
                ("csrfmiddlewaretoken", fields["csrfmiddlewaretoken"]),
                ("username", username),
                ("password", password),
                ("next", "/admin/"),
            ],
        )
        if answer.status != 302:
            raise AssertionError(f"admin login failed ({answer.status}): {answer.text[:500]}")


class _FormParser(HTMLParser):
    """Collects a form's successful controls: inputs, checked boxes, selected options, text."""

    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self._select: tuple[str, bool] | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.in_form = self.form_id is None or attributes.get("id") == self.form_id
            return
        if not self.in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.fields.append((name, attributes.get("value") or default))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attributes)
            self._select_options = []
        elif tag == "option" and self._select is not None:
            self._select_options.append((attributes.get("value", ""), "selected" in attributes))
        elif tag == "textarea" and name:
            self._textarea = name
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # A browser drops the one newline that follows <textarea>.
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


# Varnish ---------------------------------------------------------------------------------------

VCL = PROJECT / "deploy" / "varnish" / "default.vcl"
VARNISH_BACKENDS = """
probe readyz {{
    .request = "GET /readyz HTTP/1.1" "Host: 127.0.0.1" "Connection: close";
    .interval = {probe_interval};
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}}
{backends}
acl purgers {{ "127.0.0.1"; "::1"; }}
import directors;
sub vcl_init {{
    new app = directors.round_robin();
{members}
}}
"""


def varnish_backends_vcl(ports: list[int], *, probe_interval: str = "0.5s") -> str:
    """A ``backends.vcl`` for ``deploy/varnish/default.vcl``: these local servers, probed on
    ``/readyz``, allowed to purge from 127.0.0.1."""
    backends = "".join(
        f'backend app{n} {{ .host = "127.0.0.1"; .port = "{port}"; .probe = readyz; }}\n'
        for n, port in enumerate(ports)
    )
    members = "".join(f"    app.add_backend(app{n});\n" for n in range(len(ports)))
    return VARNISH_BACKENDS.format(
        probe_interval=probe_interval, backends=backends, members=members
    )


@dataclass
class Varnish:
    """``varnishd`` in the foreground with ``deploy/varnish/default.vcl`` in front of local
    servers on ``backend_ports``, listening on a free port."""

    backend_ports: list[int]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    folder: Path | None = None
    threads: str = ""  # thread_pool_min, for benchmarks

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Varnish:
        program = shutil.which("varnishd") or (
            "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
        )
        if program is None:
            raise StackUnavailable("varnishd is not installed (apt-get install varnish)")
        self.folder = Path(tempfile.mkdtemp(prefix="newsapi-varnish-"))
        self.folder.chmod(0o755)
        (self.folder / "backends.vcl").write_text(varnish_backends_vcl(self.backend_ports))
        command = [
            program,
            "-F",
            "-j",
            "none",
            "-n",
            str(self.folder / "work"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-T",
            "none",
            "-f",
            str(VCL),
            "-p",
            f"vcl_path={self.folder}:{VCL.parent}",
            "-p",
            "http_resp_hdr_len=65536",
            "-p",
            "http_resp_size=98304",
            "-s",
            "malloc,128m",
        ]
        if self.threads:
            command += ["-p", f"thread_pool_min={self.threads}"]
        self.process = subprocess.Popen(
            command,
            stdout=(self.folder / "varnishd.log").open("w"),
            stderr=subprocess.STDOUT,
        )

        def answers() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited:\n{self.log()[-3000:]}")
            try:
                return Client(self.base_url).get("/healthz").status in (200, 503)
            except OSError:
                return False

        wait_for(answers, timeout=30, what=f"varnishd on port {self.port}")
        return self

    def log(self) -> str:
        path = self.folder / "varnishd.log" if self.folder else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def stop(self) -> None:
        end_process(self.process)
        self.process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Varnish:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
