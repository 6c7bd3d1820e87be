"""HTTP caching of the read API (RFC 9110, RFC 9111): validators on every successful read and
``304 Not Modified`` for a client that already has the representation.

- ``ETag`` is strong: a digest of the bytes sent (with their media type), so it changes exactly
  when the representation does, whatever changed (an article, one of its captions, an image,
  a publication's name).
- ``Last-Modified`` is the ``updated_at`` of the object for a detail. For a list it is the
  newest change anywhere in the store (an edit, a publication coming due, a removal), since a
  list changes when an article leaves it too; it is conservative, never late.
- ``Cache-Control: public, max-age=API_CACHE_MAX_AGE, s-maxage=…`` with the keys that name the
  objects shown (``newsapi.http.edge``), and ``Vary: Accept``, since the same URL answers JSON,
  ninjs or JSON-LD by the ``Accept`` header. An answer to a signed-in account is
  ``private, no-cache`` instead: an editor's may hold drafts, which no shared cache may keep,
  and an editor must see their own writes at once (the ``ETag`` still saves the body).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from functools import cached_property
from typing import NamedTuple

from django.db.models import DateTimeField, F, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework.response import Response

from articles.models import Article, ArticleStatus, ArticleTombstone, Image
from newsapi.http import edge
from newsapi.http.content_version import request_version, reuse_under_version


def strong_etag(content: bytes, content_type: str) -> str:
    """``'"3f2a…"'``: the same bytes of the same type always give the same tag."""
    digest = hashlib.sha256(content_type.encode() + b"\n" + content).hexdigest()
    return f'"{digest[:32]}"'


def _newest(queryset, field: str, *, nulls_last: bool = False) -> Subquery:
    # Nulls are filtered out, so either order gives the same row; ``nulls_last`` says which
    # one the field's index has, so that the row is read from its first entry (an index in the
    # other order would be passed over for a scan of the whole table).
    order = F(field).desc(nulls_last=True) if nulls_last else F(field).desc()
    return Subquery(
        queryset.filter(**{f"{field}__isnull": False}).order_by(order).values(field)[:1],
        output_field=DateTimeField(),
    )


class StoreMoments(NamedTuple):
    last_changed: datetime | None  # the newest change to anything the read API shows
    next_due: datetime | None  # when the next scheduled article comes due


def store_moments() -> StoreMoments:
    """When the store last changed and when it changes next with no write, in one query that
    reads a few index entries: the newest ``updated_at`` (changes to captions, images and
    publications touch it, see ``articles.changes``), the newest publication time already come,
    the newest tombstone, and the next scheduled publication time."""
    now = timezone.now()
    newest = (
        Article.objects.order_by("-updated_at")
        .annotate(
            came_due=_newest(
                Article.objects.filter(published_at__lte=now),
                "published_at",
                nulls_last=True,  # the order of article_newest_first
            ),
            removed=_newest(ArticleTombstone.objects.all(), "removed_at"),
            next_due=Subquery(
                Article.objects.filter(status=ArticleStatus.SCHEDULED, published_at__gt=now)
                .order_by("published_at")
                .values("published_at")[:1],
                output_field=DateTimeField(),
            ),
        )
        .values_list("updated_at", "came_due", "removed", "next_due")
        .first()
    )
    if newest is None:
        return StoreMoments(None, None)
    moments = [moment for moment in newest[:3] if moment is not None]
    return StoreMoments(max(moments) if moments else None, newest[3])


class ConditionalResponseMixin:
    """For views: validators, caching headers and ``304`` on successful ``GET`` and ``HEAD``.

    Views say when their content last changed through ``last_modified()``, and what it shows
    through ``answered_keys``, set where the objects are read (``get_object``, a page)."""

    answered_keys: list[str] = []

    @cached_property
    def store_moments(self) -> StoreMoments:
        version = request_version(self.request)
        return reuse_under_version(version, "store_moments", store_moments)

    def last_modified(self) -> datetime | None:
        own = getattr(self, "object_last_modified", None)
        return own if own is not None else self.store_moments.last_changed

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not isinstance(response, Response):
            return response
        response.render()
        user = getattr(request, "user", None)
        private = user is not None and user.is_authenticated
        # What a scheduled article coming due changes with no write to purge it: lists, and
        # the captions an image's other formats show.
        comes_due = not private and (self.detail is False or self.queryset.model is Image)
        return validated(
            request,
            response,
            last_modified=self.last_modified(),
            private=private,
            keys=self.answered_keys,
            due=self.store_moments.next_due if comes_due else None,
        )


def validated(
    request: HttpRequest,
    response: HttpResponse,
    *,
    last_modified: datetime | None,
    private: bool,
    keys: Iterable[str] = (),
    due: datetime | None = None,
) -> HttpResponse:
    """``response`` (a ``200``, rendered) with its validators and caching headers, or ``304``
    when the request's preconditions say the client has it. A public one is named by ``keys``
    for the edge, which keeps it no longer than until ``due``, when it changes with no write
    (``newsapi.http.edge``)."""
    response["ETag"] = strong_etag(response.content, response["Content-Type"])
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    if private:
        edge.personal(response)
    else:
        edge.cacheable(response, keys, due=due)
    patch_vary_headers(response, ["Accept"])
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )
