"""A parsed web-search query (``articles.search``) run against the database: the articles that
match, with a relevance, and a highlighted snippet of each.

On PostgreSQL it is full text search over each article's search document (headline, captions
with their credits, body; see migration ``0006_article_search_index``): words are stemmed in the
article's language (``condemning`` finds *condemned* in English), phrases must appear as
written, and results are ranked with headline matches first. Elsewhere (SQLite, for development)
each word or phrase is a case-insensitive substring of the headline, the body, a caption or a
credit, and relevance only puts headline matches first.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from functools import lru_cache, reduce
from operator import or_
from typing import Any

from django.contrib.postgres.search import SearchQueryField, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import Case, Exists, F, Func, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import Col, Expression
from django.db.models.fields import BooleanField, IntegerField

from articles.models import NEWEST_FIRST, Article, Caption
from articles.search import (
    DEFAULT_SEARCH_CONFIG,
    SEARCH_CONFIGS,
    Extract,
    ParsedQuery,
    Term,
    extract,
    query_stems,
    search_config,
)

# As in the search document (see the migration): "EFE/EPA" is two words, not a file name.
_AS_SPACES = str.maketrans("<>/", "   ")


class SearchDocument(Expression):
    """The ``search_document`` column that the migration adds on PostgreSQL and that the model
    does not declare, as a column of whichever alias the query gives the article table."""

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, *args, **kwargs):
        field = SearchVectorField()
        field.set_attributes_from_name("search_document")
        field.model = Article
        return Col(query.get_initial_alias(), field, output_field=field)


def _tsquery_sql(parsed: ParsedQuery, config: str) -> str:
    """The query as one ``tsquery`` in ``config``, its terms the named parameters ``t0``, ``t1``…
    in the order of ``_term_params``: ``(plainto_tsquery('english', %(t0)s) ||
    phraseto_tsquery('english', %(t1)s)) && !!plainto_tsquery('english', %(t2)s)``."""
    numbers = itertools.count()

    def term_sql(term: Term) -> str:
        function = "phraseto_tsquery" if term.phrase else "plainto_tsquery"
        return f"{function}('{config}'::regconfig, %(t{next(numbers)})s)"

    parts = ["(" + " || ".join(map(term_sql, group)) + ")" for group in parsed.groups]
    parts += [f"!!({term_sql(term)})" for term in parsed.excluded]
    return "(" + " && ".join(parts) + ")"


def _term_params(parsed: ParsedQuery) -> dict[str, str]:
    terms = [*parsed.terms, *parsed.excluded]
    return {f"t{number}": term.text.translate(_AS_SPACES) for number, term in enumerate(terms)}


_CONFIGS = sorted({*SEARCH_CONFIGS.values(), DEFAULT_SEARCH_CONFIG})
# Written into the SQL as literals and names (below), so they must be plain names.
if not all(re.fullmatch(r"[a-z_]+", config) for config in _CONFIGS):
    raise ValueError(f"text search configurations must be plain names: {_CONFIGS}")
# The keys of ``resolved_queries`` that the search's SQL reads (``postgresql_search``).
QUERY_KEYS = (("query", ""), *(("query", config) for config in _CONFIGS))
# A lexeme as ``tsquery`` writes it: quoted, with quotes and backslashes doubled.
_QUOTED_LEXEME = re.compile(r"'((?:[^'\\]|''|\\.)*)'")


def resolved_queries(parsed: ParsedQuery, using: str) -> dict[tuple[str, str], Any]:
    """The query in each text search configuration, from one small query, remembered per
    process. Keyed by what and in which configuration:

    - ``("query", "english")``: the query as a ``tsquery``, written as text; ``("query", "")``
      in all the configurations at once, joined with ``||``;
    - ``("lexemes", "english")``: the stems of its words (stop words left out), which the
      snippet marks (``snippets``).

    Remembered because the same words make the same ``tsquery`` for as long as the database's
    text search configurations stay as they are (dictionaries and stop words change only with
    a deployment, which restarts the processes): the pages of one search, and the searches many
    readers make, then need no round trip for it.

    The search itself then carries each as one parameter (``%s::tsquery``) instead of the
    functions that make it. Written out in every configuration, for the index, the row's own
    language, the rank and the snippet, a two-word search was 130 parameters and 5 kB of SQL:
    psycopg does not cache its conversion of such a query (3 ms of CPU each time), PostgreSQL
    took 3 ms to plan it, and a generic plan of the prepared statement would have parsed the
    query again for every row."""
    return dict(_resolved_queries(parsed, using))


@lru_cache(maxsize=1024)
def _resolved_queries(parsed: ParsedQuery, using: str) -> tuple[tuple[tuple[str, str], Any], ...]:
    columns = [f"{_tsquery_sql(parsed, config)} AS {config}" for config in _CONFIGS]
    texts = [f"{config}::text" for config in _CONFIGS]
    sql = (
        f"SELECT {', '.join(texts)}, ({' || '.join(_CONFIGS)})::text "
        f"FROM (SELECT {', '.join(columns)}) AS queries"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, _term_params(parsed))
        *queries, any_config = cursor.fetchone()
    resolved: list[tuple[tuple[str, str], Any]] = [(("query", ""), any_config)]
    for config, query in zip(_CONFIGS, queries, strict=True):
        lexemes = frozenset(
            lexeme.replace("''", "'").replace("\\\\", "\\")
            for lexeme in _QUOTED_LEXEME.findall(query)
        )
        resolved += [(("query", config), query), (("lexemes", config), lexemes)]
    return tuple(resolved)


class _AnyConfigQuery(Expression):
    """The query in every configuration, joined with ``||``: a constant, which the GIN index of
    the search document answers."""

    output_field = SearchQueryField()

    def __init__(self, resolved: dict) -> None:
        super().__init__()
        self.resolved = resolved

    def as_sql(self, compiler, connection):
        return "%s::tsquery", [self.resolved["query", ""]]


# {"english": "'en'", …}: the languages each text search configuration serves, as SQL. They
# are written into the query rather than passed: psycopg caches its conversion of a query only
# up to 50 parameters.
_LANGUAGES_BY_CONFIG: dict[str, list[str]] = {}
for _language, _config in SEARCH_CONFIGS.items():
    if not re.fullmatch(r"[a-z]{2,3}", _language):  # written into the SQL as a literal
        raise ValueError(f"not a language code: {_language!r}")
    _LANGUAGES_BY_CONFIG.setdefault(_config, []).append(f"'{_language}'")


class _RowQuery(Expression):
    """The query in the row's own configuration: a ``CASE`` on the language among the query in
    each configuration, each branch a constant. The query made with the row's configuration
    (``articles_search_config(language)``) was parsed again for every row, which was most of
    the time of a search with many matches."""

    output_field = SearchQueryField()

    def __init__(self, resolved: dict, language: Expression | None = None) -> None:
        super().__init__()
        self.resolved = resolved
        self.language = language if language is not None else F("language")

    def get_source_expressions(self) -> list:
        return [self.language]

    def set_source_expressions(self, expressions) -> None:
        [self.language] = expressions

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.language)
        branches, params = [], []
        for config, languages in _LANGUAGES_BY_CONFIG.items():
            branches.append(f"WHEN {column} IN ({', '.join(languages)}) THEN %s::tsquery")
            params += [*column_params, self.resolved["query", config]]
        default = self.resolved["query", DEFAULT_SEARCH_CONFIG]
        return f"CASE {' '.join(branches)} ELSE %s::tsquery END", [*params, default]


class _Matches(Func):
    """``document @@ query`` for a query that is an expression (the lookup would wrap it in
    ``plainto_tsquery``)."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


