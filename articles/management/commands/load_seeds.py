"""``manage.py load_seeds``: parse seed files into articles, images and captions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.loading import FileOutcome, iter_seed_paths, load_seed_file

SUMMARY_ORDER = ("created", "updated", "unchanged", "failed", "skipped")


class Command(BaseCommand):
    help = (
        "Load seed files (plain-text dumps of news pages) into articles, images and captions. "
        "Each file loads in its own transaction; a file that cannot be parsed is reported with "
        "the reason and the others still load. Loading the same files again changes nothing.\n\n"
        "Examples:\n"
        "  manage.py load_seeds                 # every .txt file in seeds/\n"
        "  manage.py load_seeds path/to/folder  # every .txt file in a folder\n"
        "  manage.py load_seeds a.txt b.txt     # these files\n"
        "  manage.py load_seeds --dry-run       # parse and report, write nothing"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            metavar="PATH",
            help="Seed files or folders of *.txt files (default: the project's seeds/ folder).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse every file and report what would change, but write nothing.",
        )

    def handle(self, *args, **options) -> None:
        paths = options["paths"] or [Path(settings.SEED_DIR)]
        counts: Counter[str] = Counter()
        for path in iter_seed_paths(paths):
            outcome = load_seed_file(
                path, max_bytes=settings.SEED_MAX_BYTES, dry_run=options["dry_run"]
            )
            counts[outcome.status] += 1
            self._report(outcome, verbosity=options["verbosity"])

        summary = ", ".join(f"{counts[status]} {status}" for status in SUMMARY_ORDER)
        prefix = "Dry run, nothing written: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{summary}")
        if counts["failed"]:
            noun = "file" if counts["failed"] == 1 else "files"
            raise CommandError(f"{counts['failed']} {noun} failed to load")

    def _report(self, outcome: FileOutcome, *, verbosity: int) -> None:
        if outcome.status == "failed":
            self.stderr.write(f"FAILED {outcome.name}: {outcome.reason}")
        elif outcome.status == "skipped":
            if verbosity >= 1:
                self.stdout.write(f"skipped {outcome.name}: {outcome.reason}")
        elif verbosity >= 2:
            self.stdout.write(f"{outcome.status} {outcome.name}")
