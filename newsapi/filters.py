"""Query-string filters of the read API. Each filter's help text is its schema description."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import rest_framework as filters

from articles.models import Article, Caption, Image


def search_terms(query: str) -> list[str]:
    """Split a search query into terms: ``'fishing  pact'`` -> ``['fishing', 'pact']``."""
    return query.split()


class ArticleFilter(filters.FilterSet):
    """``?search=putin&publication=east-africa-news-post&language=en``"""

    search = filters.CharFilter(
        method="filter_search",
        label="Words that must all appear in the headline, body, captions or credits "
        "(case-insensitive).",
    )
    publication = filters.CharFilter(
        field_name="publication__slug", label="Publication slug, e.g. east-africa-news-post."
    )
    language = filters.CharFilter(label="ISO 639-1 language code, e.g. en or es.")

    class Meta:
        model = Article
        fields = ["search", "publication", "language"]

    def filter_search(self, queryset: QuerySet[Article], name: str, value: str):
        for term in search_terms(value):
            in_captions = Caption.objects.filter(article=OuterRef("pk")).filter(
                Q(text__icontains=term) | Q(image__credit__icontains=term)
            )
            queryset = queryset.filter(
                Q(title__icontains=term) | Q(body__icontains=term) | Exists(in_captions)
            )
        return queryset


class ImageFilter(filters.FilterSet):
    """``?agency=EFE&photographer=Kev%20Hui%20Yeung``"""

    agency = filters.CharFilter(
        method="filter_agency", label="Agency named in the credit, e.g. EFE (exact, any case)."
    )
    photographer = filters.CharFilter(
        field_name="photographer", lookup_expr="iexact", label="Photographer's name."
    )

    class Meta:
        model = Image
        fields = ["agency", "photographer"]

    def filter_agency(self, queryset: QuerySet[Image], name: str, value: str):
        # Agencies are a JSON list. Matching the quoted name in its text works on SQLite and on
        # PostgreSQL alike, where JSON containment is PostgreSQL-only.
        return queryset.filter(agencies__icontains=f'"{value}"')


class CaptionFilter(filters.FilterSet):
    """``?article=<slug>``"""

    article = filters.CharFilter(field_name="article__slug", label="Slug of the article.")

    class Meta:
        model = Caption
        fields = ["article"]