def postgresql_search(queryset: QuerySet[Article], resolved: dict) -> QuerySet[Article]:
    """The search of ``articles_search`` on PostgreSQL, for a query resolved in each text search
    configuration (``resolved_queries``; in a statement compiled once, ``Slot``\\ s)."""
    # Two conditions: the indexed column against one constant query, the query in every
    # configuration, which PostgreSQL answers with one GIN index scan; then against the query in
    # the row's own configuration, which decides, checked on the few rows the first lets
    # through. A query whose configuration depends on the row cannot use the index at all, and
    # one branch per configuration (``language = 'en' AND … OR …``) kept the planner from it
    # too: every search scanned the whole table.
    row_query = _RowQuery(resolved)
    return (
        queryset.alias(search_document=SearchDocument())
        .filter(_Matches(F("search_document"), _AnyConfigQuery(resolved)))
        .filter(_Matches(F("search_document"), row_query))
        .annotate(
            search_rank=SearchRank(F("search_document"), row_query, normalization=Value(1)),
        )
    )


def _substring_match(term: Term, *, headline_only: bool = False) -> Q:
    in_headline = Q(title__icontains=term.text)
    if headline_only:
        return in_headline
    in_captions = Caption.objects.filter(article=OuterRef("pk")).filter(
        Q(text__icontains=term.text) | Q(image__credit__icontains=term.text)
    )
    return in_headline | Q(body__icontains=term.text) | Exists(in_captions)


def _substring_search(queryset: QuerySet[Article], parsed: ParsedQuery) -> QuerySet[Article]:
    for group in parsed.groups:
        queryset = queryset.filter(reduce(or_, map(_substring_match, group)))
    for term in parsed.excluded:
        queryset = queryset.exclude(_substring_match(term))
    in_headline = [
        Case(
            When(reduce(or_, (_substring_match(t, headline_only=True) for t in group)), then=1),
            default=0,
            output_field=IntegerField(),
        )
        for group in parsed.groups
    ]
    rank = reduce(lambda left, right: left + right, in_headline) if in_headline else Value(0)
    return queryset.annotate(search_rank=rank)


def articles_search(queryset: QuerySet[Article], parsed: ParsedQuery) -> QuerySet[Article]:
    """The articles of ``queryset`` that match, annotated with ``search_rank`` (higher is more
    relevant)."""
    if connections[queryset.db].vendor == "postgresql":
        return postgresql_search(queryset, resolved_queries(parsed, queryset.db))
    return _substring_search(queryset, parsed)


def by_relevance(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """A search's order unless ``?ordering=`` says otherwise: the most relevant first, then the
    newest."""
    return queryset.order_by(F("search_rank").desc(), *NEWEST_FIRST)


def snippets(parsed: ParsedQuery, using: str) -> Callable[[str, str], str]:
    """The snippet of an article for a search, from its body and its language: a short extract
    of the body around the first match, the words that match in ``<mark>`` and the rest escaped
    for HTML: ``"… increase arms supplies from <mark>Pyongyang</mark> to Moscow …"``.

    A word matches where its stem in the article's language is one of the query's: on
    PostgreSQL, one of the lexemes the database made of the query (``resolved_queries``, which
    leaves stop words out); elsewhere, one of its words stemmed here. Cut here rather than by
    ``ts_headline``, which parses and stems every word of every body on the page: three fifths of
    the database's time for a search. The stems are those of PostgreSQL's dictionaries
    (``articles.search.stemmer``)."""
    resolved = (
        resolved_queries(parsed, using) if connections[using].vendor == "postgresql" else None
    )

    def snippet(body: str, language: str) -> str:
        config = search_config(language)
        stems = resolved["lexemes", config] if resolved is not None else query_stems(parsed, config)
        return _marked(extract(body, stems, config))

    return snippet


def _marked(found: Extract) -> str:
    """``found`` as HTML: escaped, its matches in ``<mark>``, an ellipsis where it was cut."""
    parts, end = ["… "] if found.cut_before else [], 0
    for start, stop in found.matches:
        parts += [html.escape(found.text[end:start]), "<mark>"]
        parts += [html.escape(found.text[start:stop]), "</mark>"]
        end = stop
    parts.append(html.escape(found.text[end:]))
    if found.cut_after:
        parts.append(" …")
    return "".join(parts)
