"""Photo credits: find them in caption blocks, strip them from the caption, split them up.

A caption block is the text under a picture with its credit somewhere in it. Credits come in
a handful of general shapes, each handled by one finder below:

- a credit in brackets at the end: "... on Thursday. (AP Photo/Rolf Almqvist)",
  "(Name, Agency photo via AP)", "(Photo: Name/Outlet)", "[Getty Images]";
- a labelled credit at the end: "... of year. Photo: Name / Agency", "| Photo: Name",
  "Image credit: Getty Images", "Foto: EFE/Name", "Photograph: Name", "© Name";
- a labelled credit before the caption: "Photo: Name / Agency — Caption text";
- a bare slash chain or "via" credit after the last sentence: "... Shin Won-sik. EFE/EPA/Name",
  "... 2024. REUTERS/Name", "... Monday. AFP via Getty Images".

Blocks that start with a caption marker ("Pictured:", "FILE PHOTO:", "FILE -") are captions
even when they carry no credit. ``split_credit`` turns a credit into its photographer and
agencies.
"""

# Word lists are written as prose and split, which reads better than one word a line.
# ruff: noqa: SIM905

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.parsing.agencies import (
    NON_NAME_WORDS,
    ORGANISATION_WORDS,
    PICTURE_SUPPLIERS,
    SUPPLIER_WORDS,
    canonical_agency,
    is_acronym,
    is_known_agency,
    looks_like_organisation,
)
from articles.parsing.text import (
    collapse_whitespace,
    ends_sentence,
    is_capitalised,
    strip_separators,
    word_count,
)

# Labels that introduce a credit, in the languages of the corpus and its neighbours.
_LABEL = (
    r"(?:photo(?:graph|graphy)?s?(?:\s+credits?)?|images?(?:\s+credits?)?"
    r"|pictures?(?:\s+credits?)?|pic|credits?|illustration|graphic|source\s+photo"
    r"|infographi(?:e|c|cs)|infograf(?:ía|ia|ik)|gráfico|graphique|grafik|ilustración|ilustração"
    r"|foto(?:s|grafía|grafia|grafie)?|imagen(?:es)?|imagem|crédito(?:s)?(?:\s+(?:de\s+la\s+)?"
    r"(?:foto|imagen))?|cr[ée]dits?\s+photos?|bild(?:quelle)?|bildnachweis|fotocredit"
    r"|credito(?:\s+foto)?)"
)
# "Photo: Name", "Image credit : Name" (French puts a space before the colon), "© Name".
_LABEL_COLON = r"(?:" + _LABEL + r"\s*[:：]|©)\s*"
# "Photo by Name", "Foto de Name", "Photo par Name", "Foto von Name", "Foto di Name".
# "Foto cedida por Name", "Photo supplied by Name": a handed-out picture's label.
_LABEL_BY = r"(?:photo(?:graph)?s?|pictures?|fotos?|fotografía|photographie|bild|imagen|image)\s+"
_LABEL_BY += r"(?:(?:cedida|facilitada|supplied|provided|fournie|cedida)\s+)?"
_LABEL_BY += r"(?:by|de|par|von|di|por)\s+"
_ANY_LABEL = r"(?:" + _LABEL_COLON + r"|" + _LABEL_BY + r")"

