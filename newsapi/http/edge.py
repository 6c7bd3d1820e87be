"""What a shared cache in front of the application (Varnish, a CDN) needs of an answer: how
long it may keep it, and the names of the objects in it, by which a write purges it.

- ``Cache-Control``: a public answer may be kept ``API_CACHE_MAX_AGE`` seconds by a browser and
  ``API_EDGE_MAX_AGE`` by the edge (``s-maxage``), which is purged on every write, so it can keep
  answers long; ``stale-while-revalidate`` and ``stale-if-error`` let it answer from what it has
  while it asks again, or while every application server is down. A scheduled article coming
  due changes what the public reads without any write to purge it: no answer is kept at the
  edge past the next such moment.
- ``Surrogate-Key`` (Fastly's), ``xkey`` (Varnish's xkey module) and ``Cache-Tag``
  (Cloudflare's) name every object an answer shows, ``article-7 caption-12 image-9
  publication-2``, and a list also names its list, ``article-list``.
  ``surrogate_keys(change)`` is what a committed write purges: the objects it changed (the
  articles that show them included, see ``articles.changes``) and the lists they are shown on.

    >>> object_keys(article)        # with its captions prefetched
    ['article-7', 'publication-2', 'caption-12', 'image-9']
    >>> sorted(surrogate_keys(Change(captions=frozenset({12}), articles=frozenset({7}))))
    ['article-7', 'article-list', 'caption-12', 'caption-list', 'image-list']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from articles.changes import Change
from articles.models import (
    Article,
    ArticleTombstone,
    Caption,
    Image,
    Publication,
)

# The keys as each edge reads them: Fastly and Varnish's xkey separated by spaces, Cloudflare's
# cache tags by commas.
KEY_HEADERS = {"Surrogate-Key": " ", "xkey": " ", "Cache-Tag": ","}
KIND_OF = {Article: "article", Caption: "caption", Image: "image", Publication: "publication"}
# The lists an object of each kind is shown on, nested or not: a caption's image is in the
# caption's JSON, an image's captions in its ninjs, an article's slug in its captions'.
SHOWN_ON_LISTS = {
    "article": ("article", "caption"),
    "caption": ("article", "caption", "image"),
    "image": ("article", "caption", "image"),
    "publication": ("article", "publication"),
}


def key(instance: Model) -> str:
    """``"caption-12"``."""
    return f"{KIND_OF[type(instance)]}-{instance.pk}"


def _prefetched(instance: Model, name: str) -> list | None:
    cache = getattr(instance, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def object_keys(instance: Model) -> list[str]:
    """The keys of ``instance`` and of the objects its representation shows, as far as they are
    in memory (foreign keys by id; captions only when prefetched, as ``for_api()`` does)."""
    keys = [key(instance)]
    if isinstance(instance, Article):
        if instance.publication_id:
            keys.append(f"publication-{instance.publication_id}")
        for caption in _prefetched(instance, "captions") or ():
            keys += [key(caption), f"image-{caption.image_id}"]
    elif isinstance(instance, Caption):
        keys += [f"article-{instance.article_id}", f"image-{instance.image_id}"]
    elif isinstance(instance, Image):
        keys += [key(caption) for caption in _prefetched(instance, "captions") or ()]
    return keys


def page_keys(model: type[Model], page: Iterable) -> list[str]:
    """The keys of a page of a list of ``model``: the list's, and its items', given as
    instances, ids or rows that start with the id. Items are named alone: what they show is
    purged through them (``articles.changes`` names the articles showing a changed caption).
    Tombstones belong to the list of articles, which every article leaving view purges."""
    if model is ArticleTombstone:
        return ["article-list"]
    kind = KIND_OF[model]
    keys = [f"{kind}-list"]
    for item in page:
        pk = item if isinstance(item, int) else item[0] if isinstance(item, tuple) else item.pk
        keys.append(f"{kind}-{pk}")
    return keys


def surrogate_keys(change: Change) -> set[str]:
    """The keys a committed ``change`` purges: its objects and the lists they are shown on."""
    keys = change.keys() | {f"{kind}-{pk}" for kind, pk in change.removed}
    for kind, lists in SHOWN_ON_LISTS.items():
        if change.ids(kind) or any(removed == kind for removed, _ in change.removed):
            keys |= {f"{shown}-list" for shown in lists}
    return keys


def edge_seconds(due: datetime | None = None) -> int:
    """How long the edge may keep a public answer: ``API_EDGE_MAX_AGE``, and no later than
    ``due``, when the answer changes with no write to purge it (a scheduled article comes due
    on a list)."""
    seconds = settings.API_EDGE_MAX_AGE
    if due is not None:
        seconds = min(seconds, max(0, int((due - timezone.now()).total_seconds())))
    return seconds


def cacheable(
    response: HttpResponse, keys: Iterable[str], *, due: datetime | None = None
) -> HttpResponse:
    """Mark ``response`` public, kept by browsers and by the edge (until ``due`` at the
    latest), named by ``keys``."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.API_CACHE_MAX_AGE,
        s_maxage=edge_seconds(due),
        stale_while_revalidate=settings.API_EDGE_STALE_WHILE_REVALIDATE,
        stale_if_error=settings.API_EDGE_STALE_IF_ERROR,
    )
    keys = list(keys)
    if keys:
        for header, separator in KEY_HEADERS.items():
            response[header] = separator.join(keys)
    return response


def personal(response: HttpResponse) -> HttpResponse:
    """Mark ``response`` for its one reader: no shared cache may keep it, and the reader asks
    again each time (the ``ETag`` still saves the body)."""
    patch_cache_control(response, private=True, no_cache=True)
    for header in KEY_HEADERS:
        del response[header]
    return response
