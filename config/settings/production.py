"""Production settings: PostgreSQL, a shared Redis cache, HTTPS, static files from WhiteNoise.

Everything that differs between deployments is read from the environment (see the README's
"Deploying" section). An unsafe or missing value stops the process at start with a message that
names the setting; ``manage.py check --deploy --fail-level WARNING`` passes with these settings."""

from config.logging import json_logging
from config.settings.base import *  # noqa: F403
from config.settings.env import (
    ImproperlyConfiguredSetting,
    env_bool,
    env_int,
    env_list,
    env_str,
)

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfiguredSetting("DEBUG must be off in production (unset DEBUG)")

SECRET_KEY = env_str("SECRET_KEY")
# The same bar as Django's deployment check (security.W009), plus our development key.
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("insecure-", "django-insecure-"))
):
    raise ImproperlyConfiguredSetting(
        "SECRET_KEY must be set to a random value of at least 50 characters in production"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfiguredSetting(
        "ALLOWED_HOSTS must name the host names this site answers to in production "
        "(comma-separated, no '*'), e.g. ALLOWED_HOSTS=news.example.org"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The database: PostgreSQL from DATABASE_URL (read in base), with connections kept open between
# requests and checked before reuse, so that a restarted database costs no failed request.
if not env_str("DATABASE_URL"):
    raise ImproperlyConfiguredSetting(
        "DATABASE_URL must be set in production, e.g. postgres://user:password@host:5432/newsapi"
    )
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
    if _database["ENGINE"] == "config.postgresql":
        _database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
        # A query run five times on a connection is prepared: PostgreSQL plans it once, not for
        # every request, and the API runs a few queries very often. Empty turns it off, for a
        # connection pooler that cannot keep prepared statements (PgBouncer before 1.21).
        _threshold = env_str("DATABASE_PREPARE_THRESHOLD", "5")
        if _threshold and _database["OPTIONS"].get("server_side_binding"):
            _database["OPTIONS"]["prepare_threshold"] = int(_threshold)

# The cache (read in base from REDIS_URL) holds the API's answers and the content version that
# invalidates them; each worker's own memory would serve stale answers after another's write.
# Behind an edge cache (EDGE_CACHE) whole answers in Redis do not pay, measured with
# bench/edge.py (README, "Through the edge"): a write that purges the edge leaves Redis's copy
# behind too, so the first miss after it misses both and pays the cache's round trips for
# nothing (0.62 to 0.71x), and Redis has what the edge lacks only for a second edge server.
API_RESPONSE_CACHE_SECONDS = env_int("API_RESPONSE_CACHE_SECONDS", 0 if EDGE_CACHE else 60)
if not API_RESPONSE_CACHE_SECONDS:
    # Off, it costs nothing per request: not even the middleware's look at the request.
    MIDDLEWARE = [m for m in MIDDLEWARE if m != "newsapi.http.cache.ResponseCacheMiddleware"]
if API_RESPONSE_CACHE_SECONDS and not REDIS_URL:
    raise ImproperlyConfiguredSetting(
        "REDIS_URL must be set in production so that every app server shares one cache, "
        "e.g. REDIS_URL=redis://127.0.0.1:6379/0 (or turn the response cache off with "
        "API_RESPONSE_CACHE_SECONDS=0)"
    )

# HTTPS: a proxy in front terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe health over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
MULTIDB_PINNING_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True

# Static files: collected at deploy time and served by WhiteNoise with far-future caching
# (hashed names) and compression, so that no other server is needed for the docs and admin.
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
# Media (uploaded images) through Django's storage API: files on MEDIA_ROOT by default, served
# from MEDIA_URL by the web server or a CDN; MEDIA_STORAGE_BACKEND swaps in object storage.
MEDIA_URL = env_str("MEDIA_URL", "/media/")
STORAGES = {
    "default": {
        "BACKEND": env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = json_logging(env_str("LOG_LEVEL", "INFO"))

if env_bool("DB_QUERY_COUNT_HEADER", False):
    MIDDLEWARE.insert(0, "config.middleware.QueryCountMiddleware")
