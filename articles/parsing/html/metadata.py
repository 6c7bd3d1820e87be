"""What a web page says about itself: schema.org data (JSON-LD and microdata, read by
``extruct``), OpenGraph and ``<meta>`` tags, ``<html lang>`` and the canonical URL.

The article's own item is the first schema.org item of an article type (``NewsArticle``,
``BlogPosting``...), looked for in ``@graph`` lists and nested items too. Its headline, authors,
first publication date and publisher come first; OpenGraph and ``<meta>`` tags stand in where
it is silent. Nothing here guesses from the text, which is the text rules' job, except that a
labelled author tag ("Written by" with "Ann Lee") is read by the text parser's byline rule.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import MicrodataExtractor
from lxml.html import HtmlElement

from articles.parsing.headers import parse_byline
from articles.parsing.html.urls import web_address

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    }
)
_LANGUAGE_RE = re.compile(r"([A-Za-z]{2})(?:[-_].*)?")
_SAVED_FROM_RE = re.compile(r"saved from url=\(\d+\)(\S+)")
_SPACE_RE = re.compile(r"\s+")
_TAG_RE = re.compile(r"<[^>]*>")
_BRACKETS_RE = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_DOMAIN_RE = re.compile(r"\w\.(com|de|at|ch|net|org|co|uk|fr|es|it|tr|jp|ru|info)\b", re.IGNORECASE)
_AUTHOR_META_RE = re.compile(r"(?:^|[.:_-])(?:authors?|creator)$")
_TWITTER_LABEL_RE = re.compile(r"twitter:label(\d)")
_TWITTER_DATA_RE = re.compile(r"twitter:data(\d)")
# <meta> names and properties that carry the first publication time, most trusted first.
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)


@dataclass(frozen=True)
class ImageObject:
    """A picture the structured data describes (matched to a ``<figure>`` by its URL)."""

    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class PageMetadata:
    headline: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime.datetime | None = None
    description: str | None = None
    # The article's text as the data gives it (``articleBody``): often whole, sometimes cut
    # short (a paywall's teaser) or another story's.
    article_body: str | None = None
    publisher: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    source_url: str | None = None
    is_article: bool = False
    images: tuple[ImageObject, ...] = field(default_factory=tuple)


def clean_text(value: Any) -> str | None:
    """Entity-decoded, whitespace-collapsed text without markup, or ``None`` for nothing
    (structured data is written by templates, which leave entities and tags in it).

    >>> clean_text("Rates &amp; fares\\n <b>rise</b> ")
    'Rates & fares rise'
    """
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str)), None)
    if not isinstance(value, str):
        return None
    text = _SPACE_RE.sub(" ", _TAG_RE.sub(" ", html.unescape(value))).strip()
    return text or None


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type") or item.get("type") or ()
    kinds = [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]
    # Microdata types are URLs: "https://schema.org/NewsArticle".
    return {k.rsplit("/", 1)[-1] for k in kinds}


def _items(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON-LD or microdata value, depth first (``@graph`` lists included)."""
    if isinstance(value, list):
        for item in value:
            yield from _items(item)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "properties", "mainEntity", "itemListElement"):
            if key in value:
                yield from _items(value[key])


