"""Seed-loading benchmark: how fast ``manage.py load_seeds`` loads N synthetic seed files, how
much CPU and memory it takes, how fast a reload of the same, unchanged files is, and how long a
million files would take at that rate.

    .venv/bin/python bench/load_seeds.py                      # N = 10,000 and 100,000, both DBs
    .venv/bin/python bench/load_seeds.py --files 1000 --databases sqlite    # a quick look
    .venv/bin/python bench/load_seeds.py --files 10000 --base ccf56cd       # before and after

The files are made from the annotated corpus (``tests/fixtures/corpus``): each one is a corpus
page with its own headline, byline and figures, so every file has its own content hash and
headline. They are written one at a time to a temporary folder. Each load runs
``manage.py load_seeds --json`` in a child process against a fresh database (an SQLite file, or
a PostgreSQL database ``newsapi_bench`` created and dropped here). The figures are the loader's
own duration from its report, its wall time, the CPU time of its whole process tree (the loader
and its parsing workers: ``wait4``'s resource usage covers the children it reaped) and the
peak memory of that tree: the highest sum of the processes' proportional set sizes (PSS, where
pages the forked workers share with the loader count once), sampled every 50 ms.

``--base REV`` loads the same files with the code of commit ``REV`` too (checked out in a
temporary git worktree, run with this project's ``.venv``), each load of the one right after
the same load of the other, so that both meet the same machine: a side-by-side measure of a
change on a shared machine, where figures from different moments differ by more than a third.

On a shared machine the CPU time is the steadier figure: the wall time includes waiting for
other processes (and, for PostgreSQL, for the server, whose CPU time is not the loader's). It
is a benchmark to run by hand (``make bench-load``), not a timed test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "tests" / "fixtures" / "corpus"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
# Its own name for each run that may overlap another (BENCH_POSTGRES_DATABASE).
POSTGRES_DATABASE = os.environ.get("BENCH_POSTGRES_DATABASE", "newsapi_bench")

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
    peak_memory_mb: float
    counts: dict[str, int]


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                # The parent's id is the second field after the name, which ends with ")".
                ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _PeakMemory(threading.Thread):
    """Samples the memory of a process tree until told to stop; ``peak_kb`` is the highest sum
    of its processes' PSS seen."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        # The tree is looked for once a second (its workers start once and stay): reading every
        # process's parent 50 times a second would cost the machine a tenth of a core.
        tree: list[int] = []
        for sample in itertools.count():
            if self.done.wait(0.05):
                return
            if sample % 20 == 0:
                tree = _tree(self.pid)
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in tree))


