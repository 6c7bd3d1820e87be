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
from collections.abc import Iterable
from dataclasses import dataclass

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement

from articles.parsing.clutter import is_clutter
from articles.parsing.dates import find_date_line, is_update_line
from articles.parsing.headers import parse_attribution, parse_bare_byline, parse_byline
from articles.parsing.text import collapse_whitespace, ends_sentence, word_count

_WORD_RE = re.compile(r"\w+")
_LONE_LABEL_RE = re.compile(r"\w+(?: \w+)?\s*:")
# Lines at the top of the extracted text that may be the header (headline, byline, date).
_HEADER_BLOCKS = 4
# A line this short after the last paragraph, ending no sentence, is furniture.
_MAX_TRAILING_WORDS = 6
# A kicker above a headline, or an outlet's name after it, is a few words.
_MAX_KICKER_WORDS = 6
# A related story's link is a headline: a line, not a paragraph.
_MAX_LINK_ITEM_WORDS = 25
_LINK_SHARE = 0.6
# Text compared with the data's ``articleBody`` in runs of this many words, a paragraph held
# when this share of its runs is there, and the data's text this article's when it holds this
# share of the paragraphs' words.
_SHINGLE = 4
_HELD = 0.5
_DATA_BODY_SHARE = 0.4
_MAX_CROSSHEAD_WORDS = 10
# A paragraph with this share of link text is links with a little glue.
_ALL_LINKS = 0.9


@dataclass(frozen=True)
class TextBlock:
    """One block of the extracted content: its tag in trafilatura's tree, its text, and how
    much of the text is link text."""

    tag: str
    text: str
    link_share: float
    empty_link: bool = False


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


# No space is put before these when text parts are joined: "Nordatlantik" + ": Wenn".
_NO_SPACE_BEFORE = frozenset(":;,.!?)]»”’'\"-–")


def join_parts(parts: Iterable[str]) -> str:
    """Text parts of an element (its text and its children's) as a reader sees them: parts
    in elements of their own are words apart where the markup glued them (a kicker in a span),
    but no space comes before punctuation.

    >>> join_parts(["Nationale Demo", "Der 9. Juli naht"])
    'Nationale Demo Der 9. Juli naht'
    >>> join_parts(["Nordatlantik", ": Wenn", " die Ozeane"])
    'Nordatlantik: Wenn die Ozeane'
    """
    text = ""
    for part in parts:
        glued = text and part and not text[-1].isspace() and not part[0].isspace()
        if glued and part[0] not in _NO_SPACE_BEFORE:
            text += " "
        text += part
    return collapse_whitespace(text)


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
            links = sum(len(_text(ref)) for ref in refs)
            kind = "item" if tag == "list" else tag
            # A teaser is often a picture's empty link beside the story's title.
            empty_link = any(not _text(ref) for ref in refs)
            blocks.append(TextBlock(kind, text, min(1.0, links / len(text)), empty_link))
    return blocks


def link_words(tree: HtmlElement) -> str:
    """The words of every link of the page, in order."""
    return " ".join(filter(None, (normal_words(link.text_content()) for link in tree.iter("a"))))


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


def _is_furniture(block: TextBlock) -> bool:
    """Page clutter by the text parser's rules, or a block that is links and nothing else (a
    row of a menu or of related stories that trafilatura kept as a paragraph)."""
    if _LONE_LABEL_RE.fullmatch(block.text):
        return True  # "Image:", "Hinweis:": a label whose value the page set elsewhere
    return is_clutter(block.text) or (block.tag != "item" and block.link_share >= _ALL_LINKS)


