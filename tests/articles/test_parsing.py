"""Tests of the seed parser (``articles.parsing``): the annotated corpus field by field, and
each step on its own (decoding, blocks, clutter, dates, credits, headers, language, errors).

Pure functions only: no database, no Django settings needed.
"""

from __future__ import annotations

import codecs
import datetime
import doctest
import functools
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from articles.parsing import (
    ParsedArticle,
    SeedParseError,
    decode_seed,
    detect_language,
    parse_date_line,
    parse_seed,
    split_credit,
    to_expected_dict,
)
from articles.parsing.blocks import split_blocks
from articles.parsing.clutter import RULES, is_clutter
from articles.parsing.credits import (
    CaptionParts,
    find_agency_credit,
    find_credit,
    is_caption_marker,
)
from articles.parsing.dates import (
    find_date_line,
    is_update_line,
    parse_time_line,
    without_relative_stamp,
)
from articles.parsing.headers import (
    is_byline_label,
    parse_agency_line,
    parse_attribution,
    parse_bare_byline,
    parse_byline,
    repeated_headline,
    split_outlet_suffix,
)
from articles.parsing.pipeline import read_article, read_blocks
from articles.parsing.segmenter import Segmentation
from tests.conftest import EXPECTED_FIELDS as FIELDS

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
SEED_FILES = sorted(CORPUS.glob("*.txt"))
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def parsed(name: str) -> ParsedArticle:
    path = CORPUS / name
    return parse_seed(path.read_bytes(), source=path.name)


def expected(name: str) -> dict:
    path = (CORPUS / name).with_suffix(".expected.json")
    return json.loads(path.read_text(encoding="utf-8"))


# --- The annotated corpus -------------------------------------------------------------------


def test_corpus_is_present() -> None:
    assert len(SEED_FILES) >= 11
    for path in SEED_FILES:
        assert path.with_suffix(".expected.json").exists(), path.name


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_corpus_field(path: Path, field: str) -> None:
    got = to_expected_dict(parsed(path.name))
    assert got[field] == expected(path.name)[field]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_corpus_has_exactly_the_expected_keys(path: Path) -> None:
    assert set(to_expected_dict(parsed(path.name))) == set(expected(path.name))


# (photographer, agencies) of every caption of the corpus, in order; None for no credit.
CORPUS_CREDITS: dict[str, list[tuple[str | None, tuple[str, ...]] | None]] = {
    "000_a9ca0747e7548070": [
        ("Kev Hui Yeung", ("EFE", "EPA")),
        ("Vladimir Smirnov", ("EFE", "EPA", "Sputnik", "Kremlin Bull")),
        ("Kristina Kormilitsyna", ("Sputnik", "Kremlin Complex", "AP")),
        ("Sergey Bobylev", ("EFE", "EPA", "Sputnik", "Kremlin Basin")),
    ],
    "001_sorrel-sea-fishing-pact": [
        ("Lior Bensa", ("EFE", "EPA")),
        ("Marta Olguín", ("EFE",)),
        ("Ingrid Solvang", ("Kesslund Coastguard", "AP")),
        ("Daniel Ferrá", ("EFE", "EPA")),
    ],
    "002_calder-metro-fare-freeze": [
        ("Dmitri Valcourt", ("AP",)),
        ("Dmitri Valcourt", ("AP",)),
    ],
    "003_tallis-ridge-copper-strike": [
        ("Amara Okonjo", ("Reuters",)),
        ("Amara Okonjo", ("Reuters",)),
    ],
    "004_ashvale-marsh-drought": [
        ("Hana Verhoeven", ("Valley Press Agency",)),
        (None, ("Getty Images",)),
    ],
    "005_riverton-library-reopens": [],
    "006_valdelora-molino-aceite": [
        ("Julián Arrabal", ("EFE",)),
        ("Julián Arrabal", ("EFE",)),
    ],
    "007_hollin-pass-tunnel-breakthrough": [
        ("Rolf Almqvist", ("AP",)),
        None,
        ("Jonas Berget", ("Nordfjell Pictures",)),
    ],
    "008_skerrin-ferry-cancellations": [
        ("Ines Marlow", ("Tidewater Pictures",)),
        ("Calum Reid", ("Northern Isles Courier",)),
    ],
    "009_calder-rovers-title": [
        ("Lena Fairclough", ()),
        (None, ("Getty Images",)),
    ],
    "010_brightkeel-solar-funding": [
        ("Yara Lindqvist", ("Coastline Business Review",)),
        ("Petra Kunz", ("AP",)),
    ],
}


@pytest.mark.parametrize("stem", sorted(CORPUS_CREDITS))
def test_corpus_caption_photographers_and_agencies(stem: str) -> None:
    captions = parsed(f"{stem}.txt").captions
    got = [
        None if caption.credit is None else (caption.photographer, caption.agencies)
        for caption in captions
    ]
    assert got == CORPUS_CREDITS[stem]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_corpus_split_credit_agrees_with_captions(path: Path) -> None:
    for caption in parsed(path.name).captions:
        if caption.credit is not None:
            assert split_credit(caption.credit) == (caption.photographer, caption.agencies)


def test_corpus_published_at_is_aware_and_matches_the_date() -> None:
    for path in SEED_FILES:
        article = parsed(path.name)
        if article.published is None:
            assert article.published_at is None
            continue
        assert article.published_at is not None
        assert article.published_at.tzinfo is not None
        assert article.published_at.date() == article.published


@pytest.mark.parametrize(
    ("stem", "moment"),
    [
        ("002_calder-metro-fare-freeze", "2025-03-14T09:12:00+00:00"),
        ("003_tallis-ridge-copper-strike", "2025-03-03T16:17:00+00:00"),
        ("005_riverton-library-reopens", "2025-04-02T07:55:00+01:00"),
        ("006_valdelora-molino-aceite", "2025-03-12T10:45:00+00:00"),
        ("007_hollin-pass-tunnel-breakthrough", "2025-01-09T13:30:00+01:00"),
        ("009_calder-rovers-title", "2025-05-18T21:47:00+01:00"),
        ("010_brightkeel-solar-funding", "2025-02-27T00:00:00+00:00"),
    ],
)
def test_corpus_published_at(stem: str, moment: str) -> None:
    published_at = parsed(f"{stem}.txt").published_at
    assert published_at is not None
    assert published_at.isoformat() == moment


def test_corpus_warnings() -> None:
    assert parsed("000_a9ca0747e7548070.txt").warnings == ("no date", "no byline")
    assert parsed("003_tallis-ridge-copper-strike.txt").warnings == ("no publication line",)
    assert parsed("007_hollin-pass-tunnel-breakthrough.txt").warnings == (
        "caption without credit (paragraph 4)",
    )
    assert parsed("002_calder-metro-fare-freeze.txt").warnings == ()


def test_parse_seed_accepts_text_as_well_as_bytes() -> None:
    path = CORPUS / "006_valdelora-molino-aceite.txt"
    from_text = parse_seed(path.read_text(encoding="utf-8"), source=path.name)
    assert from_text == parsed(path.name)


def test_parser_imports_no_django() -> None:
    code = "import sys, articles.parsing; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert result.stdout.strip() == "False"
    for module in (PROJECT_ROOT / "articles" / "parsing").glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(?:from|import)\s+(?:django|rest_framework)", source, re.M)


# --- Decoding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"caf\xc3\xa9", "café"),
        (codecs.BOM_UTF8 + b"caf\xc3\xa9", "café"),
        (codecs.BOM_UTF16_LE + "café\n“quoted”".encode("utf-16-le"), "café\n“quoted”"),
        (codecs.BOM_UTF16_BE + "café".encode("utf-16-be"), "café"),
        (codecs.BOM_UTF32_LE + "café".encode("utf-32-le"), "café"),
        ("Bridge reopens".encode("utf-16-le"), "Bridge reopens"),
        (b"caf\xe9", "café"),
        (b"\x93quoted\x94 \x96 dash", "“quoted” – dash"),
        (b"caf\xc3\xa9\ncaf\xe9", "café\ncafé"),
        (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
        ("\ufeffalready text\r\n", "already text\n"),
        (b"tab\tand\x0cfeed", "tab\tand\nfeed"),
    ],
)
def test_decode_seed(data: bytes | str, text: str) -> None:
    assert decode_seed(data) == text


