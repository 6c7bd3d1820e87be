"""One entry for every kind of seed file: a file's name and bytes in, a ``ParsedArticle`` out.

The loader (whichever way it schedules its work) asks ``is_seed_name`` which files to load and
``parse_seed_file`` to parse one; the format is told by the name:

- ``.txt``: a text dump of a page (``parse_seed``)
- ``.html``, ``.htm``: a saved web page (``parse_html_page``)
- ``.html.gz``, ``.htm.gz``: a saved web page, gzip-compressed (scrapers often keep them so)
"""

from __future__ import annotations

import zlib

from articles.parsing.errors import SeedParseError
from articles.parsing.html import parse_html_page
from articles.parsing.models import ParsedArticle
from articles.parsing.pipeline import parse_seed

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
GZIP_SUFFIXES = (".html.gz", ".htm.gz")
SEED_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, *GZIP_SUFFIXES)
# What the loader says of a file it does not load.
SEED_SUFFIXES_TEXT = "a .txt, .html, .htm or .html.gz file"


def is_seed_name(name: str) -> bool:
    """Whether a file of this name is loaded: ``is_seed_name("a.HTML")`` is true,
    ``is_seed_name("a.pdf")`` false."""
    return name.lower().endswith(SEED_SUFFIXES)


def seed_format(name: str) -> str:
    """``"html"`` for a saved web page, ``"text"`` for a text dump:
    ``seed_format("a.html.gz") == "html"``."""
    return "html" if name.lower().endswith((*HTML_SUFFIXES, *GZIP_SUFFIXES)) else "text"


def gunzip(data: bytes, *, max_bytes: int) -> bytes:
    """The content of gzip data, refused past ``max_bytes`` (so that a small file that
    inflates to gigabytes is stopped early) or when the data is not whole gzip.

    >>> import gzip
    >>> gunzip(gzip.compress(b"<p>hi</p>"), max_bytes=100)
    b'<p>hi</p>'
    """
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        content = inflater.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise SeedParseError(f"not valid gzip data ({error})") from None
    if len(content) > max_bytes:
        raise SeedParseError(
            f"the page inflates to more than {max_bytes} bytes, over the limit (SEED_MAX_BYTES)"
        )
    if not inflater.eof:
        raise SeedParseError("not valid gzip data (the file is cut short)")
    return content


def parse_seed_file(data: bytes, *, name: str, max_bytes: int) -> ParsedArticle:
    """Parse a seed file of any format, told by its name. Raises ``SeedParseError`` only."""
    lowered = name.lower()
    if lowered.endswith(GZIP_SUFFIXES):
        try:
            content = gunzip(data, max_bytes=max_bytes)
        except SeedParseError as error:
            raise error.with_source(name) from None
        return parse_html_page(content, source=name)
    if lowered.endswith(HTML_SUFFIXES):
        return parse_html_page(data, source=name)
    return parse_seed(data, source=name)
