"""``?search=`` on articles: a parsed web-search query (``articles.search``) run against the
database, with a relevance and a highlighted snippet for list results.

On PostgreSQL it is full text search over each article's search document (headline, captions
with their credits, body; see migration ``0006_article_search_index``): words are stemmed in the
article's language (``condemning`` finds *condemned* in English), phrases must appear as
written, and results are ranked with headline matches first. Elsewhere (SQLite, for development)
each word or phrase is a case-insensitive substring of the headline, the body, a caption or a
credit, and relevance only puts headline matches first.
"""

from __future__ import annotations

import html
import re
from functools import reduce
from operator import or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQueryField,
    SearchRank,
    SearchVectorField,
)
from django.db import connections
from django.db.models import Case, Exists, F, Func, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import Col, Expression
from django.db.models.fields import BooleanField, IntegerField

from articles.models import Article, Caption
from articles.search import DEFAULT_SEARCH_CONFIG, SEARCH_CONFIGS, ParsedQuery, Term

# ts_headline marks matches with these private-use characters rather than HTML, so that the text
# around them can be escaped before the marks become <mark> elements. Angle brackets of the body
# stand in for themselves as two more, since ts_headline would drop anything that looks like a
# tag (and all the text after a "<script>").
_START, _STOP = "\ue000", "\ue001"
_LT, _GT = "\ue002", "\ue003"
# As in the search document (see the migration): "EFE/EPA" is two words, not a file name.
_AS_SPACES = str.maketrans("<>/", "   ")
SNIPPET_WORDS = 30


class SearchDocument(Expression):
    """The ``search_document`` column that the migration adds on PostgreSQL and that the model
    does not declare, as a column of whichever alias the query gives the article table."""

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, *args, **kwargs):
        field = SearchVectorField()
        field.set_attributes_from_name("search_document")
        field.model = Article
        return Col(query.get_initial_alias(), field, output_field=field)


def _language_config() -> Func:
    """The row's text search configuration, e.g. ``english`` for ``en``."""
    return Func(F("language"), function="articles_search_config")


def _tsquery_sql(parsed: ParsedQuery, config: str) -> tuple[str, list[str]]:
    """The query as one ``tsquery`` in ``config``: ``(plainto_tsquery('english', 'rail') ||
    phraseto_tsquery('english', 'fare freeze')) && !!plainto_tsquery('english', 'bus')``."""

    def term_sql(term: Term) -> tuple[str, list[str]]:
        function = "phraseto_tsquery" if term.phrase else "plainto_tsquery"
        return f"{function}(%s::regconfig, %s)", [config, term.text.translate(_AS_SPACES)]

    parts, params = [], []
    for group in parsed.groups:
        terms = [term_sql(term) for term in group]
        parts.append("(" + " || ".join(sql for sql, _ in terms) + ")")
        params += [param for _, term_params in terms for param in term_params]
    for term in parsed.excluded:
        sql, term_params = term_sql(term)
        parts.append(f"!!({sql})")
        params += term_params
    return "(" + " && ".join(parts) + ")", params


class _AnyConfigQuery(Expression):
    """The query in every configuration, joined with ``||``: a constant, which the GIN index of
    the search document answers.

    This and ``_RowQuery`` write their SQL themselves: built of Django's ``SearchQuery``
    expressions (two per word and configuration), a search's query was several hundred
    expression objects, resolved and copied again for its count and for its page, which was
    most of the CPU time of a search."""

    output_field = SearchQueryField()

    def __init__(self, parsed: ParsedQuery) -> None:
        super().__init__()
        self.parsed = parsed

    def as_sql(self, compiler, connection):
        configs = sorted({*SEARCH_CONFIGS.values(), DEFAULT_SEARCH_CONFIG})
        queries = [_tsquery_sql(self.parsed, config) for config in configs]
        sql = "(" + " || ".join(query for query, _ in queries) + ")"
        return sql, [param for _, params in queries for param in params]


# {"english": ["en"], …}: the languages each text search configuration serves.
_LANGUAGES_BY_CONFIG: dict[str, list[str]] = {}
for _language, _config in SEARCH_CONFIGS.items():
    _LANGUAGES_BY_CONFIG.setdefault(_config, []).append(_language)


