"""Roles: the "Editors" group made by a migration, ``manage.py createeditor``, and what an
editor may and may not do in the admin and the API."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import article_create

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_the_editors_group_has_exactly_the_newsroom_permissions():
    group = Group.objects.get(name="Editors")

    granted = set(group.permissions.values_list("content_type__app_label", "codename"))

    full = {
        ("articles", f"{action}_{model}")
        for model in ["article", "caption", "image", "publication"]
        for action in ["add", "change", "delete", "view"]
    }
    read_only = {("articles", "view_articletombstone"), ("articles", "view_importrun")}
    assert granted == full | read_only


def test_createeditor_makes_a_staff_editor_who_is_no_superuser(editor):
    assert editor.is_staff
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert editor.check_password("a-long-test-password")
    assert editor.has_perm("articles.change_article")
    assert editor.has_perm("articles.add_image")
    assert not editor.has_perm("articles.delete_articletombstone")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.add_group")


def test_createeditor_takes_the_email(monkeypatch, django_user_model):
    monkeypatch.setenv("EDITOR_PASSWORD", "a-long-test-password")
    call_command(
        "createeditor", "ana", "--email", "ana@example.org", "--no-input", stdout=io.StringIO()
    )
    assert django_user_model.objects.get(username="ana").email == "ana@example.org"


def test_createeditor_refuses_an_existing_name(editor, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "another-long-password")
    with pytest.raises(CommandError, match="already exists"):
        call_command("createeditor", editor.username, "--no-input")


def test_createeditor_refuses_a_weak_password(monkeypatch, django_user_model):
    monkeypatch.setenv("EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too weak"):
        call_command("createeditor", "weak", "--no-input")
    assert not django_user_model.objects.filter(username="weak").exists()


def test_createeditor_without_a_password_and_no_terminal_says_how(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="EDITOR_PASSWORD"):
        call_command("createeditor", "nopassword", "--no-input")


def test_createeditor_help_documents_every_argument():
    result = subprocess.run(
        [sys.executable, "manage.py", "createeditor", "--help"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for text in ["--email", "--no-input", "EDITOR_PASSWORD", "Editors group"]:
        assert text in result.stdout


def test_an_editor_edits_articles_in_the_admin_but_cannot_manage_users(editor_client):
    article = article_create()

    change_page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    users = editor_client.get(reverse("admin:auth_user_changelist"))
    groups = editor_client.get(reverse("admin:auth_group_changelist"))

    assert change_page.status_code == 200
    assert users.status_code == 403
    assert groups.status_code == 403


def test_a_user_outside_the_group_cannot_use_the_admin(client, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="x" * 20)
    client.force_login(user)

    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("who", ["anonymous", "logged-in reader"])
def test_the_api_refuses_writes_from_anyone_but_editors(who, client, django_user_model):
    article = article_create()
    if who == "logged-in reader":
        reader = django_user_model.objects.create_user(username="reader", password="x" * 20)
        client.force_login(reader)

    created = client.post("/api/v1/articles/", {"title": "New"}, content_type="application/json")
    deleted = client.delete(f"/api/v1/articles/{article.slug}/")

    assert created.status_code in (401, 403)
    assert deleted.status_code in (401, 403)
    assert created["Content-Type"] == "application/problem+json"
    assert article.__class__.objects.filter(pk=article.pk).exists()
