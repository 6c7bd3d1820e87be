"""The page's furniture around the body: outlet name and tagline, headline, byline, attribution.

A page opens with the outlet's name, maybe its tagline, the headline (often twice: the page
title, then the on-page heading, the first maybe with a " | Outlet" suffix), then byline and
date lines. It may end with an attribution: "(With information from EFE)", "Reporting by ...;
Editing by ...". The functions here recognise each of those blocks; ``pipeline`` decides where
the header ends.
"""

# Word lists are written as prose and split, which reads better than one word a line.
# ruff: noqa: SIM905

from __future__ import annotations

import re

from articles.parsing.agencies import PICTURE_SUPPLIERS, is_known_agency
from articles.parsing.credits import looks_like_person
from articles.parsing.text import ends_sentence, is_capitalised, word_count

# The word that opens a byline, in the languages of the corpus and its neighbours.
_BY_WORD = (
    r"(?:(?:written|words|story|text|reporting)\s+by|by|por|escrito por|texto de|reportaje de"
    r"|par|texte de|propos recueillis par|von|text von|di|a cura di|door|av|af)"
)
# A kind of piece named before "by": "Kolumne von", "Ein Kommentar von", "Analysis by".
_GENRE = (
    r"(?:(?:a|an|ein|eine|une|un|una|uma|um)\s+)?(?:analysis|opinion|column|commentary|review"
    r"|interview|essay|kommentar|kolumne|analyse|gastbeitrag|gastkommentar|reportage|glosse"
    r"|chronique|tribune|éditorial|editorial|análisis|opinión|columna|crónica|análise|opinião"
    r"|coluna|crônica|commento|analisi|editoriale|rubrica)"
)
# A label with a colon: "Author: Ann Lee", "Text: Ann Lee", "Von: Ann Lee".
_BYLINE_LABEL = r"(?:author|autor|autora|autorin|auteur|autore|autrice|text|tekst|texte|testo)"
_BYLINE_RE = re.compile(
    r"^(?:(?:" + _GENRE + r"\s+)?" + _BY_WORD + r"(?:\s*[:：])?|" + _BYLINE_LABEL + r"\s*[:：])"
    r"\s+(?P<names>\S.*)$",
    re.IGNORECASE,
)
# "By" alone on its line, the names on the next one.
_BYLINE_LABEL_ALONE_RE = re.compile(
    r"^(?:" + _BY_WORD + r"|" + _BYLINE_LABEL + r")\s*[:：]?$", re.IGNORECASE
)
# Lower-case words that may stand in a list of names: "Lucas Ferreira-Hale and Nomvula Dube",
# "Inés de la Fuente y Pablo Ruiz", "Jean Martin et Léa Roux", "Trine Jørgensen og Tôrtia Reimer".
_BYLINE_LOWER_WORDS = frozenset(
    """and y e et und i & de del della la le da do dos das di du van von der den al el bin in og
    och en ja és a и""".split()
)
# The same words between two names, splitting a list of names.
_NAME_LIST_SPLIT_RE = re.compile(
    r"\s+(?:and|y|e|et|und|og|och|en|ja|és|i|a|и|&)\s+|\s*[,;/]\s*|\s+[·•|]\s+", re.IGNORECASE
)
_MAX_BYLINE_WORDS = 14
# A byline with a job title and a place is a line; a longer block is prose.
_MAX_BYLINE_LENGTH = 160
# A job title after the names, maybe with the desk and the place: "Jane Doe, Staff Writer",
# "Ana Souza, corresponsal", "Fenella Hartigan Environment correspondent", "Luc Ferrand, envoyé
# spécial à Montclar".
_ROLE = (
    r"(?:(?:senior|chief|special|political|foreign|business|sports?|science|health|our"
    r"|environment(?:al)?|education|technology|tech|economics?|economy|culture|arts?|transport"
    r"|crime|legal|security|defen[cs]e|diplomatic|europe|africa|asia|middle east|latin america"
    r"|us|world|home affairs|social affairs|investigations?|data|local|regional|national"
    r"|international|deputy|assistant|associate|executive|managing|contributing|news)\s+)*"
    r"(?:staff\s+)?(?:writers?|reporters?|correspondents?|editors?|columnists?|contributors?"
    r"|journalists?|staff|redactor(?:a|es)?|corresponsal(?:es)?|periodistas?|journalistes?"
    r"|correspondante?s?|envoyée?s? spéciale?s?|enviad[oa]s? especial(?:es)?|repórter(?:es)?"
    r"|correspondentes?|jornalistas?|enviad[oa]s? especiais|korrespondent(?:in)?"
    r"|redakteur(?:in)?|giornalist[ai]|inviat[oa]|journalist(?:in)?|reporter(?:in)?"
    r"|redaktør|redaktör|skribent|medarbetare|kommentator|rédact(?:eur|rice)|redattore"
    r"|redattrice|cronista|columnista|editora?|autor(?:in)?|director|producer|presenter"
    r"|critic|commentator)"
    r"(?:\s+(?:in|at|à|au|en|em|no|na|a|de|da|do|desde|from|aus|dans|i|för|for)"
    r"\s+[\w'’ -]{2,40})?"
)
# A piece of every job title's noun in ``_ROLE``, to skip lines that hold none.
_ROLE_STEMS = (
    "writer",
    "reporter",
    "orrespond",
    "orrespons",
    "editor",
    "columnist",
    "contributor",
    "journalist",
    "staff",
    "redact",
    "periodist",
    "envoy",
    "enviad",
    "repórter",
    "jornalist",
    "korrespondent",
    "redakt",
    "giornalist",
    "inviat",
    "skribent",
    "medarbetare",
    "kommentator",
    "rédact",
    "redattr",
    "cronista",
    "columnista",
    "autor",
    "director",
    "producer",
    "presenter",
    "critic",
    "commentator",
    "manager",
)
# A rank opens a job title that may name any desk: "Deputy Content Hub Director".
_RANKED_ROLE = (
    r"(?:senior|chief|deputy|assistant|associate|executive|managing|head)\s+(?:[\w-]+\s+){0,3}"
    r"(?:editor|director|producer|reporter|correspondent|writer|manager)"
)
# The desk before a job title may be any adjective ("Parliamentary editor", "Landespolitische
# Korrespondentin") or a compound ("Online-Redakteurin"); such words end like adjectives.
_DESK_ADJECTIVE = r"(?:\w+(?:-\w+)*?(?:ische[rn]?|liche[rn]?|ary|al|ic|ical|ive))"
_ROLE_AFTER_NAME = (
    r"(?:" + _RANKED_ROLE + r"|(?:" + _DESK_ADJECTIVE + r"\s+)*(?:\w+-)?" + _ROLE + r")"
)
_ROLE_SUFFIX_RE = re.compile(
    r"(?:,\s*|\s+[–—-]\s+)" + _ROLE_AFTER_NAME + r"(?:\s+" + _ROLE_AFTER_NAME + r")?\s*$"
    r"|\s*\(" + _ROLE_AFTER_NAME + r"\)\s*$",
    re.IGNORECASE,
)
# A job title after the names with no comma: "Sina Zehrfeld Landespolitische Korrespondentin".
_SPACED_ROLE_SUFFIX_RE = re.compile(r"\s+" + _ROLE_AFTER_NAME + r"\s*$", re.IGNORECASE)
# Without a "By", a name line is a byline only with its job title: "Ann Lee, Staff Writer",
# "Mathias Hagen – Journalist".
_UNLABELLED_BYLINE_RE = re.compile(
    r"^(?P<names>[^,–—]+?)(?:,\s*|\s+[–—-]\s+|\s+)(?P<role>" + _ROLE_AFTER_NAME + r")"
    r"(?:\s+(?P=role))?\s*$",
    re.IGNORECASE,
)
# Sections a page prints after the author's name ("Emma Mackenzie Lifestyle", "Scott
# Gilbertson Gear Team"): vocabulary of news sections, not names.
_SECTION_WORDS = frozenset(
    """news sport sports lifestyle travel politics business money health science tech
    technology culture entertainment opinion world football showbiz royals gear team desk
    food motoring property homes fashion beauty life""".split()
)
# Particles inside names, after which "Der", "La" or "De" still belong to the name.
_PARTICLES = frozenset("van von de der den del della di du da le la ter ten al el bin ibn".split())
# Buttons printed after a byline: "Victoria O’Regan Follow", "Ann Lee @annlee".
_BYLINE_BUTTONS_RE = re.compile(
    r"(?:\s+(?:follow|folgen|suivre|seguir|segui|følg|följ|share|teilen|email|e-mail"
    r"|@[\w.]+|\d+))+\s*$",
    re.IGNORECASE,
)
# An affiliation after the names: "Dolores Chang For Dailymail.Com", "Dan Jervis-Bardy The
# West Australian": "for" and an outlet, or an outlet named with its article.
_AFFILIATION_RE = re.compile(
    r"\s+(?:for|für|pour|para|per)\s+\S.*$"
    r"|\s+(?-i:(?:The|Le|La|Les|El|Los|Las|Der|Die|Das)\s+(?:[A-ZÀ-Þ][\w.&'’-]*\s*){1,4})$"
    r"|\s+\S+\.(?:com|net|org|co\.uk|de|fr|es|it|at|ch|nl|be|au|ca|in|za)$",
    re.IGNORECASE,
)
_MAX_UNLABELLED_BYLINE_WORDS = 6
# A line of names without "By" names a few people at most.
_MAX_BARE_NAMES = 4
_PLAIN_NAMES_RE = re.compile(r"^[^\W\d_][\w.'’ -]*$")
# A name, maybe with a nickname in quotes: "Amanda “Tania Mae” Tan".
_NAME_CHARACTERS_RE = re.compile(r"^[^\W\d_][\w.'’\"“”‘ -]*$")
# Several agencies named together: "EFE/dpa", "AFP and Reuters".
_AGENCY_LIST_SPLIT_RE = re.compile(r"\s*[/,&]\s*|\s+(?:and|y|et|e|und)\s+", re.IGNORECASE)

