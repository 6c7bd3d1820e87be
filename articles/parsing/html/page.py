"""A saved web page to a ``ParsedArticle``: decode, parse the markup, read the page's own data,
find the article's text and its figures, assemble.

The page's structured data is preferred where it has a value (headline, authors, first
publication date, publisher, language); the text parser's rules read what it lacks from the
text (a byline line, a closing attribution, a caption's credit). ``htmldate`` dates pages that
carry no date in their data. Only text leaves this module: markup never reaches the store.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

import htmldate
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from articles.parsing.credits import clean_credit, find_credit, split_credit
from articles.parsing.dates import find_date_line
from articles.parsing.errors import SeedParseError, reported_as
from articles.parsing.headers import parse_byline, split_outlet_suffix
from articles.parsing.html.body import (
    MainText,
    extract_blocks,
    join_parts,
    link_words,
    main_text,
    normal_words,
    trimmed_to_data_body,
)
from articles.parsing.html.bylines import printed_byline
from articles.parsing.html.decoding import decode_html
from articles.parsing.html.figures import Figure, PageText, page_text
from articles.parsing.html.metadata import ImageObject, PageMetadata, clean_text, read_metadata
from articles.parsing.html.urls import is_home_page, web_address
from articles.parsing.language import detect_language
from articles.parsing.models import ParsedArticle, ParsedCaption
from articles.parsing.text import word_count

NO_ARTICLE = "no article found on the page (no text outside menus, links and page furniture)"
SCRIPT_ONLY = "no text in the page: its content is written by scripts, which are never run"
# A page whose extracted text is this short is no article (a front page's teaser, a stub).
_MIN_ARTICLE_WORDS = 40
# How far before the first paragraph a lead picture may stand (in characters of the page's
# words): between the headline and the copy, not in the menu above it.
_LEAD_FIGURE_REACH = 1500
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_BEFORE_ROOT_RE = re.compile(r"^(.*?)<html", re.IGNORECASE | re.DOTALL)
# The share of a heading's words the data's headline must have for the heading to be the
# printed headline (the rest reworded for search engines).
_HEADING_SHARE = 0.5
# "Florion Goga (REUTERS)" credits the photographer and the agency: "Florion Goga/REUTERS".
_AGENCY_IN_BRACKETS_RE = re.compile(r"(?<=\w)\s*\(([^()]{2,60})\)\s*$")
# A standfirst is a sentence or two, printed just above the copy: at most this many characters
# of the page's words (a byline, a date, a picture's caption) between the two.
_MIN_STANDFIRST_WORDS = 8
_STANDFIRST_GAP = 400
# A byline or date line is short; a longer caption that mentions a date is a caption.
_MAX_HEADER_LINE_WORDS = 12
# Without the page's data, a page read this surely is left for an editor to check.
_CONFIDENCE_WITHOUT_DATA = 0.7


# Below this many words outside scripts and styles, a page that has scripts is made by them.
_MIN_VISIBLE_WORDS = 5
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})


def _tree(text: str) -> HtmlElement:
    # lxml refuses text that declares its encoding: it has been decoded already. Comments go:
    # trafilatura loses the text after one ("recovered <a>from the pandemic</a><!-- -->, but
    # the effects..." as script-rendered pages write), and no reader sees them.
    text = _XML_DECLARATION_RE.sub("", text, count=1)
    try:
        return document_fromstring(text, parser=HTMLParser(remove_comments=True))
    except (etree.ParserError, ValueError) as error:
        raise SeedParseError(f"not an HTML page ({error})") from None


def _has_script_only(tree: HtmlElement) -> bool:
    body = tree.find("body")
    if body is None:
        return False
    # Walked in document order and left at the fifth visible word: a page with an article has
    # them within its first elements, and reading all of its text was a tenth of its parse.
    words = 0
    walker = etree.iterwalk(body, events=("start",))
    for _, element in walker:
        if element.tag in _INVISIBLE_TAGS:
            walker.skip_subtree()
        else:
            words += word_count(element.text or "")
        if element is not body:
            words += word_count(element.tail or "")  # a script's tail is the page's text
        if words >= _MIN_VISIBLE_WORDS:
            return False
    return bool(tree.xpath("//script"))


def _published_date(metadata: PageMetadata, tree: HtmlElement) -> datetime.datetime | None:
    if metadata.published_at is not None:
        return metadata.published_at
    # htmldate reads dates from the markup's many conventions (and only the original date:
    # an update is no publication); it never reaches the network with a tree in hand.
    found = htmldate.find_date(tree, original_date=True, extensive_search=False)
    if not found:
        return None
    return datetime.datetime.fromisoformat(found).replace(tzinfo=datetime.UTC)


def _credit_of(figure: Figure, images: tuple[ImageObject, ...]) -> tuple[str, str | None]:
    """The caption's text and credit: split by the text parser's credit rules, else the credit
    the structured data gives the same picture."""
    if figure.credit:
        return figure.caption, clean_credit(_AGENCY_IN_BRACKETS_RE.sub(r"/\1", figure.credit))
    parts = find_credit(figure.caption)
    if parts is not None:
        return parts.text, parts.credit
    for image in images:
        if image.credit and figure.image_url and _same_picture(image.url, figure.image_url):
            text = figure.caption
            if text.endswith(image.credit):
                text = text[: -len(image.credit)].rstrip(" |/-–—·")
            return text, image.credit
    return figure.caption, None


def _same_picture(first: str, second: str) -> bool:
    """Two addresses of one picture: CDNs resize by path or query, the file name stays."""

    def name(url: str) -> str:
        return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]

    return first == second or name(first) == name(second)


def _captions(
    page: PageText,
    paragraphs: tuple[str, ...],
    *,
    headline: str | None,
    images: tuple[ImageObject, ...],
) -> tuple[ParsedCaption, ...]:
    """The figures inside the article, each placed after the paragraphs before it."""
    offsets: list[int] = []
    cursor = 0
    for paragraph in paragraphs:
        found = page.find(paragraph, cursor)
        if found < 0:
            found = page.find(paragraph)
        if found < 0:
            # Text trafilatura joined or mended: it stands where the paragraph before ended.
            found = offsets[-1] + 1 if offsets else 0
        offsets.append(found)
        cursor = max(cursor, found)
    if not offsets:
        return ()
    start = min(offsets[: max(1, len(offsets) // 2)])
    headline_at = page.find(headline, max(0, start - _LEAD_FIGURE_REACH * 4)) if headline else -1
    opening = headline_at if 0 <= headline_at < start else start - _LEAD_FIGURE_REACH
    last = max(offsets)
    end = last + len(normal_words(paragraphs[offsets.index(last)])) + 1
    captions: list[ParsedCaption] = []
    seen: dict[tuple[str, str | None], int] = {}
    for figure in page.figures:
        if not opening <= figure.offset <= end or _is_header_line(figure.caption):
            continue
        text, credit = _credit_of(figure, images)
        photographer, agencies = split_credit(credit) if credit else (None, ())
        key = (normal_words(text), figure.image_url)
        if key in seen:
            # A lightbox's copy of the same picture; it may be the one that prints the credit.
            first = captions[seen[key]]
            if credit and not first.credit:
                captions[seen[key]] = dataclasses.replace(
                    first, credit=credit, photographer=photographer, agencies=agencies
                )
            continue
        seen[key] = len(captions)
        captions.append(
            ParsedCaption(
                text=text,
                credit=credit,
                after_paragraph=sum(1 for offset in offsets if offset < figure.offset),
                photographer=photographer,
                agencies=agencies,
                image_url=figure.image_url,
                alt_text=figure.alt_text,
                width=figure.width,
                height=figure.height,
            )
        )
    return tuple(captions)


def _shared_words(first: str, second: str) -> float:
    """The share of ``first``'s words that ``second`` has too."""
    words = set(normal_words(first).split())
    return len(words & set(normal_words(second).split())) / len(words) if words else 0.0


