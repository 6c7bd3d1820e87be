"""Bytes of a saved web page to text, by the rules browsers follow.

A byte order mark wins; then the charset the page declares (``<meta charset>``, the
``http-equiv`` header or an XML declaration, in the first kilobytes); then UTF-8; then a guess
from the bytes (``charset-normalizer``) for pages saved in a legacy encoding without saying so.
As in browsers, ``iso-8859-1`` and ``us-ascii`` are read as Windows-1252. A page declaring a
single-byte charset whose bytes are valid UTF-8 with multi-byte characters was re-encoded when
it was saved (scrapers do this), and is read as UTF-8.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from articles.parsing.decoding import sniff_binary
from articles.parsing.errors import SeedParseError

# Browsers look for the declaration in the first 1024 bytes; saved pages often carry long
# comments and scripts first, so a little more is read.
_PRESCAN_BYTES = 4096
_DECLARED_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The WHATWG encoding standard's aliases that differ from Python's codecs.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares near its top, lower-cased, or ``None``.

    >>> declared_charset(b'<html><head><meta charset="ISO-8859-1"><title>x</title>')
    'iso-8859-1'
    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    'utf-8'
    """
    match = _DECLARED_RE.search(data[:_PRESCAN_BYTES])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def _codec(name: str) -> str | None:
    """Python's codec for a declared charset, or ``None`` for a name no codec knows."""
    name = _WHATWG_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _is_single_byte(codec: str) -> bool:
    return codec.startswith(("cp", "iso8859", "latin", "windows", "koi8", "mac"))


def decode_html(data: bytes) -> tuple[str, str]:
    """The text of a page and the encoding it was read in.

    >>> decode_html(b'<meta charset="windows-1252"><p>caf\\xe9</p>')
    ('<meta charset="windows-1252"><p>café</p>', 'cp1252')
    >>> decode_html('<p>café</p>'.encode())
    ('<p>café</p>', 'utf-8')

    Raises ``SeedParseError`` for an empty or binary file, or bytes no encoding reads.
    """
    if not data.strip():
        raise SeedParseError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                raise SeedParseError(
                    f"undecodable bytes (invalid {encoding.upper()} after its byte order mark)"
                ) from None
    binary_kind = sniff_binary(data)
    if binary_kind is not None:
        raise SeedParseError(f"binary data (looks like {binary_kind}), not a web page")
    if b"\x00" in data:
        raise SeedParseError("binary data (contains NUL bytes), not a web page")

    utf8 = _try(data, "utf-8")
    declared = declared_charset(data)
    codec = _codec(declared) if declared else None
    if codec is not None:
        if utf8 is not None and (
            codec == "utf-8" or (_is_single_byte(codec) and not utf8.isascii())
        ):
            return utf8, "utf-8"
        text = _try(data, codec)
        if text is not None:
            return text, codec
    if utf8 is not None:
        return utf8, "utf-8"
    best = from_bytes(data[: 1 << 20]).best()
    if best is not None and best.encoding:
        text = _try(data, best.encoding)
        if text is not None:
            return text, best.encoding
    said = f"declared {declared}, " if declared else ""
    raise SeedParseError(f"undecodable bytes ({said}not UTF-8, and no encoding reads them)")


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