_ATTRIBUTION_RE = re.compile(
    r"^(?:with (?:additional )?(?:information|reporting|files|inputs?|material) (?:from|by)\s.+"
    r"|(?:additional )?reporting by\s.+|writing by\s.+|editing by\s.+|compiled by\s.+"
    r"|con (?:información|informaciones|datos|material) (?:de|del|de la|de las|de los)\s.+"
    r"|con (?:información de )?agencias"
    r"|avec (?:l'|l’|les )?(?:afp|agences|reuters|ap)\b.*|d'après (?:l'|l’)?afp.*"
    r"|com informações (?:de|da|do|das|dos)\s.+|com agências.*"
    r"|mit material (?:von|der)\s.+|mit agenturmaterial.*|mit (?:dpa|afp|reuters|ap)\b.*"
    r"|con informazioni (?:da|di|dell[a'’])\s?.+|(?:fonte|fuente|source)\s*:\s*\S.{0,60}"
    r"|[^.!?]{3,160}\b(?:contributed|contributed reporting) to this (?:report|story|article)"
    r"|[^.!?]{3,160}\b(?:colaboró|colaboraron|contribuyó|contribuyeron) (?:con|en|a) (?:esta|este)"
    r" (?:información|informe|nota|noticia|reportaje)"
    r"|[^.!?]{3,160}\b(?:a|ont) contribué à cet (?:article|reportage)"
    r"|[^.!?]{3,160}\b(?:colaborou|colaboraram|contribuiu|contribuíram) (?:com|para) (?:esta|este)"
    r" (?:reportagem|notícia|matéria|texto))\.?$",
    re.IGNORECASE,
)
# "With AFP", "Con EFE", "Com Lusa", "Avec Reuters", "Mit dpa": a preposition and agencies.
_WITH_AGENCIES_RE = re.compile(r"^(?:with|con|com|avec|mit)\s+(?P<agencies>\S.*)$", re.IGNORECASE)
_MAX_ATTRIBUTION_LENGTH = 240
# A line naming only agencies ("EFE/dpa", "AFP and Reuters") is short.
_MAX_AGENCY_LINE_LENGTH = 80

