"""The publishing workflow: publish, schedule, withdraw, back to draft. Leaving public view
leaves a tombstone for the clients that mirror the store (``articles.changes``)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from articles import changes
from articles.models import Article, ArticleStatus
from articles.services.common import history_user_set


@transaction.atomic
def article_publish(
    *, article: Article, at: datetime | None = None, user: AbstractBaseUser | None = None
) -> Article:
    """Publish now, or schedule for ``at`` when that is in the future.

    Published now without a time, an article keeps the publication time it already had when
    that is in the past (the date printed on the page it was loaded from), and takes the current
    time otherwise."""
    now = timezone.now()
    before = changes.ArticleState.of(article)
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
    changes.announce(articles=[article.pk], before={article.pk: before})
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
    """Give ``article`` the status ``status`` (nothing changes if it has it already). A draft
    or a future schedule withdrawn leaves no tombstone: its slug was never public and may name
    an embargoed story."""
    if article.status == status:
        return article
    before = changes.ArticleState.of(article)
    article.status = status
    history_user_set(article, user)
    article.save()
    changes.announce(articles=[article.pk], before={article.pk: before})
    return article
