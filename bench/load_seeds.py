"""Seed-loading benchmark: how fast ``manage.py load_seeds`` loads N synthetic seed files, how
much memory it takes, and how much faster a reload of the same, unchanged files is.

    .venv/bin/python bench/load_seeds.py                      # N = 1,000 and 10,000, both DBs
    .venv/bin/python bench/load_seeds.py --files 500 --databases sqlite

The files are made from the annotated corpus (``tests/fixtures/corpus``): each one is a corpus
page with its own headline, byline and figures, so every file has its own content hash and
headline. They are written one at a time to a temporary folder. Each load runs
``manage.py load_seeds --json`` in a child process against a fresh database (an SQLite file, or
a PostgreSQL database ``newsapi_bench`` created and dropped here); the numbers are the child's
wall time, CPU time and peak resident memory (``ru_maxrss``), and the loader's own duration
from its report. On a shared machine the CPU time is the steadier figure: the wall time
includes waiting for other processes (and, for PostgreSQL, for the server, whose CPU time is not
the loader's). It is a benchmark to run by hand (``make bench-load``), not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "tests" / "fixtures" / "corpus"
MANAGE = [sys.executable, str(PROJECT / "manage.py")]
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DATABASE = "newsapi_bench"

PLACES = [
    "Calder",
    "Riverton",
    "Ashvale",
    "Sorrel Bay",
    "Hollin",
    "Skerrin",
    "Tallis",
    "Brightkeel",
]
FIRST_NAMES = ["Amara", "Jonas", "Li", "Mateo", "Noor", "Olga", "Ravi", "Sofia", "Tomás", "Yuki"]
LAST_NAMES = ["Achebe", "Berg", "Castillo", "Dubois", "Eriksen", "Fujita", "Gupta", "Haddad"]
# A figure in running text: 27, 2.40, 1,200. Years and dates are left alone, so that the pages'
# date lines still parse.
FIGURE = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d+)?)(?![\w.,]?\d)")


@dataclass(frozen=True)
class Source:
    text: str
    headline: str
    byline: str | None


def corpus_sources() -> list[Source]:
    """Corpus pages whose headline appears as written, so that it can be varied."""
    sources = []
    for path in sorted(CORPUS.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        if expected["headline"] in text:
            sources.append(Source(text, expected["headline"], expected.get("byline")))
    return sources


def _vary_figures(line: str, rng: random.Random) -> str:
    if len(line) < 120:  # headers, date lines and captions keep their numbers
        return line
    return FIGURE.sub(lambda match: str(rng.randint(2, 999)), line)


def synthetic_page(sources: list[Source], number: int) -> str:
    """The ``number``-th synthetic page: a corpus page with another headline, byline and
    figures, always the same for the same number."""
    rng = random.Random(number)
    source = sources[number % len(sources)]
    text = "\n".join(
        line if line.strip() == source.headline else _vary_figures(line, rng)
        for line in source.text.split("\n")
    )
    # Every occurrence: some pages repeat the headline in a title line above it.
    text = text.replace(
        source.headline, f"{source.headline} in {rng.choice(PLACES)} (report {number})"
    )
    if source.byline and source.byline in text:
        text = text.replace(source.byline, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", 1)
    return text


def write_seed_files(folder: Path, count: int) -> None:
    """Write ``count`` files one at a time: the corpus is never held whole in memory."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = corpus_sources()
    for number in range(count):
        page = synthetic_page(sources, number)
        (folder / f"bench-{number:06}.txt").write_text(page, encoding="utf-8")


@dataclass(frozen=True)
class LoadResult:
    wall_seconds: float
    loader_seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    counts: dict[str, int]