# " | Outlet" at the end of a page title; a spaced dash only with a known outlet name after it.
_BAR_SUFFIX_RE = re.compile(r"^(?P<headline>.+?)\s+[|｜]\s+(?P<suffix>[^|｜]+)$")
_DASH_SUFFIX_RE = re.compile(r"^(?P<headline>.+)\s+[-–—]\s+(?P<suffix>[^-–—]+)$")
_MAX_SUFFIX_WORDS = 6
# Lower-case words inside an outlet's name: "Diario del Valle Alto", "The Voice of the Islands".
_NAME_CONNECTORS = frozenset(
    "of the de del la las los el le les do da das dos di du des and & y e et und on".split()
)
# "l'Estuaire", "d’Italia", "dell'Isola": an elided article glued to a capitalised name.
_ELISION_RE = re.compile(r"^(?:[LlDdNn]|[Dd]ell|[Aa]ll|[Nn]ell|[Ss]ull|[Qq]u)['’](?=[A-ZÀ-Þ])")
_ANY_SUFFIX_RE = re.compile(r"^\s*(?:[|｜:·•]|[-–—]{1,2})\s*(?P<suffix>\S.{0,59})$")
# "Outlet | Tagline" or "Outlet — Tagline" on one line.
_NAME_TAGLINE_RE = re.compile(r"^(?P<name>[^|｜—–]+?)\s+(?:[|｜—–]|--?)\s+(?P<tagline>.+)$")

