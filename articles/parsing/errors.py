"""The one error type of the seed parser.

Every way a seed file can be unusable (empty, binary, undecodable, no body) ends in a
``SeedParseError``, so callers such as the loader need one ``except`` clause and can report
the reason next to the file name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class SeedParseError(ValueError):
    """Raised for a file that cannot be parsed.

    ``str()`` gives a one-line reason naming the source and, where known, the line:

    >>> str(SeedParseError("empty file", source="001_x.txt"))
    '001_x.txt: empty file'
    >>> str(SeedParseError("headline but no body paragraphs", source="a.txt", line=5))
    'a.txt, line 5: headline but no body paragraphs'
    """

    def __init__(self, reason: str, *, source: str = "<seed>", line: int | None = None) -> None:
        # A reason is shown on one line in command output, so newlines are flattened here.
        self.reason: str = " ".join(str(reason).split())
        self.source: str = source
        self.line: int | None = line
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.source if self.line is None else f"{self.source}, line {self.line}"
        return f"{where}: {self.reason}"

    def __str__(self) -> str:
        return self._message()

    def with_source(self, source: str) -> SeedParseError:
        """The same error, naming ``source`` (inner steps do not know the file name)."""
        return SeedParseError(self.reason, source=source, line=self.line)


@contextmanager
def reported_as(source: str) -> Iterator[None]:
    """Whatever goes wrong inside is a ``SeedParseError`` naming ``source``.

    The loader relies on one error type; an unforeseen failure on a strange file is still that
    file's problem, reported with it, not a crash of the whole load.
    """
    try:
        yield
    except SeedParseError as error:
        raise error.with_source(source) from None
    except Exception as error:
        raise SeedParseError(
            f"internal parser error ({type(error).__name__}: {error})", source=source
        ) from error