class _RowQuery(Expression):
    """The query in the row's own configuration: a ``CASE`` on the language among the query in
    each configuration. Each branch is a constant that PostgreSQL parses once; the query
    made with the configuration of the row (``_language_config()``) was parsed again for every
    row, which was most of the time of a search with many matches."""

    output_field = SearchQueryField()

    def __init__(self, parsed: ParsedQuery, language: Expression | None = None) -> None:
        super().__init__()
        self.parsed = parsed
        self.language = language if language is not None else F("language")

    def get_source_expressions(self) -> list:
        return [self.language]

    def set_source_expressions(self, expressions) -> None:
        [self.language] = expressions

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.language)
        branches, params = [], []
        for config, languages in _LANGUAGES_BY_CONFIG.items():
            query, query_params = _tsquery_sql(self.parsed, config)
            placeholders = ", ".join(["%s"] * len(languages))
            branches.append(f"WHEN {column} IN ({placeholders}) THEN {query}")
            params += [*column_params, *languages, *query_params]
        default, default_params = _tsquery_sql(self.parsed, DEFAULT_SEARCH_CONFIG)
        return f"CASE {' '.join(branches)} ELSE {default} END", [*params, *default_params]


class _Matches(Func):
    """``document @@ query`` for a query that is an expression (the lookup would wrap it in
    ``plainto_tsquery``)."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


def _postgresql_search(queryset: QuerySet[Article], parsed: ParsedQuery) -> QuerySet[Article]:
    # Two conditions: the indexed column against one constant query, the query in every
    # configuration, which PostgreSQL answers with one GIN index scan; then against the query in
    # the row's own configuration, which decides, checked on the few rows the first lets
    # through. A query whose configuration depends on the row cannot use the index at all, and
    # one branch per configuration (``language = 'en' AND … OR …``) kept the planner from it
    # too: every search scanned the whole table.
    row_query = _RowQuery(parsed)
    return (
        queryset.alias(search_document=SearchDocument())
        .filter(_Matches(F("search_document"), _AnyConfigQuery(parsed)))
        .filter(_Matches(F("search_document"), row_query))
        .annotate(
            search_rank=SearchRank(F("search_document"), row_query, normalization=Value(1)),
            search_snippet=SearchHeadline(
                Func(F("body"), Value("<>"), Value(_LT + _GT), function="translate"),
                row_query,
                config=_language_config(),
                start_sel=_START,
                stop_sel=_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
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
    relevant) and, on PostgreSQL, ``search_snippet``."""
    if connections[queryset.db].vendor == "postgresql":
        return _postgresql_search(queryset, parsed)
    return _substring_search(queryset, parsed)


def _marked(text: str) -> str:
    """Escape ``text`` for HTML and turn the match marks into ``<mark>`` elements."""
    text = html.escape(text.replace(_LT, "<").replace(_GT, ">"))
    return text.replace(_START, "<mark>").replace(_STOP, "</mark>")


def article_snippet(article: Article, parsed: ParsedQuery | None) -> str | None:
    """A short extract of the body around the first match, matches in ``<mark>`` and the rest
    escaped for HTML: ``"… increase arms supplies from <mark>Pyongyang</mark> to Moscow …"``."""
    if parsed is None:
        return None
    headline = getattr(article, "search_snippet", None)
    if headline is not None:
        return _marked(headline)
    return _substring_snippet(article.body, parsed)


def _substring_snippet(body: str, parsed: ParsedQuery) -> str:
    words = body.split()
    texts = sorted((term.text for term in parsed.terms), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, texts)), re.IGNORECASE) if texts else None
    match = pattern.search(body) if pattern else None
    first = len(body[: match.start()].split()) if match else 0
    start = max(0, first - SNIPPET_WORDS // 3)
    extract = " ".join(words[start : start + SNIPPET_WORDS])
    if pattern is not None:
        extract = pattern.sub(lambda match: f"{_START}{match.group(0)}{_STOP}", extract)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
    return _marked(f"{prefix}{extract}{suffix}")
