"""Two versions of the code served side by side, taking turns under the same load: what a change
does to the serving benchmark's scenarios, measured in one run.

    .venv/bin/python bench/side_by_side.py 599439f                 # that commit against this one
    .venv/bin/python bench/side_by_side.py 599439f --only search --rounds 8

From one run of ``bench/serve.py`` to the next on a shared machine the floor itself moves by a
third, more than most changes do; two servers measured in turn, a couple of seconds each, meet the
same load. This one serves the working tree on the benchmark's database (``newsapi_bench_serve``, or
``BENCH_DATABASE``, built by ``make bench``); the other serves ``BASE`` (a commit, checked out in a
temporary git worktree, with this project's ``.venv``) on a copy of that database, since each
version's stored representations are its own. Each scenario of ``bench/serve.py`` runs in
``--rounds`` slices of ``--seconds`` per server, the order of the two swapped every round, the
response cache emptied before each slice. It reports each server's requests per second and workers'
CPU time per request, and their ratios.

It needs what ``bench/serve.py`` needs, and ``git``; the copy of the database and the worktree
are removed at the end."""

from __future__ import annotations

import argparse
import copy
import random
import subprocess
import tempfile
from pathlib import Path

import serve

BASE_DATABASE = f"{serve.DATABASE}_base"


def copy_database() -> None:
    import psycopg

    with psycopg.connect(serve.POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{BASE_DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{BASE_DATABASE}" TEMPLATE "{serve.DATABASE}"')


def drop_database() -> None:
    import psycopg

    with psycopg.connect(serve.POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{BASE_DATABASE}" WITH (FORCE)')


def server_env(database: str, prefix: str, port: int) -> dict[str, str]:
    env = serve.server_env(None, port)
    env.update({"DATABASE_URL": serve._database_url(database), "CACHE_KEY_PREFIX": prefix})
    return env


def prepare(project: Path, env: dict[str, str]) -> None:
    """Migrate, and build the stored representations this version serves."""
    serve.manage("migrate", "--noinput", env=env, project=project)
    serve.manage("render_articles", env=env, project=project)


def forget(prefixes: list[str]) -> None:
    import redis

    client = redis.Redis.from_url(serve.REDIS_URL)
    for prefix in prefixes:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=5000))
        for start in range(0, len(keys), 5000):
            client.delete(*keys[start : start + 5000])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the commit to compare the working tree with")
    parser.add_argument("--rounds", type=int, default=6, help="slices per server and scenario")
    parser.add_argument("--seconds", type=int, default=2, help="length of a slice")
    parser.add_argument("--connections", type=int, default=10, help="concurrent connections")
    parser.add_argument(
        "--only", nargs="*", help="run only scenarios whose name contains one of these words"
    )
    args = parser.parse_args(argv)
    serve.check_services()
    project = serve.PROJECT
    with tempfile.TemporaryDirectory(prefix="bench-side-by-side-") as folder:
        base = Path(folder) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(base), args.base],
            cwd=project,
            check=True,
        )
        (base / ".venv").symlink_to(project / ".venv")
        try:
            copy_database()
            compare(args, project, base)
        finally:
            drop_database()
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base)], cwd=project, check=False
            )


def compare(args: argparse.Namespace, project: Path, base: Path) -> None:
    versions = {  # name: (code, database, cache key prefix)
        "base": (base, BASE_DATABASE, "bench-side-base"),
        "this": (project, serve.DATABASE, "bench-side-this"),
    }
    prefixes = [prefix for _, _, prefix in versions.values()]
    servers = {}
    for name, (code, database, prefix) in versions.items():
        port = serve.free_port()
        env = server_env(database, prefix, port)
        prepare(code, env)
        serve.OUT.mkdir(parents=True, exist_ok=True)
        servers[name] = serve.Server(env, port, serve.OUT / f"side-by-side-{name}.log", code)
    print(f"| scenario | {args.base} req/s | this req/s | ratio | {args.base} CPU ms | this CPU ms")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with servers["base"], servers["this"]:
        workers = {name: server.booted_workers() for name, server in servers.items()}
        plan = serve.scenarios(servers["this"].port, 10_000, random.Random(6))
        for server in servers.values():  # every worker imports its code and opens connections
            for _ in range(4 * len(workers["this"])):
                for scenario in plan:
                    serve.get(server.port, scenario.sample_paths[0])
        for scenario in plan:
            if args.only and not any(word in scenario.name for word in args.only):
                continue
            measured = {name: copy.deepcopy(scenario) for name in servers}
            if not scenario.cold:  # each server's own answers cached (and their ETags read)
                forget(prefixes)
                for name, server in servers.items():
                    serve.prime(server.port, measured[name])
            totals = {name: [0, 0.0, 0.0] for name in servers}  # requests, seconds, CPU
            for number in range(args.rounds):
                for name in ["base", "this"] if number % 2 == 0 else ["this", "base"]:
                    if scenario.cold:
                        forget(prefixes)
                    before = serve.cpu_seconds(workers[name])
                    run = serve.run_wrk(
                        servers[name].port,
                        measured[name].rotated(number, args.rounds),
                        args.seconds,
                        args.connections,
                    )
                    if run["errors"]:
                        raise serve.BenchError(f"{name}: {run['errors']} errors in {scenario.name}")
                    totals[name][0] += run["requests"]
                    totals[name][1] += run["seconds"]
                    totals[name][2] += serve.cpu_seconds(workers[name]) - before
            rps = {name: t[0] / t[1] for name, t in totals.items()}
            cpu = {name: 1000 * t[2] / t[0] for name, t in totals.items()}
            print(
                f"| {scenario.name} | {rps['base']:,.0f} | {rps['this']:,.0f} "
                f"| {rps['this'] / rps['base']:.2f}× | {cpu['base']:.2f} | {cpu['this']:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
