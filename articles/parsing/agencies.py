"""Knowledge about who supplies news pictures: agency names and the words organisations use.

These are lists of kinds of supplier (wire services, picture agencies, stock libraries) and of
words that mark a name as an organisation's, used by ``credits`` to tell a photographer from an
agency. They are vocabulary, not per-outlet rules: an unknown agency is still recognised by its
shape (an acronym, a name with "Press", "Pictures", "Images", "News" ...).
"""

# Word lists are written as prose and split, which reads better than one word a line.
# ruff: noqa: SIM905

from __future__ import annotations

import re

# Wire services and picture agencies, keyed by their lower-case spelling, with the canonical
# spelling credits are normalised to (pages write "REUTERS", "Reuters" and "reuters").
KNOWN_AGENCIES: dict[str, str] = {
    name.casefold(): name
    for name in (
        "AP",
        "Associated Press",
        "Reuters",
        "AFP",
        "Agence France-Presse",
        "EFE",
        "EPA",
        "dpa",
        "ANSA",
        "Xinhua",
        "Sputnik",
        "TASS",
        "RIA Novosti",
        "Yonhap",
        "Kyodo",
        "KCNA",
        "Anadolu",
        "Anadolu Agency",
        "Europa Press",
        "Lusa",
        "Agência Brasil",
        "Notimex",
        "Télam",
        "ANP",
        "Belga",
        "APA",
        "Keystone",
        "PA",
        "PA Images",
        "PA Wire",
        "Press Association",
        "AAP",
        "CP",
        "The Canadian Press",
        "UPI",
        "Bloomberg",
        "Getty Images",
        "Getty",
        "Shutterstock",
        "Alamy",
        "iStock",
        "iStockphoto",
        "Unsplash",
        "Pexels",
        "NurPhoto",
        "SOPA Images",
        "LightRocket",
        "ZUMA Press",
        "ZUMA Wire",
        "Sipa",
        "Sipa USA",
        "Abaca",
        "Cordon Press",
        "Hans Lucas",
        "Magnum Photos",
        "Redux",
        "Polaris",
        "Imago",
        "Wikimedia Commons",
    )
}
# A misspelt "Getty" is still Getty Images.
KNOWN_AGENCIES["getty"] = "Getty Images"

# Suppliers that only ever supply pictures: a credit naming one needs no "Photo:" label.
PICTURE_SUPPLIERS: frozenset[str] = frozenset(
    {
        "getty images",
        "getty",
        "shutterstock",
        "alamy",
        "istock",
        "istockphoto",
        "unsplash",
        "pexels",
        "nurphoto",
        "sopa images",
        "zuma press",
        "zuma wire",
        "sipa usa",
        "cordon press",
        "magnum photos",
        "imago",
        "wikimedia commons",
    }
)

# Words that make a name an organisation's: "Valley Press Agency", "Tidewater Pictures",
# "Kesslund Coastguard", "Ministerio de Defensa". Matched as whole words, case-insensitively.
ORGANISATION_WORDS: frozenset[str] = frozenset(
    """
    agency agencies press pictures picture images image photos photo photography news
    newspaper media times post herald courier review daily weekly journal gazette tribune
    chronicle observer guardian telegraph standard independent mirror express mail globe
    record wire service services network group ministry office government police department
    coastguard army navy forces force council institute university museum foundation library
    archive archives collection studio studios productions club federation association
    commission committee company inc ltd llc corp tv radio television channel magazine
    kremlin palace presidency parliament senate embassy hospital handout pool staff file
    agencia prensa fotos imágenes archivo gobierno ministerio policía ejército presidencia
    ayuntamiento agence ministère gouvernement présidence armée agência governo ministério
    polícia prefeitura ministerium regierung polizei bundeswehr agenzia polizia archiv
    cross crescent roja rouge vermelha kreuz rescue emergency emergencias bomberos
    firefighters brigade defesa protección nasa unicef
    cooperative co-operative cooperativa coopérative instituto institut gobernación alcaldía
    municipalidad municipio município municipal mairie métropole metrópole metrópoli region
    región région região regional nacional national département departamento diario diário
    periódico jornal revista quotidien comissão comisión direção dirección direction
    secretaría secretaria cultura culture observatory observatorio observatoire observatório
    centre center centro câmara préfecture prefectura consejo conselho conseil sdis bombeiros
    pompiers fire universidad universidade université museo musée museu fundación fundação
    fondation city county state estado province provincia graphics infographics salvamento
    """.split()
)

# Words in a credit that say what it is rather than who: "File", "Pool", "Handout".
NON_NAME_WORDS: frozenset[str] = frozenset(
    {
        "file",
        "files",
        "archive",
        "archivo",
        "archives",
        "arquivo",
        "archiv",
        "handout",
        "pool",
        "staff",
        "photo",
        "photos",
        "foto",
        "fotos",
        "image",
        "images",
        "illustration",
        "courtesy",
        "supplied",
        "screenshot",
        "screengrab",
        "divulgação",
        "reprodução",
        "cedida",
        "difusión",
    }
)

# Words of a credit part that say the picture was handed out or comes from an archive, so
# the name beside them supplied the picture rather than took it: "Archives Belcourt Matin",
# "Handout", "Divulgação". ("File", a wire's mark for an old picture, is not one of them.)
SUPPLIER_WORDS: frozenset[str] = frozenset(
    """archive archives archivo archivos arquivo archiv handout supplied courtesy
    cortesía cortesia divulgação divulgacao cedida cedido difusión reprodução""".split()
)

# "EFE", "KCNA", "AT&T", "U.S." (two capitals at least, so that an initial "J." is no acronym).
_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&-]*[A-Z0-9]|(?:[A-Z]\.){2,6}")


def canonical_agency(name: str) -> str:
    """The canonical spelling of a known agency, else ``name`` unchanged.

    >>> canonical_agency("REUTERS"), canonical_agency("Tidewater Pictures")
    ('Reuters', 'Tidewater Pictures')
    """
    return KNOWN_AGENCIES.get(name.casefold(), name)


def is_known_agency(name: str) -> bool:
    """Whether ``name`` is a known wire service or picture agency: ``is_known_agency("efe")``."""
    return name.casefold() in KNOWN_AGENCIES


def is_acronym(word: str) -> bool:
    """Whether ``word`` is an upper-case acronym such as ``EFE``, ``KCNA`` or ``AP``."""
    return _ACRONYM_RE.fullmatch(word) is not None


def looks_like_organisation(name: str) -> bool:
    """Whether ``name`` names an organisation rather than a person.

    >>> looks_like_organisation("Valley Press Agency"), looks_like_organisation("Hana Verhoeven")
    (True, False)
    """
    if is_known_agency(name):
        return True
    words = name.split()
    if len(words) == 1:
        # People are credited with at least two names; one word is an agency ("Sputnik").
        return True
    if words[0].casefold() in {"the", "el", "la", "le", "les", "o", "a", "der", "die", "il"}:
        return True
    return any(
        word.casefold().strip(".,") in ORGANISATION_WORDS or is_acronym(word) for word in words
    )