def test_decode_seed_drops_a_stray_control_character() -> None:
    assert decode_seed(b"a long enough line of text with one bell\x07 in it") == (
        "a long enough line of text with one bell in it"
    )


# --- Errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        ("", "empty file"),
        (b"  \n\t\r\n\xc2\xa0\n", "only whitespace, no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (looks like a PNG image), not text"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary data (looks like a JPEG image), not text"),
        (b"%PDF-1.7\n", "binary data (looks like a PDF document), not text"),
        (b"Headline\n\nBody\x00with a NUL byte.", "binary data (contains NUL bytes), not text"),
        (bytes(range(1, 32)) * 20, "binary data (full of control characters), not text"),
        (
            b"Headline\n\nBody \x81\x8d text.",
            "undecodable bytes (byte 0x81 is neither UTF-8 nor Windows-1252 text)",
        ),
        (b"The Herald\n\nA headline with nothing under it\n", "headline but no body paragraphs"),
        (b"Advertisement\n\nShare this article\n", "no headline or article text"),
    ],
)
def test_seed_parse_errors(data: bytes | str, reason: str) -> None:
    with pytest.raises(SeedParseError) as caught:
        parse_seed(data, source="bad.txt")
    error = caught.value
    assert error.reason.startswith(reason)
    assert error.source == "bad.txt"
    assert str(error).startswith("bad.txt")
    assert "\n" not in str(error)


def test_seed_parse_error_names_the_line() -> None:
    with pytest.raises(SeedParseError) as caught:
        parse_seed(b"The Herald\n\nA headline with nothing under it\n", source="x.txt")
    assert caught.value.line == 3
    assert str(caught.value) == "x.txt, line 3: headline but no body paragraphs"

    with pytest.raises(SeedParseError) as caught:
        parse_seed(b"Headline\n\nFine line.\n\nBad \x81 line.\n", source="y.txt")
    assert caught.value.line == 5


def test_seed_parse_error_is_a_value_error() -> None:
    error = SeedParseError("empty file")
    assert isinstance(error, ValueError)
    assert (error.reason, error.source, error.line) == ("empty file", "<seed>", None)
    assert str(error) == "<seed>: empty file"


def test_parse_seed_refuses_other_types() -> None:
    with pytest.raises(SeedParseError):
        parse_seed(12345, source="n.txt")  # type: ignore[arg-type]


# The parser never raises anything but SeedParseError: see test_parsing_properties.py.


# --- Blocks ---------------------------------------------------------------------------------


def test_split_blocks_on_blank_lines_with_line_numbers() -> None:
    blocks = split_blocks("Name\n\n  \nHeadline\n\t\n\tBody   text.\n")
    assert [(block.text, block.line) for block in blocks] == [
        ("Name", 1),
        ("Headline", 4),
        ("Body text.", 6),
    ]


def test_split_blocks_one_paragraph_a_line() -> None:
    text = (
        "Greenfield Observer\nIndependent news\nDrought leaves marshes dry\nBy Oren Whitlock\n"
        "Water levels in the marshes have fallen to their lowest point since records began in "
        "1985, leaving large stretches of reed bed dry.\nThe authority will review allocations."
    )
    assert [block.text for block in split_blocks(text)] == [
        "Greenfield Observer",
        "Independent news",
        "Drought leaves marshes dry",
        "By Oren Whitlock",
        "Water levels in the marshes have fallen to their lowest point since records began in "
        "1985, leaving large stretches of reed bed dry.",
        "The authority will review allocations.",
    ]


def test_split_blocks_joins_hard_wrapped_paragraphs() -> None:
    text = (
        "Valley Voice\n\n"
        "The city council approved a new housing plan on Monday, ending months of\n"
        "debate over how to address the shortage of affordable homes in the valley.\n"
        "The plan sets aside land.\n\n"
        "Supporters said the plan was long overdue."
    )
    assert [block.text for block in split_blocks(text)] == [
        "Valley Voice",
        "The city council approved a new housing plan on Monday, ending months of debate over "
        "how to address the shortage of affordable homes in the valley. The plan sets aside land.",
        "Supporters said the plan was long overdue.",
    ]


def test_split_blocks_rejoins_compound_words_and_counts_the_indent() -> None:
    text = (
        "\tThe ferry service between Eskar and the islands will resume on\n"
        "Monday after a three-week suspension, the operator said in a well-\n"
        "known statement that was read out at the quay on Friday.\n"
    )
    assert [block.text for block in split_blocks(text)] == [
        "The ferry service between Eskar and the islands will resume on Monday after a "
        "three-week suspension, the operator said in a well-known statement that was read out "
        "at the quay on Friday."
    ]


# --- Clutter --------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_clutter_rule_matches_its_example(rule) -> None:
    assert rule.matches(rule.example)


@pytest.mark.parametrize(
    "text",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Publicidad",
        "Publicité",
        "Story continues below advertisement",
        "Share this article",
        "Share on Facebook",
        "Facebook Twitter WhatsApp Email",
        "Compartir",
        "Follow us on Instagram",
        "Síguenos en Twitter",
        "Suivez-nous sur Facebook",
        "Subscribe to our newsletter",
        "Sign up for our morning briefing",
        "Suscríbete a nuestro boletín",
        "Abonnez-vous à notre newsletter",
        "Read more: Line 1 signal failure strands thousands",
        "Related: Calloway signs contract extension until 2028",
        "Lee también: La sequía reduce a la mitad la cosecha",
        "Lire aussi : La sécheresse menace les vignes",
        "Leia também: Governo anuncia ajuda",
        "Mehr zum Thema: Radverkehr wächst",
        "Leggi anche: Il nuovo ponte",
        "© 2025 Riverton Evening Star. All rights reserved.",
        "Copyright 2025 The Herald",
        "Todos los derechos reservados",
        "4 min read",
        "Listen to this article",
        "12 Comments",
        "Home > World > Asia",
        "Topics: Fishing, Environment",
        "Share on Facebook Share on X Share by email",
        "Compartir en Facebook",
        "Partilhe este artigo",
        "Siga a Folha do Vale no Instagram",
        "Follow The Herald on Facebook, Instagram and X for the latest news",
        "Get the Tessary Ledger morning briefing in your inbox",
        "Horizon Science Weekly © 2025",
        "Tous droits réservés - La Voix des Coteaux 2025",
        "Most read: Brennock bypass delayed again",
        "Écouter l'article",
        # Interface controls, in any language: captions' toggles, zoom, copy link, save.
        "hide caption",
        "toggle caption",
        "Enlarge this image",
        "Bildbeschreibung ausklappen",
        "Copiar link",
        "Copier le lien",
        "Link kopieren",
        "Kopiera länk",
        "helskärm",
        "Vollbild",
        "Save",
        "Merken",
        "Drucken",
        "Close X",
        "+ Vis flere",
        "Log Out",
        "Camera Icon",
        "chevron-right",
        "2 of 12",
        "Bild 3 von 12",
        "Följ",
        "Dela",
        "Increase article font size",
        "Anhören",
        # Notices about the page, not the story.
        "This article is more than 5 years old",
        "Du trenger javascript for å se video.",
        "Please enable JavaScript to view the comments powered by Disqus.",
        "We apologize, but this video has failed to load.",
        # Related stories without a colon, in the Nordic languages too.
        "Les også En far for de store anledninger",
        "Mer om: Friidrett",
        "Läs också: Polisen söker vittnen",
        "© RIPRODUZIONE RISERVATA",
    ],
)
def test_is_clutter(text: str) -> None:
    assert is_clutter(text)


