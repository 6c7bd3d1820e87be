"""A request's parameters, parsed once into one immutable query: ``?fields=`` and ``?expand=``,
filters and search (through the view's FilterSet), ordering, page or cursor, format, viewer
and origin. Pure functions with their own error type parse each part; ``request_query`` turns
their errors into one 400 naming every parameter.

    >>> parse_fields("id,title,captions.credit")
    {'id': {}, 'title': {}, 'captions': {'credit': {}}}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from rest_framework import serializers

from articles.search import ParsedQuery
from newsapi.http.errors import InvalidQueryParameters

FIELDS_PARAMETER = "fields"
EXPAND_PARAMETER = "expand"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

# {"id": {}, "captions": {"credit": {}}}: an empty dict means the whole field.
FieldTree = dict[str, "FieldTree"]


class QueryParameterError(ValueError):
    """A value of a query parameter that cannot be used, with the parameter's name."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name
        self.reason = reason


def parse_fields(raw: str) -> FieldTree:
    """``"id,title,captions.credit"`` -> ``{"id": {}, "title": {}, "captions": {"credit": {}}}``.

    A field named whole wins over parts of it: ``captions,captions.credit`` is all of captions.
    """
    paths = [part.strip() for part in raw.split(",")]
    for path in paths:
        if not path or not all(_NAME.match(name) for name in path.split(".")):
            raise QueryParameterError(
                FIELDS_PARAMETER,
                f"“{path}” is not a field name: use names like id or captions.credit, "
                "separated by commas.",
            )
    tree: FieldTree = {}
    whole: set[tuple[str, ...]] = set()
    for path in sorted(paths, key=lambda path: path.count(".")):
        names = tuple(path.split("."))
        if any(names[:depth] in whole for depth in range(1, len(names))):
            continue
        whole.add(names)
        node = tree
        for name in names:
            node = node.setdefault(name, {})
    return tree


def parse_expand(raw: str, allowed: tuple[str, ...]) -> set[str]:
    """``"captions,body"`` -> ``{"captions", "body"}``, each one of ``allowed``."""
    names = {part.strip() for part in raw.split(",")}
    unknown = sorted(names - set(allowed))
    if unknown:
        choices = ", ".join(allowed) if allowed else "nothing here"
        raise QueryParameterError(
            EXPAND_PARAMETER, f"Cannot expand “{unknown[0]}”: the choices are {choices}."
        )
    return names


def _fields_of(serializer: serializers.BaseSerializer):
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    return serializer.fields if isinstance(serializer, serializers.Serializer) else None


def fields_prune(serializer: serializers.BaseSerializer, tree: FieldTree, where: str = "") -> None:
    """Keep only the fields in ``tree``; a name the serializer does not have is an error that
    lists the ones it has."""
    fields = _fields_of(serializer)
    if fields is None:
        raise QueryParameterError(
            FIELDS_PARAMETER, f"“{where.rstrip('.')}” has no fields to choose from."
        )
    unknown = sorted(set(tree) - set(fields))
    if unknown:
        raise QueryParameterError(
            FIELDS_PARAMETER,
            f"Unknown field “{where}{unknown[0]}”: choose from {', '.join(fields)}.",
        )
    for name in list(fields):
        if name not in tree:
            fields.pop(name)
        elif tree[name]:
            fields_prune(fields[name], tree[name], f"{where}{name}.")


PAGE, PAGE_SIZE, CURSOR, FORMAT = "page", "page_size", "cursor", "format"


def parse_page_size(raw: str | None, default: int) -> int:
    """``"50"`` -> 50; above ``API_MAX_PAGE_SIZE`` the cap; not a whole number above 0: an
    error."""
    if raw is None:
        return default
    if not (raw.isdigit() and int(raw) > 0):
        raise QueryParameterError(PAGE_SIZE, "Must be a whole number of 1 or more.")
    return min(int(raw), settings.API_MAX_PAGE_SIZE)