def _with_standfirst(
    paragraphs: tuple[str, ...], description: str | None, page: PageText
) -> tuple[str, ...]:
    """The paragraphs with the standfirst first, where trafilatura left it out.

    A page's description (in its data and ``<meta>`` tags) is often its standfirst; it is one
    when the page prints it whole just above the first paragraph, and then belongs to the body
    (as the text parser reads it)."""
    if not paragraphs or not description or word_count(description) < _MIN_STANDFIRST_WORDS:
        return paragraphs
    words = normal_words(description)
    if any(words in normal_words(paragraph) for paragraph in paragraphs[:3]):
        return paragraphs
    first = page.find(paragraphs[0])
    printed = page.words.find(f" {words} ")
    if first < 0 or printed < 0 or not 0 < first - printed <= len(words) + _STANDFIRST_GAP:
        return paragraphs
    return (description, *paragraphs)


def _is_header_line(text: str) -> bool:
    """A byline or a date line, which pages sometimes set in a figure beside the author's
    portrait: ``_is_header_line("Von Eileen Wagner 10.09.2025, 09:53 Uhr")``."""
    return word_count(text) <= _MAX_HEADER_LINE_WORDS and (
        parse_byline(text) is not None or find_date_line(text) is not None
    )


def _data_captions(
    images: tuple[ImageObject, ...], found: tuple[ParsedCaption, ...]
) -> tuple[ParsedCaption, ...]:
    """The lead picture the structured data describes with a caption, where the page's markup
    showed no figure of it (its caption set in a ``<div>``, or by a script)."""
    for image in images:
        url = web_address(image.url)
        if not image.caption or url is None:
            continue
        if any(
            (c.image_url and _same_picture(c.image_url, url))
            or normal_words(c.text) == normal_words(image.caption)
            for c in found
        ):
            continue
        photographer, agencies = split_credit(image.credit) if image.credit else (None, ())
        lead = ParsedCaption(
            text=image.caption,
            credit=image.credit,
            after_paragraph=0,
            photographer=photographer,
            agencies=agencies,
            image_url=url,
        )
        return (lead, *found)
    return found


