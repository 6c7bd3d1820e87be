"""What every write to the content store implies, whichever code path makes it (services, the
admin, the shell):

- an article that leaves public view (deleted, withdrawn, unpublished) leaves a tombstone, so that
  clients mirroring the store through ``updated_since`` learn to remove their copy;
- a change to a caption, an image, a rendition or a publication touches the ``updated_at`` of the
  articles that show it, so that an article's ``Last-Modified`` and sync position move whenever
  its representation changes;
- an article whose slug changes keeps its old slug (``ArticleSlug``), so that links to it still
  lead to the article.

``QuerySet.update()`` and ``bulk_create()`` send no signals: code that uses them for articles'
status or for captions must do the same by hand.

``articles_touched`` tells other apps which articles a touch moved (the read API rebuilds what
it stores of them), since the touch itself is an ``update()`` that sends no ``post_save``.
"""

from __future__ import annotations

from django.db import router
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import Signal, receiver
from django.utils import timezone

from articles.models import (
    Article,
    ArticleSlug,
    ArticleTombstone,
    Caption,
    Image,
    ImageRendition,
    Publication,
    visible_to_public,
)

# Sent with ``article_ids`` (a list) and ``using`` after ``articles_touch()``.
articles_touched = Signal()

# The status and publication time an article had when it was read from the database.
_LOADED = "_visibility_when_loaded"
# Its slug then.
_LOADED_SLUG = "_slug_when_loaded"


def _was_public(article: Article) -> bool:
    loaded = getattr(article, _LOADED, None)
    if loaded is None:  # never read from the database, or read without these fields
        return False
    return visible_to_public(*loaded)


@receiver(post_init, sender=Article)
def remember_visibility_and_slug(sender, instance: Article, **kwargs) -> None:
    # Remembered at load time rather than read again before saving: a query per save would
    # slow every write, and the loader saves thousands of articles.
    if instance.pk is None:
        return
    deferred = instance.get_deferred_fields()
    if not {"status", "published_at"} & deferred:
        setattr(instance, _LOADED, (instance.status, instance.published_at))
    if "slug" not in deferred:
        setattr(instance, _LOADED_SLUG, instance.slug)


@receiver(post_save, sender=Article)
def tombstone_withdrawn_article(sender, instance: Article, created: bool, raw: bool, **kwargs):
    left_view = _was_public(instance) and not instance.is_public
    if left_view and not created and not raw:
        ArticleTombstone.objects.create(
            article_id=instance.pk, slug=instance.slug, reason=ArticleTombstone.Reason.WITHDRAWN
        )
    setattr(instance, _LOADED, (instance.status, instance.published_at))


@receiver(post_save, sender=Article)
def keep_the_old_slug(sender, instance: Article, created: bool, raw: bool, **kwargs) -> None:
    old = getattr(instance, _LOADED_SLUG, None)
    setattr(instance, _LOADED_SLUG, instance.slug)
    if created or raw or old is None or old == instance.slug:
        return
    # The new slug is this article's now, whoever had it before; the old one leads here, even
    # if another article had it before.
    ArticleSlug.objects.filter(slug=instance.slug).delete()
    ArticleSlug.objects.update_or_create(
        slug=old, defaults={"article": instance, "replaced_at": timezone.now()}
    )


@receiver(post_delete, sender=Article)
def tombstone_deleted_article(sender, instance: Article, **kwargs) -> None:
    # Only articles the public could see: a deleted draft's slug may name an embargoed story.
    if _was_public(instance):
        ArticleTombstone.objects.create(
            article_id=instance.pk, slug=instance.slug, reason=ArticleTombstone.Reason.DELETED
        )


def articles_touch(**lookups) -> None:
    """Mark the articles matching ``lookups`` as changed now."""
    using = router.db_for_write(Article)  # the ids too: a replica may not have the rows yet
    if set(lookups) == {"pk"}:
        article_ids = [lookups["pk"]]
    else:
        article_ids = list(
            Article.objects.using(using).filter(**lookups).values_list("pk", flat=True)
        )
    if article_ids:
        # By the lookups rather than the ids: a publication's articles may be more ids than
        # SQLite takes parameters in one statement.
        Article.objects.using(using).filter(**lookups).update(updated_at=timezone.now())
        articles_touched.send(sender=Article, article_ids=article_ids, using=using)


@receiver(post_save, sender=Caption)
@receiver(post_delete, sender=Caption)
def touch_article_of_caption(sender, instance: Caption, raw: bool = False, **kwargs) -> None:
    if not raw:
        articles_touch(pk=instance.article_id)


@receiver(post_save, sender=Image)
def touch_articles_of_image(sender, instance: Image, created: bool, raw: bool, **kwargs) -> None:
    if not created and not raw:  # a new image is in no article yet
        articles_touch(captions__image=instance)


@receiver(post_save, sender=ImageRendition)
@receiver(post_delete, sender=ImageRendition)
def touch_articles_of_rendition(sender, instance: ImageRendition, raw: bool = False, **kwargs):
    if not raw:
        Image.objects.filter(pk=instance.image_id).update(updated_at=timezone.now())
        articles_touch(captions__image_id=instance.image_id)


@receiver(post_save, sender=Publication)
def touch_articles_of_publication(sender, instance: Publication, created, raw, **kwargs):
    if not created and not raw:
        articles_touch(publication=instance)