@pytest.mark.parametrize(
    "text",
    [
        "The advertisement ran for weeks and drew complaints from parents.",
        "Shares in the company fell 4% on Monday.",
        "Related businesses were also affected by the closure.",
        "© Getty Images",
        "Follow-up talks are planned for next week, the ministry said.",
        "Tomas Reinholt, an energy analyst, said the company's growth depended on subsidies.",
        "Follow-up talks are planned for next week on Twitter, officials said.",
        "Follow the talks on Twitter, officials said.",
        "Most of the £3 million © 2025 budget went on repairs, the council said.",
        "Why JavaScript still rules the web",
        "Save the date: the festival returns in June",
        "Close to home, the river rose again",
        "Related businesses were also affected by the closure.",
        "Expand the harbour, the council says",
        "2 of 12 councillors voted against the plan.",
    ],
)
def test_is_not_clutter(text: str) -> None:
    assert not is_clutter(text)


# --- Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "moment"),
    [
        ("Published 14 March 2025, 09:12 GMT", "2025-03-14T09:12:00+00:00"),
        ("March 3, 2025 4:17 PM GMT", "2025-03-03T16:17:00+00:00"),
        ("Published 2 April 2025, 07:55 BST", "2025-04-02T07:55:00+01:00"),
        ("Publicado el 12 de marzo de 2025, 10:45", "2025-03-12T10:45:00+00:00"),
        ("Published  9 January 2025,\t13:30 CET", "2025-01-09T13:30:00+01:00"),
        ("Tuesday 8 April 2025 18:03", "2025-04-08T18:03:00+00:00"),
        ("Published: 27/02/2025", "2025-02-27T00:00:00+00:00"),
        ("2025-03-14T09:12:00+01:00", "2025-03-14T09:12:00+01:00"),
        ("2025-03-14 09:12:00Z", "2025-03-14T09:12:00+00:00"),
        ("March 14, 2025 at 9:12 a.m. EDT", "2025-03-14T09:12:00-04:00"),
        ("Jan. 5, 2025, 6:00 p.m. PT", "2025-01-05T18:00:00-08:00"),
        ("July 5, 2025, 6:00 p.m. ET", "2025-07-05T18:00:00-04:00"),
        ("Published 3/4/2025 9:12 AM ET", "2025-03-04T09:12:00-05:00"),
        ("Publié le 12 septembre 2025 à 10h45", "2025-09-12T10:45:00+00:00"),
        ("Veröffentlicht am 12. März 2025, 10:45 Uhr MEZ", "2025-03-12T10:45:00+01:00"),
        ("12/03/2025 14h30", "2025-03-12T14:30:00+00:00"),
        ("Pubblicato il 12 marzo 2025 alle 10:45", "2025-03-12T10:45:00+00:00"),
        ("Publicado em 5 de maio de 2025 às 08:00 BRT", "2025-05-05T08:00:00-03:00"),
        ("Sunday, 18th May 2025, 21:47 UTC+2", "2025-05-18T21:47:00+02:00"),
        ("Cala Honda, 9 ago 2025 - 19:40 CEST", "2025-08-09T19:40:00+02:00"),
        ("LONDON, March 4, 2025", "2025-03-04T00:00:00+00:00"),
        ("Mon 3 Mar 2025 16.17 IST", "2025-03-03T16:17:00+05:30"),
        ("Published 14 March 2025 | Updated 15 March 2025", "2025-03-14T00:00:00+00:00"),
        ("By the sea, 3 March 2025", None),
        ("The strike began on March 3, 2025 at the main gate.", None),
        ("Updated 14 March 2025, 11:40 GMT", None),
        ("Actualizado el 12 de marzo de 2025", None),
        ("Mis à jour le 12 mars 2025", None),
        ("Published 2 hours ago", None),
        ("31 February 2025", None),
        ("Markets. Money. Makers.", None),
        # Labels, months and weekdays of more languages.
        ("Publiziert 17. Dezember 2024, 12:17", "2024-12-17T12:17:00+00:00"),
        ("Offentliggjort torsdag 06. feb 2025 17:25", "2025-02-06T17:25:00+00:00"),
        ("Publisert 05.08.2024, kl. 13.05", "2024-08-05T13:05:00+00:00"),
        (
            "Publisert 05.08.2024, kl. 13.05 Oppdatert 05.08.2024, kl. 13.52",
            "2024-08-05T13:05:00+00:00",
        ),
        ("Opublikowano 2 lutego 2025, 21:52", "2025-02-02T21:52:00+00:00"),
        ("Giriş: 03.07.2024 - 18:24 Güncelleme: 03.07.2024 - 18:57", "2024-07-03T18:24:00+00:00"),
        ("Do 25.04.24", "2024-04-25T00:00:00+00:00"),
        # Chinese, Japanese and Korean dates; an update note in brackets after them.
        ("2025年1月13日 21時37分", "2025-01-13T21:37:00+00:00"),
        ("2025年1月14日 01時28分 (1月14日 01時40分更新)", "2025-01-14T01:28:00+00:00"),
        ("입력 2026.07.12 22:09", "2026-07-12T22:09:00+00:00"),
        # An ISO date behind a label, a year glued to the time, a line opened by "/".
        ("Published: 2025-03-14T09:12:00.000Z", "2025-03-14T09:12:00+00:00"),
        ("9 ago 202519:40", "2025-08-09T19:40:00+00:00"),
        ("/ 14 March 2025", "2025-03-14T00:00:00+00:00"),
        # A reading time on the date line; a place before a dash; an update in brackets.
        ("15.04.2025, 17:59 Lesezeit: 5 Min.", "2025-04-15T17:59:00+00:00"),
        ("29.06.2023, 15:04 | Lesedauer: 7 Minuten", "2023-06-29T15:04:00+00:00"),
        (
            "Bruselas - 15 oct 2024 - 08:22 Actualizado: 15 oct 2024 - 17:38 CEST",
            "2024-10-15T08:22:00+00:00",
        ),
        ("5 gennaio 2025 ( modifica il 6 gennaio 2025 | 15:24)", "2025-01-05T00:00:00+00:00"),
        ("Oppdatert 05.08.2024, kl. 13.52", None),
    ],
)
def test_parse_date_line(line: str, moment: str | None) -> None:
    found = parse_date_line(line)
    assert (found.moment.isoformat() if found else None) == moment


@pytest.mark.parametrize(
    ("line", "before", "moment", "after"),
    [
        ("Von Eileen Wagner 10.09.2025, 09:53 Uhr", "Von Eileen Wagner", "2025-09-10T09:53", ""),
        (
            "By Samya Kullab The Associated Press Posted May 24, 2026 10:05 am",
            "By Samya Kullab The Associated Press",
            "2026-05-24T10:05",
            "",
        ),
        (
            "28.04.2024, 17:19 Uhr • Lesezeit: 8 Minuten Von Simone Jülicher",
            "",
            "2024-04-28T17:19",
            "Von Simone Jülicher",
        ),
        (
            "By Ann Lee November 19, 2023 7:18 pm Share Article",
            "By Ann Lee",
            "2023-11-19T19:18",
            "Share Article",
        ),
        ("Marco Pizzorno 4 Febbraio 2025 - 14:41", "Marco Pizzorno", "2025-02-04T14:41", ""),
    ],
)
def test_find_date_line(line: str, before: str, moment: str, after: str) -> None:
    found = find_date_line(line)
    assert found is not None
    assert (found[0], found[1].moment.isoformat()[:16], found[2]) == (before, moment, after)


def test_find_date_line_needs_a_date() -> None:
    assert find_date_line("Rates rose 2% in 2025 and 2026.") is None
    assert find_date_line("Nizaar Kinsella 2 minutes ago") is None


def test_parse_time_line_and_relative_stamps() -> None:
    assert parse_time_line("14:07 Uhr") == datetime.time(14, 7)
    assert parse_time_line("Gate 14") is None
    assert without_relative_stamp("Nizaar Kinsella 2 minutes ago") == "Nizaar Kinsella"
    assert without_relative_stamp("Published 2 hours ago") == "Published"
    assert without_relative_stamp("Two hours of talks") is None


def test_date_line_keeps_the_local_date() -> None:
    found = parse_date_line("Published 1 March 2025, 23:30 EST")
    assert found is not None
    assert found.date == datetime.date(2025, 3, 1)
    assert found.moment.astimezone(datetime.UTC).date() == datetime.date(2025, 3, 2)


