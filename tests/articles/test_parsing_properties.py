"""Property tests of the seed parser (hypothesis).

1. Whatever it is given (arbitrary bytes, arbitrary text, text in any encoding, lines that look
   like page furniture), ``parse_seed`` returns a ``ParsedArticle`` or raises its own
   ``SeedParseError``, never anything else.
2. Round trip: an article in English, Spanish, French or Portuguese is generated (outlet,
   tagline, headline, authors, date, paragraphs with datelines and quotes, captions with or
   without credits, attribution), rendered into a seed file with the variations real pages
   have (masthead or not, tagline on the name's line, repeated headline, " | "/" - "/" — "
   outlet suffixes, bylines with "By"/"Por"/"Par", with a job title or bare, byline and date on
   one line, update lines, clutter lines anywhere, eleven credit styles, ten date formats,
   hard-wrapping, one line a paragraph, NBSP/thin spaces/tabs, LF/CRLF/CR, BOM, UTF-8, UTF-16
   LE/BE, Windows-1252), and the parse must give back exactly the article: publication,
   headline, byline, date and moment, language, paragraphs, captions, attribution. A random
   sample covers the combinations; each language, date format, credit style, byline style,
   encoding and line end is also round-tripped on purpose.

The generator stays within what real pages hold; where a generated case would be ambiguous even
for a human reader, the generator is restricted and a comment says why. Pure functions: no
database, and ``database=None`` so hypothesis writes no example database.
"""

# Month names are written as prose and split, which reads better than one word a line.
# ruff: noqa: SIM905

from __future__ import annotations

import codecs
import datetime
import functools
import string
import textwrap
from dataclasses import dataclass, field

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from articles.parsing import ParsedArticle, SeedParseError, parse_seed

# --- 1. Only ever a ParsedArticle or a SeedParseError ------------------------------------------

SETTINGS = settings(max_examples=300, deadline=None, database=None)


def _parse_or_refuse(data: bytes | str) -> ParsedArticle | None:
    """The parse, or ``None`` when the parser refused with its own error (any other exception
    propagates and fails the test)."""
    try:
        article = parse_seed(data, source="generated.txt")
    except SeedParseError as error:
        assert error.source == "generated.txt"
        assert "\n" not in str(error)
        # An "internal parser error" is a crash dressed as a refusal: a bug all the same.
        assert not error.reason.startswith("internal parser error"), error.reason
        return None
    assert article.headline
    assert article.paragraphs
    for text in (article.headline, *article.paragraphs, *(c.text for c in article.captions)):
        assert text == " ".join(text.split())
    for caption in article.captions:
        assert 0 <= caption.after_paragraph <= len(article.paragraphs)
        assert caption.credit is None or caption.credit == caption.credit.strip()
    return article


@SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes_parse_or_raise_seed_parse_error(data: bytes) -> None:
    _parse_or_refuse(data)


@SETTINGS
@given(st.text(max_size=600))
def test_arbitrary_text_parses_or_raises_seed_parse_error(text: str) -> None:
    _parse_or_refuse(text)


@SETTINGS
@given(
    st.text(max_size=300),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1"]),
)
def test_arbitrary_text_in_any_encoding_parses_or_raises(text: str, encoding: str) -> None:
    _parse_or_refuse(text.encode(encoding, errors="replace"))


_PAGE_LINES = st.sampled_from(
    [
        "",
        "",
        "The Herald",
        "By Ann Lee",
        "Ann Lee",
        "By ANN LEE Associated Press",
        "Published 3 March 2025, 10:00 GMT",
        "Updated 4 March 2025",
        "Advertisement",
        "Read more: Another story",
        "Crowds at the gate. EFE/Name Surname",
        "Pictured: the gate.",
        "Photo: Name Surname / Agency",
        "(With information from EFE)",
        "Com Lusa",
        "A headline about the council",
        "A headline about the council | The Herald",
        "The council met on Monday and agreed the plan after a long debate, officials said.",
        "\t\u00a0",
        "(AP Photo/",
        "(Photo",
        "© 2025",
        "Topics",
        "Photo: — .",
    ]
)


@SETTINGS
@given(st.lists(st.one_of(_PAGE_LINES, st.text(max_size=60)), max_size=25))
def test_page_like_lines_parse_or_raise_seed_parse_error(lines: list[str]) -> None:
    _parse_or_refuse("\n".join(lines))