_LEADING_LABEL_RE = re.compile(r"^\s*" + _ANY_LABEL, re.IGNORECASE)
# A label anywhere, not glued to a word before it ("photo:" in "File photo:" counts).
_LABEL_ANYWHERE_RE = re.compile(r"(?<!\w)" + _ANY_LABEL, re.IGNORECASE)
# A part of every label above: text without any has none, which is cheaper to see than to
# search every position of it for a label.
_LABEL_PARTS = (
    "pic", "photo", "imag", "credit", "crédit", "illustr", "ilustra", "graph", "gráfic",
    "infograf", "grafik", "foto", "bild", "©",
)  # fmt: skip
# "Photo: Name / Agency — Caption": the credit runs to the first spaced dash or bar.
_CREDIT_FIRST_RE = re.compile(
    r"^\s*" + _ANY_LABEL + r"(?P<credit>.+?)\s+(?:[—–|]|--?)\s+(?P<text>\S.*)$", re.IGNORECASE
)
_TRAILING_BRACKETS_RE = re.compile(r"[(\[](?P<inner>[^()\[\]]{2,200})[)\]]\s*\.?\s*$")
# Where a sentence ends (but not after an initial such as "J."), or a spaced bar or dash
# separates: "... at the gate - Jo Lee/AFP".
_SENTENCE_END_RE = re.compile(r"(?<![\s.][A-Z])[.!?…][\"'”’»)]*\s+|\s+[|·•]\s+|\s+[-–—]\s+")
# A sentence break inside a would-be credit: "Oslo. The minister".
_INNER_SENTENCE_RE = re.compile(r"(?<![\s.(/][A-Z])(?<!^[A-Z])[.!?…]\s+\S")
# Wire boilerplate after a credit: "... REUTERS/Name ATTENTION EDITORS - THIS IMAGE WAS ...".
_EDITOR_NOTE_RE = re.compile(
    r"\s+(?:ATTENTION EDITORS|MANDATORY CREDIT|EDITORIAL USE ONLY|NO RESALES|NO ARCHIVES"
    r"|THIS IMAGE (?:HAS BEEN|WAS) (?:SUPPLIED|PROVIDED))\b.*$"
)
# "(Foto ANSA/Name)": a label word without a colon before a capitalised credit.
_BARE_LABEL_RE = re.compile(r"^(?:[Pp]hotos?|[Ff]otos?|PHOTOS?|FOTOS?)\s+(?=[A-Z]|courtesy\b)")
_COURTESY_RE = re.compile(
    r"^(?:courtesy(?:\s+of)?|cortesía(?:\s+de)?|cortesia(?:\s+de)?|avec l'aimable autorisation"
    r"\s+de|mit freundlicher genehmigung(?:\s+von)?|per gentile concessione di)\s+",
    re.IGNORECASE,
)
_VIA_RE = re.compile(r"\s+via\s+", re.IGNORECASE)
_FOR_RE = re.compile(r"\s+(?:for|para|pour|für|per)\s+", re.IGNORECASE)
_COMPONENT_SPLIT_RE = re.compile(r"\s*[/,;|]\s*|\s+[-–—]\s+")
_CAPTION_MARKER_RE = re.compile(
    r"^(?:pictured|above|top|main image|from left(?: to right)?|file photo|file|"
    r"in this (?:file |handout |undated |aerial )?(?:photo|image|picture)|foto de archivo"
    r"|imagen de archivo|en la (?:imagen|foto)|de izquierda a derecha|photo d'archives"
    r"|sur la photo|de gauche à droite|foto de arquivo|na (?:foto|imagem)"
    r"|da esquerda para a direita|archivbild|archivfoto|im bild|von links"
    r"|foto d'archivio|nella foto|da sinistra)(?:\s*:|\s+[-–—]\s|(?<=photo)\s|(?<=image)\s"
    r"|(?<=picture)\s)",
    re.IGNORECASE,
)
# Japanese papers' caption: what the picture shows, then "＝" and where, when or by whom it was
# taken ("イスラエルの国旗＝同国で2019年5月", "…国民（ソウルで、３日）＝ＡＰ"); no sentence.
_JAPANESE_CAPTION_RE = re.compile(r"^[^。【]{2,80}[\u3040-\u30ff\u4e00-\u9fff）)]＝[^。＝]{1,30}$")

