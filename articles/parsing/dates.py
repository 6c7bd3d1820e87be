"""Publication date lines: recognise a block that is a date line and read its moment.

A date line is a short block that holds a date and nothing but an optional label
("Published", "Publicado el", "Publié le", "Veröffentlicht am"), weekday, time and time zone:

    Published 14 March 2025, 09:12 GMT      March 3, 2025 4:17 PM GMT
    Publicado el 12 de marzo de 2025, 10:45  Published: 27/02/2025
    Sunday 18 May 2025 21:47 BST            2025-03-14T09:12:00+01:00

A line that starts with an update label ("Updated", "Actualizado", "Mis à jour") is an update
line: never the publication date. A date inside a sentence is not a date line.
"""

# Word lists are written as prose and split, which reads better than one word a line.
# ruff: noqa: SIM905

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from articles.parsing.text import collapse_whitespace

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "enero",
        "ene",
        "janvier",
        "janv",
        "janeiro",
        "januar",
        "jänner",
        "gennaio",
        "gen",
        "januari",
        "janúar",
        "stycznia",
        "styczeń",
        "ledna",
        "leden",
        "января",
        "январь",
        "січня",
        "ocak",
        "tammikuuta",
    ),
    2: (
        "february",
        "feb",
        "febrero",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "fév",
        "fevereiro",
        "fev",
        "februar",
        "febbraio",
        "februari",
        "febrúar",
        "lutego",
        "luty",
        "února",
        "únor",
        "февраля",
        "февраль",
        "лютого",
        "şubat",
        "helmikuuta",
    ),
    3: (
        "march",
        "mar",
        "marzo",
        "mars",
        "março",
        "marco",
        "märz",
        "maerz",
        "mär",
        "mrz",
        "maart",
        "mrt",
        "marca",
        "marzec",
        "března",
        "březen",
        "марта",
        "март",
        "березня",
        "mart",
        "maaliskuuta",
    ),
    4: (
        "april",
        "apr",
        "abril",
        "abr",
        "avril",
        "avr",
        "aprile",
        "apríl",
        "kwietnia",
        "kwiecień",
        "dubna",
        "duben",
        "апреля",
        "апрель",
        "квітня",
        "nisan",
        "huhtikuuta",
    ),
    5: (
        "may",
        "mayo",
        "mai",
        "maio",
        "maggio",
        "mag",
        "mei",
        "maj",
        "maí",
        "maja",
        "května",
        "květen",
        "мая",
        "май",
        "травня",
        "mayıs",
        "toukokuuta",
    ),
    6: (
        "june",
        "jun",
        "junio",
        "juin",
        "junho",
        "juni",
        "giugno",
        "giu",
        "júní",
        "czerwca",
        "czerwiec",
        "června",
        "červen",
        "июня",
        "июнь",
        "червня",
        "haziran",
        "kesäkuuta",
    ),
    7: (
        "july",
        "jul",
        "julio",
        "juillet",
        "juil",
        "julho",
        "juli",
        "luglio",
        "lug",
        "júlí",
        "lipca",
        "lipiec",
        "července",
        "červenec",
        "июля",
        "июль",
        "липня",
        "temmuz",
        "heinäkuuta",
    ),
    8: (
        "august",
        "aug",
        "agosto",
        "ago",
        "août",
        "aout",
        "augustus",
        "augusti",
        "ágúst",
        "sierpnia",
        "sierpień",
        "srpna",
        "srpen",
        "августа",
        "август",
        "серпня",
        "ağustos",
        "elokuuta",
    ),
    9: (
        "september",
        "sep",
        "sept",
        "septiembre",
        "setiembre",
        "septembre",
        "setembro",
        "set",
        "settembre",
        "września",
        "wrzesień",
        "září",
        "сентября",
        "сентябрь",
        "вересня",
        "eylül",
        "syyskuuta",
    ),
    10: (
        "october",
        "oct",
        "octubre",
        "octobre",
        "outubro",
        "out",
        "oktober",
        "okt",
        "ottobre",
        "ott",
        "október",
        "października",
        "październik",
        "října",
        "říjen",
        "октября",
        "октябрь",
        "жовтня",
        "ekim",
        "lokakuuta",
    ),
    11: (
        "november",
        "nov",
        "noviembre",
        "novembre",
        "novembro",
        "nóvember",
        "listopada",
        "listopad",
        "listopadu",
        "ноября",
        "ноябрь",
        "листопада",
        "kasım",
        "marraskuuta",
    ),
    12: (
        "december",
        "dec",
        "diciembre",
        "dic",
        "décembre",
        "decembre",
        "déc",
        "dezembro",
        "dez",
        "dezember",
        "dicembre",
        "desember",
        "grudnia",
        "grudzień",
        "prosince",
        "prosinec",
        "декабря",
        "декабрь",
        "грудня",
        "aralık",
        "joulukuuta",
    ),
}
MONTHS: dict[str, int] = {name: number for number, names in _MONTH_NAMES.items() for name in names}

