"""SQL that the ORM writes once and that runs again with other values.

Some answers are the same statement every time but for a few values: a page of a search differs
from another only by the query (and, for the public, by the moment that decides which scheduled
articles are due). Building such a queryset and compiling it costs more CPU than PostgreSQL spends
running it, so it is compiled once per process with a ``Slot`` where each value goes, and each
request fills the slots in. The ORM still writes the SQL: nothing of it is written by hand here.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import Expression


class Slot(Expression):
    """A value that each run of a ``Statement`` gives (by ``name``): compiled as one parameter,
    the slot itself, which ``Statement.run`` replaces. An expression, so that it may stand
    wherever a value may (``published_at__lte=Slot("now", output_field=DateTimeField())``); an
    expression that writes its own parameters may put it among them as it is."""

    def __init__(self, name: Hashable, output_field=None) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"

    def as_sql(self, compiler, connection):
        return "%s", [self]


@dataclass(frozen=True)
class Statement:
    """A compiled query whose parameters are constants and ``Slot``\\ s."""

    sql: str
    params: tuple[Any, ...]

    @classmethod
    def compiled(cls, queryset: QuerySet) -> Statement:
        sql, params = queryset.query.sql_with_params()
        return cls(sql, tuple(params))

    def run(self, using: str, values: Mapping[Hashable, Any]) -> list[tuple]:
        """The rows of the statement on the database ``using``, with ``values`` (by slot name)."""
        params = [values[p.name] if isinstance(p, Slot) else p for p in self.params]
        with connections[using].cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()