# Lower-case words that may stand in a credit: "Name, Agency photo via AP".
_CREDIT_LOWER_WORDS = frozenset(
    """via for and of the de del da do dos das di du van von der den y e et und la le el al
    bin ibn photo photos foto fotos pool handout file staff courtesy dpa""".split()
)
# Name particles that are written in lower case: "Inés de la Fuente", "Ludwig van Beethoven".
_NAME_PARTICLES = frozenset(
    """de del della da do dos das di du van von der den ter la le y e et und and bin ibn al
    el""".split()
)
_MAX_CREDIT_WORDS = 16
# A caption credited "(AFP)" alone is short; a longer paragraph ending so is signed, not credited.
_MAX_AGENCY_CAPTION_WORDS = 30
_MAX_CREDIT_LENGTH = 160
# The longest label or separator before a credit ("Crédito de la imagen : ", ". ").
_MAX_LABEL_LENGTH = 40
# A labelled credit may hold a few ordinary words ("courtesy of the family"), not a sentence.
_MAX_LOWER_SHARE = 1 / 3


@dataclass(frozen=True)
class CaptionParts:
    """A caption block split into its text and its credit (``None`` when it has none)."""

    text: str
    credit: str | None


def _words(credit: str) -> list[str]:
    return [word for word in re.split(r"[\s/,;|]+", credit) if word.strip("()[].-–—")]


def _is_name_word(word: str) -> bool:
    core = word.strip("()[].,;:\"'“”‘’")
    if not core:
        return True
    return is_capitalised(core) or core.casefold() in _CREDIT_LOWER_WORDS or is_known_agency(core)


def _credit_shape_ok(credit: str) -> bool:
    """Short, one phrase, no sentence inside: "Name / Agency", not "Oslo. The minister said"."""
    if not credit or len(credit) > _MAX_CREDIT_LENGTH:
        return False
    words = _words(credit)
    if not words or len(words) > _MAX_CREDIT_WORDS:
        return False
    return _INNER_SENTENCE_RE.search(credit.rstrip(".")) is None


def is_labelled_credit(credit: str) -> bool:
    """Whether text after a "Photo:" label is a credit and not caption prose.

    >>> is_labelled_credit("Jonas Berget / Nordfjell Pictures")
    True
    >>> is_labelled_credit("Rovers manager Ruth Calloway on the touchline this season.")
    False
    """
    credit = credit.strip()
    if not _credit_shape_ok(credit):
        return False
    words = _words(credit)
    if not (_is_name_word(words[0]) or _COURTESY_RE.match(credit)):
        return False
    lower = sum(1 for word in words if not _is_name_word(word))
    return lower <= _MAX_LOWER_SHARE * len(words)


def _names_agencies_only(credit: str) -> bool:
    """Whether a credit is nothing but agency names: "Reuters", "EFE/dpa"."""
    return all(is_known_agency(part.strip()) for part in re.split(r"[/,;]", credit))


def _has_credit_cue(credit: str, *, agencies_alone: bool) -> bool:
    """Whether an unlabelled credit says it is one: a slash chain, "via", "photo", a supplier,
    or (where ``agencies_alone``) nothing but agency names, as in "... at the gate. Reuters"."""
    if re.search(r"\S\s*/\s*\S", credit) or _VIA_RE.search(credit):
        return True
    if re.search(r"\b(?:photos?|fotos?|pool|handout)\b", credit, re.IGNORECASE):
        return True
    if _COURTESY_RE.match(credit):
        return True
    components = [part.strip() for part in re.split(r"[/,;]", credit)]
    if any(part.casefold() in PICTURE_SUPPLIERS for part in components):
        return True
    return agencies_alone and _names_agencies_only(credit)


def is_bare_credit(credit: str, *, agencies_alone: bool = True) -> bool:
    """Whether unlabelled text is a credit: names and agencies only, with a credit cue.

    >>> is_bare_credit("EFE/EPA/Kev Hui Yeung"), is_bare_credit("AFP via Getty Images")
    (True, True)
    >>> is_bare_credit("Joint patrols"), is_bare_credit("the 24/7 service")
    (False, False)
    """
    credit = credit.strip().rstrip(".")
    if not _credit_shape_ok(credit) or not _has_credit_cue(credit, agencies_alone=agencies_alone):
        return False
    words = _words(credit)
    if not (is_capitalised(words[0]) or is_known_agency(words[0]) or _COURTESY_RE.match(credit)):
        return False
    return all(_is_name_word(word) for word in words)