_COPYRIGHT_HOLDER_RE = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?\s*,?\s*"
    r"(?P<holder>[^.|,]+?)\s*(?:[.|,].*)?$",
    re.IGNORECASE,
)

# Prose, as opposed to a heading: a sentence of some length, or a long run of words.
_MIN_PROSE_SENTENCE_WORDS = 8
_MIN_PROSE_WORDS = 25


def _agency_affiliation_removed(names: str) -> str:
    """Names without a trailing news agency: "DANA WHITCOMBE Associated Press" -> the name.

    An agency joined to the names by "and" is one of the authors: "Le Figaro et AFP" stays.
    """
    words = names.rstrip(" ,").split()
    for size in (3, 2, 1):
        if len(words) > size and is_known_agency(" ".join(words[-size:])):
            kept = words[:-size]
            if kept[-1] in _BYLINE_LOWER_WORDS:
                return names
            if kept[-1] in ("The", "the") and len(kept) > 1:
                # "... The Associated Press": the article belongs to the agency's name.
                kept = kept[:-1]
            return " ".join(kept).rstrip(" ,;")
    return names


def _has_two_names(text: str) -> bool:
    return len(text.replace(",", " ").split()) >= 2


def _trimmed(names: str, pattern: re.Pattern[str]) -> str:
    """``names`` without what ``pattern`` matches at its end, if two names or more are left."""
    trimmed = pattern.sub("", names).rstrip(" ,;")
    return trimmed if trimmed != names and _has_two_names(trimmed) else names


def _affiliation_removed(names: str) -> str:
    """Names without what a page prints after them: buttons, an outlet, a section, a desk and
    job title, a place, an agency.

    >>> _affiliation_removed("Dan Jervis-Bardy The West Australian")
    'Dan Jervis-Bardy'
    >>> _affiliation_removed("Dolores Chang For Dailymail.Com")
    'Dolores Chang'
    >>> _affiliation_removed("Sina Zehrfeld Landespolitische Korrespondentin")
    'Sina Zehrfeld'
    >>> _affiliation_removed("Victoria O’Regan Follow")
    'Victoria O’Regan'
    >>> _affiliation_removed("Anna Sleegers, Frankfurt")
    'Anna Sleegers'
    >>> _affiliation_removed("Emma Mackenzie Lifestyle"), _affiliation_removed("Omar El Akkad")
    ('Emma Mackenzie', 'Omar El Akkad')
    """
    names = _trimmed(names.strip().rstrip("."), _BYLINE_BUTTONS_RE)
    names = _trimmed(_trimmed(names, _ROLE_SUFFIX_RE), _SPACED_ROLE_SUFFIX_RE)
    affiliation = _AFFILIATION_RE.search(names)
    before = names[: affiliation.start()].split() if affiliation else []
    # "Fouzia Van Der Fort": after a particle, "Der" is part of the name, not an outlet's.
    if before and before[-1].casefold() not in _PARTICLES:
        names = _trimmed(names, _AFFILIATION_RE)
    words = names.split()
    while len(words) > 2 and words[-1].casefold() in _SECTION_WORDS:
        words.pop()
    names = " ".join(words)
    head, comma, place = names.rpartition(",")
    place = place.strip()
    # "Anna Sleegers, Frankfurt": one word after the names is where the story was written;
    # people are named with two words at least, agencies are known.
    one_word = comma and len(place.split()) == 1 and is_capitalised(place)
    last_name = _NAME_LIST_SPLIT_RE.split(head)[-1].strip()
    if one_word and not is_known_agency(place) and looks_like_person(last_name):
        names = head.rstrip(" ,")
    return _agency_affiliation_removed(names)


