"""The seed parser against ``tests/fixtures/pages/``: annotated pages from outlets, languages,
encodings and layouts that the parser's rules were not written around, field by field.

Each ``NNN_name.txt`` is a scraped page saved as it came (UTF-8 with or without a BOM, UTF-16,
Windows-1252, Latin-1; LF, CRLF or CR line ends); ``NNN_name.expected.json`` is what an editor
says the page holds, with the corpus keys and two optional ones: ``published_at`` (the moment,
ISO 8601) and ``credit_split`` (each caption's photographer and agencies, ``null`` where the
caption has no credit). Pure functions only: no database.
"""

from __future__ import annotations

import codecs
import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from articles.parsing import ParsedArticle, decode_seed, parse_seed, split_credit, to_expected_dict
from tests.conftest import EXPECTED_FIELDS as FIELDS

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
PAGE_FILES = sorted(PAGES.glob("*.txt"))
OPTIONAL_KEYS = frozenset({"published_at", "credit_split"})


def page_id(path: Path) -> str:
    return path.stem


@functools.cache
def parsed(name: str) -> ParsedArticle:
    path = PAGES / name
    return parse_seed(path.read_bytes(), source=path.name)


@functools.cache
def expected(name: str) -> dict[str, Any]:
    path = (PAGES / name).with_suffix(".expected.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_pages_are_present_and_annotated() -> None:
    assert len(PAGE_FILES) >= 24
    for path in PAGE_FILES:
        assert path.with_suffix(".expected.json").exists(), path.name
    annotations = {path.name.removesuffix(".expected.json") for path in PAGES.glob("*.json")}
    assert annotations == {path.stem for path in PAGE_FILES}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("path", PAGE_FILES, ids=page_id)
def test_page_field(path: Path, field: str) -> None:
    assert to_expected_dict(parsed(path.name))[field] == expected(path.name)[field]


@pytest.mark.parametrize("path", PAGE_FILES, ids=page_id)
def test_page_has_the_corpus_keys(path: Path) -> None:
    keys = set(expected(path.name))
    assert keys - OPTIONAL_KEYS == set(to_expected_dict(parsed(path.name)))


@pytest.mark.parametrize("path", PAGE_FILES, ids=page_id)
def test_page_published_at(path: Path) -> None:
    annotation = expected(path.name)
    if "published_at" not in annotation:
        pytest.skip("no published_at annotation")
    published_at = parsed(path.name).published_at
    assert (published_at.isoformat() if published_at else None) == annotation["published_at"]


@pytest.mark.parametrize("path", PAGE_FILES, ids=page_id)
def test_page_credit_split(path: Path) -> None:
    annotation = expected(path.name)
    if "credit_split" not in annotation:
        pytest.skip("no credit_split annotation")
    captions = parsed(path.name).captions
    got = [
        None
        if caption.credit is None
        else {"photographer": caption.photographer, "agencies": list(caption.agencies)}
        for caption in captions
    ]
    assert got == annotation["credit_split"]
    for caption in captions:
        if caption.credit is not None:
            assert split_credit(caption.credit) == (caption.photographer, caption.agencies)


@pytest.mark.parametrize("path", PAGE_FILES, ids=page_id)
def test_page_text_is_normalised_as_the_contract_says(path: Path) -> None:
    article = parsed(path.name)
    texts = [article.headline, *article.paragraphs, *(c.text for c in article.captions)]
    for text in texts:
        # Stored text has single ordinary spaces: no NBSP, thin space, tab or line break.
        assert text == " ".join(text.split())
        assert not any(char in text for char in "\u00a0\u2009\u202f\t\r\n\ufeff")
    for caption in article.captions:
        if caption.credit is not None:
            assert not caption.credit.startswith(("(", "[", "Photo", "Foto", "Photograph"))
            assert not caption.credit.endswith((")", "]"))


# --- What the folder covers -----------------------------------------------------------------
# These guard the fixtures themselves: re-saving a page in another encoding or with other line
# ends would quietly remove a case the parser is meant to handle.


def _raw(path: Path) -> bytes:
    return path.read_bytes()


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_pages_cover_the_languages() -> None:
    languages = Counter(expected(path.name)["language"] for path in PAGE_FILES)
    assert languages["en"] >= 4
    for language in ("es", "fr", "pt"):
        assert languages[language] >= 4, language


def test_pages_cover_the_encodings_and_line_ends() -> None:
    raws = [_raw(path) for path in PAGE_FILES]
    utf16 = [data for data in raws if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))]
    assert len(utf16) >= 2
    assert any(data.startswith(codecs.BOM_UTF8) for data in raws)
    single_byte = [data for data in raws if not data.startswith(codecs.BOM_UTF16_LE)]
    assert sum(not _is_utf8(data) for data in single_byte) >= 4
    texts = [data.decode("utf-16") if data in utf16 else data for data in raws]
    as_bytes = [text.encode("utf-8") if isinstance(text, str) else text for text in texts]
    assert any(b"\r\n" in data for data in as_bytes)
    assert any(b"\r" in data and b"\r\n" not in data for data in as_bytes)


def test_pages_cover_odd_spaces_and_hard_wrapped_text() -> None:
    texts = [decode_seed(_raw(path)) for path in PAGE_FILES]
    assert any("\u00a0" in text for text in texts)
    assert any("\u202f" in text or "\u2009" in text for text in texts)
    assert any("\t" in text for text in texts)
    # Hard-wrapped pages: many lines broken at 60-80 characters inside paragraphs.
    wrapped = [
        text for text in texts if sum(60 <= len(line) <= 80 for line in text.splitlines()) >= 10
    ]
    assert len(wrapped) >= 3


@pytest.mark.parametrize(
    ("stem", "encoding"),
    [
        ("005_brennock-school-meals", "cp1252"),
        ("010_kilbride-distillery-sale", "latin-1"),
        ("020_fr_cooperative-laitiere", "cp1252"),
        ("022_pt_chuvas-serra-azul", "cp1252"),
    ],
)
def test_single_byte_pages_decode_to_their_characters(stem: str, encoding: str) -> None:
    data = (PAGES / f"{stem}.txt").read_bytes()
    assert not _is_utf8(data)
    text = decode_seed(data)
    assert text == data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
    assert "\ufffd" not in text
