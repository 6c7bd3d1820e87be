"""HTTP caching of the read API (RFC 9110, RFC 9111): validators on every successful read and
``304 Not Modified`` for a client that already has the representation.

- ``ETag`` is strong: a digest of the bytes sent (with their media type), so it changes exactly
  when the representation does, whatever changed (an article, one of its captions, an image,
  a publication's name).
- ``Last-Modified`` is the ``updated_at`` of the object for a detail. For a list it is the
  newest change anywhere in the store (an edit, a publication coming due, a removal), since a
  list changes when an article leaves it too; it is conservative, never late.
- ``Cache-Control: public, max-age=API_CACHE_MAX_AGE`` and ``Vary: Accept``, since the same URL
  answers JSON, ninjs or JSON-LD by the ``Accept`` header. An answer to a signed-in account is
  ``private, no-cache`` instead: an editor's may hold drafts, which no shared cache may keep,
  and an editor must see their own writes at once (the ``ETag`` still saves the body).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.db.models import DateTimeField, F, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework.response import Response

from articles.models import Article, ArticleTombstone
from newsapi.http.cache import reuse_under_version


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


def store_last_changed() -> datetime | None:
    """The time of the newest change to anything the read API shows, in one query that reads a
    few index entries: the newest ``updated_at`` (changes to captions, images and publications
    touch it, see ``articles.changes``), the newest publication time already come, and the
    newest tombstone."""
    newest = (
        Article.objects.order_by("-updated_at")
        .annotate(
            came_due=_newest(
                Article.objects.filter(published_at__lte=timezone.now()),
                "published_at",
                nulls_last=True,  # the order of article_newest_first
            ),
            removed=_newest(ArticleTombstone.objects.all(), "removed_at"),
        )
        .values_list("updated_at", "came_due", "removed")
        .first()
    )
    moments = [moment for moment in newest or () if moment is not None]
    return max(moments) if moments else None


class ConditionalResponseMixin:
    """For views: validators, caching headers and ``304`` on successful ``GET`` and ``HEAD``.

    Views say when their content last changed through ``last_modified()``."""

    def last_modified(self) -> datetime | None:
        own = getattr(self, "object_last_modified", None)
        if own is not None:
            return own
        version = getattr(self.request, "content_version", None)
        return reuse_under_version(version, "store_last_changed", store_last_changed)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not isinstance(response, Response):
            return response
        response.render()
        user = getattr(request, "user", None)
        return validated(
            request,
            response,
            last_modified=self.last_modified(),
            private=user is not None and user.is_authenticated,
        )


def validated(
    request: HttpRequest, response: HttpResponse, *, last_modified: datetime | None, private: bool
) -> HttpResponse:
    """``response`` (a ``200``, rendered) with its validators and caching headers, or ``304``
    when the request's preconditions say the client has it."""
    response["ETag"] = strong_etag(response.content, response["Content-Type"])
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    patch_vary_headers(response, ["Accept"])
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )
