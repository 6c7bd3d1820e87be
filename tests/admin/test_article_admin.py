"""The editors' admin: an article's change page with its captions inline, and saving them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, Image

pytestmark = pytest.mark.django_db


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_change_page_shows_the_captions_with_credit_and_alt_text(staff_client, seed_article):
    response = staff_client.get(change_url(seed_article))

    assert response.status_code == 200
    html = response.content.decode()
    for caption in seed_article.captions.select_related("image"):
        assert caption.text.replace("’", "&#x27;")[:40] in html or caption.text[:40] in html
        assert f'value="{caption.image.credit}"' in html
    assert "captions-TOTAL_FORMS" in html
    assert 'name="captions-0-alt_text"' in html
    assert f"/api/v1/articles/{seed_article.slug}/" in html


def test_anonymous_users_are_sent_to_the_login_page(client, seed_article):
    response = client.get(change_url(seed_article))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_list_page_search_and_filters(staff_client, corpus_articles):
    url = reverse("admin:articles_article_changelist")

    everything = staff_client.get(url)
    found = staff_client.get(url, {"q": "Pyongyang"})
    spanish = staff_client.get(url, {"language": "es"})

    assert everything.status_code == found.status_code == spanish.status_code == 200
    assert found.context["cl"].result_count == 1
    assert spanish.context["cl"].result_count == Article.objects.filter(language="es").count()


def _inline_post_data(article: Article) -> dict[str, str]:
    captions = list(article.captions.select_related("image").order_by("order"))
    data = {
        "title": article.title,
        "slug": article.slug,
        "status": article.status,
        "publication": str(article.publication_id or ""),
        "byline": article.byline,
        "published_at_0": f"{article.published_at:%Y-%m-%d}" if article.published_at else "",
        "published_at_1": f"{article.published_at:%H:%M:%S}" if article.published_at else "",
        "language": article.language,
        "body": article.body,
        "attribution": article.attribution,
        "captions-TOTAL_FORMS": str(len(captions)),
        "captions-INITIAL_FORMS": str(len(captions)),
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }
    for index, caption in enumerate(captions):
        prefix = f"captions-{index}-"
        data.update(
            {
                f"{prefix}id": str(caption.pk),
                f"{prefix}article": str(article.pk),
                f"{prefix}order": str(caption.order),
                f"{prefix}position": str(caption.position),
                f"{prefix}text": caption.text,
                f"{prefix}image": str(caption.image_id),
                f"{prefix}credit": caption.image.credit,
                f"{prefix}alt_text": caption.image.alt_text,
            }
        )
    return data


def test_an_editor_corrects_a_credit_and_alt_text_inline(staff_client, seed_article, api_client):
    data = _inline_post_data(seed_article)
    data["captions-0-credit"] = "AFP/Jane Doe"
    data["captions-0-alt_text"] = "Three ministers stand at lecterns."

    response = staff_client.post(change_url(seed_article), data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    image = seed_article.captions.order_by("order").first().image
    image.refresh_from_db()
    assert (image.credit, image.photographer, image.agencies) == (
        "AFP/Jane Doe",
        "Jane Doe",
        ["AFP"],
    )
    assert image.alt_text == "Three ministers stand at lecterns."
    api = api_client.get(f"/api/v1/articles/{seed_article.slug}/").json()
    assert api["captions"][0]["credit"] == "AFP/Jane Doe"


def test_a_caption_past_the_last_paragraph_is_refused_in_plain_words(staff_client, seed_article):
    data = _inline_post_data(seed_article)
    data["captions-1-position"] = "99"

    response = staff_client.post(change_url(seed_article), data)

    assert response.status_code == 200
    assert "The article has 13 paragraphs" in response.content.decode()


def test_an_inline_caption_without_image_creates_one(staff_client, seed_article):
    images_before = Image.objects.count()
    data = _inline_post_data(seed_article)
    data["captions-TOTAL_FORMS"] = "5"
    data.update(
        {
            "captions-4-article": str(seed_article.pk),
            "captions-4-order": "4",
            "captions-4-position": "13",
            "captions-4-text": "A new picture at the end.",
            "captions-4-image": "",
            "captions-4-credit": "Photo: Someone / Some Agency",
            "captions-4-alt_text": "",
        }
    )

    response = staff_client.post(change_url(seed_article), data)

    assert response.status_code == 302
    assert Image.objects.count() == images_before + 1
    assert seed_article.captions.order_by("order").last().text == "A new picture at the end."