def clean_credit(credit: str) -> str:
    """A credit without brackets, labels, separators or a final full stop.

    >>> clean_credit("(Photo: Yara Lindqvist/Coastline Business Review)")
    'Yara Lindqvist/Coastline Business Review'
    >>> clean_credit(" | Image credit: Getty Images.")
    'Getty Images'
    """
    credit = collapse_whitespace(credit)
    previous = None
    while credit != previous:
        previous = credit
        credit = strip_separators(credit).strip("()[]{}").strip()
        credit = _LEADING_LABEL_RE.sub("", credit, count=1).strip()
        if not re.match(r"(?:photos?|fotos?)\s+(?:via|by)\b", credit, re.IGNORECASE):
            credit = _BARE_LABEL_RE.sub("", credit, count=1)
        if credit.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z]\.$", credit):
            credit = credit[:-1].rstrip()
    # "Photo courtesy of X" loses its label and keeps "Courtesy of X" as a phrase.
    if credit.startswith("courtesy"):
        credit = "C" + credit[1:]
    return credit


def _caption(text: str, credit: str) -> CaptionParts:
    return CaptionParts(
        text=strip_separators(collapse_whitespace(text)), credit=clean_credit(credit)
    )


def _credit_first(text: str) -> CaptionParts | None:
    """ "Photo: Ines Marlow / Tidewater Pictures — The MV Corran Belle tied up ..." """
    match = _CREDIT_FIRST_RE.match(text)
    if match and is_labelled_credit(match["credit"]):
        return _caption(match["text"], match["credit"])
    return None


def _trailing_brackets(text: str) -> CaptionParts | None:
    """ "... face on Thursday. (AP Photo/Rolf Almqvist)", "... Lusavia. (Photo: Name/Outlet)" """
    match = _TRAILING_BRACKETS_RE.search(text)
    if match is None:
        return None
    inner = match["inner"].strip()
    before = text[: match.start()]
    # "(Photo: Name)", and "(Photo SDIS des Aiguilles)" with the colon left out.
    label = _LEADING_LABEL_RE.match(inner) or _BARE_LABEL_RE.match(inner)
    labelled = label is not None
    unlabelled = inner[label.end() :] if label is not None else inner
    # "(AFP)" credits a picture after a short caption's last sentence; inside a sentence ("on
    # Monday (AFP).") or after a long paragraph it is a news agency's sign-off, not a credit.
    agencies_alone = (
        ends_sentence(before)
        and word_count(before) <= _MAX_AGENCY_CAPTION_WORDS
        and not match.group().rstrip().endswith(".")
    )
    if (labelled and is_labelled_credit(unlabelled)) or is_bare_credit(
        inner, agencies_alone=agencies_alone
    ):
        return _caption(before, unlabelled)
    return None


def _trailing_label(text: str) -> CaptionParts | None:
    """ "... of year. Photo: Hana Verhoeven / Valley Press Agency", "... | Photo: Name" """
    # A credit is short, so only a label near the end can open one: the search starts there.
    start = max(0, len(text) - _MAX_CREDIT_LENGTH - _MAX_LABEL_LENGTH)
    tail = text[start:].lower()
    if not any(part in tail for part in _LABEL_PARTS):
        return None
    for match in reversed(list(_LABEL_ANYWHERE_RE.finditer(text, start))):
        credit = text[match.end() :]
        if match.group().lower().strip().endswith(("by", "de", "par", "von", "di")) and not (
            credit[:1].isupper()
        ):
            continue
        if is_labelled_credit(credit):
            return _caption(text[: match.start()], credit)
    return None


