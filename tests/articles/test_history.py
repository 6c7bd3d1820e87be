"""History: every change to an article, caption or image is kept with who made it and when,
shown in the admin with the differences, revertible there, and listed by ``article_versions``."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.history import article_versions
from articles.models import Article, Caption
from tests.admin.test_article_admin import _inline_post_data, change_url
from tests.factories import article_create

pytestmark = pytest.mark.django_db


def test_an_edit_in_the_admin_is_recorded_with_the_editor(editor_client, editor, seed_article):
    data = _inline_post_data(seed_article)
    data["title"] = "A corrected headline"
    data["captions-0-text"] = "A corrected caption."
    data["captions-0-credit"] = "AFP/Jane Doe"

    response = editor_client.post(change_url(seed_article), data)

    assert response.status_code == 302
    article_version = seed_article.history.latest()
    caption = seed_article.captions.get(order=0)
    assert (article_version.history_user, article_version.title) == (editor, "A corrected headline")
    assert caption.history.latest().history_user == editor
    assert caption.history.latest().text == "A corrected caption."
    assert caption.image.history.latest().history_user == editor
    assert caption.image.history.latest().credit == "AFP/Jane Doe"


def test_the_seed_loader_writes_history_without_a_user(seed_article):
    first = seed_article.history.get()

    assert (first.history_type, first.history_user) == ("+", None)
    assert all(c.history.count() == 1 for c in seed_article.captions.all())


def test_the_history_page_shows_who_changed_what(editor_client, editor):
    article = article_create(title="Old headline")
    data = {
        "title": "New headline",
        "slug": article.slug,
        "status": "published",
        "language": "en",
        "body": article.body,
        "captions-TOTAL_FORMS": "0",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }
    editor_client.post(change_url(article), data)

    page = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Changes" in html
    changes = html[html.index("Changes</th>") :]
    assert "<strong>Headline:</strong>" in changes
    assert re.search(r"Old headline\s*&nbsp;&rarr;&nbsp;&nbsp;New headline", changes)
    assert editor.username in html


def test_an_editor_reverts_an_article_to_an_earlier_version(editor_client, editor, api_client):
    article = article_create(title="The first headline", byline="Ana Lima")
    first = article.history.get()
    article.title, article.byline = "A mistaken headline", "Nobody"
    article.save()

    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first.pk])
    form = editor_client.get(revert_url)
    initial = form.context["adminform"].form.initial
    response = editor_client.post(
        revert_url,
        {
            "title": initial["title"],
            "slug": initial["slug"],
            "status": initial["status"],
            "byline": initial["byline"],
            "language": initial["language"],
            "body": initial["body"],
            "attribution": "",
        },
    )

    assert form.status_code == 200
    assert "Revert" in form.content.decode()
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.byline) == ("The first headline", "Ana Lima")
    assert article.history.count() == 3
    assert article.history.latest().history_user == editor
    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["title"] == (
        "The first headline"
    )


def test_history_is_kept_after_a_delete(editor_client):
    article = article_create(captions=1)
    article_id, caption_id = article.pk, article.captions.get().pk

    article.delete()

    assert Article.history.filter(id=article_id).latest().history_type == "-"
    assert Caption.history.filter(id=caption_id).latest().history_type == "-"


def test_article_versions_lists_changes_newest_first(
    editor_client, editor, django_assert_num_queries
):
    article = article_create(title="Draft headline", status="draft")
    data = {
        "title": "Final headline",
        "slug": article.slug,
        "status": "published",
        "language": "en",
        "body": article.body,
        "captions-TOTAL_FORMS": "0",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }
    editor_client.post(change_url(article), data)

    # The article's history, and its captions' (their images' too when it has any).
    with django_assert_num_queries(2):
        versions = article_versions(article)

    assert [(v.number, v.kind, v.user) for v in versions] == [
        (2, "changed", editor.username),
        (1, "created", None),
    ]
    changes = {change.field: (change.old, change.new) for change in versions[0].changes}
    # Published in the admin without a time, it takes the current one, as through the API.
    published_at = Article.objects.get(pk=article.pk).published_at
    assert changes == {
        "title": ("Draft headline", "Final headline"),
        "status": ("draft", "published"),
        "published_at": (None, published_at),
    }
    assert versions[1].changes == []
    assert versions[0].recorded_at > versions[1].recorded_at


def test_a_caption_or_credit_changed_is_a_version_of_its_article(editor_api, editor, seed_article):
    caption = seed_article.captions.order_by("order").first()
    url = f"/api/v1/captions/{caption.pk}/"
    editor_api.patch(url, {"credit": "AP Photo/Ana Lima"}, format="json")
    editor_api.patch(url, {"text": "A corrected caption."}, format="json")

    versions = editor_api.get(f"/api/v1/articles/{seed_article.slug}/versions/").json()

    assert [v["number"] for v in versions] == [3, 2, 1]
    assert versions[0]["changes"] == [
        {"field": f"caption {caption.pk} text", "old": caption.text, "new": "A corrected caption."}
    ]
    changed = {change["field"]: change["new"] for change in versions[1]["changes"]}
    assert changed[f"image {caption.image_id} credit"] == "AP Photo/Ana Lima"
    assert changed[f"image {caption.image_id} agencies"] == ["AP"]
    assert versions[1]["user"] == editor.username
