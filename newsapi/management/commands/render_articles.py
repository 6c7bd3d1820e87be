"""``manage.py render_articles``: build the stored representations of the read API
(``newsapi.reading.stored``) that are missing or out of date.

Writes keep them current by themselves; this catches up after what sends no signals (bulk
inserts, ``QuerySet.update()``, a database restored from elsewhere) and after an upgrade that
changes how articles are represented (``--all``). Until then such articles are served as
before, built for every request."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from articles.models import Article
from newsapi.reading.stored import BATCH_SIZE, representations_rebuild, stale_article_ids


class Command(BaseCommand):
    help = (
        "Build the stored JSON of the articles whose representation is missing or older than "
        "their last change (all of them with --all), so that the API answers them without "
        "serializing them for each request.\n\n"
        "Examples:\n"
        "  manage.py render_articles\n"
        "  manage.py render_articles --all"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Build every article's again, up to date or not (after changing how the API "
            "represents articles).",
        )

    def handle(self, *args, all: bool = False, **options) -> None:
        started = time.monotonic()
        if all:
            ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        else:
            ids = list(stale_article_ids())
        built = 0
        for start in range(0, len(ids), BATCH_SIZE * 5):
            built += representations_rebuild(ids[start : start + BATCH_SIZE * 5])
            if options["verbosity"] > 1:
                self.stdout.write(f"{built} of {len(ids)}")
        seconds = time.monotonic() - started
        self.stdout.write(
            f"render_articles: {built} article{'s' if built != 1 else ''} built in {seconds:.1f} s"
        )