def _trailing_chain(text: str) -> CaptionParts | None:
    """ "... Shin Won-sik. EFE/EPA/Kev Hui Yeung", "... 2024. REUTERS/Amara Okonjo" """
    # Only the sentence ends near the end of a long paragraph can open a credit.
    start = max(0, len(text) - _MAX_CREDIT_LENGTH - _MAX_LABEL_LENGTH)
    ends = list(_SENTENCE_END_RE.finditer(text, start))
    for end in reversed(ends):
        tail = text[end.end() :]
        # "... dijo el ministro. EFE" signs off a story: a lone agency needs brackets here.
        if is_bare_credit(tail, agencies_alone=False):
            return _caption(text[: end.end()], tail)
        # Only the text after the last sentence or the one before it can be the credit.
        if len(tail) > _MAX_CREDIT_LENGTH:
            break
    if is_bare_credit(text):
        return CaptionParts(text="", credit=clean_credit(text))
    return None


def find_agency_credit(text: str) -> CaptionParts | None:
    """A short caption credited to news agencies alone after its last sentence, else ``None``.

    Under a picture, "... können aber auch Risiken bergen. dpa" credits the picture; at the end
    of a story the same shape signs the story off, so ``find_credit`` leaves it alone and
    ``pipeline`` asks this only of a block standing where a lead picture's caption stands.

    >>> find_agency_credit("Parcels from China are popular but carry risks. dpa")
    CaptionParts(text='Parcels from China are popular but carry risks.', credit='dpa')
    >>> find_agency_credit("The talks will resume on Monday, the minister said on Friday.") is None
    True
    """
    text = collapse_whitespace(text)
    ends = list(_SENTENCE_END_RE.finditer(text))
    if not ends:
        return None
    before, tail = text[: ends[-1].end()], text[ends[-1].end() :]
    if word_count(before) > _MAX_AGENCY_CAPTION_WORDS or not _names_agencies_only(tail.strip(".")):
        return None
    return _caption(before, tail)


def find_credit(text: str) -> CaptionParts | None:
    """Split a block into caption text and credit, or ``None`` if it carries no credit.

    >>> find_credit("Fishing boats in the port. EFE/Marta Olguín")
    CaptionParts(text='Fishing boats in the port.', credit='EFE/Marta Olguín')
    >>> find_credit("Tariq Bellamy celebrates on Sunday | Photo: Lena Fairclough")
    CaptionParts(text='Tariq Bellamy celebrates on Sunday', credit='Lena Fairclough')
    >>> find_credit("Metro fares will stay at their current level until 2027.") is None
    True
    """
    text = _EDITOR_NOTE_RE.sub("", collapse_whitespace(text))
    for finder in (_credit_first, _trailing_brackets, _trailing_label, _trailing_chain):
        found = finder(text)
        if found is not None and found.credit:
            return found
    return None


def is_caption_marker(text: str) -> bool:
    """Whether a block opens like a caption even without a credit.

    >>> is_caption_marker("Pictured: the southern portal of the tunnel near Lindmoor.")
    True
    >>> is_caption_marker("FILE - Brightkeel co-founders pose at the warehouse.")
    True
    >>> is_caption_marker("イスラエルの国旗＝同国で2019年5月")
    True
    """
    return _CAPTION_MARKER_RE.match(text) is not None or (
        not text.isascii() and _JAPANESE_CAPTION_RE.match(text) is not None
    )


def _strip_non_name_words(component: str) -> str:
    """ "AP Photo" -> "AP", "Kremlin Pool Photo" -> "Kremlin", "File" -> "" (not a name)."""
    if is_known_agency(component):
        return component
    words = component.split()
    while words and words[-1].casefold().strip(".") in NON_NAME_WORDS - {"images", "image"}:
        words.pop()
    while words and words[0].casefold().strip(".") in NON_NAME_WORDS - {"images", "image"}:
        words.pop(0)
    return " ".join(words)


