"""Settings shared by every deployment. Anything that differs between them is read from the
environment (see ``config/settings/env.py``) with a default that is safe for a developer."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from config.logging import QUIET_LIBRARIES
from config.settings.env import edge_cache_from_env, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    # Failed logins counted and refused past a limit (config/security.py, AXES_* below).
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # API tokens for editors' scripts (POST /api/v1/auth/token/).
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "articles",
    "newsapi",
    # After newsapi: an article's stored JSON is rebuilt before the edge is purged of it.
    "edge",
]

MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",
    # Outermost after the request id: every answer, however early, carries the security
    # headers, and oversized or malformed requests are refused before anything reads them.
    "config.security.SecurityHeadersMiddleware",
    "config.security.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.db_routers.PrimaryPinMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # django-axes' answer to a refused login, sessions, the signed-in user, the history's author
    # (who made each change to articles, captions and images) and messages, for requests that
    # can use them: anonymous reads skip them (config/middleware.py, SIGNED_IN_MIDDLEWARE).
    "config.middleware.SignedInMiddleware",
    # X-Frame-Options: set by SecurityHeadersMiddleware on every response, as Django's
    # XFrameOptionsMiddleware would (a view's own value and xframe_options_exempt respected).
]
# Paths whose reads may use a session without a session cookie yet: the admin's.
SIGNED_IN_PATHS = ("/admin/",)
# The admin's checks look for the session, authentication and messages middleware in MIDDLEWARE,
# and django-axes' for its own, which SignedInMiddleware runs; the deployment check for
# XFrameOptionsMiddleware, whose header SecurityHeadersMiddleware sets
# (tests/security/test_security_headers.py holds it to that).
SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410", "axes.W002", "security.W002"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project templates first: they override drf-spectacular's ReDoc page so that the
        # docs load no web fonts from outside.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Immediate transactions and a busy timeout: concurrent writers wait for the lock instead
    # of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

# An optional streaming replica: public reads go there, writes and an editor's own reads after a
# write go to the primary (config/db_routers.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            env_str("DATABASE_REPLICA_URL"),
            conn_max_age=env_int("CONN_MAX_AGE", 0),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, with a health check that costs no round trip (config/postgresql).
        _database["ENGINE"] = "config.postgresql"
    if _database["ENGINE"] == "config.postgresql" and env_bool(
        "DATABASE_SERVER_SIDE_BINDING", True
    ):
        # Parameters sent apart from the SQL, so that a query is the same text whatever its
        # values and PostgreSQL can keep it prepared (production does, see production.py).
        _database.setdefault("OPTIONS", {})["server_side_binding"] = True
DATABASE_ROUTERS = ["config.db_routers.PrimaryReplicaRouter"]
# After a write, the same client reads from the primary for this long (a cookie says so).
REPLICA_DATABASES = ["replica"] if "replica" in DATABASES else []
# django-multidb-router's cookie: a client's reads go to the primary this long after it wrote.
# (Nothing is reused for a client who carries it: newsapi/http/content_version.py.)
DATABASE_PRIMARY_PIN_COOKIE = "primary_pin"
MULTIDB_PINNING_COOKIE = DATABASE_PRIMARY_PIN_COOKIE
MULTIDB_PINNING_SECONDS = env_int("DATABASE_PRIMARY_PIN_SECONDS", 10)
MULTIDB_PINNING_COOKIE_HTTPONLY = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A shared cache for several app servers. An outage is logged and read as a miss, never an error.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsapi"),
            "RETRY_AFTER": 1,
            # Short timeouts: a cache slower than the database is worse than none.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
# How long one process reuses what it read for a list (its count, its first ids, the store's
# last change) under one content version (newsapi/http/content_version.py); 0 reads them for
# every request, as development and tests do: production reuses them for 5 seconds. Under one
# version only a scheduled article coming due changes a list.
API_LIST_REUSE_SECONDS = env_int("API_LIST_REUSE_SECONDS", 0)
# Articles' JSON stored as it is answered, rebuilt when they change (newsapi/stored.py); off,
# every answer is built by the serializers.
API_STORED_REPRESENTATIONS = env_bool("API_STORED_REPRESENTATIONS", True)
# At most this many rebuilt when one transaction commits; more are left to render_articles.
API_STORED_REBUILD_LIMIT = env_int("API_STORED_REBUILD_LIMIT", 1000)

# Seed loading: files larger than this are refused with a clear message.
SEED_MAX_BYTES = env_int("SEED_MAX_BYTES", 2 * 1024 * 1024)
SEED_DIR = BASE_DIR / "seeds"

# Image uploads: larger files, or images of more pixels than this (decompression bombs), are
# refused with the reason. 50 megapixels covers the photos of today's professional cameras.
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 50_000_000)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["newsapi.http.permissions.ModelPermissionsOrAnonReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "newsapi.reading.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "newsapi.docs.schema.AutoSchema",
    "EXCEPTION_HANDLER": "newsapi.http.errors.problem_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    # A generous limit per client: per account when signed in, per address otherwise
    # (DRF's UserRateThrottle, at API_THROTTLE_RATE below; empty turns it off).
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    # Addresses in X-Forwarded-For count only behind this many proxies of our own.
    "NUM_PROXIES": env_int("TRUSTED_PROXY_COUNT", 0),
}
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 100)
# How long clients and shared caches may reuse an API answer without asking again (seconds).
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
# The edge in front (Varnish, a CDN) is purged on every write (edge/), so it may keep a public
# answer far longer (s-maxage), answer from it while it asks again (stale-while-revalidate) and
# while every application server is down (stale-if-error). Seconds (newsapi/http/edge.py).
API_EDGE_MAX_AGE = env_int("API_EDGE_MAX_AGE", 3600)
API_EDGE_STALE_WHILE_REVALIDATE = env_int("API_EDGE_STALE_WHILE_REVALIDATE", 30)
API_EDGE_STALE_IF_ERROR = env_int("API_EDGE_STALE_IF_ERROR", 86400)
# The edge caches to purge on every committed write (edge/backends.py), from the environment.
EDGE_CACHE = edge_cache_from_env()
# Each purge request waits at most this long, and is tried this many times before it is kept
# for ``manage.py edge_purge --drain``: a slow edge keeps an editor waiting seconds at most.
EDGE_PURGE_TIMEOUT = float(env_str("EDGE_PURGE_TIMEOUT", "1") or 1)
EDGE_PURGE_ATTEMPTS = env_int("EDGE_PURGE_ATTEMPTS", 2)
# After a backend failed, the writes of this many seconds keep their keys for later at once.
EDGE_PURGE_BACKOFF = env_int("EDGE_PURGE_BACKOFF", 10)
# Requests per client (an address, or an account when signed in); over it, 429 with Retry-After.
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/minute")
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"user": API_THROTTLE_RATE or None}

# Limits on what a client may send (config/security.py): larger bodies are answered 413 before
# they are read, longer or malformed query strings 400. A form or JSON body holds at most an
# article as long as the largest seed file, escaped; uploads carry an image file.
REQUEST_MAX_BODY_BYTES = env_int("REQUEST_MAX_BODY_BYTES", 2 * SEED_MAX_BYTES)
REQUEST_MAX_UPLOAD_BYTES = env_int("REQUEST_MAX_UPLOAD_BYTES", IMAGE_MAX_BYTES + 1024 * 1024)
REQUEST_MAX_QUERY_STRING_BYTES = env_int("REQUEST_MAX_QUERY_STRING_BYTES", 2048)
# Django's own cap on form data held in memory, in line with the limit above.
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BODY_BYTES
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Failed logins (django-axes, config/security.py): after this many failures of one user name from
# one address, or of any names from one address, logins from there are answered 429 until the
# window has passed since the last failure: at the admin's login form, and wherever the API
# takes HTTP Basic credentials (DRF passes the request to authenticate()).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_ADDRESS_LIMIT = env_int("LOGIN_FAILURE_ADDRESS_LIMIT", 50)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out client before a password is checked (django-axes).
    "config.security.LoginFailureBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "config.security.LoginFailureHandler"
# In this order: LoginFailureHandler gives each its own limit.
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCK_OUT_AT_FAILURE = False
AXES_COOLOFF_TIME = "config.security.login_cool_off"
# An attempt refused while locked out is not counted, so that the lock ends on time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.security.client_address"
AXES_LOCKOUT_CALLABLE = "config.security.login_lockout_response"
# The cache handler writes no rows: the admin would list empty tables.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "config.security.login_client_str"

SPECTACULAR_SETTINGS = {
    "TITLE": "newsapi",
    "DESCRIPTION": (
        "News articles parsed from scraped pages: headlines, bylines, dates, body paragraphs "
        "and the images placed between them with their captions and photo credits."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsapi.docs.schema.add_components",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own records go to the root's handler, once: Django's default configuration gives
    # its logger a console handler of its own too, and every 4xx was printed twice.
    "loggers": {
        "django": {"handlers": [], "level": env_str("LOG_LEVEL", "INFO")},
        **QUIET_LIBRARIES,
    },
}
