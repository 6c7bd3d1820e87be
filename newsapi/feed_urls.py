"""Feed URLs, under ``/feeds/``: RSS 2.0 and Atom, overall and per publication."""

from django.urls import path

from newsapi.feeds import atom_view, rss_view

urlpatterns = [
    path("rss/", rss_view, name="feed-rss"),
    path("atom/", atom_view, name="feed-atom"),
    path("rss/<slug:publication_slug>/", rss_view, name="feed-rss-publication"),
    path("atom/<slug:publication_slug>/", atom_view, name="feed-atom-publication"),
]
