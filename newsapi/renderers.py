"""Representations beyond our own JSON, chosen by ``Accept`` or by ``?format=``.

The renderers only name the media type and the format: each writes JSON. What goes in it (our
fields, IPTC ninjs or schema.org JSON-LD) is the serializer's business, chosen by the view from
``request.accepted_renderer.format``, so that error bodies stay problem documents whatever the
format asked for."""

from __future__ import annotations

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer

from newsapi.errors import InvalidQueryParameters

FORMAT_QUERY_PARAMETER = "format"


class NinjsRenderer(JSONRenderer):
    """IPTC ninjs 2.2, the news industry's JSON for news items."""

    media_type = "application/ninjs+json"
    format = "ninjs"


class JSONLDRenderer(JSONRenderer):
    """schema.org ``NewsArticle`` and ``ImageObject`` as JSON-LD, as search engines read them."""

    media_type = "application/ld+json"
    format = "jsonld"


class FormatNegotiation(DefaultContentNegotiation):
    """``?format=ninjs`` wins over the ``Accept`` header; an unknown format is a 400 naming the
    parameter rather than DRF's 404, and an ``Accept`` nothing satisfies is a 406.

    Quality values count (``application/ld+json, application/json;q=0.5`` gets JSON-LD), which
    DRF's own negotiation ignores; among equals the first renderer, our JSON, wins."""

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = request.query_params.get(FORMAT_QUERY_PARAMETER)
        if requested is None:
            if not request.headers.get("Accept", "").strip():
                return renderers[0], renderers[0].media_type
            by_media_type = {renderer.media_type: renderer for renderer in renderers}
            preferred = request.get_preferred_type(list(by_media_type))
            if preferred is None:
                raise NotAcceptable(available_renderers=renderers)
            return by_media_type[preferred], preferred
        for renderer in renderers:
            if renderer.format == requested:
                return renderer, renderer.media_type
        known = ", ".join(renderer.format for renderer in renderers)
        raise InvalidQueryParameters(
            {FORMAT_QUERY_PARAMETER: [f"Unknown format “{requested}” here: use {known}."]}
        )
