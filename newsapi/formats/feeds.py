"""RSS 2.0 and Atom feeds of the newest published articles, overall and per publication, with
their images in Media RSS (``media:content`` with the file, ``media:credit`` with the credit as
printed, ``media:description`` with the caption).

An image with no file stored (seed pages name the photo and its credit only) cannot be a
``media:content``, which needs a URL; its credit is then a ``media:credit`` of the item.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import parse_http_date_safe

from articles.models import Article, Caption, Publication
from newsapi.http import edge
from newsapi.http.conditional import store_moments, strong_etag
from newsapi.http.errors import problem_response

MEDIA_RSS_NAMESPACE = "http://search.yahoo.com/mrss/"
FEED_SIZE = 50


class MediaRssMixin:
    """Media RSS elements for a feed generator; items carry ``media``, a list of dicts with
    ``url`` (or None), ``type``, ``width``, ``height``, ``credit`` and ``caption``."""

    def add_media_namespace(self, attributes: dict[str, str]) -> dict[str, str]:
        attributes["xmlns:media"] = MEDIA_RSS_NAMESPACE
        return attributes

    def add_item_elements(self, handler, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for media in item.get("media", []):
            if media["url"] is None:
                if media["credit"]:
                    handler.addQuickElement("media:credit", media["credit"])
                continue
            attributes = {"url": media["url"], "medium": "image"}
            if media["type"]:
                attributes["type"] = media["type"]
            if media["width"] and media["height"]:
                attributes.update(width=str(media["width"]), height=str(media["height"]))
            handler.startElement("media:content", attributes)
            if media["caption"]:
                handler.addQuickElement("media:description", media["caption"], {"type": "plain"})
            if media["credit"]:
                handler.addQuickElement("media:credit", media["credit"])
            handler.endElement("media:content")


class MediaRss201Feed(MediaRssMixin, Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        return self.add_media_namespace(super().rss_attributes())


class MediaAtomFeed(MediaRssMixin, Atom1Feed):
    def root_attributes(self) -> dict[str, str]:
        return self.add_media_namespace(super().root_attributes())


@dataclass(frozen=True)
class FeedSubject:
    """What a feed is of: every publication (``None``) or one, and the request being served
    (the feed object is shared by every request, so nothing of one can be kept on it)."""

    publication: Publication | None
    request: HttpRequest


def _media(caption: Caption, request: HttpRequest) -> dict[str, Any]:
    image = caption.image
    content_type = mimetypes.guess_type(image.file.name)[0] if image.file else None
    return {
        "url": request.build_absolute_uri(image.file.url) if image.file else None,
        "type": content_type,
        "width": image.width,
        "height": image.height,
        "credit": image.credit,
        "caption": caption.text,
    }


class NewestArticlesFeed(Feed):
    """RSS 2.0 of the newest published articles; ``AtomNewestArticlesFeed`` is the same in
    Atom."""

    feed_type = MediaRss201Feed

    def get_object(self, request, publication_slug: str | None = None) -> FeedSubject:
        publication = (
            get_object_or_404(Publication, slug=publication_slug) if publication_slug else None
        )
        return FeedSubject(publication, request)

    def title(self, subject: FeedSubject) -> str:
        if subject.publication:
            return f"{subject.publication.name}: newest articles"
        return "newsapi: newest articles"

    def description(self, subject: FeedSubject) -> str:
        if subject.publication and subject.publication.tagline:
            return subject.publication.tagline
        return "The newest published articles, with their images and credits."

    subtitle = description

    def link(self, subject: FeedSubject) -> str:
        url = reverse("article-list")
        if subject.publication:
            return f"{url}?publication={subject.publication.slug}"
        return url

    def items(self, subject: FeedSubject) -> list[Article]:
        articles = Article.objects.published().for_api().newest_first()
        if subject.publication:
            articles = articles.filter(publication=subject.publication)
        items = list(articles[:FEED_SIZE])
        for article in items:
            # Absolute URLs need the request, which item_extra_kwargs is not given.
            article.feed_media = [
                _media(caption, subject.request) for caption in article.captions.all()
            ]
        return items

    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        # Readers render a description as HTML; the paragraph is text, so it is escaped
        # (a stored "<script>" must reach them as "&lt;script&gt;", not as a tag).
        paragraphs = article.paragraphs
        return escape(paragraphs[0]) if paragraphs else ""

    def item_link(self, article: Article) -> str:
        return article.get_absolute_url()

    def item_pubdate(self, article: Article):
        return article.published_at or article.created_at

    def item_updateddate(self, article: Article):
        return article.updated_at

    def item_author_name(self, article: Article) -> str | None:
        return article.byline or None

    def item_extra_kwargs(self, article: Article) -> dict[str, Any]:
        return {"media": article.feed_media}


class AtomNewestArticlesFeed(NewestArticlesFeed):
    feed_type = MediaAtomFeed


def feed_view(feed: Feed):
    """Serve ``feed`` as the API serves its reads: GET and HEAD only, no query parameters, a
    strong ``ETag``, ``Cache-Control`` and ``304`` for a reader that has the feed already;
    errors as problem documents."""

    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = problem_response(
                405, f"Method “{request.method}” not allowed: feeds are read with GET."
            )
            response["Allow"] = "GET, HEAD"
            return response
        if request.GET:
            names = sorted(request.GET)
            return problem_response(
                400,
                f"Invalid: {', '.join(names)}.",
                invalid_params=[
                    {"name": name, "reason": "Feeds take no query parameters."} for name in names
                ],
            )
        response = feed(request, **kwargs)
        response["ETag"] = strong_etag(response.content, response["Content-Type"])
        # A feed shows the newest articles: every article's change purges the list of them.
        edge.cacheable(response, ["article-list"], due=store_moments().next_due)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )

    return view


rss_view = feed_view(NewestArticlesFeed())
atom_view = feed_view(AtomNewestArticlesFeed())


urlpatterns = [
    path("rss/", rss_view, name="feed-rss"),
    path("atom/", atom_view, name="feed-atom"),
    path("rss/<slug:publication_slug>/", rss_view, name="feed-rss-publication"),
    path("atom/<slug:publication_slug>/", atom_view, name="feed-atom-publication"),
]