def _names(value: Any, by_id: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Person or organisation names: ``"Ann Lee"``, ``{"name": ...}``, a reference to an item
    elsewhere in the graph (``{"@id": ...}``, as SEO plugins write authors), or a list of them.

    >>> _names([{"@type": "Person", "name": "Ann Lee"}, "Bo Chan", {"@id": "#bo"}],
    ...        {"#bo": {"@id": "#bo", "name": "Bo Chan"}})
    ['Ann Lee', 'Bo Chan', 'Bo Chan']
    """
    if isinstance(value, list):
        return [name for item in value for name in _names(item, by_id)]
    if isinstance(value, dict):
        if "@id" in value and "name" not in value and by_id:
            value = by_id.get(str(value["@id"]), value)
        value = value.get("name") or value.get("properties", {}).get("name")
    name = clean_text(value)
    return [name] if name else []


def people(names: Any, *, outlets: tuple[str | None, ...] = ()) -> tuple[str, ...]:
    """The people among a page's authors: without initials in brackets, addresses, or the
    outlet itself (which pages name as the author of unsigned stories).

    >>> people(["Ann Lee (al)", "a.lee@example.org", "Example News", "Bo Chan"],
    ...        outlets=("Example News",))
    ('Ann Lee', 'Bo Chan')
    """
    outlet_words = {_folded(outlet) for outlet in outlets if outlet}
    found: list[str] = []
    for name in names:
        name = _SPACE_RE.sub(" ", _BRACKETS_RE.sub(" ", name)).strip(" ,;")
        if not name or ":" in name or "@" in name or _DOMAIN_RE.search(name):
            continue
        if _folded(name) in outlet_words or name in found:
            continue
        found.append(name)
    return tuple(found)


def _folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def parse_timestamp(value: Any) -> datetime.datetime | None:
    """An ISO 8601 date or time, timezone-aware (UTC where the page gives no zone).

    >>> parse_timestamp("2024-06-01T10:30:00+02:00").isoformat()
    '2024-06-01T10:30:00+02:00'
    >>> parse_timestamp("2024-06-01").isoformat()
    '2024-06-01T00:00:00+00:00'
    """
    text = clean_text(value)
    if not text:
        return None
    text = text.replace("Z", "+00:00").replace(" ", "T", 1)
    # Zones written "+0200" and fractions of any length are ISO 8601, which Python 3.11 reads.
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _image_objects(value: Any, by_id: dict[str, dict[str, Any]]) -> list[ImageObject]:
    found = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and set(item) == {"@id"}:
            # A reference to an item elsewhere in the graph: "#primaryimage".
            item = by_id.get(str(item["@id"]), item)
        if isinstance(item, str):
            found.append(ImageObject(url=item))
        elif isinstance(item, dict):
            url = clean_text(item.get("url") or item.get("contentUrl"))
            if url:
                credit = (
                    clean_text(item.get("creditText"))
                    or (_names(item.get("copyrightHolder")) or [None])[0]
                )
                found.append(
                    ImageObject(url=url, caption=clean_text(item.get("caption")), credit=credit)
                )
    return found


def _article_item(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    articles = [item for item in items if _types(item) & ARTICLE_TYPES]
    with_headline = [item for item in articles if clean_text(_field(item, "headline"))]
    return (with_headline or articles or [None])[0]


def _field(item: dict[str, Any], name: str) -> Any:
    """A property of a JSON-LD item or of a microdata item (whose values sit in ``properties``)."""
    if name in item:
        return item[name]
    return item.get("properties", {}).get(name)


def _meta_authors(tree: HtmlElement) -> list[str]:
    """The authors the page's ``<meta>`` tags name, in the order of the page.

    A tag whose name ends in ``author`` or ``creator`` (``author``, ``article:author``,
    ``dc.creator``, an analytics tool's ``cXenseParse:author``) names one; so does a
    ``twitter:data`` value (or a ``twitter:misc:<label>``) whose label ends with the word that
    opens a byline ("Written by", "Verfasst von"), read by the text parser's byline rule. A
    profile's address in ``article:author`` is no name and is left to ``people``.
    """
    found: list[str] = []
    labels: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = clean_text(meta.get("content"))
        if not key or not content:
            continue
        if _AUTHOR_META_RE.search(key):
            found.append(content)
        elif (label := _TWITTER_LABEL_RE.fullmatch(key)) is not None:
            labels[label.group(1)] = content
        elif (data := _TWITTER_DATA_RE.fullmatch(key)) is not None and data.group(1) in labels:
            found += _labelled_names(labels[data.group(1)], content)
        elif key.startswith("twitter:misc:"):
            found += _labelled_names(key.removeprefix("twitter:misc:"), content)
    return found


def _labelled_names(label: str, value: str) -> list[str]:
    """``value``'s names when ``label`` ends with a byline's opening word.

    >>> _labelled_names("Written by", "Ann Lee"), _labelled_names("Est. reading time", "3")
    (['Ann Lee'], [])
    """
    last = label.split()[-1] if label.split() else ""
    names = parse_byline(f"{last} {value}")
    return [names] if names else []


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = meta.get("content")
        if key and content and key not in tags:
            tags[key] = content
    return tags


def read_metadata(tree: HtmlElement, *, comments: str = "") -> PageMetadata:
    """The page's own data about its article. ``comments`` is the text before ``<html>`` (where
    browsers write the address a page was saved from)."""
    try:
        jsonld = JsonLdExtractor().extract_items(tree)
    except Exception:
        # A page's broken JSON-LD (a stray comma, a CMS template left unfilled) is no reason
        # to refuse the page: its other metadata and its text still stand.
        jsonld = []
    canonical = next(
        (
            link.get("href")
            for link in tree.iter("link")
            if (link.get("rel") or "").lower() == "canonical" and link.get("href")
        ),
        None,
    )
    tags = _meta_tags(tree)
    try:
        # OpenGraph as extruct reads it (namespaced prefixes included) wins over the plain
        # <meta> reading above.
        for item in OpenGraphExtractor().extract_items(tree):
            for key, value in item.get("properties", []):
                if isinstance(value, str) and value:
                    tags[key.lower()] = value
    except Exception:
        pass
    try:
        microdata = MicrodataExtractor().extract_items(tree, canonical or "")
    except Exception:
        microdata = []
    items = [*_items(jsonld), *_items(microdata)]
    article = _article_item(items)

    canonical = web_address(clean_text(canonical)) or web_address(clean_text(tags.get("og:url")))
    saved = _SAVED_FROM_RE.search(comments)
    source_url = (web_address(saved.group(1)) if saved else None) or canonical

    headline = authors = published = publisher = language = description = article_body = None
    images: list[ImageObject] = []
    if article is not None:
        headline = clean_text(_field(article, "headline")) or clean_text(_field(article, "name"))
        by_id = {str(item["@id"]): item for item in items if "@id" in item and len(item) > 1}
        authors = _names(_field(article, "author"), by_id) or _names(
            _field(article, "creator"), by_id
        )
        published = parse_timestamp(_field(article, "datePublished")) or parse_timestamp(
            _field(article, "dateCreated")
        )
        publisher = (_names(_field(article, "publisher")) or [None])[0]
        description = clean_text(_field(article, "description"))
        article_body = clean_text(_field(article, "articleBody"))
        language = clean_text(_field(article, "inLanguage"))
        images = _image_objects(_field(article, "image") or [], by_id)
        for item in _items(_field(article, "associatedMedia") or []):
            images += _image_objects(item, by_id)
    outlets = (publisher, clean_text(tags.get("og:site_name")))
    named = people(authors or (), outlets=outlets) or people(_meta_authors(tree), outlets=outlets)
    if published is None:
        published = next(
            (moment for key in _DATE_META if (moment := parse_timestamp(tags.get(key)))), None
        )
    root_lang = tree.get("lang") or tree.get("xml:lang") or ""
    html_lang = _LANGUAGE_RE.fullmatch(root_lang.strip())
    locale = _LANGUAGE_RE.fullmatch(clean_text(language) or tags.get("og:locale", "") or "")
    code = html_lang or locale
    is_article = article is not None or (tags.get("og:type") or "").lower() == "article"
    return PageMetadata(
        headline=headline or clean_text(tags.get("og:title")),
        article_body=article_body,
        description=description
        or clean_text(tags.get("og:description"))
        or clean_text(tags.get("description")),
        authors=named,
        published_at=published,
        publisher=publisher or clean_text(tags.get("og:site_name")),
        site_name=clean_text(tags.get("og:site_name")),
        language=code.group(1).lower() if code else None,
        canonical_url=canonical,
        source_url=source_url,
        is_article=is_article,
        images=tuple(images),
    )
