"""Query-string filters of the read API. Each filter's label is its description in the schema.

Values are parsed by form fields that refuse what they cannot read, so a malformed value answers
400 naming the parameter instead of being ignored. Several values of one filter mean OR: repeat
the parameter (``?language=en&language=es``) or, for codes and slugs, separate them with commas
(``?language=en,es``).
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, time, timedelta
from functools import reduce
from operator import or_

from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from articles.fulltext import articles_search, by_relevance
from articles.models import NEWEST_FIRST, Article, ArticleTombstone, Caption, Image
from articles.search import ParsedQuery, SearchQueryError, parse_search_query

TRUE_VALUES = {"true", "1", "yes"}
FALSE_VALUES = {"false", "0", "no"}


class ManyValuesField(forms.Field):
    """Every value of a repeated parameter, and with ``split_commas`` each comma-separated one:
    ``?agency=EFE,AP&agency=AFP`` -> ``["EFE", "AP", "AFP"]``; with ``known``, each one of
    them."""

    def __init__(self, *, split_commas: bool = False, known: tuple[str, ...] = (), **kwargs):
        self.split_commas, self.known = split_commas, known
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        values = value if isinstance(value, list) else [value] if value else []
        if self.split_commas:
            values = [part for item in values for part in item.split(",")]
        cleaned = list(dict.fromkeys(item.strip() for item in values if item and item.strip()))
        if values and not cleaned:
            raise forms.ValidationError("Give at least one value.", code="empty")
        unknown = [item for item in cleaned if self.known and item not in self.known]
        if unknown:
            known = " or ".join(self.known)
            raise forms.ValidationError(f"Unknown value “{unknown[0]}”: use {known}.")
        return cleaned


class ManyValuesWidget(forms.TextInput):
    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class ManyValuesFilter(filters.Filter):
    field_class = ManyValuesField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", ManyValuesWidget)
        super().__init__(*args, **kwargs)


class MomentField(forms.Field):
    """An ISO 8601 date (``2024-06-01``) or date and time (``2024-06-01T10:00:00Z``); times
    without an offset are UTC. A date is its first moment, or with ``day_end`` the first moment
    of the day after, so that "before" a date includes the date."""

    def __init__(self, *, day_end: bool = False, **kwargs) -> None:
        self.day_end = day_end
        super().__init__(**kwargs)

    def to_python(self, value) -> datetime | None:
        if value in (None, ""):
            return None
        value = value.strip()
        try:
            # The date first: parse_datetime would read a bare date as midnight.
            day = parse_date(value)
            moment = None if day else parse_datetime(value)
        except ValueError:  # well formed but impossible, such as 2024-02-30
            moment = day = None
        if day is not None:
            return datetime.combine(day, time.min, tzinfo=UTC) + timedelta(
                days=1 if self.day_end else 0
            )
        if moment is None:
            raise forms.ValidationError(
                "Use an ISO 8601 date (2024-06-01) or date and time (2024-06-01T10:00:00Z).",
                code="invalid",
            )
        return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment


@extend_schema_field(OpenApiTypes.STR)
class MomentFilter(filters.Filter):
    field_class = MomentField


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` (also ``1``/``0``, ``yes``/``no``); anything else is an error rather
    than, as with Django's boolean fields, no filter at all."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = value.strip().lower()
        if lowered in TRUE_VALUES:
            return True
        if lowered in FALSE_VALUES:
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


class SearchQueryField(forms.CharField):
    def to_python(self, value) -> ParsedQuery | None:
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_search_query(value)
        except SearchQueryError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


@extend_schema_field(OpenApiTypes.STR)
class SearchQueryFilter(filters.Filter):
    field_class = SearchQueryField


# name -> (expression, descending expression); ties go to the newest, then the highest id.
ORDERINGS = {
    "published": (
        F("published_at").asc(nulls_last=True),
        F("published_at").desc(nulls_last=True),
    ),
    "updated": (F("updated_at").asc(), F("updated_at").desc()),
    "title": (Lower("title").asc(), Lower("title").desc()),
}
RELEVANCE = "relevance"
TIE_BREAK = NEWEST_FIRST


class OrderingField(forms.Field):
    """``published,-title`` -> ``["published", "-title"]``, each a known name, at most once."""

    def to_python(self, value) -> list[str]:
        if value in (None, ""):
            return []
        keys = [part.strip() for part in value.split(",")]
        allowed = [*ORDERINGS, *(f"-{name}" for name in ORDERINGS), RELEVANCE]
        for key in keys:
            if key not in allowed:
                raise forms.ValidationError(
                    f"Unknown ordering “{key}”: use {', '.join(allowed)}.", code="invalid"
                )
        if len({key.lstrip("-") for key in keys}) < len(keys):
            raise forms.ValidationError("Name each ordering at most once.", code="invalid")
        return keys


@extend_schema_field(OpenApiTypes.STR)
class OrderingFilter(filters.Filter):
    field_class = OrderingField


class ArticleFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        if RELEVANCE in (cleaned.get("ordering") or []) and not cleaned.get("search"):
            self.add_error("ordering", "Ordering by relevance needs a search.")
        return cleaned


def _any_of(lookup: str, values: list[str]) -> Q:
    """``_any_of("byline__icontains", ["Ana", "Luis"])`` -> a Q true for either."""
    return reduce(or_, (Q(**{lookup: value}) for value in values))


def _agency_lookups(values: list[str], prefix: str = "") -> Q:
    # Agencies are a JSON list. Matching the quoted name in its text works on SQLite and on
    # PostgreSQL alike, where JSON containment is PostgreSQL-only.
    return _any_of(f"{prefix}agencies__icontains", [f'"{value}"' for value in values])


class FilterSet(filters.FilterSet):
    """django-filter's ``FilterSet``, cheaper to make for each request: it deep-copied every
    filter, the fields and choices of their forms included, and built a new form class, which
    was a fifth of the CPU time of a search. The filters are copied shallowly here, each with
    its own ``extra`` (the one thing django-filter changes in a filter after it is made) and its
    own ``method`` binding, and the form class is made once per filter set: a form copies its
    fields for each instance anyway."""

    _form_classes: dict[type, type] = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        self.base_filters = {}  # what the base class deep-copies
        try:
            super().__init__(data, queryset, request=request, prefix=prefix)
        finally:
            del self.base_filters
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            filter_.extra = dict(base.extra)
            filter_.method = base.method  # binds its own FilterMethod to the copy
            filter_.model, filter_.parent = self.queryset.model, self
            self.filters[name] = filter_

    def get_form_class(self):
        form_class = self._form_classes.get(type(self))
        if form_class is None:
            form_class = self._form_classes[type(self)] = super().get_form_class()
        return form_class


class ArticleFilter(FilterSet):
    """``?search="sea pact" -whaling&publication=east-africa-news-post,the-outlet&language=en
    &published_after=2024-06-01&has_image=true&agency=EFE&ordering=-published``"""

    search = SearchQueryFilter(
        method="filter_search",
        label='Words to look for in the headline, body, captions and credits: "a phrase", '
        "-excluded, either OR other.",
    )
    publication = ManyValuesFilter(
        field_name="publication__slug",
        lookup_expr="in",
        split_commas=True,
        label="Publication slugs, e.g. east-africa-news-post (several: any of them).",
    )
    language = ManyValuesFilter(
        lookup_expr="in", split_commas=True, label="ISO 639-1 language codes, e.g. en or es."
    )
    published_after = MomentFilter(
        field_name="published_at",
        lookup_expr="gte",
        label="Published at or after this date or date and time.",
    )
    published_before = MomentFilter(
        field_name="published_at",
        lookup_expr="lt",
        day_end=True,
        label="Published before this date and time, or on or before this date.",
    )
    updated_since = MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed at or after this date or date and time.",
    )
    has_image = StrictBooleanFilter(
        method="filter_has_image", label="true: only articles with an image; false: only without."
    )
    agency = ManyValuesFilter(
        method="filter_agency",
        split_commas=True,
        label="Agency credited for one of the article's images, e.g. EFE (exact, any case).",
    )
    photographer = ManyValuesFilter(
        method="filter_photographer",
        label="Photographer of one of the article's images (exact, any case).",
    )
    credit = ManyValuesFilter(
        method="filter_credit", label="Text in the credit of one of the article's images."
    )
    byline = ManyValuesFilter(method="filter_byline", label="Text in the byline.")
    ordering = OrderingFilter(
        method="filter_ordering",
        label="published, updated or title, with - for descending; relevance with a search.",
    )

    class Meta:
        model = Article
        fields = []
        form = ArticleFilterForm

    def filter_search(self, queryset: QuerySet[Article], name: str, value: ParsedQuery):
        queryset = articles_search(queryset, value)
        return queryset if self.form.cleaned_data.get("ordering") else by_relevance(queryset)

    def filter_has_image(self, queryset, name, value: bool):
        with_image = Exists(Caption.objects.filter(article=OuterRef("pk")))
        return queryset.filter(with_image if value else ~with_image)

    def _with_image_matching(self, queryset, condition: Q):
        captions = Caption.objects.filter(article=OuterRef("pk")).filter(condition)
        return queryset.filter(Exists(captions))

    def filter_agency(self, queryset, name, value):
        return self._with_image_matching(queryset, _agency_lookups(value, prefix="image__"))

    def filter_photographer(self, queryset, name, value):
        return self._with_image_matching(queryset, _any_of("image__photographer__iexact", value))

    def filter_credit(self, queryset, name, value):
        return self._with_image_matching(queryset, _any_of("image__credit__icontains", value))

    def filter_byline(self, queryset, name, value):
        return queryset.filter(_any_of("byline__icontains", value))

    def filter_ordering(self, queryset, name, value: list[str]):
        keys = []
        for key in value:
            if key == RELEVANCE:
                keys.append(F("search_rank").desc())
            else:
                ascending, descending = ORDERINGS[key.lstrip("-")]
                keys.append(descending if key.startswith("-") else ascending)
        return queryset.order_by(*keys, *TIE_BREAK)


class ImageFilter(FilterSet):
    """``?agency=EFE,AP&photographer=Kev%20Hui%20Yeung&missing=alt_text``"""

    agency = ManyValuesFilter(
        method="filter_agency",
        split_commas=True,
        label="Agency named in the credit, e.g. EFE (exact, any case).",
    )
    photographer = ManyValuesFilter(
        method="filter_photographer", label="Photographer's name (exact, any case)."
    )
    missing = ManyValuesFilter(
        method="filter_missing",
        split_commas=True,
        known=("alt_text", "credit"),
        label="alt_text or credit: only images that lack it (both: either missing).",
    )

    class Meta:
        model = Image
        fields = []

    def filter_agency(self, queryset: QuerySet[Image], name: str, value: list[str]):
        return queryset.filter(_agency_lookups(value))

    def filter_photographer(self, queryset: QuerySet[Image], name: str, value: list[str]):
        return queryset.filter(_any_of("photographer__iexact", value))

    def filter_missing(self, queryset: QuerySet[Image], name: str, value: list[str]):
        return queryset.filter(reduce(or_, (Q(**{field: ""}) for field in value)))


class CaptionFilter(FilterSet):
    """``?article=<slug>``"""

    article = ManyValuesFilter(
        field_name="article__slug",
        lookup_expr="in",
        split_commas=True,
        label="Slug of the article (several: any of them).",
    )

    class Meta:
        model = Caption
        fields = []


class ArticleTombstoneFilter(FilterSet):
    """``?since=2024-06-01T10:00:00Z``"""

    since = MomentFilter(
        field_name="removed_at",
        lookup_expr="gte",
        label="Only articles removed at or after this date or time.",
    )

    class Meta:
        model = ArticleTombstone
        fields = []
