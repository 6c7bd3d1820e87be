"""``manage.py edge_purge --drain``: purge what the edge missed; ``edge_purge KEY ...``: purge
keys by hand (``article-list``, ``article-7``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from edge import purging
from edge.backends import backends


class Command(BaseCommand):
    help = (
        "Purge the edge cache (EDGE_CACHE): the purges that failed when their write committed "
        "(--drain; run it every minute), or the keys given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "keys",
            nargs="*",
            help="surrogate keys to purge now, e.g. article-list article-7 image-3",
        )
        parser.add_argument(
            "--drain",
            action="store_true",
            help="purge what is pending; exit status 1 while some backend still fails",
        )

    def handle(self, *args, keys: list[str], drain: bool, **options) -> None:
        if not backends():
            raise CommandError("No edge cache is configured (EDGE_CACHE is empty).")
        if not keys and not drain:
            raise CommandError("Give keys to purge, or --drain.")
        if keys:
            failures = purging.purge(keys, backoff=False)
            for name, error in failures.items():
                self.stderr.write(f"FAILED {name}: {error} (kept for --drain)")
            self.stdout.write(
                f"{len(keys)} keys purged on {len(backends()) - len(failures)} "
                f"of {len(backends())} backends"
            )
        if drain:
            done, left = purging.drain()
            self.stdout.write(f"{done} pending purges done, {left} still pending")
            if left:
                raise CommandError(f"{left} purges still pending: an edge cache does not answer")
