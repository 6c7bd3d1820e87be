"""The production settings: ``check --deploy`` passes with them, and an unsafe or missing value
stops the process at start with a message naming the setting."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.stack import PROJECT, production_env

GOOD = {
    "DATABASE_URL": "postgres://newsapi:secret@db.internal:5432/newsapi",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "SECRET_KEY": "a" * 20 + "-production-secret-" + "z" * 20,
    "ALLOWED_HOSTS": "news.example.org",
    "SECURE_SSL_REDIRECT": "1",
}


def run_manage(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    environment = production_env(**GOOD)
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_no_warning():
    completed = run_manage("check", "--deploy", "--fail-level", "WARNING")

    assert completed.returncode == 0, completed.stderr
    assert "no issues" in completed.stdout


def test_the_settings_serve_static_files_with_whitenoise_and_keep_connections():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'middleware': s.MIDDLEWARE, 'static': s.STORAGES['staticfiles']['BACKEND'],"
        "'media': s.STORAGES['default']['BACKEND'], 'cache': s.CACHES['default']['BACKEND'],"
        "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'],"
        "'health_checks': s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        "'engine': s.DATABASES['default']['ENGINE'], 'debug': s.DEBUG}))"
    )
    completed = run_manage("shell", "--no-imports", "-c", script)

    assert completed.returncode == 0, completed.stderr
    settings = json.loads(completed.stdout)
    security = settings["middleware"].index("django.middleware.security.SecurityMiddleware")
    assert settings["middleware"][security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert settings["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert settings["media"] == "django.core.files.storage.FileSystemStorage"
    assert settings["cache"] == "config.cache.FailSafeRedisCache"
    assert settings["engine"] == "config.postgresql"  # Django's, with a cheaper health check
    assert settings["conn_max_age"] == 60
    assert settings["health_checks"] is True
    assert settings["debug"] is False


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "insecure-" + "x" * 60}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY must be set"),
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must name"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name"),
        ({"DATABASE_URL": None}, "DATABASE_URL must be set"),
        ({"REDIS_URL": None}, "REDIS_URL must be set"),
        ({"CONN_MAX_AGE": "a minute"}, "CONN_MAX_AGE must be a whole number"),
        (
            {"EDGE_VARNISH_URLS": "http://varnish.internal", "EDGE_VARNISH_METHOD": "purge"},
            "EDGE_VARNISH_METHOD must be xkey or ban",
        ),
    ],
    ids=[
        "no-secret-key",
        "short-secret-key",
        "development-secret-key",
        "repetitive-secret-key",
        "debug-on",
        "no-allowed-hosts",
        "any-host",
        "no-database",
        "no-redis",
        "unreadable-number",
        "unknown-varnish-method",
    ],
)
def test_an_unsafe_or_missing_value_stops_the_start_naming_it(env, named):
    completed = run_manage("check", **env)

    assert completed.returncode != 0
    assert named in completed.stderr
    assert "ImproperlyConfiguredSetting" in completed.stderr


def test_the_api_reuses_lists_for_five_seconds_and_answers_are_never_cached_whole():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps("
        "[s.API_LIST_REUSE_SECONDS, s.MIDDLEWARE]))"
    )
    completed = run_manage("shell", "--no-imports", "-c", script)

    assert completed.returncode == 0, completed.stderr
    seconds, middleware = json.loads(completed.stdout)
    assert seconds == 5
    assert not any("ResponseCache" in name for name in middleware)


@pytest.mark.parametrize(("method", "expected"), [(None, "xkey"), ("ban", "ban")])
def test_varnish_purges_by_xkey_unless_told_to_ban(method, expected):
    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps(s.EDGE_CACHE['varnish']))"
    )
    completed = run_manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        EDGE_VARNISH_URLS="http://varnish.internal:6081",
        EDGE_VARNISH_METHOD=method,
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == {
        "BACKEND": "edge.backends.VarnishBackend",
        "LOCATIONS": ["http://varnish.internal:6081"],
        "METHOD": expected,
    }