def _is_related_list(items: list[TextBlock]) -> bool:
    """A list of links to other stories: every item short and mostly link text (or an empty
    link beside a headline, as teaser lists are marked up)."""
    return all(
        word_count(item.text) <= _MAX_LINK_ITEM_WORDS
        and (item.link_share >= _LINK_SHARE or item.empty_link)
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


def _is_headline(words: str, headline_words: str) -> bool:
    """The headline, alone or with the few words of a kicker or an outlet around it:
    "Schlachtbetriebe Das harte Geschäft mit dem Tod", "Rates rise | The Herald"."""
    if words == headline_words:
        return True
    extra = len(words.split()) - len(headline_words.split())
    return 0 < extra <= _MAX_KICKER_WORDS and f" {headline_words} " in f" {words} "


def main_text(
    blocks: list[TextBlock],
    *,
    headline: str | None,
    captions: tuple[str, ...] = (),
    link_words: str = "",
) -> MainText:
    """The article's paragraphs among ``blocks``, and the byline and attribution read there.

    ``link_words`` is the text of the page's links (``normal_words``, one space apart): a block
    found whole in it is links, even where trafilatura's fallback kept no link markup."""
    dropped: list[str] = []
    if link_words:
        padded = f" {link_words} "
        in_links = [
            b for b in blocks if word_count(b.text) >= 3 and f" {normal_words(b.text)} " in padded
        ]
        dropped += [block.text for block in in_links]
        blocks = [block for block in blocks if block not in in_links]
    headline_words = normal_words(headline)
    caption_words = {normal_words(caption) for caption in captions if caption}
    dropped += [block.text for block in blocks if _is_furniture(block)]
    blocks = _drop_related_lists([block for block in blocks if not _is_furniture(block)], dropped)
    byline: str | None = None
    kept: list[TextBlock] = []
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        words = normal_words(block.text)
        # A paragraph printed twice (a pull quote, a summary box repeating the copy) counts once.
        if words in seen and word_count(block.text) > _MAX_TRAILING_WORDS:
            dropped.append(block.text)
            continue
        seen.add(words)
        at_top = index < _HEADER_BLOCKS and not any(
            b.tag == "p" and word_count(b.text) > 25 for b in kept
        )
        if not words or words in caption_words:
            dropped.append(block.text)
            continue
        if at_top and headline_words and _is_headline(words, headline_words):
            dropped.append(block.text)
            continue
        if at_top and word_count(block.text) <= 12:
            # A line of names alone ("Mohloai Mpesi") is a byline only before any copy: further
            # down it is a crosshead, a subject's name or a quote's speaker.
            names = parse_byline(block.text) or (
                parse_bare_byline(block.text) if not kept else None
            )
            dated = find_date_line(block.text) is not None or is_update_line(block.text)
            if names is not None or dated:
                byline = byline or names
                dropped.append(block.text)
                continue
        kept.append(block)
    attribution = None
    # Short lines after the copy that end no sentence are the page's: "Die Autorin",
    # "Capital", "© The Financial Times Ltd. 2024"; a closing attribution is kept apart.
    while len(kept) > 1:
        last = kept[-1].text
        closing = parse_attribution(last) if attribution is None else None
        furniture = word_count(last) <= _MAX_TRAILING_WORDS and not ends_sentence(last)
        if closing is None and not furniture:
            break
        attribution = attribution or closing
        dropped.append(kept.pop().text)
    return MainText(
        paragraphs=tuple(block.text for block in kept),
        byline=byline,
        attribution=attribution,
        dropped=tuple(dropped),
    )


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = normal_words(text).split()
    return {tuple(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}


def trimmed_to_data_body(paragraphs: tuple[str, ...], article_body: str | None) -> tuple[str, ...]:
    """The paragraphs without what the page's ``articleBody`` lacks, from the first paragraph
    it holds on.

    What trafilatura keeps inside and after the copy (a newsletter box, an app's promotion, a
    cookie notice, a list of other stories, a subscription notice) is missing from the data's
    own text of the article. The data's text counts only where it is this article's: where it
    holds a good part of the paragraphs' wording (not a teaser cut short by a paywall, nor
    another story's). What stands before the first paragraph it holds stays (a standfirst the
    data leaves out), and so does a lone crosshead between two paragraphs it holds (a short
    line ending no sentence: data often leaves headings out of its text).
    """
    if not article_body or len(paragraphs) < 2:
        return paragraphs
    body = _shingles(article_body)
    held = [len(_shingles(p) & body) / len(_shingles(p)) >= _HELD for p in paragraphs]
    words = [word_count(p) for p in paragraphs]
    covered = sum(count for is_held, count in zip(held, words, strict=True) if is_held)
    if not any(held) or covered < _DATA_BODY_SHARE * sum(words):
        return paragraphs
    first = held.index(True)
    last = len(held) - 1 - held[::-1].index(True)
    kept = list(paragraphs[:first])
    for index in range(first, last + 1):
        paragraph = paragraphs[index]
        # Between ``first`` and ``last`` an unheld paragraph has neighbours on both sides.
        if held[index] or (
            held[index - 1]
            and held[index + 1]
            and words[index] <= _MAX_CROSSHEAD_WORDS
            and not ends_sentence(paragraph)
        ):
            kept.append(paragraph)
    return tuple(kept)