# --- 2. Round trip: generated article -> seed file -> the same article ----------------------


@dataclass(frozen=True)
class Language:
    """What articles in one language are made of: sentence parts, headlines, captions, the
    caption marker, the byline label and connector, datelines, attributions, job titles."""

    code: str
    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    clauses: tuple[str, ...]
    quotes: tuple[str, ...]
    quote_form: str  # how a quote is attributed: "{quote}" and "{person}"
    days: tuple[str, ...]
    headlines: tuple[str, ...]
    caption_texts: tuple[str, ...]
    marker: str  # opens a caption that has no credit
    by: str
    conjunction: str
    datelines: tuple[str, ...]
    attributions: tuple[tuple[str, str], ...]  # (line on the page, value)
    roles: tuple[str, ...]


ENGLISH = Language(
    code="en",
    subjects=(
        "The council",
        "Residents of {place}",
        "The regional authority",
        "Shopkeepers in {place}",
        "Engineers working on the project",
        "The mayor of {place}",
    ),
    verbs=("said on {day} that", "warned that", "told reporters that", "confirmed that"),
    clauses=(
        "the new bridge would open before the end of the year",
        "repairs to the old harbour wall had been delayed again",
        "more buses would run between {place} and the coast",
        "water levels in the reservoir had fallen sharply since the spring",
        "the plan had the support of most people in the town",
    ),
    quotes=(
        "We have waited for this for a very long time",
        "Nobody here wants to see the school close",
        "It is a relief, but it is not a plan",
    ),
    quote_form="“{quote},” said {person}.",
    days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    headlines=(
        "Council approves plan to rebuild the {place} harbour wall",
        "Ferry service to {place} returns after months of delays",
        "Farmers near {place} count the cost of a dry spring",
        "New bridge over the river at {place} opens to traffic",
    ),
    caption_texts=(
        "Workers repair the harbour wall at {place} on {day} morning.",
        "Passengers wait for the ferry at the quay in {place} on {day}.",
        "The mayor of {place} speaks to residents outside the town hall.",
        "Children arrive for lessons at the primary school in {place}.",
    ),
    marker="Pictured:",
    by="By",
    conjunction="and",
    datelines=("{PLACE} (AP) — ", "{PLACE}, {month} {d} (Reuters) - "),
    attributions=(
        ("(With information from EFE)", "With information from EFE"),
        ("Reporting by {person}; Editing by {person2}",) * 2,
        ("{person} contributed to this report.", "{person} contributed to this report"),
    ),
    roles=("Staff Writer", "Senior Correspondent"),
)
SPANISH = Language(
    code="es",
    subjects=(
        "El ayuntamiento",
        "Los vecinos de {place}",
        "La consejería de Transportes",
        "Los comerciantes del centro de {place}",
        "El alcalde de {place}",
    ),
    verbs=("aseguró este {day} que", "advirtió que", "explicó a los periodistas que"),
    clauses=(
        "el nuevo puente se abrirá antes de que termine el año",
        "las obras del puerto se han retrasado de nuevo",
        "habrá más autobuses entre {place} y la costa",
        "el nivel del embalse ha bajado mucho desde la primavera",
    ),
    quotes=(
        "Llevamos muchos años esperando este momento",
        "Nadie en el pueblo quiere que se cierre la escuela",
    ),
    quote_form='"{quote}", dijo {person}.',
    days=("lunes", "martes", "miércoles", "jueves", "viernes"),
    headlines=(
        "El ayuntamiento aprueba la reforma del puerto de {place}",
        "Vuelve el ferri a {place} tras meses de retrasos",
        "Los agricultores de {place} hacen cuentas tras una primavera seca",
    ),
    caption_texts=(
        "Operarios reparan el muro del puerto de {place}, este {day}.",
        "Pasajeros esperan el ferri en el muelle de {place} este {day}.",
        "El alcalde de {place} habla con los vecinos frente al ayuntamiento.",
    ),
    marker="En la imagen:",
    by="Por",
    conjunction="y",
    datelines=("{PLACE}, {d} {mon} (EFE).- ", "{PLACE} (EFE).— "),
    attributions=(("(Con información de EFE)", "Con información de EFE"),),
    roles=("corresponsal",),
)
FRENCH = Language(
    code="fr",
    subjects=(
        "Le conseil municipal",
        "Les habitants de {place}",
        "La préfecture",
        "Les commerçants du centre de {place}",
        "Le maire de {place}",
    ),
    verbs=("a assuré {day} que", "a prévenu que", "a expliqué aux journalistes que"),
    clauses=(
        "le nouveau pont sera ouvert avant la fin de l'année",
        "les travaux du port ont encore pris du retard",
        "il y aura plus de bus entre {place} et la côte",
        "le niveau du barrage a beaucoup baissé depuis le printemps",
    ),
    quotes=(
        "Nous attendons ce moment depuis des années",
        "Personne ici ne veut voir fermer cette école",
    ),
    quote_form="« {quote} », a déclaré {person}.",
    days=("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
    headlines=(
        "Le conseil vote la rénovation du port de {place}",
        "Le ferry revient à {place} après des mois de retard",
        "Les agriculteurs de {place} font leurs comptes après un printemps sec",
    ),
    caption_texts=(
        "Des ouvriers réparent la digue du port de {place}, {day} matin.",
        "Des passagers attendent le ferry sur le quai de {place}, {day}.",
        "Le maire de {place} parle aux habitants devant la mairie.",
    ),
    marker="Sur la photo :",
    by="Par",
    conjunction="et",
    datelines=("{PLACE} (AFP) - ",),
    attributions=(("(Avec AFP)", "Avec AFP"),),
    roles=("envoyé spécial à {place}",),
)
PORTUGUESE = Language(
    code="pt",
    subjects=(
        "A câmara municipal",
        "Os moradores de {place}",
        "O governo regional",
        "Os comerciantes do centro de {place}",
        "O presidente da câmara de {place}",
    ),
    verbs=("garantiu nesta {day} que", "alertou que", "disse aos jornalistas que"),
    clauses=(
        "a nova ponte vai abrir antes do fim do ano",
        "as obras do porto voltaram a sofrer atrasos",
        "vai haver mais autocarros entre {place} e a costa",
        "o nível da barragem desceu muito desde a primavera",
    ),
    quotes=(
        "Esperamos por este momento durante muitos anos",
        "Ninguém aqui quer ver a escola fechar",
    ),
    quote_form='"{quote}", afirmou {person}.',
    days=("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira"),
    headlines=(
        "Câmara aprova obras no porto de {place}",
        "Ferry volta a {place} depois de meses de atrasos",
        "Agricultores de {place} fazem contas depois de uma primavera seca",
    ),
    caption_texts=(
        "Operários reparam o paredão do porto de {place}, nesta {day}.",
        "Passageiros esperam o ferry no cais de {place}, nesta {day}.",
        "O presidente da câmara de {place} fala com os moradores.",
    ),
    marker="Na foto:",
    by="Por",
    conjunction="e",
    datelines=("{PLACE}, {d} {mon} (Lusa) - ",),
    attributions=(
        ("Com Lusa", "Com Lusa"),
        ("(Com informações da Agência Brasil)", "Com informações da Agência Brasil"),
    ),
    roles=("correspondente",),
)
LANGUAGES = (ENGLISH, SPANISH, FRENCH, PORTUGUESE)


@dataclass(frozen=True)
class Caption:
    """A generated caption and how its credit is written on the page."""

    text: str
    credit: str | None
    position: int
    style: str


@dataclass(frozen=True)
class PageDate:
    """A generated date line and the moment it stands for."""

    line: str
    moment: datetime.datetime
    style: int


@dataclass(frozen=True)
class Article:
    """The truth the page is rendered from."""

    language: Language
    name: str | None
    tagline: str | None
    headline: str
    authors: tuple[str, ...]
    date: PageDate | None
    paragraphs: tuple[str, ...]
    captions: tuple[Caption, ...]
    attribution: tuple[str, str] | None  # (line on the page, expected value)
    standfirst: bool = False  # the first paragraph stands under the headline, above the byline

    @property
    def byline(self) -> str | None:
        return f" {self.language.conjunction} ".join(self.authors) or None


@dataclass
class Rendering:
    """How the article is laid out and saved."""

    masthead: bool
    tagline_separator: str | None  # None: the tagline on a line of its own
    headline_suffix: str | None  # None, " | ", " - ", " — "
    repeat_headline: bool
    byline_style: str  # "label", "role" or "bare"
    byline_with_date: bool
    update_line: bool
    clutter_at: dict[int, list[str]] = field(default_factory=dict)
    top_clutter: list[str] = field(default_factory=list)
    header_clutter: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    one_line_paragraphs: bool = False
    wrap_width: int | None = None
    odd_spaces: bool = False
    newline: str = "\n"
    encoding: str = "utf-8"


OUTLETS = (
    "The Calder Herald",
    "Riverton Evening Star",
    "Northern Isles Courier",
    "Diario del Valle Alto",
    "Le Courrier de l'Estuaire",
    "Jornal do Minho",
    "Kestrel Bay Observer",
    "Valley Voice",
)
TAGLINES = (
    "News from the high country",
    "The voice of the islands",
    "Independent since 1887",
    "Noticias de la comarca",
    "Le quotidien du vignoble",
    "Notícias de Serra Azul e região",
)
FIRST_NAMES = ("Ann", "Priya", "Lucas", "Inés", "Klara", "Tomas", "Amara", "Joël", "Marta", "Noor")
LAST_NAMES = (
    "Lee",
    "Nandakumar",
    "Ferreira-Hale",
    "Carvallo Ruiz",
    "Winter",
    "Ekdahl",
    "Okonjo",
    "Olguín",
    "Blackwood",
    "de la Fuente",
)
PLACES = ("Calder", "Riverton", "Eskar", "Lindmoor", "Vellstad", "Glenharrow", "Tessaly")
MONTH_ABBREVIATIONS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct")
AGENCY_CHAINS = ("EFE", "REUTERS", "AFP", "EFE/EPA", "dpa")
PICTURE_AGENCIES = ("Valley Press Agency", "Nordfjell Pictures", "Tidewater Pictures")
CLUTTER = (
    "Advertisement",
    "ADVERTISEMENT",
    "Publicidad",
    "Publicité",
    "Publicidade",
    "Share this article",
    "Share on Facebook Share on X",
    "Compartir en Facebook",
    "Partager cet article",
    "Story continues below advertisement",
    "Subscribe to our newsletter",
    "Abonnez-vous à notre newsletter",
    "Follow us on Facebook and X",
    "4 min read",
    "Read more: {headline}",
    "Related: {headline}",
    "Lire aussi : {headline}",
    "Leia mais: {headline}",
    "Lee también: {headline}",
)
MONTHS: dict[str, tuple[str, ...]] = {
    language: tuple(names)
    for language, names in {
        "en": """January February March April May June July August September October
            November December""".split(),
        "es": """enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
            diciembre""".split(),
        "fr": """janvier février mars avril mai juin juillet août septembre octobre novembre
            décembre""".split(),
        "pt": """janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro
            dezembro""".split(),
    }.items()
}
UTC = datetime.UTC
CET = datetime.timezone(datetime.timedelta(hours=1))
EST = datetime.timezone(datetime.timedelta(hours=-5))


def _fill(template: str, draw: st.DrawFn, language: Language) -> str:
    """``template`` with its fields drawn; only the fields it names are drawn, which keeps
    generation fast and shrinking simple."""
    names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    if not names:
        return template
    place = draw(_choice(PLACES)) if names & {"place", "PLACE"} else ""
    values = {
        "place": lambda: place,
        "PLACE": place.upper,
        "day": lambda: draw(_choice(language.days)),
        "d": lambda: draw(st.integers(1, 28)),
        "mon": lambda: draw(_choice(MONTH_ABBREVIATIONS)),
        "month": lambda: draw(_choice(MONTHS["en"])),
        "person": lambda: draw(PERSON),
        "person2": lambda: draw(PERSON),
    }
    return template.format(**{name: values[name]() for name in names})


@functools.cache
def _choice(options: tuple[object, ...] | list[object]) -> st.SearchStrategy[object]:
    """``st.sampled_from``, built once per list: building strategies anew for every draw
    costs hypothesis more than drawing from them."""
    return st.sampled_from(options)


PERSON = st.builds("{} {}".format, _choice(FIRST_NAMES), _choice(LAST_NAMES))


@st.composite
def sentence(draw: st.DrawFn, language: Language) -> str:
    """A statement ("The council said on Monday that ...") or an attributed quote.

    Every sentence has eight words or more: a short line under the headline reads as a
    standfirst or a tagline to a human too, so a body paragraph never is one.
    """
    if draw(st.integers(0, 3)) == 0:
        quote = draw(_choice(language.quotes))
        return language.quote_form.format(quote=quote, person=draw(PERSON))
    subject = _fill(draw(_choice(language.subjects)), draw, language)
    verb = _fill(draw(_choice(language.verbs)), draw, language)
    clause = _fill(draw(_choice(language.clauses)), draw, language)
    return f"{subject} {verb} {clause}."


@st.composite
def paragraphs(draw: st.DrawFn, language: Language) -> tuple[str, ...]:
    texts = draw(
        st.lists(
            st.lists(sentence(language), min_size=1, max_size=3).map(" ".join),
            min_size=1,
            max_size=8,
        )
    )
    if draw(st.booleans()):
        # A dateline opens the first paragraph and stays in it: "CALDER (AP) — The council ..."
        texts[0] = _fill(draw(_choice(language.datelines)), draw, language) + texts[0]
    return tuple(texts)


def _hour12(moment: datetime.datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'PM' if moment.hour >= 12 else 'AM'}"


DATE_STYLES = 10


@dataclass(frozen=True)
class Forced:
    """Variations fixed by a test instead of drawn: one language, date format, credit style,
    byline style, encoding or line end, to round-trip each of them on purpose."""

    language: str | None = None
    date_style: int | None = None
    credit_style: str | None = None
    byline_style: str | None = None
    encoding: str | None = None
    newline: str | None = None


ANY = Forced()


@st.composite
def page_date(draw: st.DrawFn, style: int | None = None) -> PageDate:
    """A date line in one of the formats of English, Spanish, French and Portuguese pages."""
    day = draw(st.dates(datetime.date(2015, 1, 1), datetime.date(2030, 12, 31)))
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    d, m, y = day.day, day.month, day.year
    if style is None:
        style = draw(_choice(tuple(range(DATE_STYLES))))
    at = datetime.datetime(y, m, d, hour, minute)
    midnight = datetime.datetime(y, m, d, tzinfo=UTC)
    later = day + datetime.timedelta(days=draw(st.integers(1, 3)))
    month_en = MONTHS["en"][m - 1]
    if style == 0:
        line = f"Published {d} {month_en} {y}, {hour:02d}:{minute:02d} GMT"
        moment = at.replace(tzinfo=UTC)
    elif style == 1:
        line, moment = f"{month_en} {d}, {y} {_hour12(at)} EST", at.replace(tzinfo=EST)
    elif style == 2:
        line, moment = f"{day.isoformat()}T{hour:02d}:{minute:02d}:00Z", at.replace(tzinfo=UTC)
    elif style == 3:
        line = f"{d:02d}/{m:02d}/{y} - {hour:02d}:{minute:02d} CET"
        moment = at.replace(tzinfo=CET)
    elif style == 4:
        line, moment = f"Publicado el {d} de {MONTHS['es'][m - 1]} de {y}", midnight
    elif style == 5:
        line = f"Publié le {d} {MONTHS['fr'][m - 1]} {y} à {hour}h{minute:02d}"
        moment = at.replace(tzinfo=UTC)
    elif style == 6:
        line = f"Publicado em {d} de {MONTHS['pt'][m - 1]} de {y} às {hour}h{minute:02d}"
        moment = at.replace(tzinfo=UTC)
    elif style == 7:
        later_en = MONTHS["en"][later.month - 1]
        line = f"{month_en} {d}, {y} | Updated {later_en} {later.day}, {later.year}"
        moment = midnight
    elif style == 8:
        line = f"Published {_hour12(at)} EST, {day.strftime('%a')} {month_en} {d}, {y}"
        moment = at.replace(tzinfo=EST)
    else:
        line = f"{day.strftime('%A')} {d} {month_en} {y} {hour:02d}:{minute:02d}"
        moment = at.replace(tzinfo=UTC)
    return PageDate(line=line, moment=moment, style=style)


CREDIT_STYLES = (
    "ap-brackets",
    "agency-chain",
    "photo-label",
    "bar-photo-label",
    "photo-in-brackets",
    "credit-first",
    "foto-label",
    "photograph-label",
    "image-credit",
    "credit-next-line",
    "none",
)


@st.composite
def caption(
    draw: st.DrawFn, language: Language, position: int, style: str | None = None
) -> Caption:
    style = style or draw(_choice(CREDIT_STYLES))
    text = _fill(draw(_choice(language.caption_texts)), draw, language)
    name = draw(PERSON)
    agency = draw(_choice(PICTURE_AGENCIES))
    if style == "none":
        # Without a credit only a marker tells a caption from a paragraph, on a page as here.
        return Caption(f"{language.marker} {text[0].lower()}{text[1:]}", None, position, style)
    credit = {
        "ap-brackets": f"AP Photo/{name}",
        "agency-chain": f"{draw(_choice(AGENCY_CHAINS))}/{name}",
        "photo-label": f"{name} / {agency}",
        "bar-photo-label": name,
        "photo-in-brackets": f"{name}/{agency}",
        "credit-first": f"{name} / {agency}",
        "foto-label": f"EFE/{name}",
        "photograph-label": f"{name}/{agency}",
        "image-credit": "Getty Images",
        "credit-next-line": name,
    }[style]
    return Caption(text, credit, position, style)


def caption_lines(item: Caption) -> list[str]:
    """The caption as the page writes it: one block, or two for a credit on its own line."""
    text, credit = item.text, item.credit
    return {
        "ap-brackets": [f"{text} ({credit})"],
        "agency-chain": [f"{text} {credit}"],
        "photo-label": [f"{text} Photo: {credit}"],
        "bar-photo-label": [f"{text} | Photo: {credit}"],
        "photo-in-brackets": [f"{text} (Photo: {credit})"],
        "credit-first": [f"Photo: {credit} — {text}"],
        "foto-label": [f"{text} Foto: {credit}"],
        "photograph-label": [f"{text} Photograph: {credit}"],
        "image-credit": [f"{text} Image credit: {credit}"],
        "credit-next-line": [text, f"Photo: {credit}"],
        "none": [text],
    }[item.style]


@st.composite
def article(draw: st.DrawFn, forced: Forced = ANY) -> Article:
    languages = [item for item in LANGUAGES if forced.language in (None, item.code)]
    language = draw(_choice(tuple(languages)))
    name = draw(st.none() | _choice(OUTLETS))
    texts = draw(paragraphs(language))
    standfirst = draw(st.integers(0, 3)) == 0
    if standfirst:
        # A standfirst is told from a headline or tagline by its full stop, or without one by
        # its length (16 words or more), as a reader tells it.
        deck = draw(sentence(language))
        if len(deck.split()) >= 16 and draw(st.booleans()):
            deck = deck.removesuffix(".")
        texts = (deck, *texts)
    # Pictures come after the standfirst, which stands above the byline and date.
    first = 1 if standfirst else 0
    at_least = 1 if forced.credit_style else 0
    positions = sorted(
        draw(st.lists(st.integers(first, len(texts)), min_size=at_least, max_size=4))
    )
    authors = draw(st.lists(PERSON, min_size=1 if forced.byline_style else 0, max_size=2))
    if forced.byline_style == "bare":
        authors = authors[:1]
    dated = forced.date_style is not None or forced.byline_style == "bare"
    # Most pages carry a date; one in five has none.
    date = draw(page_date(forced.date_style)) if dated or draw(st.integers(0, 4)) else None
    attribution = None
    if draw(st.booleans()):
        line, value = draw(_choice(language.attributions))
        people = {"person": draw(PERSON), "person2": draw(PERSON)}
        attribution = (line.format(**people), value.format(**people))
    return Article(
        language=language,
        name=name,
        tagline=draw(st.none() | _choice(TAGLINES)) if name else None,
        headline=_fill(draw(_choice(language.headlines)), draw, language),
        authors=tuple(dict.fromkeys(authors)),
        date=date,
        paragraphs=texts,
        captions=tuple(
            draw(caption(language, position, forced.credit_style)) for position in positions
        ),
        attribution=attribution,
        standfirst=standfirst,
    )


@st.composite
def rendering(draw: st.DrawFn, item: Article, forced: Forced = ANY) -> Rendering:
    # An outlet the page names must be readable from it: a masthead line or a title suffix.
    masthead = item.name is not None and (item.tagline is not None or draw(st.booleans()))
    suffixes = _choice((" | ", " - ", " — "))
    suffix = None
    if item.name is not None:
        suffix = draw(suffixes) if not masthead else draw(st.none() | suffixes)
    # A dash also joins the parts of a headline ("Rovers win - and fans go wild"), so a dash
    # suffix is told only next to the same headline without it: such a title is repeated.
    repeat = draw(st.booleans()) or suffix in (" - ", " — ") or forced.byline_style == "bare"
    byline_style = forced.byline_style or draw(_choice(("label", "label", "role", "bare")))
    # A name without "By" is a byline only where a human sees it as one: between a headline
    # that is surely the headline (under a masthead, or given twice) and the date line.
    if byline_style == "bare" and not (
        len(item.authors) == 1 and item.date is not None and (masthead or repeat)
    ):
        byline_style = "label"
    clutter = st.lists(_choice(CLUTTER), max_size=2)
    blocks = len(item.paragraphs) + len(item.captions) + 1
    return Rendering(
        masthead=masthead,
        tagline_separator=draw(st.none() | _choice((" | ", " — ", " - "))),
        headline_suffix=suffix,
        repeat_headline=repeat,
        byline_style=byline_style,
        byline_with_date=byline_style != "bare" and draw(st.booleans()),
        update_line=draw(st.booleans()),
        clutter_at=draw(st.dictionaries(st.integers(0, blocks), clutter, max_size=4)),
        top_clutter=draw(
            st.lists(_choice(("Skip to content", "Home | World | Politics | Business")))
        ),
        header_clutter=draw(st.lists(_choice(("Share this article", "Publicidad")))),
        footer=draw(st.lists(_choice(("copyright", "rights", "follow")), max_size=2)),
        one_line_paragraphs=draw(st.booleans()),
        wrap_width=draw(st.none() | st.integers(60, 80)),
        odd_spaces=draw(st.booleans()),
        newline=forced.newline or draw(_choice(NEWLINES)),
        encoding=forced.encoding or draw(_choice(ENCODINGS)),
    )


NEWLINES = ("\n", "\r\n", "\r")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252")


def _masthead_lines(item: Article, how: Rendering) -> list[str]:
    if not how.masthead:
        return []
    assert item.name is not None
    if item.tagline and how.tagline_separator:
        return [f"{item.name}{how.tagline_separator}{item.tagline}"]
    return [item.name] + ([item.tagline] if item.tagline else [])


def _headline_lines(item: Article, how: Rendering) -> list[str]:
    title = item.headline
    if how.headline_suffix is not None:
        assert item.name is not None
        title = f"{item.headline}{how.headline_suffix}{item.name}"
    return [title, item.headline] if how.repeat_headline else [title]


def _meta_lines(item: Article, how: Rendering) -> list[str]:
    byline = item.byline
    if byline and how.byline_style == "role":
        role = item.language.roles[len(byline) % len(item.language.roles)]
        byline = f"{byline}, {role.format(place=PLACES[0])}"
    if byline and how.byline_style != "bare":
        byline = f"{item.language.by} {byline}"
    date_line = item.date.line if item.date else None
    lines = []
    if byline and date_line and how.byline_with_date and "|" not in date_line:
        lines.append(f"{byline} | {date_line}")
    else:
        lines += [line for line in (byline, date_line) if line]
    if how.update_line:
        lines.append("Updated 2 hours ago")
    return lines


def _odd_spaces(text: str) -> str:
    """Non-breaking and thin spaces, a tab and trailing blanks, as scraped pages have them."""
    words = text.split(" ")
    spaced = "".join(
        word + ("" if index == len(words) - 1 else "\u00a0" if index % 3 == 1 else " ")
        for index, word in enumerate(words)
    )
    return f"\t{spaced}\u2009 "


def _body_lines(item: Article, how: Rendering) -> list[str]:
    body: list[str] = []
    wrap = how.wrap_width if not how.one_line_paragraphs else None
    slot = 0
    captions = list(item.captions)
    for index in range(1 if item.standfirst else 0, len(item.paragraphs) + 1):
        while captions and captions[0].position == index:
            body += how.clutter_at.get(slot, [])
            slot += 1
            body.append("\n".join(caption_lines(captions.pop(0))))
        if index == len(item.paragraphs):
            break
        body += how.clutter_at.get(slot, [])
        slot += 1
        text = _odd_spaces(item.paragraphs[index]) if how.odd_spaces else item.paragraphs[index]
        body.append("\n".join(textwrap.wrap(text, wrap)) if wrap else text)
    return body + how.clutter_at.get(slot, [])


def render(item: Article, how: Rendering) -> bytes:
    """The seed file of ``item`` laid out as ``how`` says."""
    header = how.top_clutter + _masthead_lines(item, how) + _headline_lines(item, how)
    header += item.paragraphs[:1] if item.standfirst else []
    header += how.header_clutter + _meta_lines(item, how)
    body = _body_lines(item, how)
    if item.attribution:
        body.append(item.attribution[0])
    footer = {
        "copyright": f"© 2025 {item.name or 'Newsroom Media Ltd'}. All rights reserved.",
        "rights": "Todos los derechos reservados",
        "follow": "Follow us on Instagram",
    }
    body += [footer[name] for name in how.footer]

    blocks = [line.replace("{headline}", item.headline) for line in header + body]
    text = ("\n" if how.one_line_paragraphs else "\n\n").join(blocks) + "\n"
    if how.one_line_paragraphs and max(len(" ".join(line.split())) for line in blocks) <= 100:
        # A file with no blank lines and no line over 100 characters may as well be hard-wrapped
        # text, which a reader would join too: such a page gets its blank lines.
        text = "\n\n".join(blocks) + "\n"
    return _encode(text.replace("\n", how.newline), how.encoding)


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1252":
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:
            # A thin space or a character outside Windows-1252: such a page would be UTF-8.
            return text.encode("utf-8")
    if encoding == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


@st.composite
def article_and_page(draw: st.DrawFn, forced: Forced = ANY) -> tuple[Article, Rendering, bytes]:
    item = draw(article(forced))
    how = draw(rendering(item, forced))
    return item, how, render(item, how)


def assert_parses_back(item: Article, how: Rendering, page: bytes) -> None:
    """The parse of ``page`` is exactly ``item``."""
    note(f"rendering: {how}")
    note(f"page:\n{page!r}")
    parsed = parse_seed(page, source="generated.txt")
    assert (parsed.publication_name, parsed.publication_tagline) == (item.name, item.tagline)
    assert parsed.headline == item.headline
    assert parsed.byline == item.byline
    assert parsed.published_at == (item.date.moment if item.date else None)
    assert parsed.published == (item.date.moment.date() if item.date else None)
    assert parsed.language == item.language.code
    assert parsed.paragraphs == item.paragraphs
    assert [(c.text, c.credit, c.after_paragraph) for c in parsed.captions] == [
        (c.text, c.credit, c.position) for c in item.captions
    ]
    assert parsed.attribution == (item.attribution[1] if item.attribution else None)


@settings(max_examples=400, deadline=None, database=None)
@given(article_and_page())
def test_rendered_article_parses_back_exactly(case: tuple[Article, Rendering, bytes]) -> None:
    assert_parses_back(*case)


VARIATIONS = (
    [Forced(language=language.code) for language in LANGUAGES]
    + [Forced(date_style=style) for style in range(DATE_STYLES)]
    + [Forced(credit_style=style) for style in CREDIT_STYLES]
    + [Forced(byline_style=style) for style in ("label", "role", "bare")]
    + [Forced(encoding=encoding) for encoding in ENCODINGS]
    + [Forced(newline=newline) for newline in NEWLINES]
)


def _variation_id(forced: Forced) -> str:
    return ",".join(f"{key}={value!r}" for key, value in vars(forced).items() if value is not None)


@pytest.mark.parametrize("forced", VARIATIONS, ids=_variation_id)
def test_each_variation_parses_back_exactly(forced: Forced) -> None:
    """Every language, date format, credit style, byline style, encoding and line end on
    purpose, so that none is left to the luck of the random sample above."""

    @settings(max_examples=15, deadline=None, database=None)
    @given(article_and_page(forced))
    def round_trip(case: tuple[Article, Rendering, bytes]) -> None:
        item, how, page = case
        assert forced.language in (None, item.language.code)
        assert forced.date_style in (None, item.date and item.date.style)
        assert forced.credit_style is None or {c.style for c in item.captions} == {
            forced.credit_style
        }
        assert forced.byline_style in (None, how.byline_style)
        assert forced.encoding in (None, how.encoding)
        assert forced.newline in (None, how.newline)
        assert_parses_back(item, how, page)

    round_trip()