def run_load(folder: Path, database_url: str) -> LoadResult:
    """One ``load_seeds`` in a child process: its wall time, its peak memory, its report."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with tempfile.TemporaryFile() as report:
        started = time.perf_counter()
        child = subprocess.Popen(
            [*MANAGE, "load_seeds", "--json", str(folder)],
            env=env,
            cwd=PROJECT,
            stdout=report,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read().decode() if child.stderr else ""
        if child.returncode != 0:
            raise SystemExit(f"load_seeds failed ({child.returncode}):\n{errors[-2000:]}")
        report.seek(0)
        document = json.load(report)
    # ru_maxrss is in kilobytes on Linux.
    return LoadResult(
        wall_seconds=wall,
        loader_seconds=document["duration_seconds"],
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        counts=document["counts"],
    )


def _migrate(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([*MANAGE, "migrate", "-v", "0"], env=env, cwd=PROJECT, check=True)


def sqlite_database(workdir: Path, label: str) -> Iterator[str]:
    path = workdir / f"{label}.sqlite3"
    url = f"sqlite:///{path}"
    _migrate(url)
    yield url
    path.unlink(missing_ok=True)


def postgres_database() -> Iterator[str]:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
        connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
    try:
        url = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
        _migrate(url)
        yield url
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


def bench(count: int, database: str, workdir: Path) -> dict:
    folder = workdir / f"seeds-{count}"
    if not folder.exists():
        write_seed_files(folder, count)
    databases = (
        sqlite_database(workdir, f"{database}-{count}")
        if database == "sqlite"
        else (postgres_database())
    )
    url = next(databases)
    try:
        first = run_load(folder, url)
        machine_load = os.getloadavg()[0]
        again = run_load(folder, url)
    finally:
        databases.close()
    if first.counts["created"] != count or again.counts["unchanged"] != count:
        raise SystemExit(f"unexpected counts: first {first.counts}, reload {again.counts}")
    return {
        "database": "SQLite" if database == "sqlite" else "PostgreSQL",
        "files": count,
        "first_wall": first.wall_seconds,
        "first_loader": first.loader_seconds,
        "first_cpu": first.cpu_seconds,
        "files_per_second": count / first.loader_seconds,
        "first_rss": first.peak_rss_mb,
        "reload_wall": again.wall_seconds,
        "reload_loader": again.loader_seconds,
        "reload_rss": again.peak_rss_mb,
        "ratio_wall": first.wall_seconds / again.wall_seconds,
        "ratio_loader": first.loader_seconds / again.loader_seconds,
        # The 1-minute load average as the first load ends: above the core count, other
        # processes were competing for the CPU and the wall times are longer than they need be.
        "machine_load": machine_load,
    }


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| database | files | first load | files/s | loader CPU | peak RSS | reload "
        "| reload peak RSS | first / reload | load average |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['database']} | {row['files']:,} "
            f"| {row['first_loader']:.1f} s ({row['first_wall']:.1f} s wall) "
            f"| {row['files_per_second']:.0f} | {row['first_cpu']:.1f} s "
            f"| {row['first_rss']:.0f} MB "
            f"| {row['reload_loader']:.2f} s ({row['reload_wall']:.1f} s wall) "
            f"| {row['reload_rss']:.0f} MB "
            f"| {row['ratio_loader']:.0f}× ({row['ratio_wall']:.1f}× wall) "
            f"| {row['machine_load']:.1f} on {os.cpu_count()} cores |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--files", type=int, nargs="+", default=[1_000, 10_000], help="N, one or more."
    )
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=["sqlite", "postgresql"],
        default=["sqlite", "postgresql"],
        help="Where to load (PostgreSQL at BENCH_POSTGRES_URL, default %(default)s).",
    )
    options = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsapi-bench-") as workdir:
        for database in options.databases:
            for count in options.files:
                row = bench(count, database, Path(workdir))
                print(
                    f"{row['database']} {count:,} files: first load {row['first_loader']:.1f} s "
                    f"({row['files_per_second']:.0f} files/s, {row['first_rss']:.0f} MB), "
                    f"reload {row['reload_loader']:.2f} s ({row['reload_rss']:.0f} MB), "
                    f"{row['ratio_loader']:.0f}× faster",
                    file=sys.stderr,
                    flush=True,
                )
                rows.append(row)
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
