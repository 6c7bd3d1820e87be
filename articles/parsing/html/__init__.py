"""Saved web pages in, ``ParsedArticle`` out: the same result as the text parser's.

Pure functions, no Django, one job per module:

- ``decoding``: bytes to text (byte order mark, declared charset, UTF-8, sniffed legacy encoding)
- ``metadata``: the page's own data (schema.org JSON-LD and microdata, OpenGraph, ``<meta>``,
  ``<html lang>``, the canonical URL), read with ``extruct``
- ``body``: the article's text, found by ``trafilatura`` and cleaned by the text parser's rules
- ``figures``: captioned ``<figure>``s with their pictures, and where they stand in the text
- ``page``: the pipeline, with ``htmldate`` for pages whose data has no date
"""

from articles.parsing.html.page import parse_html_page

__all__ = ["parse_html_page"]
