"""The seed parser's pipeline: decode, split into blocks, classify each block, find the
article, assemble.

Every step is a pure function of the steps before it. Classification looks at one block at a
time (clutter, date line, byline, caption, attribution, text); the segmenter labels every block
of the page as header, article or trailer with a model learnt from real pages (``segmenter``),
so that menus, related stories, comments and footers are left out; assembly looks at the order
of the blocks kept to tell the header (outlet, tagline, headline) from the body, and counts
paragraphs to place each caption.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from articles.parsing.blocks import Block, split_blocks
from articles.parsing.clutter import clutter_rule, is_clutter
from articles.parsing.credits import CaptionParts, find_credit, is_caption_marker, split_credit
from articles.parsing.dates import (
    PageDate,
    has_published_label,
    is_relative_date_line,
    is_update_line,
    parse_date_line,
)
from articles.parsing.decoding import decode_seed
from articles.parsing.errors import SeedParseError
from articles.parsing.headers import (
    copyright_holder,
    looks_like_outlet_name,
    looks_like_prose,
    looks_like_section_label,
    parse_agency_line,
    parse_attribution,
    parse_bare_byline,
    parse_byline,
    repeated_headline,
    split_name_and_tagline,
    split_outlet_suffix,
)
from articles.parsing.language import DEFAULT_LANGUAGE, best_language, language_scores
from articles.parsing.models import ParsedArticle, ParsedCaption
from articles.parsing.segmenter import Segmentation, segment
from articles.parsing.text import ends_sentence, word_count
from articles.parsing.window import article_window

Kind = Literal[
    "clutter",
    "update",
    "stamp",
    "date",
    "byline",
    "agency",
    "attribution",
    "caption",
    "credit",
    "text",
]
# Blocks that are dropped wherever they stand.
_DROPPED: frozenset[str] = frozenset({"clutter", "update", "stamp"})
# A caption is a line or two; a longer paragraph above a lone credit is body text.
_MAX_SPLIT_CAPTION_WORDS = 40
# A title line this long is no headline or tagline but the standfirst under the headline.
_MIN_STANDFIRST_WORDS = 16
# A closing line longer than this is prose even without a full stop, not page furniture.
_MAX_FURNITURE_WORDS = 16
# Below this confidence the article's boundaries are in doubt: the parse warns, and the loader
# keeps the article as a draft for an editor to check.
UNCERTAIN_BELOW = 0.8
NO_ARTICLE = "no article found on the page (only menus, links and page furniture)"
_MAX_BLOCKS_READ_WHOLE = 8
# A page with fewer short lines of unknown furniture (of up to six words, no sentence) is the
# article alone.
_MAX_MENU_WORDS = 6
_MIN_MENU_LINES = 5
# How sure the segmenter must be of a headline to overrule the rules' choice, and how much
# likelier than the rules' headline.
_SURE_HEADLINE = 0.1
_DOUBT_SHARE = 0.5
# A page title names the headline with a few words at least: "Rates rise | The Herald".
_MIN_PAGE_TITLE_WORDS = 3
# "By Ann Lee | 3 March 2025": a byline and a date sharing one line.
_META_SEPARATOR_RE = re.compile(r"\s+[|·•—–]\s+")


@dataclass(frozen=True)
class ClassifiedBlock:
    """A block and what it is, with the value read from it where it has one."""

    block: Block
    kind: Kind
    date: PageDate | None = None
    byline: str | None = None
    attribution: str | None = None
    caption: CaptionParts | None = None
    copyright_holder: str | None = None
    rule: str | None = None  # the name of the clutter rule that matched

    @property
    def feature_kind(self) -> str:
        """The kind as the segmenter sees it: clutter with the rule that matched."""
        return f"clutter:{self.rule}" if self.rule else self.kind


def _classify_meta(block: Block) -> ClassifiedBlock | None:
    """A byline line, a date line, or both on one line ("By Ann Lee | 3 March 2025")."""
    date = parse_date_line(block.text)
    if date is not None:
        return ClassifiedBlock(block, "date", date=date)
    byline = parse_byline(block.text)
    if byline is not None:
        return ClassifiedBlock(block, "byline", byline=byline)
    parts = _META_SEPARATOR_RE.split(block.text)
    if len(parts) < 2:
        return None
    found_byline, found_date = None, None
    for part in parts:
        part_date = None if is_update_line(part) else parse_date_line(part)
        part_byline = parse_byline(part)
        if part_date is not None and found_date is None:
            found_date = part_date
        elif part_byline is not None and found_byline is None:
            found_byline = part_byline
        elif not (is_update_line(part) or is_clutter(part)):
            # "By Ann Lee · 3 March 2025 · 4 min read" holds clutter; anything else is prose.
            return None
    if found_byline is None:
        return ClassifiedBlock(block, "date", date=found_date) if found_date else None
    return ClassifiedBlock(block, "byline", byline=found_byline, date=found_date)


def classify_block(block: Block) -> ClassifiedBlock:
    """What one block is, judged on its own text.

    >>> classify_block(Block("Advertisement", 1)).kind, classify_block(Block("By Ann Lee", 1)).kind
    ('clutter', 'byline')
    """
    text = block.text
    rule = clutter_rule(text)
    if rule is not None:
        holder = copyright_holder(text) if rule.name == "copyright footer" else None
        return ClassifiedBlock(block, "clutter", copyright_holder=holder, rule=rule.name)
    if is_update_line(text):
        return ClassifiedBlock(block, "update")
    if is_relative_date_line(text):
        return ClassifiedBlock(block, "stamp")
    meta = _classify_meta(block)
    if meta is not None:
        return meta
    attribution = parse_attribution(text)
    if attribution is not None:
        return ClassifiedBlock(block, "attribution", attribution=attribution)
    # A lone agency name is judged by where it stands (source, credit or attribution).
    agency = parse_agency_line(text)
    if agency is not None:
        return ClassifiedBlock(block, "agency", byline=agency)
    caption = find_credit(text)
    if caption is not None:
        kind: Kind = "caption" if caption.text else "credit"
        return ClassifiedBlock(block, kind, caption=caption)
    if is_caption_marker(text):
        return ClassifiedBlock(block, "caption", caption=CaptionParts(text=text, credit=None))
    return ClassifiedBlock(block, "text")


@dataclass
class _Header:
    """What the top of the page said, and where the body starts."""

    titles: list[Block] = field(default_factory=list)
    headline_at: int | None = None  # index in ``titles`` of a headline given twice
    repeated: tuple[str, str | None] | None = None  # that headline and its outlet suffix
    byline: str | None = None
    date: PageDate | None = None
    lead_captions: list[ClassifiedBlock] = field(default_factory=list)
    body_start: int = 0


def _read_header(items: list[ClassifiedBlock], known_names: tuple[str, ...]) -> _Header:
    """Walk the blocks from the top until the body starts.

    The header is the run of short title blocks (outlet, tagline, headline) with byline and
    date lines among them. It ends after a repeated headline, at the first caption, at the
    first block that reads as prose, or after a byline/date line once there are two titles
    (a date may stand between the outlet's name and the headline).
    """
    header = _Header(body_start=len(items))
    meta_since_title = False
    for index, item in enumerate(items):
        kind = item.kind
        if kind in _DROPPED:
            continue
        if kind in ("date", "byline", "agency") and (header.titles or kind == "date"):
            # A byline above any title is more likely a title-case headline ("By Any Means"),
            # and an agency name there is the outlet's own name ("Reuters").
            header.date = header.date or item.date
            header.byline = header.byline or item.byline
            meta_since_title = True
            continue
        if kind in ("caption", "credit", "attribution"):
            if header.titles:
                header.body_start = index
                return header
            # A lead picture above the headline belongs before the first paragraph anyway.
            header.lead_captions.append(item)
            continue
        text = item.block.text
        if not header.titles:
            header.titles.append(item.block)
            continue
        bare_byline = _bare_byline(items, index, header)
        if bare_byline is not None:
            header.byline = header.byline or bare_byline
            meta_since_title = True
            continue
        after_meta = meta_since_title and (len(header.titles) > 1 or ends_sentence(text))
        if header.headline_at is not None or after_meta or looks_like_prose(text):
            header.body_start = index
            return header
        repeated = repeated_headline(header.titles[-1].text, text, known_names)
        if repeated is not None:
            header.headline_at = len(header.titles) - 1
            header.repeated = repeated
            continue
        header.titles.append(item.block)
        meta_since_title = False
    return header


def _next_kind(items: Sequence[ClassifiedBlock], index: int) -> Kind | None:
    """The kind of the first block after ``index`` that is not dropped."""
    following = (item for item in items[index + 1 :] if item.kind not in _DROPPED)
    next_item = next(following, None)
    return None if next_item is None else next_item.kind


def _bare_byline_above_date(items: Sequence[ClassifiedBlock], index: int) -> str | None:
    """The names of the block at ``index`` if it is only names and a date line follows it."""
    if _next_kind(items, index) != "date":
        return None
    return parse_bare_byline(items[index].block.text)


def _bare_byline(items: list[ClassifiedBlock], index: int, header: _Header) -> str | None:
    """The names when the title block at ``index`` is a byline without "By": a person's name
    below the headline and right above the date line.

    "Brennock Evening Post" / "Free meals for every pupil" / "Harriet Ng" / "March 4, 2025":
    the third line is the byline. Above the headline, or with no date line after it, a name
    is more likely a headline ("Harriet Ng" as the title of a profile) and stays a title.
    """
    if header.headline_at is None and len(header.titles) < 2:
        return None
    return _bare_byline_above_date(items, index)


def _split_standfirst(
    titles: list[Block], known_names: tuple[str, ...]
) -> tuple[list[Block], list[Block]]:
    """The title blocks up to the headline, and the standfirst lines after it.

    Above the body, "Outlet / A / B" is a tagline A over a headline B, or a headline A over its
    standfirst B. Headlines and taglines are short; a standfirst is a sentence or two. A title
    line of 16 words or more is therefore the standfirst, read as the first paragraph, and the
    title before it the headline (the first title only when it cannot be an outlet's name):

        The Marlow Standard
        Crane collapse halts work at Kestrel Bay container terminal     <- headline
        Two workers were injured on Tuesday when a 60-metre gantry crane toppled in high
        winds, halting the region's busiest port                        <- first paragraph

    A shorter standfirst without a full stop cannot be told from a headline under a tagline by
    its shape, and stays a title (with a warning naming the ignored header line).
    """
    names = (titles[0].text, *known_names)
    for index, block in enumerate(titles[1:], start=1):
        # A page title ("Headline | Outlet") is a headline, however long.
        text, suffix = split_outlet_suffix(block.text, names)
        if suffix is not None or word_count(text) < _MIN_STANDFIRST_WORDS:
            continue
        headline_at = index - 1
        if headline_at == 0 and looks_like_outlet_name(titles[0].text):
            # "The Herald" / a long title: that title is a long headline, not a standfirst.
            return titles, []
        return titles[:index], titles[index:]
    return titles, []


def _fallback_body(header: _Header) -> int | None:
    """Where the body starts among the title blocks when no prose told it: at the first block
    that ends a sentence ("Name / Headline / Short paragraph. / Another."), never at the first."""
    for index, block in enumerate(header.titles[1:], start=1):
        if ends_sentence(block.text):
            return index
    return None


@dataclass(frozen=True)
class _Publication:
    name: str | None
    tagline: str | None
    headline: str
    headline_line: int
    ignored: tuple[Block, ...]


def _publication(header: _Header, titles: list[Block], known: tuple[str, ...]) -> _Publication:
    """Outlet, tagline and headline from the title blocks.

    The headline is the one given twice, else the last title; the outlet's name is the first
    title, its tagline the next one that is not a section label ("WORLD").
    """
    index = len(titles) - 1 if header.headline_at is None else header.headline_at
    before = titles[:index]
    name = before[0].text if before else None
    if header.repeated is not None:
        headline, suffix = header.repeated
    else:
        names = tuple(filter(None, (name, *known)))
        headline, suffix = split_outlet_suffix(titles[index].text, names)
    rest = [block for block in before[1:] if not looks_like_section_label(block.text)]
    tagline = rest[0].text if rest else None
    ignored = tuple(block for block in before[1:] if tagline is None or block is not rest[0])
    if name is not None and tagline is None:
        name, tagline = split_name_and_tagline(name)
    if name is None and suffix is not None:
        # A page title "Headline | Outlet" names the outlet even when no masthead line does.
        name = suffix
    return _Publication(name, tagline, headline, titles[index].line, ignored)


@dataclass
class _Body:
    paragraphs: list[str] = field(default_factory=list)
    captions: list[ParsedCaption] = field(default_factory=list)
    attributions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _make_caption(parts: CaptionParts, after_paragraph: int) -> ParsedCaption:
    photographer, agencies = split_credit(parts.credit) if parts.credit else (None, ())
    return ParsedCaption(
        text=parts.text,
        credit=parts.credit,
        after_paragraph=after_paragraph,
        photographer=photographer,
        agencies=agencies,
    )


def _looks_like_caption_text(text: str) -> bool:
    """Whether a paragraph could be the caption of a credit on the next line: short, no quote."""
    return word_count(text) <= _MAX_SPLIT_CAPTION_WORDS and not any(
        mark in text for mark in '"“”«»'
    )


def _add_caption(body: _Body, item: ClassifiedBlock, *, after_text: bool) -> None:
    parts = item.caption
    assert parts is not None  # classify_block sets it for captions and credits
    position = len(body.paragraphs)
    if item.kind == "credit":
        last = body.captions[-1] if body.captions else None
        if last and last.credit is None and last.after_paragraph == position:
            # "Pictured: ..." then "Photo: Name" on the next line: one captioned picture.
            merged = CaptionParts(text=last.text, credit=parts.credit)
            body.captions[-1] = _make_caption(merged, position)
            return
        if after_text and body.paragraphs and _looks_like_caption_text(body.paragraphs[-1]):
            # Scrapers often put a caption and its credit on two lines: "Crowds at the gate."
            # then "Photo: Name". A lone credit after a short line takes that line as caption.
            text = body.paragraphs.pop()
            body.captions.append(_make_caption(CaptionParts(text, parts.credit), position - 1))
            body.warnings.append(
                f"caption text taken from the line above its credit (paragraph {position - 1})"
            )
            return
    body.captions.append(_make_caption(parts, position))


def _drop_trailing_furniture(body: _Body) -> None:
    """Drop the run of short lines that are not sentences at the very end of the article.

    Body paragraphs end like sentences; what follows the last one on a page without ending
    like one is the page's furniture: a tag list ("Explore more on these topics" / "Flooding"
    / "Environment"), "Reuse this content", a newsletter teaser. A crosshead inside the body
    is kept, and so is a last paragraph that is all the body there is.
    """
    while len(body.paragraphs) > 1:
        last = body.paragraphs[-1]
        placed_after = any(
            caption.after_paragraph == len(body.paragraphs) for caption in body.captions
        )
        if placed_after or ends_sentence(last) or word_count(last) > _MAX_FURNITURE_WORDS:
            return
        body.paragraphs.pop()
        body.warnings.append(f"trailing line dropped as page furniture: {last[:60]}")


def _read_body(
    items: Sequence[ClassifiedBlock], header: _Header, body: _Body
) -> tuple[str | None, PageDate | None]:
    """Paragraphs, captions and attributions of the body; a late byline or date is kept.

    A byline or date line is still taken after a standfirst paragraph (a name without "By"
    too, when the date line follows it), and an unlabelled date right after a byline ("By Ann
    Lee" then "March 3, 2025"); a lone agency name credits the picture just before it, names
    the source above the first paragraph, and attributes the story below it.
    """
    byline, date = header.byline, header.date
    previous: Kind | None = None
    for index, item in enumerate(items):
        kind = item.kind
        if kind == "text" and byline is None and len(body.paragraphs) <= 1:
            bare = _bare_byline_above_date(items, index)
            if bare is not None:
                byline, previous = bare, "byline"
                continue
        if kind in _DROPPED:
            continue
        consumed = True
        if kind == "date":
            text = item.block.text
            # Under the headline, or under a standfirst: "Headline / Standfirst. / 4 May 2025".
            near_top = len(body.paragraphs) <= 1 or previous in ("byline", "date", "agency")
            if date is None and (near_top or has_published_label(text)):
                date = item.date
                byline = byline or item.byline
            elif not (has_published_label(text) or item.date == date):
                consumed = False
        elif kind == "byline":
            if byline is None or byline == item.byline:
                byline = item.byline
                date = date or item.date
            else:
                consumed = False
        elif kind == "agency":
            assert item.byline is not None  # the agency names, set by classify_block
            last = body.captions[-1] if body.captions else None
            if previous == "caption" and last is not None and last.credit is None:
                body.captions[-1] = _make_caption(
                    CaptionParts(text=last.text, credit=item.byline), last.after_paragraph
                )
            elif not body.paragraphs or (
                # "Headline / Standfirst. / EFE / 9 ago 2025": the source above the date line.
                len(body.paragraphs) <= 1 and byline is None and _next_kind(items, index) == "date"
            ):
                byline = byline or item.byline
            else:
                body.attributions.append(item.byline)
        elif kind == "attribution":
            assert item.attribution is not None
            body.attributions.append(item.attribution)
        elif kind in ("caption", "credit"):
            _add_caption(body, item, after_text=previous == "text")
        else:
            consumed = False
        if not consumed:
            body.paragraphs.append(item.block.text)
        previous = kind if consumed else "text"
    return byline, date


def read_blocks(data: bytes | bytearray | memoryview | str) -> list[ClassifiedBlock]:
    """The classified blocks of a page, before the segmenter: what it and its training read."""
    text = decode_seed(data)
    if not text:
        raise SeedParseError("empty file")
    window = article_window(text)
    blocks = split_blocks(window.text, first_line=window.lines_above + 1)
    if not blocks:
        raise SeedParseError("only whitespace, no text")
    return [classify_block(block) for block in blocks]


def _segmentation(items: list[ClassifiedBlock]) -> Segmentation:
    """The segmenter's labels, or every block kept where the page is the article alone.

    Menus, link lists and buttons show as short lines that end no sentence and that the rules
    do not recognise. A page with hardly any is the article a scraper cut out, or a page of a
    few blocks, which the rules were written to read whole and the model has too little
    around each block to judge: the rules read it whole, as they always did.
    """
    furniture = sum(
        1
        for item in items
        if item.kind == "text"
        and word_count(item.block.text) <= _MAX_MENU_WORDS
        and not ends_sentence(item.block.text)
    )
    if len(items) <= _MAX_BLOCKS_READ_WHOLE or furniture < _MIN_MENU_LINES:
        return Segmentation.whole(len(items))
    return segment([item.block for item in items], [item.feature_kind for item in items])


def _read_top(
    items: list[ClassifiedBlock], known_names: tuple[str, ...]
) -> tuple[_Header, list[Block], list[ClassifiedBlock], list[Block]]:
    """The header as the rules read it from the top of the page: the header, its title blocks
    up to the headline, the body's blocks, and the standfirst taken from the titles."""
    header = _read_header(items, known_names)
    if not header.titles:
        raise SeedParseError("no headline or article text (only page furniture)")
    titles = header.titles
    body_items = items[header.body_start :]
    if not any(item.kind not in _DROPPED for item in body_items) and header.headline_at is None:
        fallback = _fallback_body(header)
        if fallback is not None:
            # The title blocks from ``fallback`` on are short paragraphs, read as body text.
            body_items = [ClassifiedBlock(block, "text") for block in titles[fallback:]]
            titles = titles[:fallback]
    standfirst: list[Block] = []
    if header.headline_at is None:
        titles, standfirst = _split_standfirst(titles, known_names)
        body_items = [ClassifiedBlock(block, "text") for block in standfirst] + body_items
    return header, titles, body_items, standfirst


def _normal_text(text: str, known_names: tuple[str, ...] = ()) -> str:
    return " ".join(split_outlet_suffix(text, known_names)[0].casefold().split())


def _model_headline(
    items: list[ClassifiedBlock], all_items: list[ClassifiedBlock], segmentation: Segmentation
) -> int | None:
    """Where among the kept ``items`` the headline is, if the segmenter is sure of it."""
    chosen = segmentation.headline
    if chosen is None or segmentation.headline_probability < _SURE_HEADLINE:
        return None
    block = all_items[chosen].block
    return next((index for index, item in enumerate(items) if item.block is block), None)


def _doubtful_headline(
    publication: _Publication, all_items: list[ClassifiedBlock], segmentation: Segmentation
) -> bool:
    """Whether the model doubts the rules' headline: it gives the block less than half the
    chance of its own choice, unless the block is the page title (which names the headline)."""
    probabilities = segmentation.title_probabilities
    for index, item in enumerate(all_items):
        if item.block.line == publication.headline_line:
            if index == 0 and segmentation.labels[0] == "MAST":
                return False
            return probabilities[index] < _DOUBT_SHARE * segmentation.headline_probability
    return True


def _header_at(
    items: list[ClassifiedBlock], headline_at: int, known_names: tuple[str, ...]
) -> _Header:
    """The header when the headline is known to be ``items[headline_at]``.

    Above it stand the masthead (the outlet's name and tagline, a page title "Headline |
    Outlet" that names the outlet), a byline or date, a lead picture's caption; below it, up to
    the first block of the body, the byline and date lines.
    """
    header = _Header(body_start=len(items))
    headline = items[headline_at].block
    page_suffix: str | None = None
    for item in items[:headline_at]:
        if item.kind in _DROPPED:
            continue
        if item.kind in ("date", "byline", "agency"):
            header.date = header.date or item.date
            header.byline = header.byline or item.byline
        elif item.kind in ("caption", "credit", "attribution"):
            header.lead_captions.append(item)
        else:
            title, suffix = split_outlet_suffix(item.block.text, known_names)
            if suffix is not None and word_count(title) >= _MIN_PAGE_TITLE_WORDS:
                page_suffix = page_suffix or suffix  # the page title: only its outlet counts
            else:
                header.titles.append(item.block)
    header.titles.append(headline)
    header.headline_at = len(header.titles) - 1
    if page_suffix is not None:
        header.repeated = (split_outlet_suffix(headline.text, known_names)[0], page_suffix)
    for index in range(headline_at + 1, len(items)):
        item = items[index]
        if item.kind in _DROPPED:
            continue
        if item.kind not in ("date", "byline", "agency"):
            header.body_start = index
            break
        header.date = header.date or item.date
        header.byline = header.byline or item.byline
    return header


def _parse(data: bytes | bytearray | memoryview | str) -> ParsedArticle:
    all_items = read_blocks(data)
    known_names = tuple(item.copyright_holder for item in all_items if item.copyright_holder)
    segmentation = _segmentation(all_items)
    if not segmentation.has_body:
        raise SeedParseError(NO_ARTICLE)
    sure = segmentation.headline if segmentation.headline_probability >= _SURE_HEADLINE else None
    items = [
        item for index, item in enumerate(all_items) if segmentation.kept(index) or index == sure
    ]
    header, titles, body_items, standfirst = _read_top(items, known_names)
    headline_at = _model_headline(items, all_items, segmentation)
    if headline_at is not None:
        publication = _publication(header, titles, known_names)
        legacy = publication.headline
        if _normal_text(legacy) != _normal_text(
            items[headline_at].block.text, known_names
        ) and _doubtful_headline(publication, all_items, segmentation):
            # The model is sure of another headline than the rules chose (a share button, a
            # byline the rules do not know, a teaser above the headline): its choice stands.
            header = _header_at(items, headline_at, known_names)
            titles, body_items, standfirst = header.titles, items[header.body_start :], []

    publication = _publication(header, titles, known_names)
    body = _Body()
    if standfirst:
        body.warnings.append("standfirst under the headline read as the first paragraph")
    for lead in header.lead_captions:
        if lead.kind == "attribution":
            assert lead.attribution is not None
            body.attributions.append(lead.attribution)
        else:
            _add_caption(body, lead, after_text=False)
    byline, date = _read_body(body_items, header, body)
    _drop_trailing_furniture(body)
    if not body.paragraphs:
        raise SeedParseError("headline but no body paragraphs", line=publication.headline_line)
    return _assemble(items, publication, body, byline, date, segmentation)


def _warnings(
    items: list[ClassifiedBlock],
    publication: _Publication,
    body: _Body,
    byline: str | None,
    date: PageDate | None,
    language_found: bool,
    segmentation: Segmentation,
) -> list[str]:
    warnings = list(body.warnings)
    if segmentation.confidence < UNCERTAIN_BELOW:
        warnings.append(f"body boundaries uncertain (confidence {segmentation.confidence:.2f})")
    if publication.name is None:
        warnings.append("no publication line")
    if date is None:
        if any(item.kind == "update" for item in items):
            warnings.append("no date (only an update date)")
        elif any(item.kind == "stamp" for item in items):
            warnings.append("no date (only a relative time such as '2 hours ago')")
        else:
            warnings.append("no date")
    if byline is None:
        warnings.append("no byline")
    for block in publication.ignored:
        warnings.append(f"header line ignored (line {block.line}): {block.text[:60]}")
    for caption in body.captions:
        if caption.credit is None:
            warnings.append(f"caption without credit (paragraph {caption.after_paragraph})")
        elif not caption.text:
            warnings.append(
                f"image credit without caption text (paragraph {caption.after_paragraph})"
            )
    if len(body.attributions) > 1:
        warnings.append(f"{len(body.attributions)} attribution lines, joined")
    if not language_found:
        warnings.append(f"language not recognised, assumed {DEFAULT_LANGUAGE}")
    return warnings


def _assemble(
    items: list[ClassifiedBlock],
    publication: _Publication,
    body: _Body,
    byline: str | None,
    date: PageDate | None,
    segmentation: Segmentation,
) -> ParsedArticle:
    sample = " ".join([publication.headline, *body.paragraphs])
    scores = language_scores(sample)
    language = best_language(scores)
    language_found = any(score > 0 for score in scores.values())
    warnings = _warnings(items, publication, body, byline, date, language_found, segmentation)
    return ParsedArticle(
        publication_name=publication.name,
        publication_tagline=publication.tagline,
        headline=publication.headline,
        byline=byline,
        published=date.date if date else None,
        published_at=date.moment if date else None,
        language=language,
        paragraphs=tuple(body.paragraphs),
        captions=tuple(body.captions),
        attribution="; ".join(body.attributions) or None,
        warnings=tuple(warnings),
        confidence=segmentation.confidence,
        uncertain=segmentation.confidence < UNCERTAIN_BELOW,
    )


def parse_seed(
    data: bytes | bytearray | memoryview | str, *, source: str = "<seed>"
) -> ParsedArticle:
    """Parse one seed file (its bytes, or its text) into a ``ParsedArticle``.

    Raises ``SeedParseError`` (and nothing else) for a file that cannot be parsed: empty,
    whitespace only, binary, undecodable, or a headline with no body.
    """
    if not isinstance(data, bytes | bytearray | memoryview | str):
        raise SeedParseError(f"expected bytes or text, got {type(data).__name__}", source=source)
    try:
        return _parse(data)
    except SeedParseError as error:
        raise error.with_source(source) from None
    except Exception as error:
        # The loader relies on one error type; an unforeseen failure on a strange file is
        # still that file's problem, reported with it, not a crash of the whole load.
        raise SeedParseError(
            f"internal parser error ({type(error).__name__}: {error})", source=source
        ) from error


def to_expected_dict(article: ParsedArticle) -> dict[str, Any]:
    """The article in the shape of a corpus ``.expected.json`` file."""
    published: datetime.date | None = article.published
    return {
        "publication": {"name": article.publication_name, "tagline": article.publication_tagline},
        "headline": article.headline,
        "byline": article.byline,
        "published": published.isoformat() if published else None,
        "language": article.language,
        "paragraphs": list(article.paragraphs),
        "captions": [
            {
                "text": caption.text,
                "credit": caption.credit,
                "after_paragraph": caption.after_paragraph,
            }
            for caption in article.captions
        ],
        "attribution": article.attribution,
    }
