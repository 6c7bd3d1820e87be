"""The publishing workflow: draft, scheduled, published and withdrawn, through the services, the
admin's bulk actions and change form, and what the public API shows of each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus, ArticleTombstone, Image
from articles.services import article_publish, article_unpublish, article_withdraw
from tests.factories import article_create

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def public_detail(api_client, article: Article):
    return api_client.get(f"/api/v1/articles/{article.slug}/")


def public_slugs(api_client) -> set[str]:
    return {item["slug"] for item in api_client.get("/api/v1/articles/").json()["results"]}


def test_a_draft_is_not_found_by_the_public(api_client):
    draft = article_create(status=ArticleStatus.DRAFT)

    response = public_detail(api_client, draft)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert draft.slug not in public_slugs(api_client)


def test_a_scheduled_article_appears_when_its_time_has_come(api_client):
    now = timezone.now()
    due = article_create(status=ArticleStatus.SCHEDULED, published_at=now - timedelta(minutes=1))
    later = article_create(status=ArticleStatus.SCHEDULED, published_at=now + timedelta(hours=1))

    assert public_detail(api_client, due).status_code == 200
    assert public_detail(api_client, later).status_code == 404
    assert public_slugs(api_client) == {due.slug}


def test_publishing_now_and_for_later(api_client):
    draft = article_create(status=ArticleStatus.DRAFT)
    for_later = article_create(status=ArticleStatus.DRAFT)
    tomorrow = timezone.now() + timedelta(days=1)

    article_publish(article=draft)
    article_publish(article=for_later, at=tomorrow)

    draft.refresh_from_db()
    for_later.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED
    assert draft.published_at is not None and draft.published_at <= timezone.now()
    assert (for_later.status, for_later.published_at) == (ArticleStatus.SCHEDULED, tomorrow)
    assert public_detail(api_client, draft).status_code == 200
    assert public_detail(api_client, for_later).status_code == 404


def test_publishing_keeps_a_past_publication_time():
    printed = timezone.now() - timedelta(days=300)
    article = article_create(status=ArticleStatus.DRAFT, published_at=printed)

    article_publish(article=article)

    article.refresh_from_db()
    assert article.published_at == printed


def test_publishing_a_scheduled_article_now_moves_its_time_to_now():
    article = article_create(
        status=ArticleStatus.SCHEDULED, published_at=timezone.now() + timedelta(days=2)
    )

    article_publish(article=article)

    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at <= timezone.now()


def test_withdrawing_hides_the_article_and_leaves_one_tombstone(api_client):
    article = article_create(captions=1)
    caption_id = article.captions.get().pk

    article_withdraw(article=article)
    article_withdraw(article=article)

    assert public_detail(api_client, article).status_code == 404
    assert api_client.get(f"/api/v1/captions/{caption_id}/").status_code == 404
    tombstones = ArticleTombstone.objects.filter(article_id=article.pk)
    assert list(tombstones.values_list("slug", "reason")) == [(article.slug, "withdrawn")]


def test_withdrawing_a_draft_leaves_no_tombstone():
    # Its slug was never public and may name an embargoed story.
    draft = article_create(status=ArticleStatus.DRAFT)

    article_withdraw(article=draft)

    assert Article.objects.get(pk=draft.pk).status == ArticleStatus.WITHDRAWN
    assert not ArticleTombstone.objects.filter(article_id=draft.pk).exists()


def test_rescheduling_a_public_article_for_later_leaves_a_tombstone(api_client):
    article = article_create(published_at=timezone.now() - timedelta(days=1))

    article_publish(article=article, at=timezone.now() + timedelta(days=1))

    assert public_detail(api_client, article).status_code == 404
    assert ArticleTombstone.objects.filter(article_id=article.pk).count() == 1


def test_withdrawn_again_after_a_republication_leaves_a_second_tombstone():
    article = article_create()

    article_withdraw(article=article)
    article_publish(article=article)
    article_withdraw(article=article)

    assert ArticleTombstone.objects.filter(article_id=article.pk).count() == 2


def test_moving_a_public_article_back_to_draft_leaves_a_tombstone_but_a_draft_does_not():
    public = article_create()
    scheduled_for_later = article_create(
        status=ArticleStatus.SCHEDULED, published_at=timezone.now() + timedelta(days=1)
    )

    article_unpublish(article=public)
    article_unpublish(article=scheduled_for_later)

    assert Article.objects.get(pk=public.pk).status == ArticleStatus.DRAFT
    assert ArticleTombstone.objects.filter(article_id=public.pk).count() == 1
    assert not ArticleTombstone.objects.filter(article_id=scheduled_for_later.pk).exists()


def test_images_only_in_unpublished_articles_are_not_public():
    published = article_create(captions=1)
    draft = article_create(captions=1, status=ArticleStatus.DRAFT)
    shared_image = published.captions.get().image
    draft.captions.create(image=shared_image, order=5, position=0, text="Shared.")
    unused = Image.objects.create(credit="AP")

    public_ids = set(Image.objects.published().values_list("pk", flat=True))

    assert public_ids == {shared_image.pk}
    assert draft.captions.get(order=0).image_id not in public_ids
    assert unused.pk not in public_ids


# Through the admin: bulk actions and the change form.


def run_action(client, action: str, articles: list[Article]):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [str(article.pk) for article in articles]},
        follow=True,
    )


def test_bulk_publish_now_in_the_admin(editor_client, editor, api_client):
    drafts = [article_create(status=ArticleStatus.DRAFT) for _ in range(2)]
    already = article_create()

    response = run_action(editor_client, "publish_now", [*drafts, already])

    assert response.status_code == 200
    assert "2 articles published; 1 was already published." in response.content.decode()
    for draft in drafts:
        assert public_detail(api_client, draft).status_code == 200
        assert draft.history.latest().history_user == editor


def test_bulk_withdraw_in_the_admin(editor_client, api_client):
    articles = [article_create() for _ in range(3)]

    response = run_action(editor_client, "withdraw", articles[:2])

    assert "2 articles withdrawn." in response.content.decode()
    assert public_slugs(api_client) == {articles[2].slug}
    assert ArticleTombstone.objects.filter(reason="withdrawn").count() == 2


def test_bulk_move_to_draft_in_the_admin(editor_client, api_client):
    article = article_create()

    response = run_action(editor_client, "move_to_draft", [article])

    assert "1 article moved back to draft." in response.content.decode()
    assert public_detail(api_client, article).status_code == 404


def test_bulk_actions_need_the_change_permission(client, django_user_model):
    viewer = django_user_model.objects.create_user(username="viewer", password="x" * 20)
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    article = article_create(status=ArticleStatus.DRAFT)

    page = client.get(reverse(CHANGELIST))
    run_action(client, "publish_now", [article])

    assert page.status_code == 200
    assert "publish_now" not in page.content.decode()
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT


def test_withdrawing_in_the_change_form_leaves_a_tombstone(editor_client, api_client):
    article = article_create()
    data = {
        "title": article.title,
        "slug": article.slug,
        "status": "withdrawn",
        "publication": "",
        "byline": "",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "body": article.body,
        "attribution": "",
        "captions-TOTAL_FORMS": "0",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert public_detail(api_client, article).status_code == 404
    assert ArticleTombstone.objects.filter(article_id=article.pk).count() == 1


def test_the_change_form_refuses_a_schedule_without_a_time_in_plain_words(editor_client):
    article = article_create(status=ArticleStatus.DRAFT)
    data = {
        "title": article.title,
        "slug": article.slug,
        "status": "scheduled",
        "language": "en",
        "body": article.body,
        "captions-TOTAL_FORMS": "0",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert "A scheduled article needs the date and time to publish it." in (
        response.content.decode()
    )
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT


def test_the_change_form_refuses_a_publication_in_the_future(editor_client):
    article = article_create(status=ArticleStatus.DRAFT)
    tomorrow = timezone.now() + timedelta(days=1)
    data = {
        "title": article.title,
        "slug": article.slug,
        "status": "published",
        "published_at_0": f"{tomorrow:%Y-%m-%d}",
        "published_at_1": f"{tomorrow:%H:%M:%S}",
        "language": "en",
        "body": article.body,
        "captions-TOTAL_FORMS": "0",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert "choose “Scheduled” to publish it then" in response.content.decode()


def test_the_status_column_and_filter(editor_client):
    article_create(status=ArticleStatus.DRAFT)
    article_create(status=ArticleStatus.DRAFT)
    article_create()

    everything = editor_client.get(reverse(CHANGELIST))
    drafts = editor_client.get(reverse(CHANGELIST), {"status__exact": "draft"})

    assert everything.context["cl"].result_count == 3
    assert drafts.context["cl"].result_count == 2
    assert 'class="sortable column-status"' in everything.content.decode()
    assert '<td class="field-status">Draft</td>' in drafts.content.decode()


def test_a_new_article_in_the_admin_starts_as_a_draft(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))

    assert response.context["adminform"].form.initial["status"] == ArticleStatus.DRAFT
    assert '<option value="draft" selected>' in response.content.decode()
