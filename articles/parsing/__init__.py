"""The seed-file parser: plain-text dumps of news pages in, ``ParsedArticle`` out.

Pure functions only (no Django), one job per module:

- ``decoding``: bytes to text (UTF-8/16/32 with or without BOM, Windows-1252), binary refused
- ``blocks``: text to blocks (blank-line separated, one-line paragraphs, hard-wrapped text)
- ``clutter``: page furniture to drop (ads, share buttons, "Read more:", copyright lines)
- ``dates``: publication date lines in many formats, languages and time zones
- ``credits`` (with ``agencies``): photo credits in captions, and their photographer/agencies
- ``headers``: outlet, tagline, headline, byline and attribution lines
- ``language``: ISO 639-1 language by stopword scoring
- ``window``: the part of a very long page that holds the article
- ``stopwords``, ``features``, ``segmenter``: where the article is on a whole page, labelled by a
  model learnt from real pages (``bench/parser/train.py``)
- ``pipeline``: classify every block, find the article, and assemble it
"""

from articles.parsing.credits import split_credit
from articles.parsing.dates import parse_date_line
from articles.parsing.decoding import decode_seed
from articles.parsing.errors import SeedParseError
from articles.parsing.language import detect_language
from articles.parsing.models import ParsedArticle, ParsedCaption
from articles.parsing.pipeline import UNCERTAIN_BELOW, parse_seed, to_expected_dict

__all__ = [
    "UNCERTAIN_BELOW",
    "ParsedArticle",
    "ParsedCaption",
    "SeedParseError",
    "decode_seed",
    "detect_language",
    "parse_date_line",
    "parse_seed",
    "split_credit",
    "to_expected_dict",
]