@pytest.mark.parametrize(
    ("line", "is_update"),
    [
        ("Updated 14 March 2025, 11:40 GMT", True),
        ("Last updated: 10:45", True),
        ("Actualizado: 12.03.2025", True),
        ("Atualizado em 12/03/2025 16h00", True),
        ("Stand up for the council", False),
        ("Published 14 March 2025", False),
        ("Oppdatert 05.08.2024, kl. 13.52", True),
        ("Uppdaterad 15.59", True),
        ("Son Güncelleme : 30.04.2024 - 16:49", True),
        ("最終更新 1/14 21:17", True),
    ],
)
def test_is_update_line(line: str, is_update: bool) -> None:
    assert is_update_line(line) is is_update


def test_update_line_is_never_the_publication_date() -> None:
    page = (
        "The Herald\n\nA headline\n\nUpdated 15 March 2025, 11:40 GMT\n\n"
        "Published 14 March 2025, 09:12 GMT\n\nThe council met on Monday and agreed the plan."
    )
    article = parse_seed(page)
    assert article.published == datetime.date(2025, 3, 14)
    assert "Updated" not in " ".join(article.paragraphs)

    only_update = parse_seed("The Herald\n\nA headline\n\nUpdated 15 March 2025\n\nBody text.")
    assert only_update.published is None
    assert "no date (only an update date)" in only_update.warnings


# --- Credits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "photographer", "agencies"),
    [
        ("EFE/EPA/Kev Hui Yeung", "Kev Hui Yeung", ("EFE", "EPA")),
        ("AP Photo/Rolf Almqvist", "Rolf Almqvist", ("AP",)),
        ("AP Photo/Petra Kunz, File", "Petra Kunz", ("AP",)),
        (
            "Kristina Kormilitsyna, Sputnik, Kremlin Pool Photo via AP",
            "Kristina Kormilitsyna",
            ("Sputnik", "Kremlin", "AP"),
        ),
        ("REUTERS/Amara Okonjo", "Amara Okonjo", ("Reuters",)),
        ("Getty Images", None, ("Getty Images",)),
        ("Lena Fairclough", "Lena Fairclough", ()),
        ("AFP via Getty Images", None, ("AFP", "Getty Images")),
        ("Mark Lee/AFP via Getty Images", "Mark Lee", ("AFP", "Getty Images")),
        ("Photo by Mark Lee/Getty Images", "Mark Lee", ("Getty Images",)),
        ("Jane Doe for The New York Times", "Jane Doe", ("The New York Times",)),
        ("EPA-EFE/Juan Pérez", "Juan Pérez", ("EPA", "EFE")),
        ("dpa/Bernd Weißbrod", "Bernd Weißbrod", ("dpa",)),
        ("Pool/AFP", None, ("AFP",)),
        ("Handout via REUTERS", None, ("Reuters",)),
        ("Kyodo via REUTERS", None, ("Kyodo", "Reuters")),
        ("Courtesy of Brightkeel", None, ("Brightkeel",)),
        ("Shutterstock", None, ("Shutterstock",)),
        ("Bloomberg", None, ("Bloomberg",)),
        ("Inés de la Fuente / Europa Press", "Inés de la Fuente", ("Europa Press",)),
        ("Archives Belcourt Matin", None, ("Belcourt Matin",)),
        ("Courtesy of Valley Energy Cooperative", None, ("Valley Energy Cooperative",)),
        ("Cortesía Gobernación de Ocoa", None, ("Gobernación de Ocoa",)),
        ("Divulgação/Prefeitura de Serra Azul", None, ("Prefeitura de Serra Azul",)),
        ("Instituto Geográfico Nacional", None, ("Instituto Geográfico Nacional",)),
        ("Hugo Delgado/Global Imagens", "Hugo Delgado", ("Global Imagens",)),
        ("REUTERS/Tomas Ekdahl/File Photo", "Tomas Ekdahl", ("Reuters",)),
        ("Foto: EFE/Julián Arrabal", "Julián Arrabal", ("EFE",)),
        ("Ministry of Defence", None, ("Ministry of Defence",)),
        ("Arne Dedert/dpa | Arne Dedert", "Arne Dedert", ("dpa",)),
    ],
)
def test_split_credit(credit: str, photographer: str | None, agencies: tuple[str, ...]) -> None:
    assert split_credit(credit) == (photographer, agencies)


@pytest.mark.parametrize(
    ("block", "text", "credit"),
    [
        (
            "Crowds at the gate. EFE/EPA/Kev Hui Yeung",
            "Crowds at the gate.",
            "EFE/EPA/Kev Hui Yeung",
        ),
        ("Crowds at the gate. (AP Photo/Jo Lee)", "Crowds at the gate.", "AP Photo/Jo Lee"),
        (
            "Crowds at the gate. (AP Photo/Jo Lee, File)",
            "Crowds at the gate.",
            "AP Photo/Jo Lee, File",
        ),
        (
            "Crowds at the gate, March 3, 2025. (Ann Bo, Sputnik, Kremlin Pool Photo via AP)",
            "Crowds at the gate, March 3, 2025.",
            "Ann Bo, Sputnik, Kremlin Pool Photo via AP",
        ),
        ("Crowds at the gate. REUTERS/Jo Lee", "Crowds at the gate.", "REUTERS/Jo Lee"),
        ("Crowds at the gate. Photo: Jo Lee / Agency", "Crowds at the gate.", "Jo Lee / Agency"),
        ("Crowds at the gate. Photograph: Jo Lee", "Crowds at the gate.", "Jo Lee"),
        ("Crowds at the gate. Image credit: Getty Images", "Crowds at the gate.", "Getty Images"),
        ("Gente en la puerta. Foto: EFE/Jo Lee", "Gente en la puerta.", "EFE/Jo Lee"),
        ("Crowds at the gate. (Photo: Jo Lee/Outlet)", "Crowds at the gate.", "Jo Lee/Outlet"),
        ("Crowds at the gate | Photo: Jo Lee", "Crowds at the gate", "Jo Lee"),
        ("Photo: Jo Lee / Outlet — Crowds at the gate.", "Crowds at the gate.", "Jo Lee / Outlet"),
        ("Crowds at the gate. [Getty Images]", "Crowds at the gate.", "Getty Images"),
        ("Crowds at the gate. AFP via Getty Images", "Crowds at the gate.", "AFP via Getty Images"),
        (
            "Crowds at the gate. (Photo by Jo Lee/Getty Images)",
            "Crowds at the gate.",
            "Jo Lee/Getty Images",
        ),
        ("Foule à l'entrée. Photo : Jo Lee / AFP", "Foule à l'entrée.", "Jo Lee / AFP"),
        ("Crowds at the gate. © Jo Lee", "Crowds at the gate.", "Jo Lee"),
        (
            "Crowds at the gate. Credit: Courtesy of the Residents Association",
            "Crowds at the gate.",
            "Courtesy of the Residents Association",
        ),
        (
            "Crowds at the gate. REUTERS/Jo Lee ATTENTION EDITORS - THIS IMAGE WAS PROVIDED BY A "
            "THIRD PARTY.",
            "Crowds at the gate.",
            "REUTERS/Jo Lee",
        ),
        ("Photo: Getty Images", "", "Getty Images"),
        (
            "Foto cedida por Salvamento Marítimo — El velero, remolcado hasta el puerto.",
            "El velero, remolcado hasta el puerto.",
            "Salvamento Marítimo",
        ),
        (
            "Firefighters at the scene. (Photo SDIS des Aiguilles)",
            "Firefighters at the scene.",
            "SDIS des Aiguilles",
        ),
        (
            "File photo: Rovers manager Ruth Calloway on the touchline. Image credit: Getty Images",
            "File photo: Rovers manager Ruth Calloway on the touchline.",
            "Getty Images",
        ),
        # A credit after a spaced hyphen; the label and full stop inside the brackets.
        ("Crowds at the gate - Jo Lee/AFP", "Crowds at the gate", "Jo Lee/AFP"),
        ("Crowds at the gate – Photo: Jo Lee", "Crowds at the gate", "Jo Lee"),
        ("Crowds at the gate. (Foto: Jo Lee.)", "Crowds at the gate.", "Jo Lee"),
        ("Crowds at the gate (Photo: AFP.)", "Crowds at the gate", "AFP"),
    ],
)
def test_find_credit(block: str, text: str, credit: str) -> None:
    assert find_credit(block) == CaptionParts(text=text, credit=credit)


