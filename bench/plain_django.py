"""A plain Django view with no middleware, returning constant JSON: the floor that
``bench/floor.py`` and ``bench/edge.py`` hold newsapi's own answers to.

    gunicorn --workers 5 bench.plain_django:application"""

from __future__ import annotations

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-secret",
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

# About the size of newsapi's own answer at /.
ANSWER = {
    "name": "newsapi",
    "links": {
        name: f"http://127.0.0.1:8000/{name}/"
        for name in ("api/v1", "api/v1/articles", "api/schema", "api/docs", "api/redoc", "admin")
    },
}


def constant(request):
    return JsonResponse(ANSWER)


urlpatterns = [path("", constant)]
application = get_wsgi_application()
