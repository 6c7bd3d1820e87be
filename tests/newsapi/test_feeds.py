"""RSS 2.0 and Atom feeds of the newest articles, overall and per publication, read as a feed
reader reads them (feedparser), with Media RSS images and credits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from articles.models import Article, Caption
from articles.services import image_create
from newsapi.formats.feeds import FEED_SIZE
from tests.factories import article_create, image_upload, publication_create

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/rss/", "/feeds/atom/"]


def read(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize(
    ("url", "version", "content_type"),
    [
        ("/feeds/rss/", "rss20", "application/rss+xml; charset=utf-8"),
        ("/feeds/atom/", "atom10", "application/atom+xml; charset=utf-8"),
    ],
)
def test_the_seed_article_in_each_feed(client, seed_article, url, version, content_type):
    response = client.get(url)
    feed = read(client, url)

    assert response["Content-Type"] == content_type
    assert feed.version == version
    [entry] = feed.entries
    assert entry.title == seed_article.title
    assert entry.link == f"http://testserver/api/v1/articles/{seed_article.slug}/"
    assert entry.summary.startswith("South Korea, Japan and the United States")
    # The seed's images have no file: their credits are the item's.
    credits = [credit["content"] for credit in entry.media_credit]
    assert len(credits) == 4
    assert credits[0] == "EFE/EPA/Kev Hui Yeung"


@pytest.mark.parametrize("url", FEEDS)
def test_stored_images_are_media_content_with_credit_and_caption(client, media_root, url):
    article = article_create(title="Ministers meet", byline="Ana Lima")
    image = image_create(file=image_upload(), credit="EFE/EPA/Kev Hui Yeung")
    Caption.objects.create(article=article, image=image, text="Three ministers.")

    [entry] = read(client, url).entries

    [content] = entry.media_content
    assert content["url"].startswith("http://testserver/media/images/")
    assert content["medium"] == "image"
    assert content["type"] == "image/jpeg"
    assert (content["width"], content["height"]) == ("2000", "1000")
    assert entry.media_credit == [{"content": "EFE/EPA/Kev Hui Yeung"}]
    assert entry.author == "Ana Lima"


@pytest.mark.parametrize("url", FEEDS)
def test_newest_published_first_and_capped(client, db, url):
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for day in range(FEED_SIZE + 2):
        article_create(title=f"Day {day}", published_at=start + timedelta(days=day))
    article_create(title="A draft", status="draft", published_at=start + timedelta(days=999))

    entries = read(client, url).entries

    assert len(entries) == FEED_SIZE
    assert entries[0].title == f"Day {FEED_SIZE + 1}"
    assert "A draft" not in {entry.title for entry in entries}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_per_publication(client, db, kind):
    outlet = publication_create(slug="the-outlet", name="The Outlet", tagline="Local news")
    article_create(title="Ours", publication=outlet)
    article_create(title="Theirs", publication=publication_create())

    feed = read(client, f"/feeds/{kind}/the-outlet/")

    assert [entry.title for entry in feed.entries] == ["Ours"]
    assert feed.feed.title == "The Outlet: newest articles"


def test_feeds_answer_304_to_a_reader_that_has_them(client, seed_article):
    first = client.get("/feeds/rss/")

    again = client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"].startswith("public, max-age=")
    assert first["Last-Modified"]
    assert again.status_code == 304
    Article.objects.filter(pk=seed_article.pk).update(title="Changed")
    assert client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/feeds/rss/no-such-outlet/", 404),
        ("get", "/feeds/atom/?page=2", 400),
        ("post", "/feeds/rss/", 405),
    ],
)
def test_feed_errors_are_problem_documents(client, db, method, url, status):
    response = getattr(client, method)(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
