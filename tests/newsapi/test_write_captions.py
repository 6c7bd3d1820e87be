"""Captions and publications written on their own: created at a place in the article, moved,
corrected, deleted, with the article and its other captions kept consistent."""

from __future__ import annotations

import pytest

from articles.models import ArticleStatus, Caption, Image, Publication
from tests.factories import article_create, publication_create

pytestmark = pytest.mark.django_db

CAPTIONS = "/api/v1/captions/"
PUBLICATIONS = "/api/v1/publications/"


def invalid_params(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    return {item["name"]: item["reason"] for item in response.json()["invalid_params"]}


def caption_texts(article) -> list[tuple[str, int]]:
    return list(article.captions.order_by("order").values_list("text", "order"))


def test_a_new_caption_goes_last_with_a_new_image_from_its_credit(editor_api):
    article = article_create(captions=2)

    response = editor_api.post(
        CAPTIONS,
        {"article": article.slug, "text": "A third.", "position": 3, "credit": "AFP/Ana Ruiz"},
        format="json",
    )

    assert response.status_code == 201, response.content
    caption = response.json()
    assert response["Location"] == f"http://testserver{CAPTIONS}{caption['id']}/"
    assert caption == editor_api.get(response["Location"]).json()
    assert caption["article"] == article.slug
    assert caption["image"]["photographer"] == "Ana Ruiz"
    assert caption_texts(article) == [("Caption 0.", 0), ("Caption 1.", 1), ("A third.", 2)]


def test_a_caption_added_at_an_order_moves_the_others_down(editor_api):
    article = article_create(captions=2)
    image = Image.objects.create(credit="AP")

    editor_api.post(
        CAPTIONS,
        {"article": article.slug, "text": "Lead.", "order": 0, "image": image.pk},
        format="json",
    )

    assert caption_texts(article) == [("Lead.", 0), ("Caption 0.", 1), ("Caption 1.", 2)]


def test_moving_a_caption_renumbers_the_others(editor_api):
    article = article_create(captions=3)
    last = article.captions.get(order=2)

    response = editor_api.patch(f"{CAPTIONS}{last.pk}/", {"order": 0}, format="json")

    assert response.status_code == 200
    assert caption_texts(article) == [("Caption 2.", 0), ("Caption 0.", 1), ("Caption 1.", 2)]


def test_a_credit_corrected_on_a_caption_corrects_the_image(editor_api, api_client):
    article = article_create(captions=1)
    caption = article.captions.get()

    response = editor_api.patch(
        f"{CAPTIONS}{caption.pk}/", {"credit": "EFE/EPA/Kev Hui Yeung"}, format="json"
    )

    assert response.json()["credit"] == "EFE/EPA/Kev Hui Yeung"
    public = api_client.get(f"/api/v1/images/{caption.image_id}/").json()
    assert (public["photographer"], public["agencies"]) == ("Kev Hui Yeung", ["EFE", "EPA"])


def test_a_position_past_the_body_is_refused_naming_position(editor_api):
    article = article_create()  # three paragraphs

    response = editor_api.post(
        CAPTIONS, {"article": article.slug, "text": "Too far.", "position": 4}, format="json"
    )

    assert invalid_params(response) == {
        "position": "The article has 3 paragraphs, so the image cannot come after more than that."
    }
    assert not Caption.objects.exists()
    assert not Image.objects.exists(), "the new image is not kept either"


def test_a_caption_stays_in_its_article(editor_api):
    caption = article_create(captions=1).captions.get()
    other = article_create()

    response = editor_api.put(
        f"{CAPTIONS}{caption.pk}/", {"article": other.slug, "text": "Moved?"}, format="json"
    )

    assert invalid_params(response) == {
        "article": "A caption stays in its article: delete it and add a caption to the other one."
    }


def test_deleting_a_caption_keeps_its_image(editor_api):
    caption = article_create(captions=1).captions.get()

    response = editor_api.delete(f"{CAPTIONS}{caption.pk}/")

    assert response.status_code == 204
    assert not Caption.objects.exists()
    assert Image.objects.filter(pk=caption.image_id).exists()


def test_editors_see_the_captions_of_drafts(editor_api, api_client):
    caption = article_create(captions=1, status=ArticleStatus.DRAFT).captions.get()

    assert api_client.get(f"{CAPTIONS}{caption.pk}/").status_code == 404
    assert editor_api.get(f"{CAPTIONS}{caption.pk}/").status_code == 200


def test_a_publication_is_created_with_a_slug_from_its_name(editor_api):
    response = editor_api.post(
        PUBLICATIONS, {"name": "The Harbour Gazette", "tagline": "News of the coast"}, "json"
    )

    assert response.status_code == 201
    assert response.json() == {
        "name": "The Harbour Gazette",
        "slug": "the-harbour-gazette",
        "tagline": "News of the coast",
        "url": "http://testserver/api/v1/publications/the-harbour-gazette/",
        "article_count": 0,
    }
    assert response["Location"] == response.json()["url"]


def test_a_publication_name_taken_is_refused_in_plain_words(editor_api):
    publication_create(name="The Harbour Gazette")

    response = editor_api.post(PUBLICATIONS, {"name": "The Harbour Gazette"}, format="json")

    assert invalid_params(response)["name"] == (
        "Another publication already has this name; choose another."
    )


def test_a_renamed_publication_shows_in_its_articles(editor_api, api_client):
    outlet = publication_create(name="Old Name", slug="old-name")
    article = article_create(publication=outlet)

    response = editor_api.patch(
        f"{PUBLICATIONS}old-name/", {"name": "New Name", "tagline": None}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["tagline"] is None
    shown = api_client.get(f"/api/v1/articles/{article.slug}/").json()["publication"]
    assert shown == {"name": "New Name", "slug": "old-name", "tagline": None}


def test_a_publication_still_named_by_articles_cannot_be_deleted(editor_api):
    outlet = publication_create()
    article = article_create(publication=outlet)
    unused = publication_create()

    refused = editor_api.delete(f"{PUBLICATIONS}{outlet.slug}/")
    deleted = editor_api.delete(f"{PUBLICATIONS}{unused.slug}/")

    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"It cannot be deleted while these refer to it: article {article.slug}."
    )
    assert deleted.status_code == 204
    assert list(Publication.objects.all()) == [outlet]