def looks_like_person(name: str) -> bool:
    """Whether a credit component names a person: two to six capitalised names.

    >>> looks_like_person("Inés de la Fuente"), looks_like_person("Kesslund Coastguard")
    (True, False)
    """
    words = name.split()
    if not 2 <= len(words) <= 6 or is_known_agency(name):
        return False
    if all(word.isalpha() and word.isupper() for word in words) and not any(
        word.casefold() in ORGANISATION_WORDS for word in words
    ):
        # Wire credits often write the photographer in capitals: "EPA/JOHN SMITH".
        return True
    if looks_like_organisation(name):
        return False
    if any(char.isdigit() for char in name) or not is_capitalised(words[0]):
        return False
    return all(
        is_capitalised(word.split("-")[-1].split("'")[-1]) or word.casefold() in _NAME_PARTICLES
        for word in words
    )


def _components(credit: str) -> tuple[list[str], list[str]]:
    """The parts of a credit before "via" (who took it) and after (who distributed it)."""
    segments = _VIA_RE.split(credit)
    front, providers = segments[0], segments[1:]
    front_parts: list[str] = []
    for piece in _FOR_RE.split(front):
        # "Jane Doe for The Times" names a photographer working for someone; "Ministry for
        # Foreign Affairs" is one name, so "for" only splits after a person's name.
        last = _COMPONENT_SPLIT_RE.split(front_parts[-1])[-1] if front_parts else ""
        if front_parts and not looks_like_person(last.strip()):
            front_parts[-1] = f"{front_parts[-1]} for {piece}"
        else:
            front_parts.append(piece)
    split = [part for piece in front_parts for part in _COMPONENT_SPLIT_RE.split(piece)]
    after = [part for piece in providers for part in _COMPONENT_SPLIT_RE.split(piece)]
    return split, after


def _expand_agency_pairs(component: str) -> list[str]:
    """ "EPA-EFE" -> ["EPA", "EFE"] when both halves are agencies; else the component itself."""
    halves = component.split("-")
    if len(halves) > 1 and all(is_known_agency(half) or is_acronym(half) for half in halves):
        return halves
    return [component]


def split_credit(credit: str) -> tuple[str | None, tuple[str, ...]]:
    """A credit's photographer (or ``None``) and its agencies, in the order written.

    >>> split_credit("EFE/EPA/Kev Hui Yeung")
    ('Kev Hui Yeung', ('EFE', 'EPA'))
    >>> split_credit("Kristina Kormilitsyna, Sputnik, Kremlin Pool Photo via AP")
    ('Kristina Kormilitsyna', ('Sputnik', 'Kremlin', 'AP'))
    >>> split_credit("AP Photo/Petra Kunz, File")
    ('Petra Kunz', ('AP',))
    >>> split_credit("Getty Images")
    (None, ('Getty Images',))
    >>> split_credit("Arne Dedert/dpa | Arne Dedert")
    ('Arne Dedert', ('dpa',))

    A picture handed out ("Courtesy of ...", "Handout", "Archives ...", "Divulgação/...") names
    who supplied it, not who took it, so it has no photographer:

    >>> split_credit("Courtesy of Ana Ruiz"), split_credit("Archives Belcourt Matin")
    ((None, ('Ana Ruiz',)), (None, ('Belcourt Matin',)))
    """
    cleaned = clean_credit(credit)
    courtesy = _COURTESY_RE.match(cleaned) is not None
    cleaned = _COURTESY_RE.sub("", cleaned)
    front, providers = _components(cleaned)
    photographer: str | None = None
    agencies: list[str] = []
    for position, raw in enumerate([*front, *providers]):
        component = _strip_non_name_words(raw.strip())
        if not component or component == photographer:
            # "Arne Dedert/dpa | Arne Dedert": a page that names the photographer twice.
            continue
        is_front = position < len(front)
        # "Archives Belcourt Matin" names an archive; "Name, File" is still the photographer's.
        supplied = courtesy or any(
            word.casefold() in SUPPLIER_WORDS for word in re.findall(r"[^\W\d_]+", raw)
        )
        if photographer is None and is_front and not supplied and looks_like_person(component):
            photographer = component
            continue
        for agency in _expand_agency_pairs(component):
            name = canonical_agency(agency.strip())
            if name and name not in agencies:
                agencies.append(name)
    return photographer, tuple(agencies)
