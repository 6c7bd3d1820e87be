"""gunicorn settings: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Read from the environment: ``GUNICORN_BIND`` (``127.0.0.1:8000``), ``WEB_CONCURRENCY`` (workers:
2 per core plus 1, at most 8), ``GUNICORN_WORKER_CLASS`` (``sync``), ``GUNICORN_THREADS`` (1),
``GUNICORN_KEEPALIVE`` (75 s), ``GUNICORN_TIMEOUT`` (30 s),
``GUNICORN_ACCESS_LOG`` (on), ``GUNICORN_CONTROL_SOCKET`` (off). Logs, the access log included,
are JSON lines on standard error, each with the request id (``config/logging.py``)."""

from __future__ import annotations

import os

from config.logging import json_logging


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8))
# Synchronous workers: each serves one request at a time from its own process, the model that
# suits a CPU-bound Django app behind a proxy that buffers slow clients. They close the
# connection after every answer, so Varnish opens one for every miss; threaded workers
# (GUNICORN_WORKER_CLASS=gthread) keep it open, but measured behind Varnish (README, "Through
# the edge") they did not make cold reads through it faster against the same server without it,
# and cost the trivial view more worker CPU a request (0.89 against 0.69 ms).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# For threaded workers (synchronous ones keep nothing alive): longer than Varnish keeps an idle
# backend connection (backend_idle_timeout, 60 s), so that Varnish, not gunicorn, closes it: a
# connection closed by the server just as Varnish reuses it fails that fetch.
keepalive = _int("GUNICORN_KEEPALIVE", 75)
# A worker is replaced after this many requests (with jitter, so not all at once): a leak in
# any library cannot grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = max_requests // 10
# Load the app once in the master and fork: workers share its memory pages, and a broken
# configuration stops the master at once instead of every worker in a loop. Database and cache
# connections are opened lazily, in each worker, after the fork.
preload_app = True
# gunicorn's control socket is one path per user by default: several instances on one machine
# would fight over it, so it is on only where a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
# The proxy in front sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "1").lower() not in {"0", "false", "off"}
accesslog = "-"
errorlog = "-"
logger_class = "config.gunicorn_logging.JsonAccessLogger"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
_logging = json_logging(os.environ.get("LOG_LEVEL", "INFO").upper())
_logging["loggers"].update(
    {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {
            "handlers": ["console"],
            "level": "INFO" if _access_log else "WARNING",
            "propagate": False,
        },
    }
)
logconfig_dict = _logging