WEEKDAYS: frozenset[str] = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun lunes martes miércoles miercoles jueves viernes sábado sabado domingo lundi mardi
    mercredi jeudi vendredi samedi dimanche segunda-feira terça-feira terca-feira quarta-feira
    quinta-feira sexta-feira segunda terça terca quarta quinta sexta montag dienstag mittwoch
    donnerstag freitag samstag sonnabend sonntag lunedì lunedi martedì martedi mercoledì
    mercoledi giovedì giovedi venerdì venerdi sabato domenica maandag dinsdag woensdag donderdag
    vrijdag zaterdag zondag mandag tirsdag onsdag torsdag fredag lørdag søndag måndag tisdag
    lördag söndag poniedziałek wtorek środa czwartek piątek sobota niedziela pondělí úterý
    středa čtvrtek pátek neděle понедельник вторник среда четверг пятница суббота воскресенье
    pazartesi salı çarşamba perşembe cuma cumartesi pazar maanantai tiistai keskiviikko
    torstai perjantai lauantai sunnuntai mo di mi do fr sa so""".split()
)

# Fixed offsets (hours) of zone abbreviations seen on news pages. Where an abbreviation is
# ambiguous the reading most common in news wins: IST is India, CST is US Central, BST British.
_FIXED_ZONES: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "IST": 5.5,
    "CET": 1,
    "CEST": 2,
    "MEZ": 1,
    "MESZ": 2,
    "HEC": 1,
    "HAEC": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "TRT": 3,
    "EAT": 3,
    "CAT": 2,
    "SAST": 2,
    "WAT": 1,
    "GST": 4,
    "PKT": 5,
    "NPT": 5.75,
    "ICT": 7,
    "WIB": 7,
    "HKT": 8,
    "SGT": 8,
    "PHT": 8,
    "AWST": 8,
    "JST": 9,
    "KST": 9,
    "ACST": 9.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "AST": -4,
    "ADT": -3,
    "NST": -3.5,
    "NDT": -2.5,
    "ART": -3,
    "BRT": -3,
    "BRST": -2,
    "CLT": -4,
    "CLST": -3,
    "COT": -5,
    "PET": -5,
    "VET": -4,
    "UYT": -3,
    "BOT": -4,
    "PYT": -4,
    "ECT": -5,
}
# Generic zone names whose offset depends on the date (summer time): looked up in tzdata.
_REGIONAL_ZONES: dict[str, tuple[str, float]] = {
    "ET": ("America/New_York", -5),
    "CT": ("America/Chicago", -6),
    "MT": ("America/Denver", -7),
    "PT": ("America/Los_Angeles", -8),
}
# Zones whose pages write numeric dates month first (03/04/2025 is March 4).
_MONTH_FIRST_ZONES = frozenset(
    {
        "ET",
        "CT",
        "MT",
        "PT",
        "EST",
        "EDT",
        "CST",
        "CDT",
        "MST",
        "MDT",
        "PST",
        "PDT",
        "AKST",
        "AKDT",
        "HST",
    }
)

_MONTH_RE = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th|er|º|°|\.)?"
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(?<!\d)(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?!\d)")),
    (
        "numeric",
        re.compile(r"(?<![\d.:])(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4}|\d{2})(?![\d:])"),
    ),
    (
        "day_month",
        re.compile(
            r"(?<!\d)(?P<d>\d{1,2})"
            + _ORDINAL
            + r"\s*(?:de\s+|of\s+)?(?P<mon>"
            + _MONTH_RE
            + r")\b\.?,?\s*(?:de\s+|del\s+)?(?P<y>\d{4})(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "month_day",
        re.compile(
            r"\b(?P<mon>"
            + _MONTH_RE
            + r")\b\.?\s+(?P<d>\d{1,2})"
            + _ORDINAL
            + r",?\s+(?P<y>\d{4})(?!\d)",
            re.IGNORECASE,
        ),
    ),
)
_TIME_RE = re.compile(
    r"(?<![\d:.])(?P<h>\d{1,2})(?:\s*[:.hH]\s*(?P<min>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?(?!\w))?(?:\s*(?:h|hrs?|uhr|horas?|heures?)\b)?",
    re.IGNORECASE,
)
_OFFSET = r"[+\-−]\d{1,2}(?::?\d{2})?"
_ZONE_RE = re.compile(
    r"(?<![\w+\-])(?:(?P<base>UTC|GMT)\s*(?P<base_offset>"
    + _OFFSET
    + r")?|(?P<offset>"
    + _OFFSET
    + r")(?![\d/])|(?P<abbr>"
    + "|".join(sorted(_FIXED_ZONES, key=len, reverse=True))
    + "|"
    + "|".join(_REGIONAL_ZONES)
    + r"))(?!\w)"
)
_PUBLISHED_LABEL_RE = re.compile(
    r"^(?:(?:first\s+)?published(?:\s+(?:on|at))?|posted(?:\s+(?:on|at))?|date(?:d)?"
    r"|publication date|publicad[oa](?:\s+(?:el|em|en|a|o))?|fecha(?:\s+de\s+publicación)?"
    r"|publiée?(?:\s+le)?|mis en ligne(?:\s+le)?|date de publication|data(?:\s+de\s+publicação)?"
    r"|(?:artikel\s+)?veröffentlicht(?:\s+am)?|erschienen(?:\s+am)?|erstellt(?:\s+am)?|datum"
    r"|publiziert(?:\s+am)?|pubblicat[oa](?:\s+il)?|data di pubblicazione|gepubliceerd(?:\s+op)?"
    r"|publisert|publicerad|publicerat|publiceret|offentliggjort|julkaistu|opublikowano"
    r"|publikováno|zveřejněno|objavljeno|yayınlanma(?:\s+tarihi)?|giriş|입력|등록|公開日?"
    r"|配信日?|掲載日?|发布时间|發佈時間)\s*[:：]?\s*",
    re.IGNORECASE,
)
_UPDATE_LABEL = (
    r"(?:(?:last\s+)?updated?(?:\s+on)?|(?:last\s+)?modified|edited|actualizad[oa](?:\s+el)?"
    r"|última actualización|act\.|mis à jour(?:\s+le)?|mise à jour|màj|atualizad[oa](?:\s+em)?"
    r"|atualização|(?:zuletzt\s+)?aktualisiert(?:\s+am)?|stand|aggiornat[oa](?:\s+il)?"
    r"|ultimo aggiornamento|bijgewerkt(?:\s+op)?|oppdatert|uppdaterad|uppdaterat|opdateret"
    r"|päivitetty|(?:son\s+)?güncelle(?:me|nme)|zaktualizowano|aktualizováno|aktualizace"
    r"|uppfært|modificat[oa](?:\s+il)?|modifica(?:\s+il)?|最終更新|更新|수정)"
)
_UPDATE_LINE_RE = re.compile(r"^" + _UPDATE_LABEL + r"\s*[:：]?\s*\S", re.IGNORECASE)
# "Published 14 March 2025 | Updated 15 March 2025": the update part is cut off.
_UPDATE_TAIL_RE = re.compile(
    r"(?:\s*[|·•,;(（—–-]\s*|\s+)" + _UPDATE_LABEL + r"\b.*$"
    # Japanese puts the label last: "2025年1月14日 01時28分（1月14日 01時40分更新）".
    r"|\s*[(（][^()（）]*" + _UPDATE_LABEL + r"[^()（）]*[)）]",
    re.IGNORECASE,
)
_RELATIVE = (
    r"(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s+ago|hace\s+\d+\s+\w+|il y a\s+\d+\s+\w+|há\s+\d+\s+\w+|vor\s+\d+\s+\w+"
    r"|for\s+\d+\s+\w+\s+siden|\d+\s+\w+\s+sedan|\d+\s+\w+\s+siden"
)
_RELATIVE_RE = re.compile(
    r"^(?:" + _RELATIVE + r")"
    r"|^\d+\s+\w+\s+fa$|^(?:today|yesterday|hoy|ayer|aujourd'hui|hier|hoje|ontem|heute|gestern"
    r"|oggi|ieri|i dag|i går|idag|igår)\b",
    re.IGNORECASE,
)
# A relative time after other words: "Nizaar Kinsella 2 minutes ago".
_RELATIVE_TAIL_RE = re.compile(r"\s+(?:" + _RELATIVE + r")\s*$", re.IGNORECASE)
# Words that may stand around a date without making it prose: "a las", "à", "um", "Uhr".
_FILLER_RE = re.compile(
    r"\b(?:at|on|the|of|a las|a la|a les|las|à|às|as|a|um|am|alle|ore|h|hrs?|uhr|local time"
    r"|hora local|heure locale|ora locale|ortszeit|horas?|heures?|de|el|le|il|em|o|op|time|kl"
    r"|klokken|klockan|klo|godz|saat|в|v|den|der|dem)\b",
    re.IGNORECASE,
)
# "Cala Honda, 9 ago 2025 - 19:40": the place the story was filed from, before the date.
_PLACE_PREFIX_RE = re.compile(
    r"^[A-ZÀ-Þ][^\W\d_]*(?:[ '’.-]+(?:de|del|la|las|los|el|do|da|dos|das|di|du|des|le|les"
    r"|[A-ZÀ-Þ][^\W\d_]*)){0,3}(?:,|\s+[-–—])\s+(?=.*\d)"
)
# A date line is a short line: a long block with a date in it is prose.
_MAX_DATE_LINE_LENGTH = 90
_DIGIT_RE = re.compile(r"\d")
# Separators a scraper leaves at either end of a date line: "/ 14 March 2025", "14.03.2025 |".
_EDGE_SEPARATORS_RE = re.compile(r"^[\s/|·•,;:—–-]+|[\s/|·•,;:—–-]+$")
# Chinese, Japanese and Korean dates and times: "2025年1月13日 21時37分", "2026년 7월 12일".
_CJK_DATE_RE = re.compile(
    r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]"
)
_CJK_TIME_RE = re.compile(r"(?P<h>\d{1,2})\s*[時时시]\s*(?P<min>\d{1,2})\s*[分분]?")
# A year glued to the time after it, as some templates print them: "9 ago 202519:40".
_GLUED_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\d{1,2}[:.h]\d\d(?!\d))")
# A reading time printed on the date line: "15.04.2025, 17:59 Lesezeit: 5 Min.", "· 4 min read".
_READING_TIME_RE = re.compile(
    r"(?:(?:reading time|read time|lesezeit|lesedauer|tiempo de lectura|temps de lecture"
    r"|tempo de leitura|tempo di lettura|lesetid|lästid|læsetid|leestijd)\s*:?\s*)?"
    r"(?<![\d:.])\d{1,3}\s*(?:min(?:utes?|uten|utos?|uti|utter|uter|s)?\b\.?)"
    r"(?:\s*(?:read|reading|lesen|lectura|de lecture|leitura|lettura|lesing|läsning|læsning)\b)?"
    # A length in characters, as Japanese pages give it: "789文字".
    r"|\d+\s*文字",
    re.IGNORECASE,
)
# A date line inside a longer line ("Von Eileen Wagner 10.09.2025, 09:53 Uhr") is looked for
# only in lines this short, and reaches this many words either side of its first and last number.
_MAX_META_LINE_LENGTH = 140
_DATE_LABEL_REACH = 4
_DATE_TAIL_REACH = 8
_DATE_TAIL_WORDS = 3
# "Nizaar Kinsella 2 minutes ago": names and a relative time make a short line.
_MAX_RELATIVE_LINE_LENGTH = 60


@dataclass(frozen=True)
class PageDate:
    """A date read from a page: the date as written, with the time and zone where given."""

    date: datetime.date
    time: datetime.time | None = None
    utc_offset: datetime.timedelta | None = None

    @property
    def moment(self) -> datetime.datetime:
        """The timezone-aware moment: page zone else UTC, midnight where no time is given."""
        zone = datetime.UTC if self.utc_offset is None else datetime.timezone(self.utc_offset)
        return datetime.datetime.combine(self.date, self.time or datetime.time(0), tzinfo=zone)


def _offset_hours(text: str) -> float:
    sign = -1 if text[0] in "-−" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    return sign * (int(hours) + int(minutes) / 60)


def _zone_offset(
    match: re.Match[str], date: datetime.date, time: datetime.time | None
) -> datetime.timedelta:
    """The UTC offset a zone match stands for on ``date`` (summer time where it applies)."""
    if match["base"]:
        hours = _offset_hours(match["base_offset"]) if match["base_offset"] else 0.0
    elif match["offset"]:
        hours = _offset_hours(match["offset"])
    elif match["abbr"] in _REGIONAL_ZONES:
        name, standard = _REGIONAL_ZONES[match["abbr"]]
        try:
            local = datetime.datetime.combine(date, time or datetime.time(12))
            offset = local.replace(tzinfo=ZoneInfo(name)).utcoffset()
        except ZoneInfoNotFoundError:
            # Without tzdata the standard offset is the best guess (an hour out in summer).
            offset = None
        return offset if offset is not None else datetime.timedelta(hours=standard)
    else:
        hours = _FIXED_ZONES[match["abbr"]]
    return datetime.timedelta(hours=hours)


def _year(text: str) -> int:
    year = int(text)
    # Two-digit years on news pages are this century's: "27/02/25" is 2025.
    return 2000 + year if year < 100 else year


def _find_date(text: str, *, month_first: bool) -> tuple[datetime.date, re.Match[str]] | None:
    for kind, pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        if kind == "numeric":
            first, second = int(match["a"]), int(match["b"])
            # A number over 12 can only be the day; otherwise the zone's custom decides.
            if first > 12 or (second <= 12 and not month_first):
                day, month = first, second
            else:
                month, day = first, second
        elif kind in ("day_month", "month_day"):
            day, month = int(match["d"]), MONTHS[match["mon"].casefold()]
        else:
            day, month = int(match["d"]), int(match["m"])
        try:
            found = datetime.date(_year(match["y"]), month, day)
        except ValueError:
            return None
        return found, match
    return None


def _find_time(text: str) -> tuple[datetime.time, re.Match[str]] | None:
    for match in _TIME_RE.finditer(text):
        # A bare number is a time only with am/pm or a unit: "4 PM", "10 Uhr", "16h".
        if (
            match["min"] is None
            and match["ampm"] is None
            and not re.search(
                r"[hH]|uhr|hora|heure", match.group()[len(match["h"]) :], re.IGNORECASE
            )
        ):
            continue
        hour, minute = int(match["h"]), int(match["min"] or 0)
        second = int(match["s"] or 0)
        if match["ampm"]:
            is_pm = match["ampm"].lower().startswith("p")
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if is_pm else 0)
        if hour > 23 or minute > 59 or second > 59:
            continue
        return datetime.time(hour, minute, second), match
    return None


def _remove(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}"


def is_update_line(text: str) -> bool:
    """Whether a block is an update stamp, which is never the publication date.

    >>> is_update_line("Updated 14 March 2025, 11:40 GMT"), is_update_line("Actualizado: 10:45")
    (True, True)
    >>> is_update_line("Published 14 March 2025")
    False
    """
    # "Stand up for ..." opens like the German "Stand: 12.03.2025"; a stamp holds a number.
    if len(text) > 2 * _MAX_DATE_LINE_LENGTH or not _DIGIT_RE.search(text):
        return False
    text = collapse_whitespace(text)
    return len(text) <= _MAX_DATE_LINE_LENGTH and _UPDATE_LINE_RE.match(text) is not None


def is_relative_date_line(text: str) -> bool:
    """Whether a block is a relative time stamp with no usable date.

    >>> is_relative_date_line("Published 2 hours ago"), is_relative_date_line("hace 3 horas")
    (True, True)
    """
    if len(text) > 2 * _MAX_DATE_LINE_LENGTH:
        return False
    text = _PUBLISHED_LABEL_RE.sub("", collapse_whitespace(text), count=1)
    return len(text) <= _MAX_DATE_LINE_LENGTH and _RELATIVE_RE.match(text) is not None


def has_published_label(text: str) -> bool:
    """Whether a block opens with a publication label: ``has_published_label("Publicado el")``."""
    return _PUBLISHED_LABEL_RE.match(collapse_whitespace(text)) is not None


def parse_date_line(text: str) -> PageDate | None:
    """The date of a block that is a publication date line, else ``None``.

    >>> parse_date_line("Published 9 January 2025, 13:30 CET").moment.isoformat()
    '2025-01-09T13:30:00+01:00'
    >>> parse_date_line("March 3, 2025 4:17 PM GMT").moment.isoformat()
    '2025-03-03T16:17:00+00:00'
    >>> parse_date_line("The strike began on March 3, 2025 at the main gate.") is None
    True
    >>> parse_date_line("Updated 14 March 2025, 11:40 GMT") is None
    True
    >>> parse_date_line("Cala Honda, 9 ago 2025 - 19:40 CEST").moment.isoformat()
    '2025-08-09T19:40:00+02:00'
    """
    # Cheap refusals first: most blocks are too long or hold no number at all.
    if len(text) > 4 * _MAX_DATE_LINE_LENGTH or not _DIGIT_RE.search(text):
        return None
    line = _EDGE_SEPARATORS_RE.sub("", collapse_whitespace(text))
    if not line or len(line) > 2 * _MAX_DATE_LINE_LENGTH:
        return None
    if is_update_line(line):
        return None
    # "Publisert 05.08.2024, kl. 13.05 Oppdatert 05.08.2024, kl. 13.52": the update part goes.
    line = _UPDATE_TAIL_RE.sub("", _PUBLISHED_LABEL_RE.sub("", line, count=1))
    if len(line) > _MAX_DATE_LINE_LENGTH:
        return None
    line = _PLACE_PREFIX_RE.sub("", line, count=1)
    line = _CJK_TIME_RE.sub(r"\g<h>:\g<min>", _CJK_DATE_RE.sub(r"\g<y>-\g<m>-\g<d>", line))
    line = _READING_TIME_RE.sub(" ", _GLUED_YEAR_RE.sub(r"\1 ", line))
    # ISO 8601 joins date and time with a "T": "2025-03-14T09:12:00+01:00".
    line = re.sub(r"(?<=\d)T(?=\d)", " ", line)
    zone_match = _ZONE_RE.search(line)
    month_first = zone_match is not None and zone_match["abbr"] in _MONTH_FIRST_ZONES
    found = _find_date(line, month_first=month_first)
    if found is None:
        return None
    date, date_match = found
    rest = _remove(line, date_match)
    found_time = _find_time(rest)
    time = None
    if found_time is not None:
        time, time_match = found_time
        rest = _remove(rest, time_match)
    utc_offset = None
    zone_match = _ZONE_RE.search(rest)
    if zone_match is not None:
        utc_offset = _zone_offset(zone_match, date, time)
        rest = _remove(rest, zone_match)
    rest = _FILLER_RE.sub(" ", rest)
    leftover = [word for word in re.findall(r"[^\W_]+(?:-[^\W_]+)?", rest)]
    if any(word.casefold() not in WEEKDAYS for word in leftover):
        return None
    return PageDate(date=date, time=time, utc_offset=utc_offset)


def find_date_line(text: str) -> tuple[str, PageDate, str] | None:
    """A date line inside a short line: the text before it, its date and the text after it,
    else ``None``. Pages print the byline and the date on one line without a separator; the
    date line is the longest run of words around the date that reads as one (its label,
    weekday, time and zone included), so that what is left is the byline.

    >>> before, date, after = find_date_line("Von Eileen Wagner 10.09.2025, 09:53 Uhr")
    >>> before, date.moment.isoformat(), after
    ('Von Eileen Wagner', '2025-09-10T09:53:00+00:00', '')
    >>> find_date_line("28.04.2024, 17:19 Uhr Von Simone Jülicher")[2]
    'Von Simone Jülicher'
    >>> find_date_line("Rates rose 2% in 2025.") is None
    True

    The caller judges what is left: around "March 3, 2025 at" in "The strike began on March
    3, 2025 at the main gate." stand words that are no byline.
    """
    if len(text) > 2 * _MAX_META_LINE_LENGTH or not _DIGIT_RE.search(text):
        return None
    line = collapse_whitespace(text)
    if len(line) > _MAX_META_LINE_LENGTH:
        return None
    if _find_date(_GLUED_YEAR_RE.sub(r"\1 ", line), month_first=False) is None:
        return None
    words = line.split(" ")
    numbered = [index for index, word in enumerate(words) if _DIGIT_RE.search(word)]
    first, last = numbered[0], numbered[-1]
    # Names before the date: the date line runs to the end, its label or weekday maybe first.
    for start in range(max(0, first - _DATE_LABEL_REACH), first + 1):
        date = parse_date_line(" ".join(words[start:]))
        if date is not None:
            return " ".join(words[:start]), date, ""
    # Names after the date: the date line starts the line and ends as late as it can.
    for end in range(min(len(words) - 1, last + _DATE_TAIL_REACH), last, -1):
        date = parse_date_line(" ".join(words[:end]))
        if date is not None:
            return "", date, " ".join(words[end:])
    # Both: "By Ann Lee November 19, 2023 7:18 pm Share Article", a button's label after it.
    for start in range(max(1, first - _DATE_LABEL_REACH), first + 1):
        for end in range(min(len(words) - 1, last + _DATE_TAIL_WORDS), last, -1):
            date = parse_date_line(" ".join(words[start:end]))
            if date is not None:
                return " ".join(words[:start]), date, " ".join(words[end:])
    return None


def parse_time_line(text: str) -> datetime.time | None:
    """The time of a block that is nothing but a time of day, else ``None``: a part of a
    meta line such as "Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch".

    >>> parse_time_line("14:07 Uhr"), parse_time_line("4:45pm"), parse_time_line("2025")
    (datetime.time(14, 7), datetime.time(16, 45), None)
    """
    line = _EDGE_SEPARATORS_RE.sub("", collapse_whitespace(text))
    if not line or len(line) > 20:
        return None
    found = _find_time(line)
    if found is None:
        return None
    time, match = found
    if _FILLER_RE.sub(" ", _remove(line, match)).strip(" .,"):
        return None
    return time


def without_relative_stamp(text: str) -> str | None:
    """The text before a relative time stamp that ends a line, else ``None``.

    >>> without_relative_stamp("Nizaar Kinsella 2 minutes ago")
    'Nizaar Kinsella'
    >>> without_relative_stamp("Rates rise") is None
    True
    """
    if len(text) > 2 * _MAX_RELATIVE_LINE_LENGTH:
        return None
    line = collapse_whitespace(text)
    if len(line) > _MAX_RELATIVE_LINE_LENGTH:
        return None
    match = _RELATIVE_TAIL_RE.search(line)
    return line[: match.start()] if match else None
