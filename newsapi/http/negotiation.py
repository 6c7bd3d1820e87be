"""Representations beyond our own JSON, chosen by ``Accept`` or by ``?format=``.

The renderers only name the media type and the format: each writes JSON. What goes in it (our
fields, IPTC ninjs or schema.org JSON-LD) is the serializer's business, chosen by the view from
``request.accepted_renderer.format``, so that error bodies stay problem documents whatever the
format asked for."""

from __future__ import annotations

import json
import secrets

from django.http import HttpRequest
from django.http.request import MediaType
from rest_framework import renderers
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation

from newsapi.http.errors import InvalidQueryParameters

FORMAT_QUERY_PARAMETER = "format"


class RenderedJSON(bytes):
    """JSON already rendered (a stored representation, ``newsapi.reading.stored``), as a response's
    data: the renderer sends it as it is."""


class RenderedItems(list):
    """The ``results`` of a page as rendered JSON texts, one per item."""


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON, which also sends what is already rendered: a ``RenderedJSON``, or a page whose
    ``results`` are ``RenderedItems``. Asked to indent (``Accept: application/json; indent=2``),
    it renders them again from their data, so that the answer is indented all through."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if isinstance(data, RenderedJSON):
            if indent is None:
                return bytes(data)
            data = json.loads(data)
        results = data.get("results") if isinstance(data, dict) else None
        if isinstance(results, RenderedItems):
            if indent is not None:
                data = {**data, "results": [json.loads(item) for item in results]}
            else:
                # The envelope rendered around a mark, which the items replace.
                mark = f"results-{secrets.token_hex(8)}"
                envelope = super().render({**data, "results": mark}, accepted_media_type)
                items = "[" + ",".join(results) + "]"
                return envelope.replace(f'"{mark}"'.encode(), items.encode(), 1)
        return super().render(data, accepted_media_type, renderer_context)


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
    DRF's own negotiation ignores; among equals the first renderer, our JSON, wins. Other
    parameters choose no format: ``application/json; charset=utf-8`` is our JSON (Django's
    matching would refuse it, as our types have no parameters), and ``indent=2`` asks for it
    indented, as with DRF."""

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = request.query_params.get(FORMAT_QUERY_PARAMETER)
        if requested is None:
            accept = request.headers.get("Accept", "").strip()
            if not accept:
                return renderers[0], renderers[0].media_type
            return self.by_accept(accept, renderers)
        for renderer in renderers:
            if renderer.format == requested:
                return renderer, renderer.media_type
        known = ", ".join(renderer.format for renderer in renderers)
        raise InvalidQueryParameters(
            {FORMAT_QUERY_PARAMETER: [f"Unknown format “{requested}” here: use {known}."]}
        )

    @staticmethod
    def by_accept(accept: str, renderers):
        """The renderer ``accept`` prefers, and the media type it was asked by (with its
        parameters, for ``indent``); Django chooses among the types stripped of parameters."""
        asked: dict[str, str] = {}  # "type/subtype" -> the first item that named it
        stripped = []
        for item in accept.split(","):
            media_type = MediaType(item)
            if not media_type.main_type:
                continue
            bare = f"{media_type.main_type}/{media_type.sub_type}"
            asked.setdefault(bare, item.strip())
            quality = media_type.params.get("q")
            stripped.append(f"{bare};q={quality}" if quality is not None else bare)
        bare_request = HttpRequest()
        bare_request.META["HTTP_ACCEPT"] = ", ".join(stripped)
        by_media_type = {renderer.media_type: renderer for renderer in renderers}
        preferred = bare_request.get_preferred_type(list(by_media_type))
        if preferred is None:
            raise NotAcceptable(available_renderers=renderers)
        return by_media_type[preferred], asked.get(preferred, preferred)