def _title_case_shouted(names: str) -> str:
    """Names printed in capitals, as wire bylines often are, in ordinary case.

    >>> _title_case_shouted("DANA WHITCOMBE AND JEAN-LUC O'NEILL")
    "Dana Whitcombe and Jean-Luc O'Neill"
    """
    letters = [char for char in names if char.isalpha()]
    if len(letters) < 4 or not all(char.isupper() for char in letters):
        return names

    def word_case(match: re.Match[str]) -> str:
        word = match.group()
        lower = word.casefold()
        return lower if lower in _BYLINE_LOWER_WORDS else word.capitalize()

    return re.sub(r"[^\W\d_]+", word_case, names)


# Where a blog's byline runs on into its categories: "TPN, in News, Portugal, Business".
_CATEGORIES_TAIL_RE = re.compile(r",\s+(?:in|im|en|dans|em|filed under)\s+.*$", re.IGNORECASE)


def _clean_names(names: str) -> str | None:
    """The names of a byline without its job title and agency, if they look like names."""
    names = _CATEGORIES_TAIL_RE.sub("", names)
    names = _title_case_shouted(_affiliation_removed(names))
    words = names.replace(",", " ").split()
    if not words or len(words) > _MAX_BYLINE_WORDS:
        return None
    if not (is_capitalised(words[0]) or is_known_agency(words[0])):
        return None
    # "By the end of the day ..." is prose: names are capitalised words, connectors and
    # agencies, which some write in lower case ("Von dpa").
    if not all(
        is_capitalised(word) or word.casefold() in _BYLINE_LOWER_WORDS or is_known_agency(word)
        for word in words
    ):
        return None
    return names


def parse_byline(text: str) -> str | None:
    """The names of a byline block without "By"/"Por"/"Par"/"Von", job title or agency, else
    ``None``. A line without "By" counts when it ends with a job title.

    >>> parse_byline("By Lucas Ferreira-Hale and Nomvula Dube")
    'Lucas Ferreira-Hale and Nomvula Dube'
    >>> parse_byline("Por Inés Carvallo Ruiz"), parse_byline("By the numbers")
    ('Inés Carvallo Ruiz', None)
    >>> parse_byline("By DANA WHITCOMBE Associated Press")
    'Dana Whitcombe'
    >>> parse_byline("Par Luc Ferrand, envoyé spécial à Montclar")
    'Luc Ferrand'
    >>> parse_byline("Fenella Hartigan Environment correspondent")
    'Fenella Hartigan'
    """
    text = text.strip()
    if len(text) > _MAX_BYLINE_LENGTH:
        return None
    match = _BYLINE_RE.match(text)
    if match is not None:
        return _clean_names(match["names"])
    # Without "By" a byline ends with a job title: no word of one, no byline (and no need to
    # try the long pattern at every space of the line).
    folded = text.casefold()
    if not any(stem in folded for stem in _ROLE_STEMS):
        return None
    unlabelled = _UNLABELLED_BYLINE_RE.match(text)
    if unlabelled is None:
        return None
    names = unlabelled["names"].strip()
    # Only names: "Photo: Ledger staff" is a credit, "Mayor Elena Voss, a ..." prose.
    if not _PLAIN_NAMES_RE.match(names) or word_count(names) > _MAX_UNLABELLED_BYLINE_WORDS:
        return None
    if not all(looks_like_person(name.strip()) for name in _NAME_LIST_SPLIT_RE.split(names)):
        return None
    return _clean_names(names)


def is_byline_label(text: str) -> bool:
    """Whether a block is the word that opens a byline and nothing else, the names standing on
    the next line: ``is_byline_label("By")``, ``is_byline_label("von")``, ``"Autor:"``.

    >>> is_byline_label("By"), is_byline_label("By Ann Lee"), is_byline_label("Text:")
    (True, False, True)
    """
    return len(text) < 30 and _BYLINE_LABEL_ALONE_RE.match(text.strip()) is not None


