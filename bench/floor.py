"""The middleware floor: newsapi's own trivial view (``GET /``, through its whole middleware
stack, as deployed) against a plain Django view with no middleware returning constant JSON
(``bench/plain_django.py``), both under gunicorn with the same worker count, taking turns.

    .venv/bin/python bench/floor.py                       # 8 rounds of 2 s each
    .venv/bin/python bench/floor.py --rounds 12 --workers 2

newsapi runs with ``config/gunicorn.conf.py`` and the production settings, its JSON access log
on (to a file); the plain view with gunicorn's defaults (no access log) but the same worker
class, threads and keep-alive (``served_like_newsapi``), so that the client keeps its
connections to both or to neither. Each round runs wrk against one then the other (the order swapped
every round), so that the machine's other load weighs on both alike. It prints each one's
requests per second, their ratio, and the workers' CPU time per request. It needs wrk (Debian:
``apt-get install wrk``); newsapi's ``/`` touches neither the database nor the cache, but the
production settings want their addresses."""

from __future__ import annotations

import argparse
import os
import runpy
import statistics
import subprocess
import sys
from pathlib import Path

import serve

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))  # config/gunicorn.conf.py imports config.logging


def served_like_newsapi(env: dict[str, str]) -> list[str]:
    """gunicorn's options for how ``config/gunicorn.conf.py`` serves connections under ``env``
    (worker class, threads, keep-alive): a synchronous worker closes the connection after every
    answer and a threaded one keeps it, which alone moves a side's rate."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        conf = runpy.run_path(str(PROJECT / "config" / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return [
        "--worker-class",
        conf["worker_class"],
        "--threads",
        str(conf["threads"]),
        "--keep-alive",
        str(conf["keepalive"]),
    ]


class PlainServer(serve.Server):
    """gunicorn serving ``bench/plain_django.py``, its connections served as newsapi's are."""

    def __enter__(self) -> PlainServer:
        workers = self.env["WEB_CONCURRENCY"]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    *served_like_newsapi(self.env),
                    "--workers",
                    workers,
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--chdir",
                    str(PROJECT / "bench"),
                    "--preload",
                    "plain_django:application",
                ],
                cwd=PROJECT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        serve.wait_until_answers(self, "/")
        return self


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8, help="slices per server")
    parser.add_argument("--seconds", type=int, default=2, help="length of a slice")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each")
    parser.add_argument("--connections", type=int, help="concurrent connections (2 per worker)")
    parser.add_argument(
        "--no-access-log", action="store_true", help="newsapi without its access log"
    )
    args = parser.parse_args(argv)
    connections = args.connections or 2 * args.workers
    serve.OUT.mkdir(parents=True, exist_ok=True)
    newsapi_port, plain_port = serve.free_port(), serve.free_port()
    env = serve.server_env(args.workers, newsapi_port)
    # As deployed: no query-count middleware, the JSON access log on.
    # As deployed: no query-count middleware, the JSON access log on.
    env.update({"DB_QUERY_COUNT_HEADER": "0", "GUNICORN_ACCESS_LOG": "1", "LOG_LEVEL": "INFO"})
    if args.no_access_log:  # to measure what the access log costs
        env["GUNICORN_ACCESS_LOG"] = "0"
    plain_env = {**env, "WEB_CONCURRENCY": str(args.workers)}
    plain_env.pop("DJANGO_SETTINGS_MODULE")
    servers = {
        "plain Django view": PlainServer(plain_env, plain_port, serve.OUT / "floor-plain.log"),
        "newsapi /": serve.Server(env, newsapi_port, serve.OUT / "floor-newsapi.log"),
    }
    floor = serve.Scenario("floor", ["/"], cold=False)
    runs: dict[str, list[dict]] = {name: [] for name in servers}
    with servers["plain Django view"], servers["newsapi /"]:
        workers = {name: server.booted_workers() for name, server in servers.items()}
        for server in servers.values():
            for _ in range(200):
                serve.get(server.port, "/")
        for number in range(args.rounds):
            order = list(servers) if number % 2 == 0 else list(reversed(servers))
            for name in order:
                before = serve.cpu_seconds(workers[name])
                run = serve.run_wrk(servers[name].port, floor, args.seconds, connections)
                run["cpu_s"] = serve.cpu_seconds(workers[name]) - before
                runs[name].append(run)
    print(
        f"{args.rounds} rounds of {args.seconds} s, {args.workers} workers each, "
        f"{connections} connections (wrk)\n"
    )
    print("| server | req/s | of the plain view | median round ratio | worker CPU ms/request |")
    print("| --- | ---: | ---: | ---: | ---: |")
    plain = runs["plain Django view"]
    plain_rps = sum(r["requests"] for r in plain) / sum(r["seconds"] for r in plain)
    for name, slices in runs.items():
        requests = sum(r["requests"] for r in slices)
        rps = requests / sum(r["seconds"] for r in slices)
        ratios = [
            (r["requests"] / r["seconds"]) / (p["requests"] / p["seconds"])
            for r, p in zip(slices, plain, strict=True)
        ]
        cpu = sum(r["cpu_s"] for r in slices) * 1000 / requests
        print(
            f"| {name} | {rps:,.0f} | {rps / plain_rps:.2f} | {statistics.median(ratios):.2f} "
            f"| {cpu:.3f} |"
        )


if __name__ == "__main__":
    main()
