"""The read API's most frequent question, answered in front of DRF: a public article's stored
detail, asked anonymously with no query string in our JSON. DRF's request, authentication,
negotiation and rendering could change nothing there and were a third of what it cost beyond
the floor. ``tests/newsapi/test_stored_detail.py`` holds it to the full path's answers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from rest_framework.exceptions import NotAcceptable

from newsapi.http.conditional import validated
from newsapi.http.negotiation import FormatNegotiation
from newsapi.reading import stored


def fast_detail(request: HttpRequest, slug: str, template, renderers) -> HttpResponse | None:
    """A public article's stored detail for an anonymous ``GET`` or ``HEAD`` with no query
    string that asks for our JSON, answered as the full path answers it; None for anything else
    (an account, ``Authorization``, a parameter, another format, the rate limit reached, an
    article the public may not read or whose representation is out of date)."""
    renderer = renderers[0]
    # Headers are read from request.META: request.headers builds a dictionary of all of them.
    if (
        request.method not in ("GET", "HEAD")
        or request.META.get("QUERY_STRING")
        or request.META.get("SCRIPT_NAME")
        or not settings.API_STORED_REPRESENTATIONS
        or "HTTP_AUTHORIZATION" in request.META
        or request.user.is_authenticated
    ):
        return None
    accept = request.META.get("HTTP_ACCEPT", "").strip()
    if accept:
        try:
            chosen, media_type = FormatNegotiation.by_accept(accept, renderers)
        except NotAcceptable:
            return None
        if chosen.format != renderer.format or media_type != renderer.media_type:
            return None  # another format, or parameters such as indent=2
    found = stored.stored_detail(slug)
    if found is None or not found.fresh or not found.public:
        return None
    # Last, so that a request the full path answers is counted there only, once.
    if not all(throttle.allow_request(request, None) for throttle in template.get_throttles()):
        return None  # the full path answers 429 with Retry-After
    origin = request.build_absolute_uri("/")[:-1]
    response = HttpResponse(found.json(origin).encode(), content_type=renderer.media_type)
    for name, value in template.default_response_headers.items():  # Allow, Vary: Accept
        if name == "Vary":
            patch_vary_headers(response, [value])
        else:
            response[name] = value
    return validated(
        request, response, last_modified=found.updated_at, private=False, keys=found.keys.split()
    )


def stored_detail_first(view):
    """``view`` (the article detail) behind ``fast_detail``: the read API's most frequent
    question answered without DRF's request, authentication, negotiation and rendering, which
    could change nothing there and were a third of what it cost beyond the floor.
    ``tests/newsapi/test_stored_detail.py`` holds both to the same answers."""
    template = view.cls(**view.initkwargs)
    template.action_map = view.actions
    actions = {"head": view.actions["get"], **view.actions}
    for method, name in actions.items():  # as DRF binds them, for the Allow header
        setattr(template, method, getattr(template, name))
    renderers = [renderer() for renderer in template.renderer_classes]

    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        fast = fast_detail(request, kwargs["slug"], template, renderers)
        return fast if fast is not None else view(request, *args, **kwargs)

    answer.csrf_exempt = True  # as DRF's views: reads need no token
    answer.cls, answer.initkwargs, answer.actions = view.cls, view.initkwargs, view.actions
    return answer