@pytest.mark.parametrize(
    "block",
    [
        "Metro fares will stay at their current level until at least April 2027.",
        "The union is demanding a 14% pay rise (NUMSW said).",
        "Talks will continue on Monday (AFP).",
        "The service runs 24/7 in the city centre.",
        "File photo: Rovers manager Ruth Calloway on the touchline during a match this season.",
        "Joint patrols.",
        "The so-called “Calvera Accord” also foresees the creation of a regional observatory.",
        "He shared a photo: a man holding a sign outside the court on Friday morning.",
        "Rovers win - and fans go wild",
        "Talks will continue on Monday, the minister said. EFE",
    ],
)
def test_find_credit_leaves_prose_alone(block: str) -> None:
    assert find_credit(block) is None


def test_find_agency_credit() -> None:
    assert find_agency_credit("Parcels from China carry risks. dpa") == CaptionParts(
        text="Parcels from China carry risks.", credit="dpa"
    )
    assert find_agency_credit("Crowds at the gate. EFE/Jo Lee") is None
    long_paragraph = "The talks went on for hours and ended without a deal. " * 4 + "EFE"
    assert find_agency_credit(long_paragraph) is None


@pytest.mark.parametrize(
    ("block", "is_marker"),
    [
        ("Pictured: the southern portal of the tunnel.", True),
        ("FILE PHOTO: Haul trucks move ore at the pit.", True),
        ("FILE - Brightkeel co-founders pose at the warehouse.", True),
        ("From left to right: the ministers of three countries.", True),
        ("In this photo taken on March 3, workers gather.", True),
        ("Foto de archivo: el ministro en Madrid.", True),
        ("Filed under news, the report was released on Monday.", False),
        ("The minister resigned on Monday.", False),
    ],
)
def test_is_caption_marker(block: str, is_marker: bool) -> None:
    assert is_caption_marker(block) is is_marker


# --- Headers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Priya Nandakumar", "Priya Nandakumar"),
        ("By\u00a0Klara Winter", "Klara Winter"),
        ("By Lucas Ferreira-Hale and Nomvula Dube", "Lucas Ferreira-Hale and Nomvula Dube"),
        ("Por Inés Carvallo Ruiz", "Inés Carvallo Ruiz"),
        ("Par Marie Dupont et Jean Martin", "Marie Dupont et Jean Martin"),
        ("Von Thomas Müller", "Thomas Müller"),
        ("By Jane Doe, Staff Writer", "Jane Doe"),
        ("Written by Sam Carter", "Sam Carter"),
        ("By DANA WHITCOMBE Associated Press", "Dana Whitcombe"),
        ("By Ann Lee, Reuters", "Ann Lee"),
        ("Par Luc Ferrand, envoyé spécial à Montclar", "Luc Ferrand"),
        ("Por María José Ortega, corresponsal", "María José Ortega"),
        ("Fenella Hartigan Environment correspondent", "Fenella Hartigan"),
        ("Jane Doe, Senior Political Correspondent", "Jane Doe"),
        ("Photo: Ledger staff", None),
        ("Mayor Elena Voss, a correspondent", None),
        ("The council editor", None),
        ("By the numbers", None),
        ("Por fin llega la lluvia", None),
        ("By the end of the day the council had agreed the plan.", None),
        # What real pages print around the names.
        ("Von: JÖRG ZSCHOCHE", "Jörg Zschoche"),
        ("Kolumne von Lars Brunckhorst", "Lars Brunckhorst"),
        ("Ein Kommentar von Jan Sellner", "Jan Sellner"),
        ("Av Ann Lee", "Ann Lee"),
        ("Par Le Figaro et AFP", "Le Figaro et AFP"),
        (
            "By Samya Kullab and Vasilisa Stepanenko The Associated Press",
            "Samya Kullab and Vasilisa Stepanenko",
        ),
        ("Von Christian Unger, Redakteur", "Christian Unger"),
        ("Von Paulina Cwiartka, Online-Redakteurin", "Paulina Cwiartka"),
        ("Von Sina Zehrfeld Landespolitische Korrespondentin", "Sina Zehrfeld"),
        ("Thabo Mokone Parliamentary editor", "Thabo Mokone"),
        ("Von Anna Sleegers, Frankfurt", "Anna Sleegers"),
        ("Mathias Hagen – Journalist Journalist", "Mathias Hagen"),
        ("Anders Skjerdingstad – Journalist i Paris Journalist i Paris", "Anders Skjerdingstad"),
        ("By Victoria O’Regan Follow", "Victoria O’Regan"),
        ("By Dolores Chang For Dailymail.Com", "Dolores Chang"),
        ("By Emma Mackenzie Lifestyle", "Emma Mackenzie"),
        ("By TPN, in News, Portugal, Business", "TPN"),
        ("Steffan Rhys Deputy Content Hub Director", "Steffan Rhys"),
        ("Photo by Ann Lee", None),
        ("Analysis by the council", None),
    ],
)
def test_parse_byline(line: str, byline: str | None) -> None:
    assert parse_byline(" ".join(line.split())) == byline


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Harriet Ng", "Harriet Ng"),
        (
            "Trine Juncher Jørgensen og Tôrtia Reimer-Johansen",
            "Trine Juncher Jørgensen og Tôrtia Reimer-Johansen",
        ),
        ("Dan Jervis-Bardy The West Australian", "Dan Jervis-Bardy"),
        ("Chus del Pino, Martí Abad (Enviado especial)", "Chus del Pino, Martí Abad"),
        ("Reuters, Thorsten Kramer", "Reuters, Thorsten Kramer"),
        ("Greg Iacurci @GregIacurci", "Greg Iacurci"),
        ("Fouzia Van Der Fort", "Fouzia Van Der Fort"),
        ("Rachel Brazil 0", "Rachel Brazil"),
        ("Omar El Akkad", "Omar El Akkad"),
        ("Brennock Evening Post", None),
        ("Photo: Ledger staff", None),
        ("By Ann Lee", None),
        ("Reuters", None),
    ],
)
def test_parse_bare_byline(line: str, names: str | None) -> None:
    assert parse_bare_byline(line) == names


def test_is_byline_label() -> None:
    assert all(is_byline_label(word) for word in ("By", "von", "Par", "Autor:", "Text:"))
    assert not any(is_byline_label(line) for line in ("By Ann Lee", "Bye", "Byline"))


@pytest.mark.parametrize(
    ("line", "attribution"),
    [
        ("(With information from EFE)", "With information from EFE"),
        ("(Con información de EFE)", "Con información de EFE"),
        ("(Avec AFP)", "Avec AFP"),
        ("(Com informações da Agência Brasil)", "Com informações da Agência Brasil"),
        ("(mit dpa)", "mit dpa"),
        ("With reporting by Ann Lee.", "With reporting by Ann Lee"),
        (
            "Reporting by Lucas Ferreira-Hale in Kessaro; Editing by Mark Devlin",
            "Reporting by Lucas Ferreira-Hale in Kessaro; Editing by Mark Devlin",
        ),
        ("(AFP)", "AFP"),
        ("Reporting by Ann Lee", "Reporting by Ann Lee"),
        ("Com Lusa", "Com Lusa"),
        ("Con EFE.", "Con EFE"),
        (
            "Associated Press writer Ann Lee in Portland contributed to this report.",
            "Associated Press writer Ann Lee in Portland contributed to this report",
        ),
        ("Com certeza, disse o ministro.", None),
        ("(NUMSW)", None),
        ("With information this scarce, nobody could plan ahead for the season.", None),
    ],
)
def test_parse_attribution(line: str, attribution: str | None) -> None:
    assert parse_attribution(line) == attribution


def test_parse_agency_line() -> None:
    assert parse_agency_line("Reuters") == "Reuters"
    assert parse_agency_line("— AFP") == "AFP"
    assert parse_agency_line("Reuters said on Monday") is None


