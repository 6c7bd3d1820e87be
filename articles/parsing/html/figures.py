"""Pictures with captions in a web page: every ``<figure>`` with a ``<figcaption>`` (or a stray
``<figcaption>`` beside a picture), with its image's address, alt text and declared size, and
where it stands in the page's text.

Where a figure stands is an offset in the page's words (``PageText``), so that the assembly can
count the article's paragraphs before it and leave out the figures outside the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from articles.parsing.credits import is_bare_credit, is_labelled_credit
from articles.parsing.html.body import join_parts, normal_words
from articles.parsing.html.urls import web_address
from articles.parsing.text import collapse_whitespace

_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
# The text a reader sees in an element: not a script's or a style's, nor an icon's name (an
# ``<svg>``'s ``<title>``, "Camera Icon" before a caption).
VISIBLE_TEXT = ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::svg)]"
# Lazy-loading pages keep the real address in one of these; ``src`` holds a placeholder.
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original")
_PLACEHOLDER_RE = re.compile(r"placeholder|blank\.|spacer|transparent|1x1|pixel\.", re.IGNORECASE)
_CREDIT_CLASS_RE = re.compile(r"credit|copyright|photographer|byline|rights|source|author")
_BRACKETS_TO_SLASH_RE = re.compile(r"(?<=\w)\s*\(([^()]{2,60})\)\s*$")
# Other text of a figure this short may be its credit; longer, it is a second caption or a
# player's controls.
_MAX_BESIDE_CREDIT_LENGTH = 80
# The longest credit an element may hold: longer, it is more of the caption.
_MAX_CREDIT_LENGTH = 160
_SIZE_RE = re.compile(r"\s*(\d{1,5})\s*(?:px)?\s*")


@dataclass(frozen=True)
class Figure:
    """A captioned picture: ``offset`` is where it stands in ``PageText.words``; ``credit`` is
    the text of the caption's credit element where the markup sets one apart (``caption`` is
    then the rest)."""

    caption: str
    credit: str | None
    image_url: str | None
    alt_text: str
    width: int | None
    height: int | None
    offset: int


@dataclass(frozen=True)
class PageText:
    """The page's visible words in reading order (lower-cased, one space apart, with a space at
    each end) and its captioned figures."""

    words: str
    figures: tuple[Figure, ...]

    def find(self, text: str, start: int = 0) -> int:
        """Where ``text`` (its first words) begins in the page at or after ``start``, or -1."""
        key = " ".join(normal_words(text).split()[:8])
        if not key:
            return -1
        return self.words.find(f" {key} ", start)


def _size(value: str | None) -> int | None:
    match = _SIZE_RE.fullmatch(value or "")
    return int(match.group(1)) or None if match else None


def _largest_candidate(srcset: str) -> str | None:
    """The widest picture of a ``srcset``: ``"a.jpg 320w, b.jpg 960w"`` gives ``"b.jpg"``."""
    best: tuple[float, str] | None = None
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts:
            continue
        size = parts[1] if len(parts) > 1 else "1x"
        try:
            width = float(size[:-1]) if size[-1:] in ("w", "x") else 0.0
        except ValueError:
            width = 0.0
        if best is None or width > best[0]:
            best = (width, parts[0])
    return best[1] if best else None


def _image_source(image: HtmlElement) -> str | None:
    """The picture's address: a lazy-loading attribute's first (pages keep the real address
    there), else ``src`` unless it is a placeholder (a ``data:`` URL, a blank or grey image),
    else the widest picture of a ``srcset``."""
    for attribute in _LAZY_SOURCES:
        value = (image.get(attribute) or "").strip()
        if value:
            return value
    source = (image.get("src") or "").strip()
    if source and not source.startswith("data:") and not _PLACEHOLDER_RE.search(source):
        return source
    for attribute in ("srcset", "data-srcset"):
        value = _largest_candidate(image.get(attribute) or "")
        if value:
            return value
    return None


def _credit_element(caption: HtmlElement) -> HtmlElement | None:
    """The element of a caption that holds its credit, where the markup says so
    (``<span class="credit">``, ``<small>``, ``<cite>``, ``itemprop="copyrightHolder"``)."""
    for element in caption.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        marks = f"{element.get('class', '')} {element.get('itemprop', '')}".lower()
        if element.tag in ("small", "cite") or _CREDIT_CLASS_RE.search(marks):
            text = collapse_whitespace(element.text_content())
            if text and len(text) <= _MAX_CREDIT_LENGTH:
                return element
    # Without a telling name, the caption's last part when the credit rules read it as one:
    # <span>Police at the camp.</span><span>Alketa Misja (dpa)</span>.
    parts = [child for child in caption if isinstance(child.tag, str)]
    if len(parts) >= 2 and not (parts[-1].tail or "").strip():
        text = collapse_whitespace(parts[-1].text_content())
        bare = _BRACKETS_TO_SLASH_RE.sub(r"/\1", text)
        if text and (is_bare_credit(bare) or is_labelled_credit(bare)):
            return parts[-1]
    return None


def _credit_beside_caption(figure: HtmlElement, caption: HtmlElement) -> str | None:
    """A credit the figure prints outside its caption, over the picture ("EPA" in a corner),
    when the credit rules read the figure's other text as one."""
    text = join_parts(part for part in figure.xpath(VISIBLE_TEXT) if not _inside(part, caption))
    if not text or len(text) > _MAX_BESIDE_CREDIT_LENGTH:
        return None
    bare = _BRACKETS_TO_SLASH_RE.sub(r"/\1", text)
    return text if is_bare_credit(bare) or is_labelled_credit(bare) else None


