"""Reads through the edge: Varnish (``deploy/varnish/default.vcl``) in front of newsapi's gunicorn,
measured side by side, in one run, on the serving benchmark's database.

    .venv/bin/python bench/edge.py                    # 6 rounds of 2 s per comparison
    .venv/bin/python bench/edge.py --rounds 8 --writes 50

- **warm**: article details Varnish has already, against a plain Django view with no middleware
  (``bench/plain_django.py``) under gunicorn with the same worker count (goal: 10 times or more);
- **cold**: details never asked before, through Varnish against the same server without it
  (goal: no worse), each slice on URLs no slice asked before;
- **the Redis response cache behind Varnish**: cold details through Varnish to a server with the
  response cache on against one with it off, when the answer is in neither cache and when
  Redis has it (what a second Varnish, or one restarted, would ask for);
- **write to edge**: the time from a write's answer (its transaction committed, the edge
  purged) to the first fresh answer through Varnish, over ``--writes`` writes through the API.

Servers and clients take turns in slices (``--rounds`` of ``--seconds``), the order swapped
every round, so that the machine's other load weighs on both sides alike. It needs what
``bench/serve.py`` needs (PostgreSQL, Redis, the database it builds: run it once, or this
builds it), wrk, and ``varnishd`` with the xkey module (Debian: ``varnish varnish-modules``).
The table goes to stdout and ``bench/out/edge.json``."""

from __future__ import annotations

import argparse
import base64
import json
import random
import statistics
import sys
import time
from pathlib import Path

import floor
import serve

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.e2e.stack import Client, Varnish  # noqa: E402

EDITOR = ("bench-editor", "bench-editor-password-not-secret")


def rate(runs: list[dict]) -> float:
    return sum(r["requests"] for r in runs) / sum(r["seconds"] for r in runs)


def side_by_side(
    a: tuple[int, serve.Scenario], b: tuple[int, serve.Scenario], args, before=None
) -> tuple[list[dict], list[dict]]:
    """Slices of scenario ``a`` on port ``a[0]`` and ``b`` on ``b[0]`` taking turns; ``before``
    runs before every slice (to empty caches)."""
    runs: tuple[list[dict], list[dict]] = ([], [])
    for number in range(args.rounds):
        order = [0, 1] if number % 2 == 0 else [1, 0]
        for side in order:
            port, scenario = (a, b)[side]
            if before:
                before()
            runs[side].append(
                serve.run_wrk(
                    port, scenario.rotated(number, args.rounds), args.seconds, args.connections
                )
            )
    return runs


def purge_all(ports: list[int], ids: list[int]) -> None:
    """Empty these edges of every article's answers, by their keys."""
    for port in ports:
        for start in range(0, len(ids), 100):
            keys = " ".join(f"article-{pk}" for pk in ids[start : start + 100])
            Client(f"http://127.0.0.1:{port}").request("PURGE", "/", headers={"xkey-purge": keys})


def cycled(scenario: serve.Scenario, runs: list[dict]) -> bool:
    return max(r["requests"] for r in runs) > len(scenario.paths)