def run_load(
    folder: Path, database_url: str, *, project: Path = PROJECT, options: tuple[str, ...] = ()
) -> LoadResult:
    """One ``load_seeds`` of ``project``'s code in a child process: its wall time, its process
    tree's CPU time and peak memory, its report."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(project / "manage.py")]
    with tempfile.TemporaryFile() as report:
        started = time.perf_counter()
        child = subprocess.Popen(
            [*manage, "load_seeds", "--json", *options, str(folder)],
            env=env,
            cwd=project,
            stdout=report,
            stderr=subprocess.PIPE,
        )
        sampler = _PeakMemory(child.pid)
        sampler.start()
        errors = child.stderr.read().decode() if child.stderr else ""
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"load_seeds failed ({child.returncode}):\n{errors[-2000:]}")
        report.seek(0)
        document = json.load(report)
    return LoadResult(
        wall_seconds=wall,
        loader_seconds=document["duration_seconds"],
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_memory_mb=sampler.peak_kb / 1024,
        counts=document["counts"],
    )


def _migrate(database_url: str, project: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, str(project / "manage.py"), "migrate", "-v", "0"],
        env=env,
        cwd=project,
        check=True,
    )


def sqlite_database(workdir: Path, label: str, project: Path) -> Iterator[str]:
    path = workdir / f"{label}.sqlite3"
    url = f"sqlite:///{path}"
    _migrate(url, project)
    try:
        yield url
    finally:  # closed at its yield: without ``finally`` the file would outlive the run
        path.unlink(missing_ok=True)


def postgres_database(project: Path) -> Iterator[str]:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
        connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
    try:
        url = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
        _migrate(url, project)
        yield url
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


@dataclass(frozen=True)
class Code:
    """The code a load runs: this project's, or a commit's checked out beside it."""

    label: str
    project: Path
    options: tuple[str, ...] = ()


def bench(count: int, database: str, workdir: Path, code: Code) -> dict:
    folder = workdir / f"seeds-{count}"
    if not folder.exists():
        write_seed_files(folder, count)
    databases = (
        sqlite_database(workdir, f"{database}-{count}-{code.label}", code.project)
        if database == "sqlite"
        else postgres_database(code.project)
    )
    url = next(databases)
    try:
        first = run_load(folder, url, project=code.project, options=code.options)
        machine_load = os.getloadavg()[0]
        again = run_load(folder, url, project=code.project, options=code.options)
    finally:
        databases.close()
    if first.counts["created"] != count or again.counts["unchanged"] != count:
        raise SystemExit(f"unexpected counts: first {first.counts}, reload {again.counts}")
    return {
        "code": code.label,
        "database": "SQLite" if database == "sqlite" else "PostgreSQL",
        "files": count,
        "first_wall": first.wall_seconds,
        "first_loader": first.loader_seconds,
        "first_cpu": first.cpu_seconds,
        "files_per_second": count / first.loader_seconds,
        "first_memory": first.peak_memory_mb,
        "reload_wall": again.wall_seconds,
        "reload_loader": again.loader_seconds,
        "reload_files_per_second": count / again.loader_seconds,
        "reload_memory": again.peak_memory_mb,
        "million_hours": 1_000_000 / (count / first.loader_seconds) / 3600,
        # The 1-minute load average as the first load ends: above the core count, other
        # processes were competing for the CPU and the wall times are longer than they need be.
        "machine_load": machine_load,
    }


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| code | database | files | first load | files/s | CPU per file | peak memory "
        "| reload | reload files/s | reload peak memory | a million files | load average |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['code']} | {row['database']} | {row['files']:,} "
            f"| {row['first_loader']:.1f} s ({row['first_wall']:.1f} s wall) "
            f"| {row['files_per_second']:,.0f} "
            f"| {1000 * row['first_cpu'] / row['files']:.1f} ms "
            f"| {row['first_memory']:.0f} MB "
            f"| {row['reload_loader']:.2f} s ({row['reload_wall']:.1f} s wall) "
            f"| {row['reload_files_per_second']:,.0f} "
            f"| {row['reload_memory']:.0f} MB "
            f"| {_hours(row['million_hours'])} "
            f"| {row['machine_load']:.1f} on {os.cpu_count()} cores |"
        )
    return "\n".join(lines)


def _hours(hours: float) -> str:
    whole, minutes = divmod(round(hours * 60), 60)
    return f"{whole} h {minutes:02} min" if whole else f"{minutes} min"


@contextmanager
def checked_out(revision: str) -> Iterator[Path]:
    """``revision`` in a temporary git worktree, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="newsapi-base-"))
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(folder), revision],
        cwd=PROJECT,
        check=True,
    )
    try:
        yield folder
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(folder)], cwd=PROJECT, check=False
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--files", type=int, nargs="+", default=[10_000, 100_000], help="N, one or more."
    )
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=["sqlite", "postgresql"],
        default=["sqlite", "postgresql"],
        help="Where to load (PostgreSQL at BENCH_POSTGRES_URL, default %(default)s).",
    )
    parser.add_argument(
        "--base",
        metavar="REV",
        help="Also load with the code of this commit, each load beside the same with ours.",
    )
    parser.add_argument(
        "--workers", type=int, help="Passed to load_seeds (not to --base's, which may lack it)."
    )
    parser.add_argument("--batch-size", type=int, help="Passed to load_seeds, as --workers.")
    options = parser.parse_args(argv)
    ours = tuple(
        argument
        for name, value in (("--workers", options.workers), ("--batch-size", options.batch_size))
        if value is not None
        for argument in (name, str(value))
    )
    rows = []
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="newsapi-bench-")))
        codes = [Code("this", PROJECT, ours)]
        if options.base:
            codes.insert(0, Code(options.base, stack.enter_context(checked_out(options.base))))
        for database in options.databases:
            for count in options.files:
                for code in codes:
                    row = bench(count, database, workdir, code)
                    # Each row as it comes, so that a long run interrupted keeps its figures.
                    print(markdown_table([row]).splitlines()[-1], file=sys.stderr)
                    print(
                        f"{code.label}: {row['database']} {count:,} files: first load "
                        f"{row['first_loader']:.1f} s ({row['files_per_second']:.0f} files/s, "
                        f"{row['first_memory']:.0f} MB), reload {row['reload_loader']:.2f} s "
                        f"({row['reload_files_per_second']:.0f} files/s, "
                        f"{row['reload_memory']:.0f} MB)",
                        file=sys.stderr,
                        flush=True,
                    )
                    rows.append(row)
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