def parse_bare_byline(text: str) -> str | None:
    """The names of a header line that is nothing but up to three people's names, else
    ``None``: ``"Harriet Ng"``, ``"Ana Lima e Rui Sá"``, ``"HARRIET NG"`` (as "Harriet Ng").

    Only its place tells such a line from a headline (a name between the headline and the
    date line), so ``pipeline`` asks this only there.

    >>> parse_bare_byline("Ana Lima e Rui Sá"), parse_bare_byline("HARRIET NG")
    ('Ana Lima e Rui Sá', 'Harriet Ng')
    >>> parse_bare_byline("Brennock Evening Post"), parse_bare_byline("Rates rise")
    (None, None)

    What a page prints after the names goes (an outlet, a job title, a button), and a news
    agency may stand among the people:

    >>> parse_bare_byline("Dan Jervis-Bardy The West Australian")
    'Dan Jervis-Bardy'
    >>> parse_bare_byline("Reuters, Thorsten Kramer")
    'Reuters, Thorsten Kramer'
    """
    cleaned = _affiliation_removed(text.strip())
    names = [name.strip() for name in _NAME_LIST_SPLIT_RE.split(cleaned)]
    if len(names) > _MAX_BARE_NAMES or not any(looks_like_person(name) for name in names):
        return None
    # Names are letters: "Photo: Ledger staff" or "By Ann Lee" are something else.
    if not all(_NAME_CHARACTERS_RE.match(name) for name in names) or _BYLINE_RE.match(cleaned):
        return None
    if not all(looks_like_person(name) or is_known_agency(name) for name in names):
        return None
    return _clean_names(cleaned)


def parse_attribution(text: str) -> str | None:
    """The attribution of a closing block, without brackets, else ``None``.

    >>> parse_attribution("(With information from EFE)")
    'With information from EFE'
    >>> parse_attribution("(Con información de EFE)")
    'Con información de EFE'
    >>> parse_attribution("(AFP)"), parse_attribution("Com Lusa")
    ('AFP', 'Com Lusa')
    >>> parse_attribution("Associated Press writer Ann Lee contributed to this report.")
    'Associated Press writer Ann Lee contributed to this report'
    """
    stripped = text.strip()
    if len(stripped) > _MAX_ATTRIBUTION_LENGTH:
        return None
    inner = stripped
    if inner.startswith(("(", "[")) and inner.rstrip(".").endswith((")", "]")):
        inner = inner.rstrip(".")[1:-1].strip()
        # "(AFP)", "(EFE/dpa)": a closing line naming only agencies credits the whole story.
        if parse_agency_line(inner) is not None:
            return inner
    with_agencies = _WITH_AGENCIES_RE.match(inner.rstrip("."))
    if with_agencies is not None and parse_agency_line(with_agencies["agencies"]) is not None:
        return inner.rstrip(".").strip()
    if _ATTRIBUTION_RE.match(inner) is None:
        return None
    return inner.rstrip(".").strip()


def parse_agency_line(text: str) -> str | None:
    """The agencies of a block that names only news agencies, else ``None``.

    Such a line under a headline is the story's source ("Reuters"); at the end of the story it
    credits the agencies ("— AFP").

    >>> parse_agency_line("Reuters"), parse_agency_line("— EFE/dpa")
    ('Reuters', 'EFE/dpa')
    >>> parse_agency_line("Reuters reported the deal") is None
    True
    """
    if len(text) > _MAX_AGENCY_LINE_LENGTH:
        return None
    inner = text.strip().lstrip("—–-").strip().rstrip(".")
    parts = _AGENCY_LIST_SPLIT_RE.split(inner)
    if not inner or not all(is_known_agency(part) for part in parts):
        return None
    # "Getty Images" alone is a picture credit, never a story's source.
    if any(part.casefold() in PICTURE_SUPPLIERS for part in parts):
        return None
    return inner


def looks_like_prose(text: str) -> bool:
    """Whether a block reads as body text rather than a name, tagline or headline.

    >>> looks_like_prose("Copper prices rose 1.2% on the news before paring gains.")
    True
    >>> looks_like_prose("Markets. Money. Makers."), looks_like_prose("All The World, Every Day")
    (False, False)
    """
    words = word_count(text)
    if words >= _MIN_PROSE_WORDS:
        return True
    return words >= _MIN_PROSE_SENTENCE_WORDS and ends_sentence(text)


def _same_name(first: str, second: str) -> bool:
    return first.casefold().strip(" .") == second.casefold().strip(" .")


