"""Serving benchmark: the read API under the production settings, on PostgreSQL and Redis, with
gunicorn, driven by a load tool from the same machine.

    make bench                                        # 10,000 articles, 8 s per scenario
    .venv/bin/python bench/serve.py --seconds 5 --reuse

It builds a database of synthetic articles (``bench/serve_data.py``: from the corpus, 0 to 6
captions each) in a PostgreSQL database of its own (``newsapi_bench_serve``, kept for
``--reuse``), serves it with gunicorn (``config/gunicorn.conf.py``, the production worker count
unless ``--workers``), and runs each scenario for a bounded time with ``wrk`` (Debian:
``apt-get install wrk``) or, where wrk is missing, a bounded Python client (threads and
``http.client``). Each scenario reports requests per second, p50 and p99 latency, the ratio to
the floor (a trivial JSON view, ``/``, measured in the same run: the two take turns in
``--rounds`` slices, so that the machine's other load weighs on both alike), the workers' CPU
time per request (what the ratio would be on an idle machine, as far as CPU bounds it), SQL
queries per request (``X-DB-Queries``) and the cache outcome (``X-Cache``); the run reports the
peak memory of a worker. Cold scenarios empty the response cache first and never ask for the
same URL twice; warm ones ask for URLs already cached. Rate limiting is off: every request comes
from one address. Results go to stdout as a Markdown table and to ``bench/out/serve.json``.

It installs nothing. It needs PostgreSQL (``BENCH_POSTGRES_URL``, default
``postgres://postgres@127.0.0.1:5432/postgres``) and Redis (``BENCH_REDIS_URL``, default
``redis://127.0.0.1:6379/14``; only keys under the prefix ``bench-serve`` are touched)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "bench" / "out"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# Several checkouts may benchmark on one machine: each names its own database and Redis database.
DATABASE = os.environ.get("BENCH_DATABASE", "newsapi_bench_serve")
KEY_PREFIX = "bench-serve"
SEARCH_WORDS = [
    "minister",
    "government",
    "police",
    "water",
    "workers",
    "council",
    "agreement",
    "president",
    "drought",
    "fishing",
    "copper",
    "fare",
    "election",
    "court",
    "hospital",
    "market",
]
TARGETS = {
    "detail, cache cold": 0.40,
    "detail, cache warm": 0.70,
    "detail, 304": 0.70,
    "list of 20, cache cold": 0.25,
    "search, cache cold": 0.15,
}
WRK_SCRIPT = r"""
-- Every request is formatted once, up front: wrk's one thread then only sends them in turn.
local requests_ = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  local path, etag = line:match("^([^\t]+)\t?(.*)$")
  local headers = {}
  if etag ~= "" then headers["If-None-Match"] = etag end
  requests_[#requests_ + 1] = wrk.format("GET", path, headers)
end
local next_request = 0
request = function()
  next_request = next_request % #requests_ + 1
  return requests_[next_request]
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\nBENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "non_2xx_3xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


class BenchError(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(f"bench/serve.py: {message}")


@dataclass
class Scenario:
    name: str
    paths: list[str]
    cold: bool
    etags: list[str] = field(default_factory=list)
    sample_paths: list[str] = field(default_factory=list)

    def rotated(self, number: int, rounds: int) -> Scenario:
        """Slice ``number`` of ``rounds`` starts further along the URLs, so that the slices of
        a cold scenario never ask for a URL an earlier slice has cached."""
        shift = len(self.paths) * number // rounds
        return Scenario(
            name=self.name,
            paths=self.paths[shift:] + self.paths[:shift],
            cold=self.cold,
            etags=(self.etags[shift:] + self.etags[:shift]) if self.etags else [],
        )


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    queries: float | None
    cpu_ms: float | None
    cache: str
    floor_rps: float | None = None
    floor_cpu_ms: float | None = None
    ratio: float | None = None
    target: float | None = None


# Environment -----------------------------------------------------------------------------------


def _database_url(name: str) -> str:
    parts = urlsplit(POSTGRES_URL)
    return f"{parts.scheme}://{parts.netloc}/{name}"


def server_env(workers: int | None, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_REPLICA_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": _database_url(DATABASE),
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": KEY_PREFIX,
            "SECRET_KEY": "bench-only-not-secret-" + "0123456789abcdef" * 4,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DB_QUERY_COUNT_HEADER": "1",
            "API_THROTTLE_RATE": "",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            # Workers live through the whole run, so that their peak memory and CPU time are
            # those of every request they served.
            "GUNICORN_MAX_REQUESTS": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    return env


def check_services() -> None:
    import psycopg
    import redis

    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        raise BenchError(
            f"no PostgreSQL at {POSTGRES_URL} ({error}); set BENCH_POSTGRES_URL"
        ) from None
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise BenchError(f"no Redis at {REDIS_URL} ({error}); set BENCH_REDIS_URL") from None


def manage(*args: str, env: dict[str, str], project: Path = PROJECT) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=project, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def prepare_database(count: int, reuse: bool, env: dict[str, str]) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
    if reuse and exists:
        with psycopg.connect(_database_url(DATABASE)) as connection:
            try:
                have = connection.execute("SELECT count(*) FROM articles_article").fetchone()[0]
            except psycopg.Error:
                have = -1
        if have == count:
            manage("migrate", "--noinput", env=env)
            # What the running code would not serve (built by another version of it) is built
            # again, as make serve-prod does, or the cold scenarios would measure its absence.
            rendered = manage("render_articles", env=env).strip()
            print(f"reusing {DATABASE} ({count} articles; {rendered})", flush=True)
            return
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    manage("migrate", "--noinput", env=env)
    started = time.monotonic()
    built = subprocess.run(
        [sys.executable, str(PROJECT / "bench" / "serve_data.py"), str(count)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    if built.returncode:
        raise BenchError(f"building the data failed:\n{built.stderr[-2000:]}")
    print(f"built {built.stdout.strip()} in {time.monotonic() - started:.1f} s", flush=True)


def forget_cached_answers() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{KEY_PREFIX}:*", count=5000))
    for start in range(0, len(keys), 5000):
        client.delete(*keys[start : start + 5000])


# The server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str] | None = None):
    """A request with the headers wrk sends (``Host`` and nothing else) plus ``headers``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


class Server:
    def __init__(
        self, env: dict[str, str], port: int, log_path: Path, project: Path = PROJECT
    ) -> None:
        self.env, self.port, self.log_path, self.project = env, port, log_path, project
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
                cwd=self.project,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until_answers(self, "/healthz")
        return self

    def __exit__(self, *exc_info) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def booted_workers(self) -> list[int]:
        """The workers, once gunicorn has started all of them (the count stays the same)."""
        seen: list[int] = []
        for _ in range(50):
            time.sleep(0.2)
            pids = self.workers()
            if pids and sorted(pids) == sorted(seen):
                return pids
            seen = pids
        return seen

    def workers(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids


def wait_until_answers(server: Server, path: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"gunicorn exited:\n{server.log_path.read_text()[-2000:]}")
        try:
            if get(server.port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError("gunicorn did not start within 60 s")


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime and stime
    return ticks / os.sysconf("SC_CLK_TCK")


def peak_memory_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# Load ------------------------------------------------------------------------------------------


def run_wrk(port: int, scenario: Scenario, seconds: int, connections: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        script = Path(folder) / "paths.lua"
        script.write_text(WRK_SCRIPT)
        paths = Path(folder) / "paths.txt"
        etags = scenario.etags or [""] * len(scenario.paths)
        paths.write_text("".join(f"{p}\t{e}\n" for p, e in zip(scenario.paths, etags, strict=True)))
        done = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            env={**os.environ, "BENCH_PATHS": str(paths)},
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise BenchError(f"wrk failed:\n{done.stdout}\n{done.stderr}")
    stats = json.loads(line[len("BENCH ") :])
    return {
        "requests": stats["requests"],
        "seconds": stats["duration_us"] / 1e6,
        "p50_ms": stats["p50_us"] / 1000,
        "p99_ms": stats["p99_us"] / 1000,
        "errors": stats["errors"] + stats["non_2xx_3xx"],
    }


def run_python(port: int, scenario: Scenario, seconds: int, connections: int) -> dict:
    etags = scenario.etags or [""] * len(scenario.paths)
    entries = list(zip(scenario.paths, etags, strict=True))
    latencies: list[float] = []
    errors = 0
    counter = iter(range(10**12))
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            with lock:
                path, etag = entries[next(counter) % len(entries)]
            started = time.perf_counter()
            try:
                status, _, _ = get(port, path, {"If-None-Match": etag} if etag else None)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status not in (200, 304):
                    errors += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": duration,
        "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else 0.0,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0.0,
        "errors": errors,
    }


def sample(port: int, paths: list[str], etags: list[str]) -> tuple[float | None, str]:
    """Queries per request and the cache outcome, from a few requests of the scenario."""
    queries, outcomes = [], []
    for index, path in enumerate(paths):
        etag = etags[index] if etags else ""
        status, headers, _ = get(port, path, {"If-None-Match": etag} if etag else None)
        if "X-DB-Queries" in headers:
            queries.append(int(headers["X-DB-Queries"]))
        outcomes.append(f"{status} {headers.get('X-Cache', '-')}")
    counts = sorted(set(outcomes))
    return (statistics.median(queries) if queries else None), ", ".join(counts)


# Scenarios -------------------------------------------------------------------------------------


def scenarios(port: int, count: int, rng: random.Random) -> list[Scenario]:
    import psycopg

    with psycopg.connect(_database_url(DATABASE)) as connection:
        slugs = [row[0] for row in connection.execute("SELECT slug FROM articles_article")]
    rng.shuffle(slugs)
    details = [f"/api/v1/articles/{slug}/" for slug in slugs]
    # Every page of 20 under four spellings of its URL, so that a cold run has more URLs than
    # it can ask for in a slice (there are only count / 20 pages).
    pages = [
        f"/api/v1/articles/?{query.format(page=page)}"
        for page in range(1, count // 20 + 1)
        for query in (
            "page={page}",
            "page={page}&page_size=20",
            "page_size=20&page={page}",
            "page={page}&format=json",
        )
    ]
    rng.shuffle(pages)
    searches = [
        f"/api/v1/articles/?search={quote(f'{a} {b}')}&page_size={size}"
        for size in (20, 19, 18, 17)
        for a in SEARCH_WORDS
        for b in SEARCH_WORDS
        if a != b
    ]
    rng.shuffle(searches)
    warm_details = details[:100]
    return [
        Scenario("floor: trivial JSON view", ["/"], cold=False, sample_paths=["/"]),
        Scenario("detail, cache cold", details[5:], cold=True, sample_paths=details[:5]),
        Scenario("detail, cache warm", warm_details, cold=False, sample_paths=warm_details[:5]),
        Scenario("detail, 304", warm_details, cold=False, sample_paths=warm_details[:5]),
        Scenario("list of 20, cache cold", pages[5:], cold=True, sample_paths=pages[:5]),
        Scenario("list of 20, cache warm", pages[:20], cold=False, sample_paths=pages[:5]),
        Scenario("search, cache cold", searches[5:], cold=True, sample_paths=searches[:5]),
        Scenario("search, cache warm", searches[:20], cold=False, sample_paths=searches[:5]),
    ]


def prime(port: int, scenario: Scenario) -> None:
    etags = []
    for path in scenario.paths:
        status, headers, _ = get(port, path)
        if status != 200:
            raise BenchError(f"GET {path} answered {status}")
        etags.append(headers.get("ETag", ""))
    if scenario.name.endswith("304"):
        scenario.etags = etags
        if not all(etags):
            raise BenchError("the detail has no ETag: no 304 to measure")


def measure(args: argparse.Namespace) -> dict:
    check_services()
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    if args.client == "wrk" and not shutil.which("wrk"):
        raise BenchError("wrk is not installed (Debian: apt-get install wrk)")
    if not use_wrk:
        print("wrk not found (Debian: apt-get install wrk): using the Python client", flush=True)
    port = free_port()
    env = server_env(args.workers, port)
    prepare_database(args.articles, args.reuse, env)
    OUT.mkdir(parents=True, exist_ok=True)
    forget_cached_answers()
    rng = random.Random(6)
    results: list[Result] = []
    workers: list[int] = []
    connections = 0

    def load(scenario: Scenario, seconds: int) -> dict:
        before = cpu_seconds(workers)
        run = (run_wrk if use_wrk else run_python)(port, scenario, seconds, connections)
        run["cpu_s"] = cpu_seconds(workers) - before
        return run

    def result(scenario: Scenario, runs: list[dict], **fields) -> Result:
        """The slices of one scenario as one result: totals, the median p50, the worst p99."""
        requests = sum(run["requests"] for run in runs)
        seconds = sum(run["seconds"] for run in runs)
        return Result(
            name=scenario.name,
            requests=requests,
            seconds=round(seconds, 2),
            rps=round(requests / seconds, 1),
            p50_ms=round(statistics.median(run["p50_ms"] for run in runs), 2),
            p99_ms=round(max(run["p99_ms"] for run in runs), 2),
            errors=sum(run["errors"] for run in runs),
            cpu_ms=round(sum(run["cpu_s"] for run in runs) * 1000 / requests, 3)
            if requests
            else None,
            **fields,
        )

    with Server(env, port, OUT / "serve-gunicorn.log") as server:
        workers = server.booted_workers()
        connections = args.connections or 2 * len(workers)
        plan = scenarios(port, args.articles, rng)
        # Warm up: every worker imports its code and opens its connections.
        for _ in range(4 * len(workers)):
            for scenario in plan:
                get(port, scenario.sample_paths[0])
        floor = plan[0]
        slice_seconds = max(1, args.seconds // args.rounds)
        for scenario in plan[1:]:
            if args.only and not any(word in scenario.name for word in args.only):
                continue
            forget_cached_answers()
            if scenario.cold:
                queries, cache_outcome = sample(port, scenario.sample_paths, [])
                forget_cached_answers()
            else:
                prime(port, scenario)
                queries, cache_outcome = sample(
                    port, scenario.sample_paths, scenario.etags[: len(scenario.sample_paths)]
                )
            # The scenario and the floor take turns in short slices, so that the rest of the
            # machine's load, which comes and goes, weighs on both alike.
            floor_runs, runs = [], []
            for number in range(args.rounds):
                floor_runs.append(load(floor, slice_seconds))
                if scenario.cold:  # each slice starts cold and asks for no URL twice
                    forget_cached_answers()
                runs.append(load(scenario.rotated(number, args.rounds), slice_seconds))
            floor_result = result(floor, floor_runs, queries=0, cache="-", ratio=1.0)
            floor_result.floor_rps = floor_result.rps
            results.append(floor_result)
            outcome = result(
                scenario,
                runs,
                queries=queries,
                cache=cache_outcome,
                floor_rps=floor_result.rps,
                floor_cpu_ms=floor_result.cpu_ms,
                target=TARGETS.get(scenario.name),
            )
            outcome.ratio = round(outcome.rps / floor_result.rps, 3)
            most = max(run["requests"] for run in runs)
            if scenario.cold and most > len(scenario.paths):
                urls = len(scenario.paths)
                outcome.cache += f" (cycled: {most} requests in a slice, {urls} URLs)"
            results.append(outcome)
            print(
                f"  {outcome.name}: {outcome.rps} req/s, {outcome.ratio:.0%} of the floor "
                f"({floor_result.rps:.0f} req/s)",
                flush=True,
            )
        memory = {pid: peak_memory_mb(pid) for pid in workers}
        master = peak_memory_mb(server.process.pid)
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "client": "wrk" if use_wrk else "python",
        "articles": args.articles,
        "seconds_per_scenario": args.seconds,
        "workers": len(workers),
        "connections": connections,
        "peak_worker_memory_mb": round(max(v for v in memory.values() if v), 1),
        "peak_master_memory_mb": round(master or 0, 1),
        "results": [asdict(result) for result in results],
    }


def markdown(report: dict) -> str:
    lines = [
        f"{report['articles']:,} articles; gunicorn, {report['workers']} workers; "
        f"{report['client']}, {report['connections']} connections, "
        f"{report['seconds_per_scenario']} s per scenario; {report['machine']}.",
        "",
        "| scenario | req/s | p50 ms | p99 ms | floor req/s | of floor | target | SQL/request "
        "| worker CPU ms/request | of floor by CPU | cache |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in report["results"]:
        if r["name"].startswith("floor"):
            continue
        ratio = f"{r['ratio']:.0%}" if r["ratio"] is not None else "-"
        target = "-"
        if r["target"] is not None and r["ratio"] is not None:
            target = f"{r['target']:.0%} " + ("met" if r["ratio"] >= r["target"] else "MISSED")
        queries = "-" if r["queries"] is None else f"{r['queries']:g}"
        cpu = "-" if r["cpu_ms"] is None else f"{r['cpu_ms']:.2f}"
        cpu_ratio = "-"
        if r["cpu_ms"] and r["floor_cpu_ms"]:
            cpu_ratio = f"{r['floor_cpu_ms'] / r['cpu_ms']:.0%}"
        errors = f" ({r['errors']} errors)" if r["errors"] else ""
        lines.append(
            f"| {r['name']} | {r['rps']:,.0f}{errors} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
            f"| {r['floor_rps']:,.0f} | {ratio} | {target} | {queries} | {cpu} | {cpu_ratio} "
            f"| {r['cache']} |"
        )
    floors = [r for r in report["results"] if r["name"].startswith("floor")]
    if floors:
        lines += [
            "",
            f"Floor (`GET /`, a trivial JSON view, taking turns with each scenario): "
            f"{min(r['rps'] for r in floors):,.0f} to {max(r['rps'] for r in floors):,.0f} req/s, "
            f"p50 {statistics.median(r['p50_ms'] for r in floors):.1f} ms, "
            f"{statistics.median(r['cpu_ms'] for r in floors if r['cpu_ms']):.2f} ms of worker "
            "CPU per request, 0 SQL queries.",
        ]
    lines += [
        "",
        f"Peak memory of a worker: {report['peak_worker_memory_mb']} MB "
        f"(the master: {report['peak_master_memory_mb']} MB).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles to build")
    parser.add_argument("--seconds", type=int, default=8, help="length of each scenario's run")
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="slices each run is cut into, taking turns with the floor",
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: its config's)")
    parser.add_argument("--connections", type=int, help="concurrent connections (2 per worker)")
    parser.add_argument(
        "--client", choices=["auto", "wrk", "python"], default="auto", help="the load tool"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it has the articles already"
    )
    parser.add_argument(
        "--only", nargs="*", help="run only scenarios whose name contains one of these words"
    )
    args = parser.parse_args(argv)
    report = measure(args)
    (OUT / "serve.json").write_text(json.dumps(report, indent=2))
    print()
    print(markdown(report))


if __name__ == "__main__":
    main()
