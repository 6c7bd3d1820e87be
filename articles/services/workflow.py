"""The publishing workflow: publish, schedule, withdraw, back to draft, and the tombstones
clients that mirror the store rely on."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from articles.models import (
    Article,
    ArticleStatus,
    ArticleTombstone,
)
from articles.services.common import history_user_set


def _tombstone_leave(*, article: Article, since: datetime) -> None:
    """Leave a tombstone for an article the public could read and no longer can.

    One per disappearance: the receiver in ``articles.signals`` leaves one too when an article
    that was public is saved out of view, so one is only added when none was left ``since``
    this save began (and the services still leave one where that receiver is not connected)."""
    already = ArticleTombstone.objects.filter(
        article_id=article.pk,
        reason=ArticleTombstone.Reason.WITHDRAWN,
        removed_at__gte=since,
    ).exists()
    if not already:
        ArticleTombstone.objects.create(
            article_id=article.pk, slug=article.slug, reason=ArticleTombstone.Reason.WITHDRAWN
        )


@transaction.atomic
def article_publish(
    *, article: Article, at: datetime | None = None, user: AbstractBaseUser | None = None
) -> Article:
    """Publish now, or schedule for ``at`` when that is in the future.

    Published now without a time, an article keeps the publication time it already had when
    that is in the past (the date printed on the page it was loaded from), and takes the current
    time otherwise."""
    now = timezone.now()
    since, was_public = now, article.is_public
    if at is not None and at > now:
        article.status = ArticleStatus.SCHEDULED
        article.published_at = at
    else:
        article.status = ArticleStatus.PUBLISHED
        if at is not None:
            article.published_at = at
        elif article.published_at is None or article.published_at > now:
            article.published_at = now
    history_user_set(article, user)
    article.save()
    # Rescheduling a public article for later takes it out of view until then.
    article_visibility_changed(article=article, was_public=was_public, since=since)
    return article


@transaction.atomic
def article_withdraw(*, article: Article, user: AbstractBaseUser | None = None) -> Article:
    """Take an article out of public view for good, with a tombstone for the clients that
    mirror the store if they could read it. Withdrawing a withdrawn article changes nothing."""
    return _status_set(article=article, status=ArticleStatus.WITHDRAWN, user=user)


@transaction.atomic
def article_unpublish(*, article: Article, user: AbstractBaseUser | None = None) -> Article:
    """Move an article back to draft. If the public could read it, it leaves a tombstone as a
    withdrawal does: for a client mirroring the store, both mean "remove your copy"."""
    return _status_set(article=article, status=ArticleStatus.DRAFT, user=user)


def _status_set(*, article: Article, status: str, user: AbstractBaseUser | None) -> Article:
    """Give ``article`` the status ``status`` (nothing changes if it has it already), with the
    tombstone that leaving public view needs."""
    if article.status == status:
        return article
    since, was_public = timezone.now(), article.is_public
    article.status = status
    history_user_set(article, user)
    article.save()
    article_visibility_changed(article=article, was_public=was_public, since=since)
    return article


def article_visibility_changed(*, article: Article, was_public: bool, since: datetime) -> None:
    """After a save that may have taken the article out of public view (a service, the admin's
    form, a write through the API): leave the tombstone that needs, once. ``since`` is when the
    save began. A draft or a future schedule withdrawn leaves none: its slug was never public
    and may name an embargoed story."""
    if was_public and not article.is_public:
        _tombstone_leave(article=article, since=since)
