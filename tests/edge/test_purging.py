"""Purges of the edge on every committed write (``edge``), against a local endpoint that stands
for Varnish, Fastly's API or Cloudflare's: what each backend sends, that writes through the API,
the admin and the loader purge exactly the keys of what they changed, and that a purge that
fails loses no write and is done later by ``manage.py edge_purge --drain``."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleStatus
from edge.backends import cloudfront_paths
from edge.models import PendingPurge
from tests.conftest import SEED_FILE
from tests.factories import article_create, publication_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db, django_capture_on_commit_callbacks, fake_edge):
    # Committed before the test begins: the test's own write is announced on its own.
    with django_capture_on_commit_callbacks(execute=True):
        created = article_create(captions=2, publication=publication_create())
    fake_edge.requests.clear()
    return created


def _purged(fake_edge) -> set[str]:
    """Every key the fake Varnish was asked to purge."""
    keys = set()
    for recorded in fake_edge.requests:
        assert recorded.method == "PURGE"
        keys |= set(recorded.headers["xkey-purge"].split())
    return keys


def test_a_write_through_the_api_purges_the_article_and_its_lists(
    varnish_settings, fake_edge, article, editor_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.patch(
            f"/api/v1/articles/{article.slug}/", {"title": "Corrected"}, format="json"
        )

    assert response.status_code == 200
    assert _purged(fake_edge) == {"article-list", "caption-list", f"article-{article.pk}"}


def test_a_caption_edited_purges_the_caption_its_article_and_the_lists_showing_them(
    varnish_settings, fake_edge, article, editor_api, django_capture_on_commit_callbacks
):
    caption = article.captions.first()
    with django_capture_on_commit_callbacks(execute=True):
        editor_api.patch(f"/api/v1/captions/{caption.pk}/", {"text": "New."}, format="json")

    assert _purged(fake_edge) == {
        f"caption-{caption.pk}",
        f"article-{article.pk}",
        "article-list",
        "caption-list",
        "image-list",
    }


def test_a_bulk_action_of_the_admin_purges_every_article_it_published(
    varnish_settings, fake_edge, editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        drafts = [article_create(status=ArticleStatus.DRAFT) for _ in range(2)]
    fake_edge.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            "/admin/articles/article/",
            {"action": "publish_now", "_selected_action": [a.pk for a in drafts]},
        )

    assert response.status_code == 302
    assert {f"article-{a.pk}" for a in drafts} | {"article-list"} <= _purged(fake_edge)


def test_the_loader_purges_what_it_loaded(
    varnish_settings, fake_edge, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", str(SEED_FILE), verbosity=0)

    article = Article.objects.get()
    assert {f"article-{article.pk}", "article-list"} <= _purged(fake_edge)
    assert {f"caption-{pk}" for pk in article.captions.values_list("pk", flat=True)} <= _purged(
        fake_edge
    )


def test_a_rolled_back_write_purges_nothing(varnish_settings, fake_edge, article, editor_api):
    response = editor_api.patch(
        f"/api/v1/articles/{article.slug}/", {"published_at": "not a date"}, format="json"
    )

    assert response.status_code == 400
    assert fake_edge.requests == []


@pytest.mark.parametrize("failure", ["refused", "slow"])
def test_a_failed_purge_keeps_the_write_and_is_done_by_drain(
    varnish_settings, fake_edge, article, editor_api, django_capture_on_commit_callbacks, failure
):
    if failure == "refused":
        fake_edge.status = 503
    else:
        fake_edge.delay = 1.0  # twice EDGE_PURGE_TIMEOUT

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.patch(
            f"/api/v1/articles/{article.slug}/", {"title": "Corrected"}, format="json"
        )

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).title == "Corrected"
    pending = PendingPurge.objects.get()
    assert pending.backend == "varnish"
    assert set(pending.keys.split()) == {"article-list", "caption-list", f"article-{article.pk}"}
    assert pending.last_error

    with pytest.raises(CommandError, match="still pending"):
        call_command("edge_purge", "--drain", verbosity=0)
    assert PendingPurge.objects.get().attempts == 2

    fake_edge.status, fake_edge.delay = 200, 0.0
    fake_edge.requests.clear()
    call_command("edge_purge", "--drain", verbosity=0)

    assert not PendingPurge.objects.exists()
    assert _purged(fake_edge) == set(pending.keys.split())


def test_a_later_write_purges_what_an_earlier_one_could_not(
    varnish_settings, fake_edge, article, editor_api, django_capture_on_commit_callbacks
):
    varnish_settings.EDGE_PURGE_BACKOFF = 0  # the next write tries the edge again at once
    fake_edge.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        editor_api.patch(f"/api/v1/articles/{article.slug}/", {"title": "One"}, format="json")
    assert PendingPurge.objects.count() == 1

    fake_edge.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        other = article_create()
    with django_capture_on_commit_callbacks(execute=True):
        editor_api.patch(f"/api/v1/articles/{other.slug}/", {"title": "Two"}, format="json")

    assert not PendingPurge.objects.exists()
    assert {f"article-{article.pk}", f"article-{other.pk}"} <= _purged(fake_edge)


def test_keys_purged_by_hand(varnish_settings, fake_edge):
    call_command("edge_purge", "article-list", "article-7", verbosity=0)

    assert fake_edge.requests[0].method == "PURGE"
    assert fake_edge.requests[0].headers["xkey-purge"] == "article-7 article-list"


def test_the_command_says_when_no_edge_is_configured(settings):
    settings.EDGE_CACHE = {}
    with pytest.raises(CommandError, match="No edge cache"):
        call_command("edge_purge", "--drain")


def test_many_keys_are_purged_in_requests_varnish_can_read(varnish_settings, fake_edge):
    call_command("edge_purge", *[f"article-{n}" for n in range(250)], verbosity=0)

    assert [len(v.split()) for v in fake_edge.header_values("xkey-purge")] == [100, 100, 50]


def test_varnish_told_to_ban_bans_the_keys_instead(
    varnish_settings, fake_edge, article, editor_api, django_capture_on_commit_callbacks
):
    varnish_settings.EDGE_CACHE["varnish"]["METHOD"] = "ban"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.patch(
            f"/api/v1/articles/{article.slug}/", {"title": "Corrected"}, format="json"
        )

    assert response.status_code == 200
    (sent,) = fake_edge.requests
    assert (sent.method, sent.path) == ("BAN", "/")
    assert "xkey-purge" not in sent.headers
    assert set(sent.headers["xkey-ban"].split()) == {
        "article-list",
        "caption-list",
        f"article-{article.pk}",
    }


def test_fastly_purges_by_surrogate_key(settings, fake_edge):
    settings.EDGE_CACHE = {
        "fastly": {
            "BACKEND": "edge.backends.FastlyBackend",
            "SERVICE_ID": "svc123",
            "API_TOKEN": "fastly-token",
            "API_URL": fake_edge.url,
        }
    }
    call_command("edge_purge", "article-list", "article-7", verbosity=0)

    (sent,) = fake_edge.requests
    assert (sent.method, sent.path) == ("POST", "/service/svc123/purge")
    assert sent.headers["Fastly-Key"] == "fastly-token"
    assert sent.headers["Surrogate-Key"] == "article-7 article-list"


def test_cloudflare_purges_by_cache_tag(settings, fake_edge):
    settings.EDGE_CACHE = {
        "cloudflare": {
            "BACKEND": "edge.backends.CloudflareBackend",
            "ZONE_ID": "zone9",
            "API_TOKEN": "cf-token",
            "API_URL": fake_edge.url,
        }
    }
    call_command("edge_purge", *[f"image-{n}" for n in range(40)], verbosity=0)

    assert [r.path for r in fake_edge.requests] == ["/zones/zone9/purge_cache"] * 2
    assert fake_edge.requests[0].headers["Authorization"] == "Bearer cf-token"
    tags = [json.loads(r.body)["tags"] for r in fake_edge.requests]
    assert [len(batch) for batch in tags] == [30, 10]
    assert {tag for batch in tags for tag in batch} == {f"image-{n}" for n in range(40)}


def test_every_backend_is_purged_and_one_failing_does_not_stop_the_others(
    settings, fake_edge, article, editor_api, django_capture_on_commit_callbacks
):
    settings.EDGE_PURGE_TIMEOUT = 0.5
    settings.EDGE_CACHE = {
        "down": {"BACKEND": "edge.backends.VarnishBackend", "LOCATIONS": ["http://127.0.0.1:9"]},
        "varnish": {"BACKEND": "edge.backends.VarnishBackend", "LOCATIONS": [fake_edge.url]},
    }
    with django_capture_on_commit_callbacks(execute=True):
        editor_api.patch(f"/api/v1/articles/{article.slug}/", {"title": "X"}, format="json")

    assert f"article-{article.pk}" in _purged(fake_edge)
    assert list(PendingPurge.objects.values_list("backend", flat=True)) == ["down"]


def test_cloudfront_invalidates_the_paths_of_the_answers_a_key_can_be_in():
    assert cloudfront_paths(["article-7", "article-list"]) == [
        "/api/v1/articles/*",
        "/api/v1/captions/*",
        "/feeds/*",
    ]
    assert cloudfront_paths(["publication-2"]) == [
        "/api/v1/articles/*",
        "/api/v1/publications/*",
        "/feeds/*",
    ]


def test_cloudfront_without_boto3_is_a_failed_purge_kept_for_later(settings, article):
    try:
        import boto3  # noqa: F401

        pytest.skip("boto3 is installed: the invalidation is sent")
    except ImportError:
        pass
    settings.EDGE_CACHE = {
        "cloudfront": {"BACKEND": "edge.backends.CloudFrontBackend", "DISTRIBUTION_ID": "E1"}
    }
    with pytest.raises(CommandError, match="still pending"):
        call_command("edge_purge", "article-7", "--drain", verbosity=0)
    assert "boto3" in PendingPurge.objects.get().last_error


def test_after_a_failure_the_next_writes_keep_their_keys_without_waiting_on_the_edge(
    varnish_settings, fake_edge, editor_api, django_capture_on_commit_callbacks
):
    fake_edge.delay = 1.0  # slower than EDGE_PURGE_TIMEOUT: each try waits it out
    articles = []
    for _ in range(3):  # three transactions, as the loader commits one a file
        with django_capture_on_commit_callbacks(execute=True):
            articles.append(article_create())
    tried = len(fake_edge.requests)  # the first write's tries only

    assert PendingPurge.objects.count() == 3
    assert tried <= varnish_settings.EDGE_PURGE_ATTEMPTS
    assert {f"article-{a.pk}" for a in articles} <= {
        key for pending in PendingPurge.objects.all() for key in pending.keys.split()
    }

    fake_edge.delay = 0.0
    call_command("edge_purge", "--drain", verbosity=0)
    assert not PendingPurge.objects.exists()
