"""Who writes, and how they prove it: API tokens for scripts (obtained with the password, under
the failed-login limit, and revocable), HTTP Basic, and the admin's session with its CSRF token;
an article's versions for editors only."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import ArticleStatus
from tests.factories import article_create

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
ARTICLES = "/api/v1/articles/"
PASSWORD = "a-long-test-password"
NEW = {"title": "A headline", "body": ["A paragraph."]}


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_an_editor_gets_a_token_with_the_password_and_writes_with_it(api_client, editor):
    response = api_client.post(TOKEN, HTTP_AUTHORIZATION=basic(editor.username, PASSWORD))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = response.json()["token"]
    assert response.json()["username"] == editor.username
    again = api_client.post(TOKEN, HTTP_AUTHORIZATION=basic(editor.username, PASSWORD))
    assert again.json()["token"] == token, "the same token until it is revoked"

    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert script.post(ARTICLES, NEW, format="json").status_code == 201


def test_a_revoked_token_no_longer_works(editor_api, editor):
    assert editor_api.delete(TOKEN).status_code == 204

    assert not Token.objects.filter(user=editor).exists()
    refused = editor_api.post(ARTICLES, NEW, format="json")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Invalid token."


def test_tokens_are_for_editors(api_client, reader):
    anonymous = api_client.post(TOKEN)
    not_an_editor = api_client.post(TOKEN, HTTP_AUTHORIZATION=basic(reader.username, PASSWORD))

    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Basic")
    assert not_an_editor.status_code == 403
    assert not_an_editor.json()["detail"] == "Only editors have API tokens: reading needs none."
    assert not Token.objects.exists()


def test_guessing_the_password_for_a_token_meets_the_login_limit(api_client, editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    wrong = basic(editor.username, "wrong-password")

    statuses = [api_client.post(TOKEN, HTTP_AUTHORIZATION=wrong).status_code for _ in range(4)]
    right = api_client.post(TOKEN, HTTP_AUTHORIZATION=basic(editor.username, PASSWORD))

    assert statuses == [401, 401, 401, 429]
    assert right.status_code == 429, "locked out for the window, right password or not"
    assert int(right["Retry-After"]) > 0
    assert right["Content-Type"] == "application/problem+json"


def test_basic_credentials_write_too(api_client, editor):
    response = api_client.post(
        ARTICLES, NEW, format="json", HTTP_AUTHORIZATION=basic(editor.username, PASSWORD)
    )

    assert response.status_code == 201


def test_a_session_write_needs_the_csrf_token(editor):
    browser = APIClient(enforce_csrf_checks=True)
    assert browser.login(username=editor.username, password=PASSWORD)
    browser.get("/admin/")  # a page with a form (logging out is one) sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value

    without = browser.post(ARTICLES, NEW, format="json")
    with_token = browser.post(ARTICLES, NEW, format="json", HTTP_X_CSRFTOKEN=csrf)

    assert without.status_code == 403
    assert without["Content-Type"] == "application/problem+json"
    assert "CSRF" in without.json()["detail"]
    assert with_token.status_code == 201


def test_versions_list_every_change_with_who_and_when(editor_api, editor):
    slug = editor_api.post(ARTICLES, NEW, format="json").json()["slug"]
    editor_api.patch(f"{ARTICLES}{slug}/", {"title": "A better headline"}, format="json")
    editor_api.patch(f"{ARTICLES}{slug}/", {"status": "published"}, format="json")

    response = editor_api.get(f"{ARTICLES}{slug}/versions/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    versions = response.json()
    assert [(v["number"], v["kind"], v["user"], v["status"]) for v in versions] == [
        (3, "changed", editor.username, "published"),
        (2, "changed", editor.username, "draft"),
        (1, "created", editor.username, "draft"),
    ]
    assert versions[1]["changes"] == [
        {"field": "title", "old": "A headline", "new": "A better headline"}
    ]
    assert {change["field"] for change in versions[0]["changes"]} == {"status", "published_at"}
    assert versions[0]["recorded_at"] > versions[1]["recorded_at"]


def test_versions_are_for_editors_only(reader, editor):
    public = article_create()
    draft = article_create(status=ArticleStatus.DRAFT)
    anonymous, signed_in, editing = Client(), Client(), Client()
    signed_in.force_login(reader)
    editing.force_login(editor)

    def status(client: Client, article) -> int:
        return client.get(f"{ARTICLES}{article.slug}/versions/").status_code

    assert (status(anonymous, public), status(signed_in, public)) == (401, 403)
    assert (status(anonymous, draft), status(signed_in, draft)) == (404, 404)
    assert (status(editing, public), status(editing, draft)) == (200, 200)
