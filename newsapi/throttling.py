"""Rate limiting of the API, off unless ``API_THROTTLE_RATE`` is set (``"120/minute"``): a
client over the limit gets a 429 problem with ``Retry-After``. Limits are counted in Django's
cache, per user when logged in and per address otherwise."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str | None:  # read at request time so that tests can override it
        return getattr(settings, "API_THROTTLE_RATE", None) or None

    def get_cache_key(self, request, view) -> str:
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