def _headline(metadata: PageMetadata, tree: HtmlElement) -> str | None:
    """The headline as the page prints it.

    The structured data's headline is often written for search engines ("... - Golem.de",
    a shorter or longer wording); the page's ``<h1>`` that shares words with it is the one
    readers see, so it wins. Without such a heading the data's headline is used without an
    outlet's suffix."""
    data_headline = metadata.headline
    title = clean_text(tree.findtext(".//title"))
    known = tuple(name for name in (metadata.publisher, metadata.site_name) if name)
    reference = data_headline or title
    # A heading's parts (a kicker in a span of its own) are words apart.
    headings = [clean_text(join_parts(h1.itertext())) for h1 in tree.iter("h1")]
    if reference:
        for heading in headings:
            if heading and _shared_words(heading, reference) >= _HEADING_SHARE:
                return heading
    if data_headline:
        return split_outlet_suffix(data_headline, known)[0]
    for text in (*headings, title):
        if text:
            return split_outlet_suffix(text, known)[0]
    return None


def _parse(data: bytes) -> ParsedArticle:
    text, _encoding = decode_html(data)
    tree = _tree(text)
    if _has_script_only(tree):
        raise SeedParseError(SCRIPT_ONLY)
    before_root = _BEFORE_ROOT_RE.match(text[:4096])
    metadata = read_metadata(tree, comments=before_root.group(1) if before_root else "")
    base_url = tree.xpath("string(//base/@href)") or metadata.canonical_url
    page = page_text(tree, base_url=base_url or None)
    headline = _headline(metadata, tree)
    found: MainText = main_text(
        extract_blocks(tree),
        headline=headline,
        captions=tuple(figure.caption for figure in page.figures),
        link_words=link_words(tree),
    )
    paragraphs = _with_standfirst(
        trimmed_to_data_body(found.paragraphs, metadata.article_body), metadata.description, page
    )
    if not paragraphs or word_count(" ".join(paragraphs)) < _MIN_ARTICLE_WORDS:
        raise SeedParseError(NO_ARTICLE)
    if not headline:
        raise SeedParseError("no headline: the page has no title, heading or structured data")
    published_at = _published_date(metadata, tree)
    # A home page that calls itself an article in its data (a CMS's one template for every
    # page) is a front page: its address says so.
    is_article = metadata.is_article and not is_home_page(metadata.canonical_url)
    warnings: list[str] = []
    if published_at is None:
        warnings.append("no date")
    if is_home_page(metadata.canonical_url):
        warnings.append(
            "the page's address is a site's home page: check that it is an article "
            f"(confidence {_CONFIDENCE_WITHOUT_DATA:.2f})"
        )
    elif not is_article:
        warnings.append(
            "no structured data says the page is an article: check that it is one "
            f"(confidence {_CONFIDENCE_WITHOUT_DATA:.2f})"
        )
    captions = _data_captions(
        metadata.images, _captions(page, paragraphs, headline=headline, images=metadata.images)
    )
    warnings += [
        f"caption without credit ({caption.text[:40]})"
        for caption in captions
        if not caption.credit
    ]
    byline = (
        ", ".join(metadata.authors)
        or printed_byline(tree, page, headline=headline, copy=paragraphs[0])
        or found.byline
    )
    language = metadata.language or detect_language(" ".join(paragraphs[:20]))
    confidence = 1.0 if is_article else _CONFIDENCE_WITHOUT_DATA
    return ParsedArticle(
        publication_name=metadata.publisher,
        publication_tagline=None,
        headline=headline,
        byline=byline or None,
        published=published_at.date() if published_at else None,
        published_at=published_at,
        language=language,
        paragraphs=paragraphs,
        captions=captions,
        attribution=found.attribution,
        warnings=tuple(warnings),
        confidence=confidence,
        uncertain=not is_article,
        canonical_url=metadata.canonical_url,
        source_url=metadata.source_url,
    )


def parse_html_page(data: bytes, *, source: str = "<page>") -> ParsedArticle:
    """Parse the bytes of a saved web page into a ``ParsedArticle``.

    Raises ``SeedParseError`` (and nothing else) for a page that cannot be read: empty, binary,
    undecodable, not HTML, written by scripts only, or with no article on it.
    """
    with reported_as(source):
        return _parse(bytes(data))
