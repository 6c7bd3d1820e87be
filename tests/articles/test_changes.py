"""The one change event (``articles.changes``): every service announces what it wrote, the
announcements of a transaction are sent once when it commits, merged, and never when it rolls
back; what they name is enough to name every answer that holds a changed object."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from articles import services
from articles.changes import Change, content_changed
from articles.models import Article, ArticleTombstone
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    changes: list[Change] = []

    def receive(sender, change, **kwargs) -> None:
        changes.append(change)

    content_changed.connect(receive)
    yield changes
    content_changed.disconnect(receive)


def new_article(**fields) -> Article:
    return services.article_create(
        title="Harbour cranes idle",
        paragraphs=["Dockers walked out.", "Ships queued."],
        status="published",
        captions=[services.CaptionInput(text="Cranes.", credit="AP Photo/Ana Lima")],
        **fields,
    )


def test_a_transaction_is_announced_once_when_it_commits(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = new_article()
        caption = article.captions.get()
        services.caption_update(caption=caption, changes={"credit": "EFE/Kev Hui Yeung"})
        assert sent == []  # not before the commit

    [change] = sent
    assert change.articles == {article.pk}
    assert change.captions == {caption.pk}
    assert change.images == {caption.image_id}
    assert change.keys() == {
        f"article-{article.pk}",
        f"caption-{caption.pk}",
        f"image-{caption.image_id}",
    }


def test_a_rolled_back_write_announces_nothing(sent, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        new_article()
        raise RuntimeError("changed my mind")

    assert sent == []


def test_removed_objects_are_named_and_a_public_article_leaves_one_tombstone(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = new_article()
    caption = article.captions.get()
    sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.article_delete(article=Article.objects.get(pk=article.pk))

    [change] = sent
    assert ("article", article.pk) in change.removed
    assert ("caption", caption.pk) in change.removed
    assert list(ArticleTombstone.objects.values_list("article_id", "reason")) == [
        (article.pk, "deleted")
    ]


def test_an_image_changed_touches_every_article_that_shows_it(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = new_article()
        image = first.captions.get().image
        second = services.article_create(
            title="Another story",
            paragraphs=["One."],
            captions=[services.CaptionInput(image=image)],
        )
    sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.image_update(image=image, credit="Reuters/Jo Quint")

    [change] = sent
    assert change.images == {image.pk}
    assert change.articles == {first.pk, second.pk}


def test_the_seed_loader_announces_what_it_wrote(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", str(SEED_FILE), verbosity=0)

    article = Article.objects.get()
    [changed] = sent
    assert changed.articles == {article.pk}
    assert changed.captions == set(article.captions.values_list("pk", flat=True))
    assert changed.images == set(article.captions.values_list("image_id", flat=True))
    assert changed.publications == {article.publication_id}


def test_the_loader_hands_over_its_new_articles_until_a_later_write_names_them(
    sent, django_capture_on_commit_callbacks, tmp_path
):
    pages = sorted(SEED_FILE.parent.glob("*.txt"))[:3]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        call_command("load_seeds", *map(str, pages), batch_size=10, verbosity=0)
        first, *others = Article.objects.order_by("pk")
        services.article_update(article=first, changes={"title": "Changed after"})

    [changed] = sent
    assert set(changed.in_hand) == {article.pk for article in others}
    for article in others:
        held = changed.in_hand[article.pk]
        assert held.updated_at == article.updated_at  # moved by the announcement, as stored
        assert [c.pk for c in held.captions.all()] == list(
            article.captions.order_by("order").values_list("pk", flat=True)
        )


@pytest.mark.parametrize("how", ["caption_delete", "article_update"])
def test_a_caption_taken_out_moves_its_article(sent, django_capture_on_commit_callbacks, how):
    with django_capture_on_commit_callbacks(execute=True):
        article = new_article()
    caption = article.captions.get()
    caption_id = caption.pk
    before = Article.objects.get(pk=article.pk).updated_at
    sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if how == "caption_delete":
            services.caption_delete(caption=caption)
        else:
            services.article_update(article=article, changes={}, captions=[])

    [change] = sent
    assert change.articles == {article.pk}
    assert ("caption", caption_id) in change.removed
    assert Article.objects.get(pk=article.pk).updated_at > before
