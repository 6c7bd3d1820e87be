"""Writes and what the public reads next, with lists reused under the content version as in
production: a write is in the very next public answer, and an editor's answers (which may hold
drafts) are private. The writes here commit for real, as in production, so that the content
version changes when they do."""

from __future__ import annotations

import pytest
from django.test import Client

from articles.models import ArticleStatus
from tests.factories import article_create

ARTICLES = "/api/v1/articles/"

# Writes that commit, by an editor of the Editors group made again after other tests' flushes.
pytestmark = pytest.mark.usefixtures("editors_group")


def test_a_write_is_in_the_next_public_answer(list_reuse, editor_api):
    article = article_create(captions=1)
    url = f"{ARTICLES}{article.slug}/"
    public = Client()
    assert public.get(url).json()["title"] != "A corrected headline"
    assert public.get(ARTICLES).status_code == 200

    written = editor_api.patch(url, {"title": "A corrected headline"}, format="json")

    assert written.status_code == 200
    detail, listing = public.get(url), public.get(ARTICLES)
    assert detail.json()["title"] == "A corrected headline"
    assert listing.json()["results"][0]["title"] == "A corrected headline"


def test_a_new_caption_credit_reaches_the_next_answer(list_reuse, editor_api):
    article = article_create(captions=1)
    caption = article.captions.get()
    url = f"{ARTICLES}{article.slug}/"
    public = Client()
    public.get(url)

    editor_api.patch(f"/api/v1/captions/{caption.pk}/", {"credit": "Reuters/Jane Roe"}, "json")

    assert public.get(url).json()["captions"][0]["credit"] == "Reuters/Jane Roe"


def test_an_editors_answers_are_private_and_the_public_never_sees_a_draft(list_reuse, editor_api):
    draft = article_create(status=ArticleStatus.DRAFT, title="Embargoed merger")
    url = f"{ARTICLES}{draft.slug}/"

    seen_by_editor = editor_api.get(url)
    listed_for_editor = editor_api.get(ARTICLES)

    assert seen_by_editor.status_code == 200
    assert seen_by_editor["Cache-Control"] == "private, no-cache"
    assert listed_for_editor["Cache-Control"] == "private, no-cache"
    public = Client()
    assert public.get(url).status_code == 404
    listing = public.get(ARTICLES)
    assert "Embargoed" not in listing.content.decode()
    assert listing["Cache-Control"].startswith("public")