def split_outlet_suffix(headline: str, known_names: tuple[str, ...] = ()) -> tuple[str, str | None]:
    """A page title without its " | Outlet" suffix, and the suffix (``None`` if none).

    A bar always separates a suffix; a spaced dash only when a known outlet name follows it,
    since headlines use dashes themselves ("Rovers win - and fans go wild").

    >>> split_outlet_suffix("Ferry cancellations continue | Northern Isles Courier")
    ('Ferry cancellations continue', 'Northern Isles Courier')
    >>> split_outlet_suffix("Fares frozen - The Calder Herald", ("The Calder Herald",))
    ('Fares frozen', 'The Calder Herald')
    >>> split_outlet_suffix("Rovers win - and fans go wild")
    ('Rovers win - and fans go wild', None)
    >>> split_outlet_suffix("Opinion | The case for transit")
    ('Opinion | The case for transit', None)
    """
    outlet: str | None = None
    while (match := _BAR_SUFFIX_RE.match(headline)) is not None:
        suffix, rest = match["suffix"].strip(), match["headline"].strip()
        # "Opinion | The Case for Transit" is a section label before a headline, no suffix.
        if not looks_like_outlet_name(suffix) or looks_like_section_label(rest):
            break
        # The outlet is the last part; parts before it are sections: "Title | World | Outlet".
        headline, outlet = rest, outlet or suffix
    if outlet is not None:
        return headline, outlet
    match = _DASH_SUFFIX_RE.match(headline)
    if match and any(_same_name(match["suffix"], name) for name in known_names if name):
        return match["headline"].strip(), match["suffix"].strip()
    return headline, None


def looks_like_outlet_name(text: str) -> bool:
    """Whether ``text`` could be an outlet's name: a few capitalised words, not a sentence.

    >>> looks_like_outlet_name("The Calder Herald"), looks_like_outlet_name("El País")
    (True, True)
    >>> looks_like_outlet_name("and fans go wild")
    False

    An elided article before a capital counts as capitalised: "Le Courrier de l'Estuaire".
    """
    words = [_ELISION_RE.sub("", word) or word for word in text.split()]
    if not 1 <= len(words) <= _MAX_SUFFIX_WORDS or ends_sentence(text):
        return False
    return is_capitalised(words[0]) and all(
        is_capitalised(word) or word.casefold() in _NAME_CONNECTORS or not word[0].isalpha()
        for word in words
    )


def repeated_headline(
    previous: str, current: str, known_names: tuple[str, ...] = ()
) -> tuple[str, str | None] | None:
    """The headline and outlet suffix when two consecutive blocks are one headline given twice
    (the page title, then the heading on the page); ``None`` when they differ.

    >>> repeated_headline("Fares frozen | The Calder Herald", "Fares frozen")
    ('Fares frozen', 'The Calder Herald')
    >>> repeated_headline("Fares frozen - Metro Gazette", "Fares frozen")
    ('Fares frozen', 'Metro Gazette')
    >>> repeated_headline("Fares frozen", "Metro fares stay at 2.40 crowns") is None
    True
    """
    first, first_suffix = split_outlet_suffix(previous, known_names)
    second, second_suffix = split_outlet_suffix(current, known_names)
    if _same_name(first, second):
        return second, first_suffix or second_suffix
    # Next to the same headline without it, any separator marks an outlet suffix, dashes too.
    for longer, shorter in ((previous, current), (current, previous)):
        if longer.casefold().startswith(shorter.casefold()):
            match = _ANY_SUFFIX_RE.match(longer[len(shorter) :])
            if match and word_count(match["suffix"]) <= _MAX_SUFFIX_WORDS:
                return shorter, match["suffix"].strip()
    return None


def looks_like_section_label(text: str) -> bool:
    """Whether a short block above a headline is a section label ("WORLD", "Opinion"), which
    is no tagline: one word, or a few words in capitals.

    >>> looks_like_section_label("POLITICS"), looks_like_section_label("The voice of the islands")
    (True, False)
    """
    words = word_count(text)
    return words == 1 or (words <= 3 and text.isupper())


def split_name_and_tagline(text: str) -> tuple[str, str | None]:
    """An outlet line that also carries the tagline: "Outlet | Tagline".

    >>> split_name_and_tagline("Sportsline Daily | Every game, every goal")
    ('Sportsline Daily', 'Every game, every goal')
    """
    match = _NAME_TAGLINE_RE.match(text)
    if match is None:
        return text, None
    return match["name"].strip(), match["tagline"].strip()


def copyright_holder(text: str) -> str | None:
    """Who a copyright footer names: "© 2025 Riverton Evening Star. All rights ..." -> name.

    >>> copyright_holder("© 2025 Northern Isles Courier. All rights reserved.")
    'Northern Isles Courier'
    """
    match = _COPYRIGHT_HOLDER_RE.match(text.strip())
    if match is None:
        return None
    holder = match["holder"].strip()
    if not holder or holder.casefold().startswith("all rights"):
        return None
    return holder