@dataclass(frozen=True)
class Query:
    """One request to a read endpoint, parsed: what to read, in which order, which page of it,
    in which shape, for whom. The views and ``reading.answers`` read only this."""

    action: str
    format: str
    fields: FieldTree | None
    expand: frozenset[str]
    filters: frozenset[str]  # the filters given
    filterset: Any  # makes the bound FilterSet, or None: no filter given
    search: ParsedQuery | None
    page: str | None
    page_size: int
    cursor: str | None  # "" for the first page of cursor pagination; None: pages by number
    editor: bool  # reads what the public may not
    user_id: int | None
    origin: str  # "https://news.example", what the answer's URLs start with
    script_name: str
    path: str
    params: tuple[tuple[str, tuple[str, ...]], ...]  # the query string, sorted

    @cached_property
    def filtering(self) -> Any:
        """The FilterSet, validated, that django-filter applies; None without a filter. Made
        when a list is read through it: a plain search parsed its one value already."""
        if self.filterset is None:
            return None
        filtering = self.filterset()
        filtering.is_valid()
        return filtering

    @cached_property
    def list_key(self) -> tuple:
        """What identifies the list asked for, whatever its page: for reusing its count and ids."""
        kept = tuple(item for item in self.params if item[0] not in (PAGE, PAGE_SIZE, CURSOR))
        return (self.path, kept, self.user_id if self.editor else None)


def request_query(view, request, *, allowed: set[str], editor: bool) -> Query:
    """The query of ``request`` to ``view`` (a DRF view with its renderer chosen), or a 400 naming
    every parameter that is unknown or cannot be read."""
    params = request.query_params
    unknown = sorted(set(params) - allowed)
    if unknown:  # the values of a request naming parameters we do not take mean nothing yet
        raise InvalidQueryParameters(
            {name: ["Unknown query parameter for this endpoint."] for name in unknown}
        )
    errors: dict[str, list[str]] = {}
    fmt = request.accepted_renderer.format

    def parsed(name: str, function, *args):
        if fmt != "json" and name in (FIELDS_PARAMETER, EXPAND_PARAMETER):
            errors[name] = ["fields and expand apply to format=json only."]
            return None
        try:
            return function(*args)
        except QueryParameterError as error:
            errors.setdefault(error.name, []).append(error.reason)
            return None

    fields = expand = None
    if FIELDS_PARAMETER in params:
        fields = parsed(FIELDS_PARAMETER, parse_fields, params[FIELDS_PARAMETER])
    if EXPAND_PARAMETER in params:
        expandable = view.expandable.get(view.action, ())
        expand = parsed(EXPAND_PARAMETER, parse_expand, params[EXPAND_PARAMETER], expandable)
    search, filterset = None, None
    filterset_class = getattr(view, "filterset_class", None)
    filters = frozenset(set(params) & set(filterset_class.base_filters if filterset_class else ()))
    if view.detail is False and filters:

        def filterset():
            return filterset_class(params, queryset=view.queryset, request=request)

        if filters == {"search"}:
            # The search most readers make: its one value parsed by the filter's own field,
            # without the FilterSet and its form, a fifth of such a search's time.
            try:
                search = filterset_class.base_filters["search"].field.clean(params["search"])
            except ValidationError as error:
                errors["search"] = error.messages
        else:
            filtering = filterset()
            filterset = lambda: filtering  # noqa: E731 (the one made here, once)
            if filtering.is_valid():
                search = filtering.form.cleaned_data.get("search")
            else:
                errors.update({name: list(e) for name, e in filtering.form.errors.items()})
    else:
        filters = frozenset()
    page, cursor = params.get(PAGE), params.get(CURSOR)
    if page is not None and cursor is not None:
        errors[PAGE] = ["Use either page or cursor, not both."]
    if page is not None and not ((page.isdigit() and int(page) > 0) or page == "last"):
        errors[PAGE] = ["Must be a whole number of 1 or more."]
    page_size = parsed(PAGE_SIZE, parse_page_size, params.get(PAGE_SIZE), 20) or 20
    if errors:
        raise InvalidQueryParameters(errors)
    return Query(
        action=view.action,
        format=fmt,
        fields=fields,
        expand=frozenset(expand or ()),
        filters=filters,
        filterset=filterset if filters else None,
        search=search,
        page=page,
        page_size=page_size,
        cursor=cursor,
        editor=editor,
        user_id=getattr(request.user, "pk", None),
        origin=request.build_absolute_uri("/")[:-1],
        script_name=request.META.get("SCRIPT_NAME", ""),
        path=request.path,
        params=tuple(sorted((name, tuple(params.getlist(name))) for name in params)),
    )
