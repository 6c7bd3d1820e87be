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

import dataclasses
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from articles.parsing.blocks import Block, split_blocks
from articles.parsing.clutter import clutter_rule, is_clutter, without_caption_toggle
from articles.parsing.credits import (
    CaptionParts,
    find_agency_credit,
    find_credit,
    is_caption_marker,
    split_credit,
)
from articles.parsing.dates import (
    PageDate,
    find_date_line,
    has_published_label,
    is_relative_date_line,
    is_update_line,
    parse_date_line,
    parse_time_line,
    without_relative_stamp,
)
from articles.parsing.decoding import decode_seed
from articles.parsing.errors import SeedParseError, reported_as
from articles.parsing.headers import (
    copyright_holder,
    is_byline_label,
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
from articles.parsing.text import TERMINAL_PUNCTUATION, ends_sentence, word_count
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
# keeps a new article as a draft for an editor to check. Measured in cross-validation on 191
# real pages: the 8% drafted read at body F1 0.67 on average, the others at 0.94; six of the
# eight pages read worst (F1 under 0.7) are among them.
UNCERTAIN_BELOW = 0.75
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
# A byline may stand under the standfirst, the first block of the body.
_NAMES_BELOW_BODY = 1
_NAMES_BELOW_STANDFIRST = 10
# A page title names the headline with a few words at least: "Rates rise | The Herald".
_MIN_PAGE_TITLE_WORDS = 3
# "By Ann Lee | 3 March 2025": a byline and a date sharing one line.
_META_SEPARATOR_RE = re.compile(r"\s+[|·•—–/-]\s+|\s*[|·•]\s*")
# The outlet's or section's name beside a byline or date is a few words.
_MAX_META_LABEL_WORDS = 4
# A line of byline, date and labels is short; a longer block with separators is prose.
_MAX_META_LINE_LENGTH = 200


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
    # A byline of names without "By", read from where they stand beside a date: trusted near
    # the top of the article only ("02.11.2022 - Disarstar - Grelle Forelle" in a list is not).
    bare: bool = False

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
    if is_byline_label(block.text):
        # "By" alone: the names are on the next line (``_names_after_label``).
        return ClassifiedBlock(block, "byline")
    return _separated_meta(block) or _byline_beside_date(block)


def _is_meta_label(part: str) -> bool:
    """Whether a part of a meta line names the outlet, the section or the desk rather than
    saying anything: "CBC News", "TIMESOFINDIA.COM", "Innlent", "mbl"."""
    words = part.split()
    if not words or len(words) > _MAX_META_LABEL_WORDS or ends_sentence(part):
        return False
    # "Audio: Antenne Brandenburg", "Bild: Name": a labelled part belongs to a player or a
    # picture, and the line is their caption.
    if ":" in part:
        return False
    return len(words) == 1 or looks_like_outlet_name(part)


def _separated_meta(block: Block) -> ClassifiedBlock | None:
    """A byline and a date among other parts of one line, split by bars, dots or dashes.

    "Yasmine Hassan · CBC News · Posted: Aug 08, 2024 4:00 AM EDT | Last Updated: August 8":
    the names (with or without "By"), the date, and besides them only the outlet or section,
    an update stamp, a relative time, a time of day or a button. A name without "By" counts
    only beside a date or time stamp, and the outlet's name only beside a byline or a date.
    """
    if len(block.text) > _MAX_META_LINE_LENGTH:
        return None
    parts = [part for part in _META_SEPARATOR_RE.split(block.text) if part.strip()]
    if len(parts) < 2:
        return None
    found_byline = found_date = found_time = bare = None
    stamped = False
    for part in parts:
        if is_update_line(part):
            stamped = True
            continue
        part_date = parse_date_line(part) or _date_before_button(part)
        if part_date is not None:
            found_date = found_date or part_date
            continue
        part_byline = parse_byline(part)
        if part_byline is not None:
            found_byline = found_byline or part_byline
            continue
        part_time = parse_time_line(part)
        if part_time is not None:
            found_time = found_time or part_time
        elif is_relative_date_line(part):
            stamped = True
        elif is_clutter(part):
            # "By Ann Lee · 3 March 2025 · 4 min read": a counter or a button.
            continue
        elif bare is None and (names := parse_bare_byline(part)) is not None:
            bare = names
        elif not _is_meta_label(part):
            return None
    if found_date is not None and found_time is not None and found_date.time is None:
        found_date = dataclasses.replace(found_date, time=found_time)
    dated = found_date is not None or found_time is not None or stamped
    byline = found_byline or (bare if dated else None)
    if byline is None and (found_date is None or bare is not None):
        # Names with nothing dated beside them, or a date beside a person who is not the
        # author, are not a meta line.
        return None
    kind: Kind = "byline" if byline is not None else "date"
    bare_names = found_byline is None and byline is not None
    return ClassifiedBlock(block, kind, byline=byline, date=found_date, bare=bare_names)


def _date_before_button(text: str) -> PageDate | None:
    """The date of a date line that a button's label follows: "Sep 2, 2024, 17:07 IST Share"."""
    found = find_date_line(text)
    if found is None or found[0] or not found[2] or not is_clutter(found[2]):
        return None
    return found[1]


def _byline_beside_date(block: Block) -> ClassifiedBlock | None:
    """A byline and a date on one line with nothing between them.

    "Von Eileen Wagner 10.09.2025, 09:53 Uhr", "By Madeleine Howell 30 August 2023 • 4:45pm",
    "28.04.2024, 17:19 Uhr Von Simone Jülicher": the date line found inside the line, the rest
    a byline (with or without "By", or a news agency), and maybe a button after the date
    ("Share Article"). One word before a date is a place, an outlet or a section: "Berlin
    10.09.2025" is a date line.
    """
    found = find_date_line(block.text)
    if found is None:
        # "Nizaar Kinsella 2 minutes ago": names and a relative time, which gives no date.
        names = without_relative_stamp(block.text)
        byline = parse_bare_byline(names) if names else None
        return (
            None if byline is None else ClassifiedBlock(block, "byline", byline=byline, bare=True)
        )
    before, date, after = found
    names = before or after
    if before and after and not is_clutter(after) and not _is_meta_label(after):
        return None
    byline = parse_byline(names)
    bare = byline is None
    byline = byline or parse_bare_byline(names) or parse_agency_line(names)
    if byline is not None:
        return ClassifiedBlock(block, "byline", byline=byline, date=date, bare=bare)
    if before and not after and len(before.split()) == 1 and not ends_sentence(before):
        return ClassifiedBlock(block, "date", date=date)
    return None


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
    if caption is None and (untoggled := without_caption_toggle(text)) != text:
        caption = find_credit(untoggled)
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
    # How many titles had been read when the date was: a date with a title under it stood
    # above the headline, maybe the site's "today" stamp rather than the article's date.
    date_titles: int = 0
    ignored_dates: list[PageDate] = field(default_factory=list)
    lead_captions: list[ClassifiedBlock] = field(default_factory=list)
    body_start: int = 0
    # Blocks read as part of a byline above them ("By" then the names on the next line).
    consumed: set[int] = field(default_factory=set)


def _joined_byline(byline: str | None, names: str | None, *, adjacent: bool) -> str | None:
    """The byline with ``names`` added when a page prints its authors on lines of their own.

    "Mathias Hagen – Journalist" then "Anders Skjerdingstad – Journalist": two byline lines in a
    row are one byline, "Mathias Hagen, Anders Skjerdingstad"; a byline further down (an
    author box, a quoted name) leaves the first one as it is.
    """
    if byline is None or names is None:
        return byline or names
    if not adjacent or names.casefold() in byline.casefold():
        return byline
    return f"{byline}, {names}"


def _date_above_headline(header: _Header) -> bool:
    """Whether the header's date was read before a title that followed it."""
    return header.date is not None and header.date_titles < len(header.titles)


def _read_date(header: _Header, item: ClassifiedBlock) -> None:
    """Take the date of a date or byline line in the header.

    The first date wins, but a date printed above the headline gives way to one under it: a
    site's "today" stamp ("Tuesday, 26 November 2024" in the masthead, maybe under the page
    title) stands above the headline, the article's date below it.
    """
    if item.date is None:
        return
    if header.date is None or _date_above_headline(header):
        if header.date is not None and header.date != item.date:
            header.ignored_dates.append(header.date)
        header.date = item.date
        header.date_titles = len(header.titles)


_NAME_JOINERS = frozenset({",", ";", "&", "and", "und", "et", "y", "e", "og", "och", "en", "i"})


def _names_after_label(items: Sequence[ClassifiedBlock], index: int) -> tuple[str | None, int]:
    """The names that follow a byline word standing alone on its line, and the index of the
    last block that holds them.

    "von" / "Konstantin Furrer" / "," / "Deutsche Presse-Agentur": the names may come on
    several lines, joined by lines that are only a comma or "and".
    """
    names: list[str] = []
    last = index
    expect_name = True
    for position in range(index + 1, len(items)):
        item = items[position]
        if item.kind in _DROPPED:
            continue
        text = item.block.text.strip()
        found = item.byline if item.kind in ("byline", "agency") else None
        found = found or parse_bare_byline(text) or parse_agency_line(text)
        if found is not None and found in names:
            # The same name printed twice (a link, then its tooltip).
            last = position
        elif expect_name:
            if found is None:
                break
            names.append(found)
            last, expect_name = position, False
        elif text.casefold() in _NAME_JOINERS:
            expect_name = True
        else:
            break
    return (", ".join(names) or None), last


def _differs_by_a_full_stop(first: str, second: str) -> bool:
    """Whether two blocks read the same but for a full stop at the end of one.

    >>> _differs_by_a_full_stop("The council met", "The council met."), _differs_by_a_full_stop(
    ...     "Rates rise?", "Rates rise? - The Herald")
    (True, False)
    """
    shorter, longer = sorted((first.strip(), second.strip()), key=len)
    rest = longer[len(shorter) :].strip()
    return (
        longer.startswith(shorter)
        and bool(rest)
        and all(char in TERMINAL_PUNCTUATION for char in rest)
    )


def _between_headline_copies(
    items: list[ClassifiedBlock], index: int, header: _Header, known_names: tuple[str, ...]
) -> bool:
    """Whether the caption at ``index`` stands between the only title and its repetition, as a
    lead picture does between a page's heading and the headline printed under it:

    "Rates rise" / "Traders at the exchange. Photo: Ann Lee" / "Rates rise" / ...
    """
    if len(header.titles) != 1 or header.headline_at is not None:
        return False
    following = (item for item in items[index + 1 :] if item.kind not in _DROPPED)
    after = next((item for item in following if item.kind not in ("caption", "credit")), None)
    return (
        after is not None
        and after.kind == "text"
        and repeated_headline(header.titles[0].text, after.block.text, known_names) is not None
    )


def _read_header(items: list[ClassifiedBlock], known_names: tuple[str, ...]) -> _Header:
    """Walk the blocks from the top until the body starts.

    The header is the run of short title blocks (outlet, tagline, headline) with byline and
    date lines among them. It ends after a repeated headline, at the first caption, at the
    first block that reads as prose, or after a byline/date line once there are two titles
    (a date may stand between the outlet's name and the headline).
    """
    header = _Header(body_start=len(items))
    meta_since_title = False
    previous: Kind | None = None
    for index, item in enumerate(items):
        kind = item.kind
        if kind in _DROPPED or index in header.consumed:
            continue
        if kind == "byline" and item.byline is None:
            # "By" alone on its line: the names are on the next lines.
            names, last = _names_after_label(items, index)
            header.consumed.update(range(index + 1, last + 1))
            if header.titles:
                header.byline = _joined_byline(header.byline, names, adjacent=previous == "byline")
                meta_since_title = True
            previous = "byline"
            continue
        if kind in ("date", "byline", "agency") and (header.titles or kind == "date"):
            # A byline above any title is more likely a title-case headline ("By Any Means"),
            # and an agency name there is the outlet's own name ("Reuters").
            _read_date(header, item)
            header.byline = _joined_byline(
                header.byline, item.byline, adjacent=previous == "byline" and kind == "byline"
            )
            meta_since_title = True
            previous = kind
            continue
        if kind in ("caption", "credit", "attribution"):
            if header.titles and not _between_headline_copies(items, index, header, known_names):
                header.body_start = index
                return header
            # A lead picture above the headline belongs before the first paragraph anyway.
            header.lead_captions.append(item)
            previous = kind
            continue
        text = item.block.text
        previous = kind
        if not header.titles:
            header.titles.append(item.block)
            continue
        if _lead_agency_caption(items, index) is not None:
            header.body_start = index
            return header
        if header.headline_at is None:
            # The page title, then the same headline as the heading (maybe after the date or the
            # lead picture), even a headline long enough to read as a sentence ("Hat Quantumscape
            # genug Akkus ...?"); a copy of the headline is never a byline.
            last = header.titles[-1].text
            repeated = repeated_headline(last, text, known_names)
            # A sentence under a title that reads the same but for its full stop is the first
            # paragraph under its own standfirst, not the headline again.
            if repeated is not None and not _differs_by_a_full_stop(last, text):
                header.headline_at = len(header.titles) - 1
                header.repeated = repeated
                continue
        bare_byline = _bare_byline(items, index, header)
        if bare_byline is not None:
            header.byline = header.byline or bare_byline
            header.consumed.update(_repeats(items, index))
            meta_since_title = True
            previous = "byline"
            continue
        # After a byline or date line the body starts, unless the only title so far may be the
        # outlet's name or the page title, with the headline still to come ("Outlet" / "4 March
        # 2025" / "Headline").
        after_meta = meta_since_title and (
            len(header.titles) > 1
            or ends_sentence(text)
            or _is_headline(header.titles[0], known_names)
        )
        if header.headline_at is not None or after_meta or looks_like_prose(text):
            header.body_start = index
            return header
        header.titles.append(item.block)
        meta_since_title = False
    return header


def _is_headline(title: Block, known_names: tuple[str, ...]) -> bool:
    """Whether a title can only be a headline: not an outlet's name, not a page title with its
    outlet suffix ("Headline | Outlet"), which the heading may repeat further down."""
    text = title.text
    return not looks_like_outlet_name(text) and split_outlet_suffix(text, known_names)[1] is None


def _repeats(items: Sequence[ClassifiedBlock], index: int) -> list[int]:
    """The blocks right after ``index`` that repeat its text (a name printed as a link, then
    again as its tooltip)."""
    repeats = []
    for position in range(index + 1, len(items)):
        if items[position].block.text != items[index].block.text:
            break
        repeats.append(position)
    return repeats


def _lead_agency_caption(items: Sequence[ClassifiedBlock], index: int) -> CaptionParts | None:
    """The caption of the lead picture when the text block at ``index``, standing where that
    caption stands (under the headline, above the first paragraph), ends with news agencies
    after its last sentence: "Paketflut aus China: ... Risiken bergen. dpa". Body text follows
    it; a story of one paragraph signed "... EFE" is not a caption."""
    if items[index].kind != "text" or _next_kind(items, index) != "text":
        return None
    return find_agency_credit(items[index].block.text)


def _next_kind(items: Sequence[ClassifiedBlock], index: int) -> Kind | None:
    """The kind of the first block after ``index`` that is not dropped."""
    following = (item for item in items[index + 1 :] if item.kind not in _DROPPED)
    next_item = next(following, None)
    return None if next_item is None else next_item.kind


def _beside_meta(items: Sequence[ClassifiedBlock], index: int) -> bool:
    """Whether the block at ``index`` stands right above a date line, a time stamp ("Published
    3 seconds ago", "Updated 14:02"), a news agency's name ("Ann Lee" / "Associated Press") or
    the lead picture's caption or credit, or right under a date line: the places where a byline
    stands. Buttons between them do not count."""
    text = items[index].block.text
    for item in items[index + 1 :]:
        if item.kind in ("date", "stamp", "update", "agency", "caption", "credit"):
            return True
        # The same names printed twice in a row count as one line.
        if item.kind != "clutter" and item.block.text != text:
            break
    for item in reversed(items[:index]):
        if item.kind == "date":
            return True
        if item.kind not in ("clutter", "stamp", "update"):
            break
    return False


def _bare_byline_above_date(items: Sequence[ClassifiedBlock], index: int) -> str | None:
    """The names of the block at ``index`` if it is only names and stands beside a date line
    (or a time stamp, or the lead picture's caption)."""
    if not _beside_meta(items, index):
        return None
    return parse_bare_byline(items[index].block.text)


def _bare_byline(items: list[ClassifiedBlock], index: int, header: _Header) -> str | None:
    """The names when the title block at ``index`` is a byline without "By": a person's name
    below the headline and right above the date line (or a time stamp, or the lead picture).

    "Brennock Evening Post" / "Free meals for every pupil" / "Harriet Ng" / "March 4, 2025":
    the third line is the byline. Above the headline, or with no date line after it, a name
    is more likely a headline ("Harriet Ng" as the title of a profile) and stays a title. So
    is a name under a single title that could be an outlet's name ("Brennock Evening Post" /
    "Harriet Ng"); under a title that can only be a headline, or under a headline given twice
    (page title, then heading), the name is the byline:

    "Climate change: Labor on track to hit 2030 target" / "Dan Jervis-Bardy" / "26 Nov 2024".
    """
    one_title = header.headline_at is None and len(header.titles) < 2
    if one_title and looks_like_outlet_name(header.titles[0].text):
        return None
    if one_title or header.headline_at == len(header.titles) - 1:
        # Under a title that cannot be an outlet's name, or under the headline given twice, a
        # line of names is the byline wherever it stands: no headline stands under a headline.
        return parse_bare_byline(items[index].block.text)
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
        if last and last.credit == parts.credit and last.after_paragraph == position:
            # The credit printed again under the same picture (after its "toggle caption"
            # button): still one picture.
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


def _drop_lead_copies(body: _Body, leads: int) -> None:
    """Drop a picture above the headline that the body shows again with the same caption (the
    header's copy of the article's picture): it is counted once, where the body has it."""
    later = {(caption.text, caption.credit) for caption in body.captions[leads:]}
    body.captions[:leads] = [
        caption for caption in body.captions[:leads] if (caption.text, caption.credit) not in later
    ]


def _drop_trailing_furniture(body: _Body) -> list[str]:
    """Drop the run of short lines that are not sentences at the very end of the article.

    Body paragraphs end like sentences; what follows the last one on a page without ending
    like one is the page's furniture: a tag list ("Explore more on these topics" / "Flooding"
    / "Environment"), "Reuse this content", a newsletter teaser. A crosshead inside the body
    is kept, and so is a last paragraph that is all the body there is. The lines dropped are
    returned, last first.
    """
    dropped: list[str] = []
    while len(body.paragraphs) > 1:
        last = body.paragraphs[-1]
        placed_after = any(
            caption.after_paragraph == len(body.paragraphs) for caption in body.captions
        )
        if placed_after or ends_sentence(last) or word_count(last) > _MAX_FURNITURE_WORDS:
            break
        body.paragraphs.pop()
        body.warnings.append(f"trailing line dropped as page furniture: {last[:60]}")
        dropped.append(last)
    return dropped


def _closing_date(dropped: list[str]) -> PageDate | None:
    """The date of a date line printed after the last paragraph, as some outlets print it
    ("... last paragraph." / "5 gennaio 2025 (modifica il 6 gennaio 2025 | 15:24)"): the
    article's date when none stands above the body."""
    return next((date for line in dropped if (date := parse_date_line(line)) is not None), None)


def _note_ignored_date(body: _Body, ignored: PageDate | None, taken: PageDate | None) -> None:
    if ignored is not None and taken is not None and ignored.date != taken.date:
        body.warnings.append(f"date above the headline ignored: {ignored.date.isoformat()}")


def _read_body(
    items: Sequence[ClassifiedBlock],
    header: _Header,
    body: _Body,
    meta_lines: frozenset[int] = frozenset(),
) -> tuple[str | None, PageDate | None]:
    """Paragraphs, captions and attributions of the body; a late byline or date is kept.

    ``meta_lines`` are the lines of the blocks the segmenter took for the article's byline and
    date: there, a byline or date line is the article's wherever it stands (under a standfirst
    of two paragraphs, say), not a paragraph.

    A byline or date line is still taken after a standfirst paragraph (a name without "By"
    too, when the date line follows it), and an unlabelled date right after a byline ("By Ann
    Lee" then "March 3, 2025"); a lone agency name credits the picture just before it, names
    the source above the first paragraph, and attributes the story below it.
    """
    byline, date = header.byline, header.date
    # A date above the headline gives way to one under it (``_read_date``).
    replaceable_date = _date_above_headline(header)
    previous: Kind | None = None
    skipped: set[int] = set()
    for index, item in enumerate(items):
        kind = item.kind
        if index in skipped:
            continue
        if kind == "text" and byline is None and len(body.paragraphs) <= 1:
            bare = _bare_byline_above_date(items, index)
            if bare is not None:
                byline, previous = bare, "byline"
                skipped.update(_repeats(items, index))
                continue
        if kind in _DROPPED:
            continue
        lead = _lead_agency_caption(items, index) if not body.paragraphs else None
        if lead is not None:
            body.captions.append(_make_caption(lead, 0))
            previous = "caption"
            continue
        consumed = True
        if kind == "byline" and item.byline is None:
            # "By" alone on its line: the names are on the next lines.
            names, last = _names_after_label(items, index)
            skipped.update(range(index + 1, last + 1))
            if len(body.paragraphs) <= 1:
                byline = _joined_byline(byline, names, adjacent=previous == "byline")
        elif kind == "date":
            text = item.block.text
            # Under the headline, or under a standfirst: "Headline / Standfirst. / 4 May 2025".
            near_top = (
                len(body.paragraphs) <= 1
                or previous in ("byline", "date", "agency")
                or item.block.line in meta_lines
            )
            if (date is None or replaceable_date) and (near_top or has_published_label(text)):
                _note_ignored_date(body, date, item.date)
                date, replaceable_date = item.date, False
                byline = byline or item.byline
            elif not (has_published_label(text) or item.date == date):
                consumed = False
        elif kind == "byline":
            near_top = (
                len(body.paragraphs) <= 1
                or previous in ("byline", "date", "agency")
                or item.block.line in meta_lines
            )
            if item.bare and not near_top:
                consumed = False
            elif byline is None or byline == item.byline or previous == "byline":
                byline = _joined_byline(byline, item.byline, adjacent=previous == "byline")
                if date is None or (replaceable_date and item.date is not None):
                    _note_ignored_date(body, date, item.date)
                    date = item.date or date
                    replaceable_date = replaceable_date and item.date is None
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
        elif byline is not None and item.block.text.casefold() == byline.casefold():
            # The byline's name again on its own, over the author's box ("Ann Lee" / "Sports
            # editor" / a short biography): not a paragraph.
            pass
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
    # Menus, teasers and share buttons repeat down a page: each text is read once.
    by_text: dict[str, ClassifiedBlock] = {}
    items = []
    for block in blocks:
        known = by_text.get(block.text)
        if known is None:
            known = by_text[block.text] = classify_block(block)
            items.append(known)
        else:
            items.append(dataclasses.replace(known, block=block))
    return items


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
    names = _bylines_under_the_headline(all_items, segmentation, sure)
    items = [
        item
        for index, item in enumerate(all_items)
        if segmentation.kept(index) or index == sure or index in names
    ]
    return read_article(items, known_names, segmentation, all_items=all_items)


def _bylines_under_the_headline(
    items: list[ClassifiedBlock], segmentation: Segmentation, headline: int | None
) -> set[int]:
    """The date lines, and the blocks of nothing but people's names, between the headline and
    the body, which the segmenter may take for furniture ("Nikita Mazurov" among share buttons,
    a date line printed twice): kept for the rules, which tell a byline and the date by where
    they stand."""
    labels = segmentation.labels
    if headline is None or "BODY" not in labels[headline:]:
        return set()
    body = labels.index("BODY", headline)
    # Under a standfirst, the byline may stand below a lead picture, before the second
    # paragraph: "Standfirst / picture / Ann Lee / Madrid - 15 oct 2024".
    second = next((i for i in range(body + 1, len(labels)) if labels[i] == "BODY"), len(labels))
    end = max(body + _NAMES_BELOW_BODY + 1, min(second, body + _NAMES_BELOW_STANDFIRST))
    reach = [i for i in range(headline + 1, min(len(items), end)) if not segmentation.kept(i)]
    kept = {i for i in reach if items[i].kind in ("date", "byline")}
    names = [i for i in reach if items[i].kind == "text" and parse_bare_byline(items[i].block.text)]
    # Under a headline, a name without "By" may as well be a kicker ("Tribunal Supremo") or
    # the name of the person pictured: where several stand, the one beside a date is the byline.
    beside = [i for i in names if _beside_meta(items, i)]
    # "Published April 26, 2023" right above the headline, which the segmenter left above it.
    above = [i for i in range(max(0, headline - 3), headline) if items[i].kind not in _DROPPED]
    if (
        above
        and items[above[-1]].kind == "date"
        and has_published_label(items[above[-1]].block.text)
    ):
        kept.add(above[-1])
    # "Von" alone on its line, the name on the next, which the segmenter took for furniture.
    for index in range(headline + 1, min(len(items), end)):
        if items[index].kind == "byline" and items[index].byline is None:
            kept.update(range(index + 1, _names_after_label(items, index)[1] + 1))
    return kept | set(beside or names[:1])


def read_article(
    items: list[ClassifiedBlock],
    known_names: tuple[str, ...],
    segmentation: Segmentation,
    *,
    all_items: list[ClassifiedBlock] | None = None,
) -> ParsedArticle:
    """The article the blocks kept by the segmenter make: header, body, captions, warnings.

    ``known_names`` are the outlet names the page's copyright lines give; ``all_items`` every
    block of the page, where the segmenter's choice of headline may overrule the rules'.
    ``bench.parser`` calls this with the blocks a perfect segmenter would keep, to measure the
    rules alone.
    """
    header, titles, body_items, standfirst = _read_top(items, known_names)
    headline_at = None if all_items is None else _model_headline(items, all_items, segmentation)
    if headline_at is not None and all_items is not None:
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
    for ignored in header.ignored_dates:
        body.warnings.append(f"date above the headline ignored: {ignored.date.isoformat()}")
    leads = len(body.captions)
    meta_lines = frozenset(
        ()
        if all_items is None
        else (
            all_items[index].block.line
            for index, label in enumerate(segmentation.labels)
            if label == "META"
        )
    )
    byline, date = _read_body(body_items, header, body, meta_lines)
    _drop_lead_copies(body, leads)
    dropped = _drop_trailing_furniture(body)
    if date is None and (date := _closing_date(dropped)) is not None:
        body.warnings.append("date read from a line after the last paragraph")
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
    with reported_as(source):
        return _parse(data)


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
