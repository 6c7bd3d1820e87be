"""Bytes to text: recognise the encoding of a seed file, refuse binary data, unify newlines.

Seed files come from scrapers and editors on every platform, so a file may be UTF-8 with or
without a BOM, UTF-16 or UTF-32 with a BOM, or a legacy single-byte file (Windows-1252, the
superset of Latin-1 that Western Windows tools write). Only the standard library is used, so
the result is deterministic.
"""

from __future__ import annotations

import codecs
import re

from articles.parsing.errors import SeedParseError

# (prefix, description) of file types that are sometimes saved with a .txt name by mistake.
_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Byte order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Every line break a file may use (CRLF, CR, NEL, LS, PS, VT, FF) becomes one LF.
# One character class, after "\r\n" is replaced: an alternation makes the regex engine try
# every position twice, three times slower on a 2 MB page.
_NEWLINE_RE = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")
# Control characters that have no place in text; a few stray ones are dropped, many mean binary.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_MAX_CONTROL_SHARE = 0.01


def sniff_binary(data: bytes) -> str | None:
    """Describe ``data`` if it is a known binary format, else ``None``.

    >>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n....")
    'a PNG image'
    """
    for prefix, description in _MAGIC_NUMBERS:
        if data.startswith(prefix):
            return description
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a WebP image" if data[8:12] == b"WEBP" else "a media file"
    if data[4:8] == b"ftyp":
        return "a video or HEIC image"
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _guess_bomless_utf16(data: bytes) -> str | None:
    """``"utf-16-le"``/``"-be"`` for UTF-16 text without a BOM, told by its zero bytes.

    Text in a Latin script saved as UTF-16 has a zero in every other byte: ``b"H\\x00i\\x00"``.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    half = len(data) // 2
    if odd_zeros > 0.6 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.6 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def _decode_line_by_line(data: bytes) -> str:
    """UTF-8 where a line is valid UTF-8, else Windows-1252.

    Deciding per line (not per file) copes with files that scrapers stitched together from
    two sources: ``b"caf\\xc3\\xa9\\ncaf\\xe9"`` is ``"café\\ncafé"``.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines: list[str] = []
    offset = 0
    for raw_line in data.split(b"\n"):
        try:
            lines.append(raw_line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(raw_line.decode("cp1252"))
            except UnicodeDecodeError as error:
                # Only five byte values (0x81, 0x8D, 0x8F, 0x90, 0x9D) are undefined in
                # Windows-1252; text in any Western encoding does not contain them.
                raise SeedParseError(
                    f"undecodable bytes (byte 0x{raw_line[error.start]:02X} is neither UTF-8 "
                    "nor Windows-1252 text)",
                    line=_line_of(data, offset + error.start),
                ) from None
        offset += len(raw_line) + 1
    return "\n".join(lines)


def normalise_newlines(text: str) -> str:
    r"""Every kind of line break as ``\n``: ``normalise_newlines("a\r\nb\rc") == "a\nb\nc"``."""
    return _NEWLINE_RE.sub("\n", text.replace("\r\n", "\n"))


def _check_controls(text: str) -> str:
    """Refuse text full of control characters (binary in disguise); drop a few stray ones."""
    controls = _CONTROL_RE.findall(text)
    if not controls:
        return text
    if "\x00" in controls:
        raise SeedParseError("binary data (contains NUL bytes), not text")
    if len(controls) > max(2, _MAX_CONTROL_SHARE * len(text)):
        raise SeedParseError("binary data (full of control characters), not text")
    return _CONTROL_RE.sub("", text)


def decode_seed(data: bytes | bytearray | memoryview | str) -> str:
    r"""The text of a seed file with ``\n`` line ends and no BOM.

    >>> decode_seed(b"\xef\xbb\xbfcaf\xc3\xa9\r\n")
    'café\n'
    >>> decode_seed(b"caf\xe9")
    'café'

    Raises ``SeedParseError`` for empty, binary or undecodable input.
    """
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        raw = bytes(data)
        if not raw:
            raise SeedParseError("empty file")
        text = _decode_bytes(raw)
    return _check_controls(normalise_newlines(text))


def _decode_bytes(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise SeedParseError(
                    f"undecodable bytes (invalid {encoding.upper()} after its byte order mark)",
                    line=_line_of(raw, len(bom) + error.start),
                ) from None
    binary_kind = sniff_binary(raw)
    if binary_kind is not None:
        raise SeedParseError(f"binary data (looks like {binary_kind}), not text")
    if b"\x00" in raw:
        utf16 = _guess_bomless_utf16(raw)
        if utf16 is not None:
            try:
                return raw.decode(utf16)
            except UnicodeDecodeError:
                pass
        raise SeedParseError("binary data (contains NUL bytes), not text")
    return _decode_line_by_line(raw)