@pytest.mark.parametrize(
    ("title", "known", "headline", "suffix"),
    [
        ("Fares frozen | The Calder Herald", (), "Fares frozen", "The Calder Herald"),
        (
            "Fares frozen - The Calder Herald",
            ("The Calder Herald",),
            "Fares frozen",
            "The Calder Herald",
        ),
        ("Rovers win - and fans go wild", (), "Rovers win - and fans go wild", None),
        ("Fares frozen", (), "Fares frozen", None),
        (
            "Fares frozen | Le Courrier de l'Estuaire",
            (),
            "Fares frozen",
            "Le Courrier de l'Estuaire",
        ),
    ],
)
def test_split_outlet_suffix(
    title: str, known: tuple[str, ...], headline: str, suffix: str | None
) -> None:
    assert split_outlet_suffix(title, known) == (headline, suffix)


def test_repeated_headline() -> None:
    assert repeated_headline("A headline", "A headline") == ("A headline", None)
    assert repeated_headline("A headline - Outlet Name", "A headline") == (
        "A headline",
        "Outlet Name",
    )
    assert repeated_headline("A headline", "Another headline") is None


# --- Language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The council said the fares would stay at the current level for two years.", "en"),
        ("La cooperativa inauguró este martes la restauración del molino de aceite.", "es"),
        ("Les vendanges ont commencé cette semaine dans la vallée, selon les producteurs.", "fr"),
        ("As fortes chuvas deixaram ao menos dez cidades em alerta nesta quarta-feira.", "pt"),
        ("Der Stadtrat hat am Dienstag den Bau eines neuen Radwegs beschlossen.", "de"),
        (
            "Câmara aprova obras no porto de Calder. Esperamos por este momento durante muitos "
            "anos, afirmou Ann Lee.",
            "pt",
        ),
        ("Vuelve el ferri a Calder tras meses de retrasos. Llevamos años esperando.", "es"),
        ("La Regione ha dato il via libera al progetto del nuovo ponte sul fiume.", "it"),
        ("12345 67890", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_detect_language_is_deterministic() -> None:
    text = "la de"  # shared by several languages: the tie is broken the same way every time
    assert len({detect_language(text) for _ in range(20)}) == 1


# --- Whole pages from outlets not in the corpus ---------------------------------------------


def test_page_with_dash_suffixed_title_agency_byline_and_editor_note() -> None:
    page = (
        "Quake hits coastal region, killing at least 12 - World Wire\n\n"
        "Quake hits coastal region, killing at least 12\n\n"
        "Reuters\n\n"
        "Published: 2025-03-14T09:12:00+01:00\n\n"
        "TOKYO, March 14 (Reuters) - A strong earthquake struck off the coast early on Friday, "
        "killing at least 12 people, officials said.\n\n"
        "Rescue workers search the rubble in Wajima, Japan, March 14, 2025. Kyodo via REUTERS "
        "ATTENTION EDITORS - THIS IMAGE WAS PROVIDED BY A THIRD PARTY.\n\n"
        "The quake had a magnitude of 7.1, the meteorological agency said.\n\n"
        "(Reporting by Tim Kelly; Editing by Kim Coghill)\n"
    )
    article = parse_seed(page.encode("utf-16"))
    assert article.publication_name == "World Wire"
    assert article.headline == "Quake hits coastal region, killing at least 12"
    assert article.byline == "Reuters"
    assert article.published_at == datetime.datetime(
        2025, 3, 14, 9, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert len(article.paragraphs) == 2
    assert [(c.credit, c.after_paragraph) for c in article.captions] == [("Kyodo via REUTERS", 1)]
    assert article.attribution == "Reporting by Tim Kelly; Editing by Kim Coghill"


def test_page_in_french_with_date_above_the_headline_and_section_label() -> None:
    page = (
        "Le Journal du Sud\n\nLundi 3 mars 2025\n\nÉCONOMIE\n\n"
        "Les vignerons face à une récolte historique\n\nPar Marie Dupont\n\n"
        "Les vendanges ont commencé cette semaine dans la vallée, avec une récolte "
        "exceptionnelle.\n\n"
        "Un vigneron dans ses vignes.\n\nPhoto : Jean Martin / AFP\n\n"
        "Les prix devraient rester stables, selon la chambre d'agriculture.\n\n(Avec AFP)\n"
    )
    article = parse_seed(page)
    assert (article.publication_name, article.publication_tagline) == ("Le Journal du Sud", None)
    assert article.headline == "Les vignerons face à une récolte historique"
    assert article.byline == "Marie Dupont"
    assert article.published == datetime.date(2025, 3, 3)
    assert article.language == "fr"
    assert article.paragraphs[0].startswith("Les vendanges")
    assert [(c.text, c.credit, c.photographer, c.agencies) for c in article.captions] == [
        ("Un vigneron dans ses vignes.", "Jean Martin / AFP", "Jean Martin", ("AFP",))
    ]
    assert article.attribution == "Avec AFP"


def test_page_with_title_case_by_headline_and_caption_credit_on_two_lines() -> None:
    page = (
        "The Daily Ledger\n"
        "By Any Means Necessary: How the Campaign Was Won\n"
        "By Tom Reed\n"
        "2025-06-01 14:00\n"
        "The campaign began with a small team and a large ambition, and ended with a landslide "
        "victory that surprised almost everyone.\n"
        "Campaign staff celebrate on election night.\n"
        "Photo: Ledger staff\n"
        "The result was announced at midnight.\n"
    )
    article = parse_seed(page)
    assert article.headline == "By Any Means Necessary: How the Campaign Was Won"
    assert article.byline == "Tom Reed"
    assert article.published_at == datetime.datetime(2025, 6, 1, 14, 0, tzinfo=datetime.UTC)
    assert len(article.paragraphs) == 2
    assert [(c.text, c.credit, c.after_paragraph) for c in article.captions] == [
        ("Campaign staff celebrate on election night.", "Ledger staff", 1)
    ]
    assert "caption text taken from the line above its credit (paragraph 1)" in article.warnings


def test_page_in_us_style() -> None:
    page = (
        "The Lakeside Gazette\n\nHome > News > Local\n\n"
        "Storm damage closes coastal road | The Lakeside Gazette\n\n"
        "Storm damage closes coastal road\n\n"
        "By Jane Doe and John Smith, Staff Writers\n\n"
        "Updated 3 hours ago\n\n"
        "March 14, 2025 at 9:12 a.m. EDT\n\n"
        "Crews clear debris from Shore Road on Wednesday. (Photo by Mark Lee/Getty Images)\n\n"
        "LAKESIDE — The coastal road will stay closed for at least another week, county "
        "officials said Thursday.\n\n"
        "STORY CONTINUES BELOW ADVERTISEMENT\n\n"
        "Shore Road after the storm. AFP via Getty Images\n\n"
        "Officials said more funds would be needed.\n\n"
        "Copyright © 2025 Lakeside Gazette Media LLC\n"
    )
    article = parse_seed(page)
    assert (article.publication_name, article.publication_tagline) == ("The Lakeside Gazette", None)
    assert article.headline == "Storm damage closes coastal road"
    assert article.byline == "Jane Doe and John Smith"
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2025-03-14T09:12:00-04:00"
    assert article.paragraphs == (
        "LAKESIDE — The coastal road will stay closed for at least another week, county "
        "officials said Thursday.",
        "Officials said more funds would be needed.",
    )
    assert [(c.photographer, c.agencies, c.after_paragraph) for c in article.captions] == [
        ("Mark Lee", ("Getty Images",), 0),
        (None, ("AFP", "Getty Images"), 1),
    ]


@pytest.mark.parametrize(
    ("standfirst", "is_paragraph"),
    [
        (
            "Two workers were injured on Tuesday when a 60-metre gantry crane toppled in high "
            "winds, halting the region's busiest port",
            True,
        ),
        ("Two workers were injured when a gantry crane toppled in high winds.", True),
        # Eleven words and no full stop: as likely the headline under a tagline; kept a title.
        ("Two workers injured as 60-metre gantry crane topples during high winds", False),
    ],
)
def test_standfirst_under_the_headline(standfirst: str, is_paragraph: bool) -> None:
    page = (
        "The Marlow Standard\n\nCrane collapse halts work at Kestrel Bay container terminal\n\n"
        f"{standfirst}\n\nRowena Castellane\n\nPublished 4 March 2025\n\n"
        "A gantry crane collapsed at the Kestrel Bay container terminal on Tuesday.\n"
    )
    article = parse_seed(page)
    assert article.byline == "Rowena Castellane"
    assert article.published == datetime.date(2025, 3, 4)
    if is_paragraph:
        assert article.publication_tagline is None
        assert article.headline == "Crane collapse halts work at Kestrel Bay container terminal"
        assert article.paragraphs[0] == standfirst
        assert len(article.paragraphs) == 2
    else:
        assert article.headline == standfirst
        assert len(article.paragraphs) == 1


# --- The examples in the parser's docstrings ------------------------------------------------


@pytest.mark.parametrize(
    "module",
    [
        "agencies",
        "blocks",
        "clutter",
        "credits",
        "dates",
        "decoding",
        "errors",
        "headers",
        "language",
        "pipeline",
        "text",
    ],
)
def test_docstring_examples(module: str) -> None:
    imported = importlib.import_module(f"articles.parsing.{module}")
    failures, _ = doctest.testmod(imported, optionflags=doctest.ELLIPSIS)
    assert failures == 0


@pytest.mark.parametrize(
    ("line", "byline", "published"),
    [
        ("By Ann Lee | 3 March 2025", "Ann Lee", datetime.date(2025, 3, 3)),
        ("By Ann Lee · March 3, 2025 · 4 min read", "Ann Lee", datetime.date(2025, 3, 3)),
        (
            "Por Inés Carvallo — Publicado el 12 de marzo de 2025",
            "Inés Carvallo",
            datetime.date(2025, 3, 12),
        ),
    ],
)
def test_byline_and_date_on_one_line(line: str, byline: str, published: datetime.date) -> None:
    article = parse_seed(f"The Herald\n\nA headline\n\n{line}\n\nThe council met on Monday.")
    assert (article.byline, article.published) == (byline, published)
    assert article.paragraphs == ("The council met on Monday.",)


def test_spanish_page_with_agency_sign_off_and_clutter() -> None:
    page = (
        "El Heraldo del Sur | Noticias de la región\n\n"
        "Inundaciones obligan a evacuar a 2.000 vecinos | El Heraldo del Sur\n\n"
        "Inundaciones obligan a evacuar a 2.000 vecinos\n\n"
        "Por Redacción\n\n"
        "Actualizado: 15/04/2025 - 18:20\n\n"
        "15 abr 2025 - 09:10 CEST\n\n"
        "Vecinos observan la crecida del río, este martes. (Foto: EFE/Lucía Prado)\n\n"
        "Las autoridades ordenaron este martes la evacuación de unos 2.000 vecinos de la "
        "ribera del río.\n\n"
        "Publicidad\n\n"
        "Te puede interesar: El embalse alcanza su máximo histórico\n\n"
        "Los servicios de emergencia han habilitado dos pabellones como albergues.\n\n"
        "Síguenos en Facebook y X\n\n"
        "EFE\n\n"
        "© 2025 El Heraldo del Sur. Todos los derechos reservados.\n"
    )
    article = parse_seed(page.encode("cp1252", errors="strict").replace(b"\n", b"\r\n"))
    assert (article.publication_name, article.publication_tagline) == (
        "El Heraldo del Sur",
        "Noticias de la región",
    )
    assert article.headline == "Inundaciones obligan a evacuar a 2.000 vecinos"
    assert article.byline == "Redacción"
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2025-04-15T09:10:00+02:00"
    assert article.language == "es"
    assert len(article.paragraphs) == 2
    assert [(c.credit, c.photographer, c.agencies) for c in article.captions] == [
        ("EFE/Lucía Prado", "Lucía Prado", ("EFE",))
    ]
    assert article.attribution == "EFE"


# --- The rules alone, on what real outlets print around the article -------------------------


def read_with_rules(page: str) -> ParsedArticle:
    """What the rules make of a page when the segmenter keeps every block: assembly tested
    apart from the model (``bench.parser.bylines`` measures the same way on real pages)."""
    items = read_blocks(page)
    known = tuple(item.copyright_holder for item in items if item.copyright_holder)
    kept = Segmentation(labels=("BODY",) * len(items), confidence=1.0)
    return read_article(items, known, kept)


HEADLINE = "Climate change: Labor on track to hit 2030 target as minister defends policy"
BODY = "The government is on track to hit its emissions target, new modelling shows."


@pytest.mark.parametrize(
    ("meta", "byline", "published"),
    [
        ("Von Eileen Wagner 10.09.2025, 09:53 Uhr", "Eileen Wagner", "2025-09-10"),
        ("By Madeleine Howell 30 August 2023 • 4:45pm", "Madeleine Howell", "2023-08-30"),
        ("Tobias Mühlbauer 24.04.2024, 19:35 Uhr", "Tobias Mühlbauer", "2024-04-24"),
        ("28.04.2024, 17:19 Uhr Von Simone Jülicher", "Simone Jülicher", "2024-04-28"),
        ("Von dpa 30.04.2024, 18:58", "dpa", "2024-04-30"),
        (
            "Yasmine Hassan · CBC News · Posted: Aug 08, 2024 4:00 AM EDT | Last Updated: August 8",
            "Yasmine Hassan",
            "2024-08-08",
        ),
        (
            "Aashish Saxena / TIMESOFINDIA.COM / Sep 2, 2024, 17:07 IST Share",
            "Aashish Saxena",
            "2024-09-02",
        ),
        ("Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch", "Eva Kirchner-Rätsch", "2024-04-25"),
        ("By Aaron Kliegman | Fox News", "Aaron Kliegman", None),
        ("Fouzia Van Der Fort | Published 4 months ago", "Fouzia Van Der Fort", None),
        ("Nizaar Kinsella 2 minutes ago", "Nizaar Kinsella", None),
        ("Innlent | mbl | 11.2.2025 | 23:55 | Uppfært 12.2.2025 7:25", None, "2025-02-11"),
        (
            "By Tom Davies - Associated Press - Friday, April 28, 2023",
            "Tom Davies",
            "2023-04-28",
        ),
    ],
)
def test_byline_and_date_on_one_line_as_real_outlets_print_them(
    meta: str, byline: str | None, published: str | None
) -> None:
    article = read_with_rules(f"{HEADLINE}\n\n{meta}\n\n{BODY}\n")
    assert article.headline == HEADLINE
    assert article.byline == byline
    assert (article.published.isoformat() if article.published else None) == published
    assert article.paragraphs == (BODY,)


def test_names_beside_a_date_far_down_the_body_stay_a_paragraph() -> None:
    listing = "02.11.2022 - Disarstar - Grelle Forelle"
    article = read_with_rules(
        f"{HEADLINE}\n\nBy Ann Lee\n\n{BODY}\n\nThe tour stops in Vienna twice.\n\n{listing}\n"
    )
    assert article.byline == "Ann Lee"
    article = read_with_rules(
        f"{HEADLINE}\n\n{BODY}\n\nThe tour stops in Vienna twice.\n\n{listing}\n\n"
        "Tickets go on sale on Friday.\n"
    )
    assert (article.byline, article.paragraphs[2]) == (None, listing)


def test_a_players_caption_is_no_meta_line() -> None:
    line = "Audio: Antenne Brandenburg | 24.04.2024 | Eva Lind | Bild: Eva Lind/rbb"
    article = read_with_rules(f"{HEADLINE}\n\n{line}\n\n{BODY}\n")
    assert (article.byline, article.published) == (None, None)


def test_by_alone_on_its_line_names_on_the_next() -> None:
    article = read_with_rules(f"{HEADLINE}\n\nBy\n\nAnn Lee\n\n3 March 2025\n\n{BODY}\n")
    assert (article.byline, article.paragraphs) == ("Ann Lee", (BODY,))
    article = read_with_rules(
        f"{HEADLINE}\n\nvon\n\nKonstantin Furrer\n\n,\n\nDeutsche Presse-Agentur\n\n{BODY}\n"
    )
    assert (article.byline, article.paragraphs) == (
        "Konstantin Furrer, Deutsche Presse-Agentur",
        (BODY,),
    )


def test_names_on_lines_of_their_own_make_one_byline() -> None:
    article = read_with_rules(
        f"{HEADLINE}\n\nMathias Hagen – Journalist\n\nAnders Skjerdingstad – Journalist i Paris"
        f"\n\nPublisert 05.08.2024, kl. 13.05\n\n{BODY}\n"
    )
    assert article.byline == "Mathias Hagen, Anders Skjerdingstad"
    assert article.published == datetime.date(2024, 8, 5)


def test_a_sites_today_stamp_above_the_headline_gives_way_to_the_articles_date() -> None:
    article = read_with_rules(
        f"Tuesday, 26 November 2024\n\n{HEADLINE}\n\nBy Ann Lee\n\n"
        f"Mon, 25 November 2024 9:27PM\n\n{BODY}\n"
    )
    assert article.published == datetime.date(2024, 11, 25)
    assert "date above the headline ignored: 2024-11-26" in article.warnings
    # Under the page title, the masthead's stamp still stands above the headline.
    article = read_with_rules(
        f"{HEADLINE} | The Herald\n\nTuesday, 26 November 2024\n\nPolitics\n\n{HEADLINE}\n\n"
        f"By Ann Lee | 25 November 2024\n\n{BODY}\n"
    )
    assert (article.headline, article.published) == (HEADLINE, datetime.date(2024, 11, 25))
    # Alone, a date above the headline is the article's.
    article = read_with_rules(f"Tuesday, 26 November 2024\n\n{HEADLINE}\n\n{BODY}\n")
    assert article.published == datetime.date(2024, 11, 26)


@pytest.mark.parametrize(
    ("names", "after", "byline"),
    [
        # Under a title that can only be a headline, beside the date line or the lead picture.
        (
            "Dan Jervis-Bardy The West Australian",
            "Tue, 26 November 2024 9:27PM",
            "Dan Jervis-Bardy",
        ),
        ("Radek Nohl", "Foto: Seznam Zprávy", "Radek Nohl"),
        ("Chris Wilson-Smith", "Published 3 seconds ago", "Chris Wilson-Smith"),
        # Under a headline, even with nothing beside it: no headline stands under a headline.
        (
            "Harriet Ng",
            "Harriet Ng grew up in the valley and has run the bakery on the square since 1998.",
            "Harriet Ng",
        ),
    ],
)
def test_names_without_by_under_the_headline(names: str, after: str, byline: str | None) -> None:
    article = read_with_rules(f"{HEADLINE}\n\n{names}\n\n{after}\n\n{BODY}\n")
    assert article.headline == HEADLINE
    assert article.byline == byline


def test_names_under_a_headline_given_twice() -> None:
    article = read_with_rules(
        f"{HEADLINE} - The Herald\n\n{HEADLINE}\n\nChris Wilson-Smith\n\nChris Wilson-Smith"
        f"\n\n{BODY}\n"
    )
    assert (article.headline, article.byline, article.paragraphs) == (
        HEADLINE,
        "Chris Wilson-Smith",
        (BODY,),
    )


def test_a_long_headline_given_twice() -> None:
    long = "Akkutechnik: Hat Quantumscape genug Akkus für ein Motorrad gebaut?"
    article = read_with_rules(
        f"{long} - Golem.de\n\n{long}\n\nVW stellt den Prototyp vor.\n\n"
        f"9. September 2025 um 15:46 Uhr / Frank Wunderlich-Pfeiffer\n\n{BODY}\n"
    )
    assert (article.headline, article.publication_name) == (long, "Golem.de")
    assert (article.byline, article.published) == (
        "Frank Wunderlich-Pfeiffer",
        datetime.date(2025, 9, 9),
    )
    assert article.paragraphs == ("VW stellt den Prototyp vor.", BODY)


def test_the_headline_given_twice_around_the_date() -> None:
    article = read_with_rules(
        f"{HEADLINE}\n\n06 February 2026\n\n{HEADLINE}\n\nScholars uproot their lives.\n\n"
        f"By\n\nRachel Brazil 0\n\nRachel Brazil\n\n{BODY}\n"
    )
    assert (article.headline, article.byline) == (HEADLINE, "Rachel Brazil")
    assert article.paragraphs == ("Scholars uproot their lives.", BODY)


def test_names_above_an_agency_line_under_outlet_and_headline() -> None:
    article = read_with_rules(
        f"The Herald\n\n{HEADLINE}\n\nAnn Lee\n\nAssociated Press\n\n{BODY}\n"
    )
    assert (article.publication_name, article.headline) == ("The Herald", HEADLINE)
    assert (article.byline, article.paragraphs, article.attribution) == ("Ann Lee", (BODY,), None)


def test_names_under_an_outlets_name_stay_a_headline() -> None:
    article = read_with_rules(f"Brennock Evening Post\n\nHarriet Ng\n\nMarch 4, 2025\n\n{BODY}\n")
    assert (article.headline, article.byline) == ("Harriet Ng", None)


def test_a_date_after_the_last_paragraph_is_the_articles_date_when_none_is_above() -> None:
    article = read_with_rules(
        f"{HEADLINE}\n\n{BODY}\n\nThe minister spoke on Friday.\n\n"
        "5 gennaio 2025 ( modifica il 6 gennaio 2025 | 15:24)\n"
    )
    assert article.published == datetime.date(2025, 1, 5)
    assert article.paragraphs == (BODY, "The minister spoke on Friday.")
    assert "date read from a line after the last paragraph" in article.warnings


def test_a_lead_caption_credited_to_an_agency_after_its_last_sentence() -> None:
    article = read_with_rules(
        f"{HEADLINE}\n\nVon Felix Schwarz\n\n15.04.2025, 17:59\n\n"
        "Parcels from China are popular but carry risks. dpa\n\n"
        f"{BODY}\n\nThe testers found faults.\n"
    )
    assert [(c.text, c.credit, c.after_paragraph) for c in article.captions] == [
        ("Parcels from China are popular but carry risks.", "dpa", 0)
    ]
    assert article.paragraphs == (BODY, "The testers found faults.")


def test_interface_controls_and_notices_are_never_the_headline() -> None:
    for control in ("Copiar link", "This article is more than 5 years old", "Enlarge this image"):
        article = read_with_rules(f"{HEADLINE}\n\n{control}\n\n{BODY}\n")
        assert (article.headline, article.paragraphs) == (HEADLINE, (BODY,))


def test_a_caption_with_its_toggle_buttons_is_one_picture_and_never_the_headline() -> None:
    article = read_with_rules(
        f"{HEADLINE}\n\nEnlarge this image\n\n"
        "Crowds in the square on Friday. Ann Lee/AP hide caption\n\ntoggle caption\n\n"
        f"Ann Lee/AP\n\nBy Jane Smith\n\n{BODY}\n"
    )
    assert article.headline == HEADLINE
    assert [(c.text, c.credit, c.after_paragraph) for c in article.captions] == [
        ("Crowds in the square on Friday.", "Ann Lee/AP", 0)
    ]
    assert (article.byline, article.paragraphs) == ("Jane Smith", (BODY,))


def test_the_bylines_name_again_over_an_authors_box_is_no_paragraph() -> None:
    article = read_with_rules(
        f"{HEADLINE}\n\nBy Jane Smith\n\n{BODY}\n\nJane Smith\n\nThe testers found faults.\n"
    )
    assert (article.byline, article.paragraphs) == (
        "Jane Smith",
        (BODY, "The testers found faults."),
    )


def test_a_japanese_caption_is_read_from_its_equals_sign() -> None:
    body = (
        "パレスチナ自治区ガザ地区の停戦交渉を仲介しているカタールの外務省報道官は14日、"
        "合意に近づいていると語った。"
    )
    caption = "イスラエルの国旗＝同国で2019年5月"
    article = read_with_rules(f"停戦「最も合意に近い」 最終案に双方同意か\n\n{caption}\n\n{body}\n")
    assert [(c.text, c.credit, c.after_paragraph) for c in article.captions] == [(caption, None, 0)]
    assert article.paragraphs == (body,)
