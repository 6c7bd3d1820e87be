"""The article's text in a web page: ``trafilatura`` finds the main content, and our rules take
out what it keeps of the page around the article.

trafilatura returns the content as a small tree (``<head>``, ``<p>``, ``<list>`` of ``<item>``,
``<quote>``, with ``<ref>`` for links). Each block becomes one paragraph, except:

- the headline, as a heading or a paragraph of its own at the top (the header holds it);
- byline and date lines at the top, read by the text parser's rules;
- page clutter (the text parser's rules: "Advertisement", "Read more: ...", share buttons);
- lists whose every item is a short link: related stories, not the article's own list;
- a closing attribution line ("With files from The Associated Press"), kept as the
  attribution rather than as a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement

from articles.parsing.clutter import is_clutter
from articles.parsing.dates import find_date_line
from articles.parsing.headers import parse_attribution, parse_byline
from articles.parsing.text import collapse_whitespace, word_count

_WORD_RE = re.compile(r"\w+")
# Lines at the top of the extracted text that may be the header (headline, byline, date).
_HEADER_BLOCKS = 4
# A related story's link is a headline: a line, not a paragraph.
_MAX_LINK_ITEM_WORDS = 25
_LINK_SHARE = 0.6


@dataclass(frozen=True)
class TextBlock:
    """One block of the extracted content: its tag in trafilatura's tree, its text, and how
    much of the text is link text."""

    tag: str
    text: str
    link_share: float


@dataclass(frozen=True)
class MainText:
    paragraphs: tuple[str, ...]
    byline: str | None
    attribution: str | None
    dropped: tuple[str, ...]


def normal_words(text: str | None) -> str:
    """Lower-case words only, for comparing texts.

    >>> normal_words("Rates, rise!")
    'rates rise'
    """
    return " ".join(word.casefold() for word in _WORD_RE.findall(text or ""))


def _text(element: _Element) -> str:
    return collapse_whitespace("".join(element.itertext()))


def _blocks(body: _Element) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    for element in body:
        tag = element.tag if isinstance(element.tag, str) else ""
        parts = list(element) if tag == "list" else [element]
        for part in parts:
            text = _text(part)
            if not text:
                continue
            refs = list(part.iter("ref"))
            # A teaser is often a picture's empty link beside the story's title.
            links = (
                len(text)
                if any(not _text(ref) for ref in refs)
                else sum(len(_text(ref)) for ref in refs)
            )
            kind = "item" if tag == "list" else tag
            blocks.append(TextBlock(kind, text, min(1.0, links / len(text))))
    return blocks


def extract_blocks(tree: HtmlElement) -> list[TextBlock]:
    """The blocks trafilatura finds in ``tree`` (which it leaves as it was)."""
    document = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=False,
        include_links=True,
        with_metadata=False,
    )
    if document is None or document.body is None:
        return []
    return _blocks(document.body)


def _is_related_list(items: list[TextBlock]) -> bool:
    """A list of links to other stories: every item short and mostly link text (or an empty
    link beside a headline, as teaser lists are marked up)."""
    return all(
        word_count(item.text) <= _MAX_LINK_ITEM_WORDS and item.link_share >= _LINK_SHARE
        for item in items
    )


def _drop_related_lists(blocks: list[TextBlock], dropped: list[str]) -> list[TextBlock]:
    kept: list[TextBlock] = []
    run: list[TextBlock] = []
    for block in [*blocks, TextBlock("end", "", 0.0)]:
        if block.tag == "item":
            run.append(block)
            continue
        if run and _is_related_list(run):
            dropped += [item.text for item in run]
        else:
            kept += run
        run = []
        if block.tag != "end":
            kept.append(block)
    return kept


def main_text(
    blocks: list[TextBlock], *, headline: str | None, captions: tuple[str, ...] = ()
) -> MainText:
    """The article's paragraphs among ``blocks``, and the byline and attribution read there."""
    dropped: list[str] = []
    headline_words = normal_words(headline)
    caption_words = {normal_words(caption) for caption in captions if caption}
    dropped += [block.text for block in blocks if is_clutter(block.text)]
    blocks = _drop_related_lists([block for block in blocks if not is_clutter(block.text)], dropped)
    byline: str | None = None
    kept: list[TextBlock] = []
    for index, block in enumerate(blocks):
        words = normal_words(block.text)
        at_top = index < _HEADER_BLOCKS and not any(
            b.tag == "p" and word_count(b.text) > 25 for b in kept
        )
        if not words or words in caption_words:
            dropped.append(block.text)
            continue
        if at_top and headline_words and words == headline_words:
            dropped.append(block.text)
            continue
        if at_top and word_count(block.text) <= 12:
            names = parse_byline(block.text)
            if names is not None or find_date_line(block.text) is not None:
                byline = byline or names
                dropped.append(block.text)
                continue
        kept.append(block)
    attribution = None
    if len(kept) > 1:
        attribution = parse_attribution(kept[-1].text)
        if attribution is not None:
            dropped.append(kept.pop().text)
    return MainText(
        paragraphs=tuple(block.text for block in kept),
        byline=byline,
        attribution=attribution,
        dropped=tuple(dropped),
    )