def _inside(text: Any, element: HtmlElement) -> bool:
    """Whether a text node of lxml (a string that knows its element) is inside ``element``."""
    owner = text.getparent()
    while owner is not None:
        if owner is element:
            return True
        owner = owner.getparent()
    return False


def _figure(element: HtmlElement, *, base_url: str | None, offset: int) -> Figure | None:
    """A ``<figure>`` with its ``<figcaption>``, or a ``<figcaption>`` that a page put outside
    any figure (beside a ``<picture>``), with the picture just before it."""
    if element.tag == "figcaption":
        caption_element = element
        images = element.xpath("preceding::img[1]")
    else:
        caption_element = next(element.iter("figcaption"), None)
        images = list(element.iter("img"))
    # The first picture with a real address: a placeholder often stands before it.
    image = next((img for img in images if _image_source(img)), images[0] if images else None)
    if caption_element is None:
        return None
    credit_element = _credit_element(caption_element)
    credit = (
        collapse_whitespace(credit_element.text_content()) if credit_element is not None else None
    )
    caption = join_parts(
        text
        for text in caption_element.xpath(VISIBLE_TEXT)
        if credit_element is None or not _inside(text, credit_element)
    )
    if not caption and not credit:
        return None
    if credit is None and element.tag == "figure":
        credit = _credit_beside_caption(element, caption_element)
    source = _image_source(image) if image is not None else None
    if source:
        source = web_address(urljoin(base_url, source) if base_url else source)
    return Figure(
        caption=caption,
        credit=credit,
        image_url=source,
        alt_text=collapse_whitespace(image.get("alt") or "") if image is not None else "",
        width=_size(image.get("width")) if image is not None else None,
        height=_size(image.get("height")) if image is not None else None,
        offset=offset,
    )


def page_text(tree: HtmlElement, *, base_url: str | None) -> PageText:
    """The page's words and its captioned figures, in one walk over the tree."""
    segments: list[str] = []
    pieces: list[str] = []
    figures: list[Figure] = []
    length = 1  # the leading space
    skipping: etree._Element | None = None

    def close_segment() -> None:
        nonlocal length
        words = normal_words("".join(pieces))
        pieces.clear()
        if words:
            segments.append(words)
            length += len(words) + 1

    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if skipping is not None:
                continue
            if not tag or tag in _SKIPPED:
                skipping = element
                continue
            if tag in ("figure", "figcaption"):
                close_segment()
                figure = _figure(element, base_url=base_url, offset=length - 1)
                if figure is not None:
                    figures.append(figure)
                skipping = element
                continue
            if tag in _BLOCK_TAGS:
                pieces.append(" ")
            pieces.append(element.text or "")
        else:
            if skipping is element:
                skipping = None
            elif skipping is not None:
                continue
            if tag in _BLOCK_TAGS:
                pieces.append(" ")
            pieces.append(element.tail or "")
    close_segment()
    return PageText(words=f" {' '.join(segments)} ", figures=tuple(figures))
