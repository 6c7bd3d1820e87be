"""Helpers shared by the services: slugs, and naming the user in history rows."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.text import slugify

from articles.models import (
    Article,
    Publication,
)

SLUG_MAX_LENGTH = 200


def unique_slug(*, text: str, model: type[Article] | type[Publication], exclude_pk=None) -> str:
    """A slug for ``text`` not yet used by another row: ``fare-freeze``, then ``fare-freeze-2``…"""
    base = slugify(text)[:SLUG_MAX_LENGTH].strip("-") or model._meta.model_name
    others = model.objects.exclude(pk=exclude_pk)
    # The equality lookup is served by the slug's index everywhere; the prefix search (a LIKE
    # that SQLite answers by scanning every slug) runs only when the plain slug is taken.
    if not others.filter(slug=base).exists():
        return base
    taken = set(others.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def history_user_set(instance: models.Model, user: AbstractBaseUser | None) -> None:
    """Name the user in the history row of the next save. Requests through the admin or the API
    are named by simple-history's middleware anyway; this covers callers outside a request."""
    if user is not None:
        instance._history_user = user  # type: ignore[attr-defined]