def write_to_edge(app_port: int, edge: Client, slugs: list[str], writes: int) -> list[float]:
    """Seconds from each write's answer to the first fresh answer through the edge."""
    basic = "Basic " + base64.b64encode(":".join(EDITOR).encode()).decode()
    writer = Client(f"http://127.0.0.1:{app_port}")
    delays = []
    for number, slug in enumerate(slugs[:writes]):
        path = f"/api/v1/articles/{slug}/"
        edge.get(path)  # cached at the edge
        title = f"Edited by the edge benchmark, write {number} at {time.time_ns()}"
        answer = writer.request(
            "PATCH",
            path,
            body=json.dumps({"title": title}).encode(),
            headers={"Authorization": basic, "Content-Type": "application/json"},
        )
        if answer.status != 200:
            raise serve.BenchError(f"PATCH {path} answered {answer.status}: {answer.text[:300]}")
        written = time.perf_counter()
        while json.loads(edge.get(path).body)["title"] != title:
            if time.perf_counter() - written > 10:
                raise serve.BenchError(f"{path} still stale at the edge after 10 s")
        delays.append(time.perf_counter() - written)
    return delays


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=6, help="slices per side")
    parser.add_argument("--seconds", type=int, default=2, help="length of a slice")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--writes", type=int, default=30, help="writes timed to the edge")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the database")
    args = parser.parse_args(argv)
    serve.check_services()
    serve.OUT.mkdir(parents=True, exist_ok=True)

    ports = {name: serve.free_port() for name in ("app", "cached app", "plain", "e1", "e2")}
    env = serve.server_env(args.workers, ports["app"])
    env.update({"DB_QUERY_COUNT_HEADER": "0", "API_RESPONSE_CACHE_SECONDS": "0"})
    serve.prepare_database(args.articles, True, env)
    serve.manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model as m; U = m(); "
        f"U.objects.filter(username='{EDITOR[0]}').exists() or "
        f"U.objects.create_superuser('{EDITOR[0]}', 'bench@example.org', '{EDITOR[1]}')",
        env=env,
    )
    app_env = {**env, "EDGE_VARNISH_URLS": f"http://127.0.0.1:{ports['e1']}"}
    cached_env = {
        **serve.server_env(args.workers, ports["cached app"]),
        "DB_QUERY_COUNT_HEADER": "0",
        "API_RESPONSE_CACHE_SECONDS": "300",
        "EDGE_VARNISH_URLS": f"http://127.0.0.1:{ports['e2']}",
    }
    plain_env = {**env, "WEB_CONCURRENCY": str(args.workers)}
    plain_env.pop("DJANGO_SETTINGS_MODULE")
    app = serve.Server(app_env, ports["app"], serve.OUT / "edge-app.log")
    cached_app = serve.Server(cached_env, ports["cached app"], serve.OUT / "edge-cached-app.log")
    plain = floor.PlainServer(plain_env, ports["plain"], serve.OUT / "edge-plain.log")
    edge = Varnish([ports["app"]], port=ports["e1"])
    cached_edge = Varnish([ports["cached app"]], port=ports["e2"])

    import psycopg

    with psycopg.connect(serve._database_url(serve.DATABASE)) as connection:
        rows = connection.execute("SELECT id, slug FROM articles_article").fetchall()
    random.Random(18).shuffle(rows)
    ids = [pk for pk, _ in rows]
    slugs = [slug for _, slug in rows]
    details = [f"/api/v1/articles/{slug}/" for slug in slugs]
    half = len(details) // 2
    results: dict = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "workers": args.workers}

    with app, cached_app, plain, edge, cached_edge:
        for server in (app, cached_app, plain):
            server.booted_workers()
        for port in (ports["e1"], ports["e2"], ports["app"], ports["plain"]):
            for path in ["/", *details[:50]]:
                serve.get(port, path)
        print("warm reads", flush=True)
        warm = serve.Scenario("warm", details[:100], cold=False)
        for path in warm.paths:
            serve.get(ports["e1"], path)
        through, plain_runs = side_by_side(
            (ports["e1"], warm), (ports["plain"], serve.Scenario("plain", ["/"], cold=False)), args
        )
        results["warm through Varnish / plain Django view"] = rate(through) / rate(plain_runs)
        results["warm through Varnish req/s"] = rate(through)
        results["plain Django view req/s"] = rate(plain_runs)

        print("cold reads", flush=True)
        # Every slice starts with the edges empty and asks each URL once (unless "cycled").
        cold_edge = serve.Scenario("cold edge", details[:half], cold=True)
        cold_app = serve.Scenario("cold app", details[half:], cold=True)
        edges = [ports["e1"], ports["e2"]]
        via, direct = side_by_side(
            (ports["e1"], cold_edge), (ports["app"], cold_app), args, lambda: purge_all(edges, ids)
        )
        results["cold through Varnish / cold without"] = rate(via) / rate(direct)
        results["cold through Varnish req/s"] = rate(via)
        results["cold without Varnish req/s"] = rate(direct)
        results["cold cycled"] = cycled(cold_edge, via) or cycled(cold_app, direct)

        print("the Redis response cache behind Varnish", flush=True)
        on = serve.Scenario("redis on", details[:half], cold=True)
        off = serve.Scenario("redis off", details[half:], cold=True)

        def empty_all() -> None:
            purge_all(edges, ids)
            serve.forget_cached_answers()

        with_redis, without = side_by_side((ports["e2"], on), (ports["e1"], off), args, empty_all)
        results["edge miss, Redis miss: cache on / off"] = rate(with_redis) / rate(without)
        # What a second edge (or one restarted) asks for: answers Redis has already. The
        # last slices left them there; the edges alone are emptied.
        for path in on.paths:
            serve.get(ports["cached app"], path)
        hot, cold = side_by_side(
            (ports["e2"], on), (ports["e1"], off), args, lambda: purge_all(edges, ids)
        )
        results["edge miss, Redis hit: cache on / off"] = rate(hot) / rate(cold)
        results["Redis cycled"] = cycled(on, with_redis + hot) or cycled(off, without + cold)

        print("write to edge", flush=True)
        delays = write_to_edge(
            ports["app"], Client(f"http://127.0.0.1:{ports['e1']}"), slugs[100:], args.writes
        )
        results["write to fresh answer at the edge, median ms"] = statistics.median(delays) * 1000
        results["write to fresh answer at the edge, max ms"] = max(delays) * 1000

    (serve.OUT / "edge.json").write_text(json.dumps(results, indent=2))
    print()
    print(
        f"{args.rounds} rounds of {args.seconds} s a side, {args.workers} gunicorn workers a "
        f"server, wrk with {args.connections} connections\n"
    )
    print("| measure | value |")
    print("| --- | ---: |")
    for name, value in results.items():
        if isinstance(value, float):
            print(f"| {name} | {value:,.2f} |")
        else:
            print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
