"""Fixtures shared by the whole suite: API clients, the seed article, and editors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SEED_NAME = "000_a9ca0747e7548070"
SEED_FILE = CORPUS / f"{SEED_NAME}.txt"
# The keys of an annotated page's ``.expected.json`` (see tests/fixtures/corpus/README.md).
EXPECTED_FIELDS = (
    "publication",
    "headline",
    "byline",
    "published",
    "language",
    "paragraphs",
    "captions",
    "attribution",
)


def expected_parse(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))


# Django-bound imports live inside the fixtures, so that the pure parser tests also run with
# the Django plugin off (``pytest -p no:django tests/articles/test_parsing.py``).


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def seed_expected() -> dict:
    return expected_parse(SEED_NAME)


@pytest.fixture
def seed_article(db):
    """The real seed article, loaded through the management command."""
    from articles.models import Article

    call_command("load_seeds", str(SEED_FILE), verbosity=0)
    return Article.objects.get(source_name=SEED_FILE.name)


@pytest.fixture
def corpus_articles(db):
    """Every article of the annotated corpus, loaded through the management command."""
    from articles.models import Article

    call_command("load_seeds", str(CORPUS), verbosity=0)
    return list(Article.objects.all())


@pytest.fixture
def list_reuse(settings):
    """Lists reused under the content version for 5 seconds, as in production (it is off in
    development and in tests), with the cache emptied before and after the test."""
    from django.core.cache import cache

    settings.API_LIST_REUSE_SECONDS = 5
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="a-long-test-password"
    )
    client.force_login(user)
    return client


@pytest.fixture
def editor(db, django_user_model, monkeypatch):
    """A newsroom editor made the documented way: ``manage.py createeditor``."""
    monkeypatch.setenv("EDITOR_PASSWORD", "a-long-test-password")
    call_command("createeditor", "newsroom-editor", "--no-input", verbosity=0)
    return django_user_model.objects.get(username="newsroom-editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def media_root(settings, tmp_path):
    """A media folder of the test's own, so that a test can see every file written to it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reader(db, django_user_model):
    """A signed-in user who is not an editor: no group, no permission."""
    return django_user_model.objects.create_user(
        username="reader", email="reader@example.org", password="a-long-test-password"
    )


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture(autouse=True)
def _empty_local_cache():
    """Each test starts with an empty in-process cache: rate-limit counters and cached answers
    of one test must not throttle or answer the next. A shared cache (Redis) is left alone."""
    from django.conf import settings

    if settings.configured and "LocMemCache" in settings.CACHES["default"]["BACKEND"]:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(autouse=True)
def _forget_resolved_search_queries():
    """Each test counts its own queries: a search's query in each configuration, remembered per
    process (``articles.fulltext.resolved_queries``), is asked again in every test."""
    from articles.fulltext import _resolved_queries

    _resolved_queries.cache_clear()


@pytest.fixture
def editor_api(editor):
    """An editor's script: an API client that sends the editor's token with every request."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=editor)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def editors_group(transactional_db):
    """The Editors group as its migration makes it, for tests whose writes commit: the flush
    after each such test empties every table, the rows the migrations made with them."""
    import importlib

    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("articles.migrations.0002_editors_group")
    codenames = [
        f"{action}_{model}"
        for model, actions in migration.EDITOR_PERMISSIONS.items()
        for action in actions
    ]
    group, _ = Group.objects.get_or_create(name=migration.EDITORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return group


@pytest.fixture(autouse=True)
def _throttle_rate_follows_the_setting():
    """``settings.API_THROTTLE_RATE = "2/minute"`` in a test sets the rate of DRF's
    ``UserRateThrottle``, as the setting does in ``config.settings.base`` at start-up: DRF reads
    its rates once, when the throttle's class is made."""
    from django.test.signals import setting_changed
    from rest_framework.throttling import UserRateThrottle

    rates = UserRateThrottle.THROTTLE_RATES

    def follow(setting, value, **kwargs) -> None:
        if setting == "API_THROTTLE_RATE":
            UserRateThrottle.THROTTLE_RATES = {**rates, "user": value or None}

    setting_changed.connect(follow)
    yield
    setting_changed.disconnect(follow)
    UserRateThrottle.THROTTLE_RATES = rates
