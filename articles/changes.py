"""The one change event: every service ends by announcing what it changed, in one call, and
everything derived from a write follows from that announcement, once.

``announce()`` is called inside the service's transaction. At once, in that transaction, it
writes what the store itself derives from a change:

- the ``updated_at`` of every article that shows a changed caption, image or publication, so
  that an article's ``Last-Modified`` and sync position move whenever its representation does;
- a tombstone for an article the public could read before the write and cannot after it
  (deleted, withdrawn, unpublished, rescheduled), for clients that mirror the store;
- the old slug of an article whose slug changed (``ArticleSlug``), so that links still lead to it.

When the transaction commits, the ``content_changed`` signal is sent once, with one ``Change``
that merges every announcement of the transaction: what other parts subscribe to (the read
API's stored JSON and its response cache; an edge cache's purge). A rolled-back transaction
sends nothing.

    >>> changes.announce(articles=[article.pk], captions=[caption.pk], before={article.pk: state})
    >>> content_changed.connect(lambda sender, change, **kw: purge(change.keys()))

Writes that bypass the services (``QuerySet.update()``, ``bulk_create()``, the shell) derive
nothing unless they announce what they wrote."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.db import router, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from articles.models import Article, ArticleSlug, ArticleTombstone, visible_to_public

Kind = Literal["article", "caption", "image", "publication"]
KINDS: tuple[Kind, ...] = ("article", "caption", "image", "publication")

# Sent once per committed transaction that announced anything, with ``change`` (a Change).
content_changed = Signal()


@dataclass(frozen=True)
class ArticleState:
    """What decides an article's tombstone and slug history: its slug and whether the public
    could read it. Taken by a service before it writes (``ArticleState.of(article)``)."""

    slug: str
    public: bool

    @classmethod
    def of(cls, article: Article) -> ArticleState | None:
        """The state of ``article`` as it is in hand; None for one not saved yet."""
        return None if article.pk is None else cls(article.slug, article.is_public)


@dataclass(frozen=True)
class Change:
    """What a committed write changed, by kind and id, removed objects included.

    ``articles`` holds every article whose representation changed (those showing a changed
    caption, image or publication too); ``removed`` those objects that are gone, as
    ``("article", 7)`` (deleted, or for an article, out of public view).

    ``in_hand`` holds, by id, articles as the transaction left them, read as
    ``Article.objects.for_api().with_slug_history()`` would read them (``as_read_for_api``), for
    subscribers to use instead of reading them again: those a write announced with everything
    their representation shows in memory, and that no later announcement of the transaction
    named (a write after it may have changed what they show)."""

    articles: frozenset[int] = frozenset()
    captions: frozenset[int] = frozenset()
    images: frozenset[int] = frozenset()
    publications: frozenset[int] = frozenset()
    removed: frozenset[tuple[Kind, int]] = field(default=frozenset())
    in_hand: Mapping[int, Article] = field(default_factory=dict, compare=False)

    def __or__(self, other: Change) -> Change:
        in_hand = {pk: a for pk, a in self.in_hand.items() if pk not in other.articles}
        return Change(
            **{name: getattr(self, name) | getattr(other, name) for name in _FIELDS},
            in_hand=in_hand | dict(other.in_hand),
        )

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in _FIELDS)

    def ids(self, kind: Kind) -> frozenset[int]:
        return getattr(self, f"{kind}s")

    def keys(self) -> set[str]:
        """One name per object, ``"article-7"``: the surrogate keys of the answers to purge."""
        return {f"{kind}-{pk}" for kind in KINDS for pk in self.ids(kind)}


_FIELDS = ("articles", "captions", "images", "publications", "removed")


class _Pending:
    """The announcements of one transaction, merged, sent once when it commits."""

    def __init__(self) -> None:
        self.change = Change()
        self.sent = False

    def __call__(self) -> None:
        self.sent = True
        # Kept on the connection until its next write: not the articles handed over with it.
        change, self.change = self.change, Change()
        content_changed.send_robust(sender=Change, change=change)


_PENDING = "_articles_pending_change"


def announce(
    *,
    articles: Iterable[int] = (),
    captions: Iterable[int] = (),
    images: Iterable[int] = (),
    publications: Iterable[int] = (),
    removed: Iterable[tuple[Kind, int]] = (),
    before: Mapping[int, ArticleState | None] | None = None,
    touched: Iterable[int] = (),
    in_hand: Iterable[Article] = (),
) -> Change:
    """Announce a write: the ids of what it saved or deleted (``removed`` names the deleted
    ones), ``before``, the state of each article it wrote as it was when it began, and
    ``touched``, articles whose row it did not save but whose representation it changed (a
    caption taken out), and ``in_hand``, articles it wrote that hold all their representation
    shows (``Change.in_hand``). Derives what follows in the current transaction and files the change
    for ``content_changed``; returns the change, with the articles it touched."""
    using = router.db_for_write(Article)
    removed = frozenset(removed)
    deleted = {pk for kind, pk in removed if kind == "article"}
    articles = set(articles) | deleted
    captions, images, publications = set(captions), set(images), set(publications)
    now = timezone.now()
    touched = set(touched) - deleted
    articles |= touched
    moved = _articles_touched(
        using, now, captions, images, publications, touched=touched, exclude=deleted
    )
    articles |= moved
    left_view = _derive_article_history(using, now, before or {}, deleted)
    live = articles - deleted
    in_hand = {article.pk: article for article in in_hand if article.pk in live}
    for pk in in_hand.keys() & moved:
        in_hand[pk].updated_at = now  # as ``_articles_touched`` just stored it
    change = Change(
        articles=frozenset(articles),
        captions=frozenset(captions),
        images=frozenset(images),
        publications=frozenset(publications),
        removed=removed | {("article", pk) for pk in left_view},
        in_hand=in_hand,
    )
    _file(change, using)
    return change


def _articles_touched(
    using: str,
    now,
    captions: set[int],
    images: set[int],
    publications: set[int],
    *,
    touched: set[int],
    exclude: set[int],
) -> set[int]:
    """Move ``updated_at`` of the articles ``touched`` and of those that show these captions,
    images or publications; their ids."""
    shows = Q(pk__in=touched)
    if captions:
        shows |= Q(captions__in=captions)
    if images:
        shows |= Q(captions__image__in=images)
    if publications:
        shows |= Q(publication__in=publications)
    if not (touched or captions or images or publications):
        return set()
    ids = set(
        Article.objects.using(using)
        .filter(shows)
        .exclude(pk__in=exclude)
        .values_list("pk", flat=True)
    )
    if ids:
        Article.objects.using(using).filter(pk__in=ids).update(updated_at=now)
    return ids


def _derive_article_history(
    using: str, now, before: Mapping[int, ArticleState | None], deleted: set[int]
) -> set[int]:
    """Tombstones of the articles that left public view, and the old slugs of those renamed;
    the ids of those that left."""
    if not before:
        return set()
    after = {
        pk: (slug, visible_to_public(status, published_at))
        for pk, slug, status, published_at in Article.objects.using(using)
        .filter(pk__in=list(before))
        .values_list("pk", "slug", "status", "published_at")
    }
    left = set()
    tombstones = []
    for pk, was in before.items():
        if was is None:
            continue
        slug, public = after.get(pk, (was.slug, False))
        if was.public and not public:
            reason = (
                ArticleTombstone.Reason.DELETED
                if pk in deleted
                else ArticleTombstone.Reason.WITHDRAWN
            )
            tombstones.append(
                ArticleTombstone(article_id=pk, slug=slug, reason=reason, removed_at=now)
            )
            left.add(pk)
        if pk in after and slug != was.slug:
            # The new slug is this article's now, whoever had it before; the old one leads here.
            ArticleSlug.objects.using(using).filter(slug=slug).delete()
            ArticleSlug.objects.using(using).update_or_create(
                slug=was.slug, defaults={"article_id": pk, "replaced_at": now}
            )
    ArticleTombstone.objects.using(using).bulk_create(tombstones)
    return left


def _file(change: Change, using: str) -> None:
    """Merge ``change`` into what the current transaction will announce when it commits (at
    once, outside one)."""
    connection = transaction.get_connection(using)
    pending = getattr(connection, _PENDING, None)
    # A rolled-back transaction drops its callbacks: a pending change no longer among them
    # starts afresh, as does one already sent.
    if (
        pending is None
        or pending.sent
        or not any(func is pending for _, func, _ in connection.run_on_commit)
    ):
        pending = _Pending()
        pending.change = change
        setattr(connection, _PENDING, pending)
        transaction.on_commit(pending, using=using, robust=True)
    else:
        pending.change = pending.change | change
