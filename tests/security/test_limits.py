"""Resource limits, attacked from outside: page sizes, body sizes, query strings, ordering and
filter tricks, and the rate limits on reads and on logins."""

from __future__ import annotations

import base64
import time
from urllib.parse import urlencode

import pytest

from tests.factories import article_create

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
PASSWORD = "a-long-test-password"


def assert_problem(response, status: int, *, naming: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    if naming is not None:
        assert naming in {item["name"] for item in body.get("invalid_params", [])}, body
    return body


def test_page_size_above_the_cap_is_served_at_the_cap(client, settings):
    settings.API_MAX_PAGE_SIZE = 2
    for _ in range(3):
        article_create()

    response = client.get("/api/v1/articles/?page_size=1000000000000000000000")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert response.json()["count"] == 3


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1e3", "2.5", " 5", "%00"])
def test_page_size_that_is_not_a_positive_whole_number_is_refused(client, value):
    response = client.get(f"/api/v1/articles/?page_size={value}")

    assert_problem(response, 400, naming="page_size")


def test_a_body_over_the_limit_is_answered_413_before_it_is_read(client, settings):
    settings.REQUEST_MAX_BODY_BYTES = 1000

    response = client.post(
        "/api/v1/articles/", "[" + "1," * 1000 + "1]", content_type="application/json"
    )

    body = assert_problem(response, 413)
    assert "1000" in body["detail"]


def test_an_editor_form_over_the_limit_is_answered_413(editor_client, settings, seed_article):
    settings.REQUEST_MAX_BODY_BYTES = 1000

    response = editor_client.post(
        f"/admin/articles/article/{seed_article.pk}/change/",
        urlencode({"title": "x" * 2000}),
        content_type="application/x-www-form-urlencoded",
    )

    assert_problem(response, 413)


def test_uploads_have_the_larger_upload_limit(editor_client, settings):
    settings.REQUEST_MAX_BODY_BYTES = 1000
    settings.REQUEST_MAX_UPLOAD_BYTES = 100_000
    within = b"x" * 5000
    beyond = b"x" * 200_000

    def upload(content: bytes):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return editor_client.post(
            "/admin/articles/image/add/", {"file": SimpleUploadedFile("photo.jpg", content)}
        )

    assert upload(within).status_code != 413
    assert_problem(upload(beyond), 413)


def test_a_content_length_that_is_not_a_number_is_refused(client):
    response = client.generic(
        "POST", "/api/v1/articles/", b"{}", content_type="application/json", CONTENT_LENGTH="x"
    )

    assert_problem(response, 400)


def test_a_long_query_string_is_refused(client, settings):
    too_long = "a" * settings.REQUEST_MAX_QUERY_STRING_BYTES
    response = client.get(f"/api/v1/articles/?search={too_long}")

    body = assert_problem(response, 400)
    assert str(settings.REQUEST_MAX_QUERY_STRING_BYTES) in body["invalid_params"][0]["reason"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("search=%00", "search"),
        ("search=pact%00--", "search"),
        ("search=%ff%fe", "search"),
        ("%ff=1", "\ufffd"),
        ("language=e%0an", "language"),
        ("publication=%1b[31m", "publication"),
    ],
)
def test_malformed_query_strings_are_refused_naming_the_parameter(
    client, seed_article, query, parameter
):
    response = client.get(f"/api/v1/articles/?{query}")

    assert_problem(response, 400, naming=parameter)


@pytest.mark.parametrize("path", ["/api/v1/articles/%00/", "/api/v1/publications/a%0d%0ab/"])
def test_a_path_with_control_characters_names_nothing(client, path):
    assert_problem(client.get(path), 404)


@pytest.mark.parametrize(
    "value", ["password", "-body__icontains", "publication__name", "title;drop", "?", "%00"]
)
def test_ordering_by_a_field_that_is_not_offered_is_refused(client, seed_article, value):
    response = client.get(f"/api/v1/articles/?ordering={value}")

    assert_problem(response, 400, naming="ordering")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("title__icontains=a", "title__icontains"),
        ("publication__slug__regex=.*", "publication__slug__regex"),
        ("status=draft", "status"),
        ("search[]=a", "search[]"),
        ("format=api", "format"),
        ("page=0", "page"),
        ("page=-1", "page"),
    ],
)
def test_filter_tricks_are_refused(client, seed_article, query, parameter):
    response = client.get(f"/api/v1/articles/?{query}")

    assert_problem(response, 400, naming=parameter)


def test_a_page_past_the_end_is_not_found(client, seed_article):
    assert_problem(client.get("/api/v1/articles/?page=99999999999999999999"), 404)


def test_anonymous_reads_over_the_rate_get_429_with_retry_after(client, settings, seed_article):
    settings.API_THROTTLE_RATE = "3/minute"

    statuses = [
        client.get("/api/v1/articles/", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}").status_code
        for number in range(3)
    ]
    throttled = client.get("/api/v1/articles/", HTTP_X_FORWARDED_FOR="10.0.0.99")

    assert statuses == [200, 200, 200]
    assert_problem(throttled, 429)
    assert 0 < int(throttled["Retry-After"]) <= 60


def test_the_rate_is_counted_per_client(client, settings, seed_article, editor):
    settings.API_THROTTLE_RATE = "2/minute"
    for _ in range(2):
        assert client.get("/api/v1/publications/").status_code == 200
    assert client.get("/api/v1/publications/").status_code == 429

    client.force_login(editor)

    assert client.get("/api/v1/publications/").status_code == 200


def login(client, username: str, password: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
    )


def test_repeated_failed_logins_are_answered_429_with_retry_after(client, settings, editor):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = login(client, editor.username, "wrong password")
        assert response.status_code == 200  # the form again, with the error

    refused = login(client, editor.username, PASSWORD)

    assert_problem(refused, 429)
    assert 0 < int(refused["Retry-After"]) <= settings.LOGIN_FAILURE_WINDOW_SECONDS
    assert "_auth_user_id" not in client.session


def test_the_login_limit_ends_with_its_window(client, settings, editor):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 1
    for _ in range(2):
        login(client, editor.username, "wrong password")
    assert login(client, editor.username, PASSWORD).status_code == 429

    time.sleep(1.1)

    assert login(client, editor.username, PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count_of_that_user(client, settings, editor):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(2):
        login(client, editor.username, "wrong password")
    assert login(client, editor.username, PASSWORD).status_code == 302
    client.logout()

    for _ in range(2):
        assert login(client, editor.username, "wrong password").status_code == 200

    assert login(client, editor.username, PASSWORD).status_code == 302


def test_one_address_trying_many_user_names_is_stopped(client, settings, editor):
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 4
    for number in range(4):
        login(client, f"guess-{number}", "password")

    assert_problem(login(client, editor.username, PASSWORD), 429)


def test_a_forged_forwarded_for_does_not_escape_the_login_limit(client, settings, editor):
    settings.LOGIN_FAILURE_LIMIT = 2
    for number in range(2):
        client.post(
            "/admin/login/",
            {"username": editor.username, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.1.1.{number}",
        )

    response = client.post(
        "/admin/login/",
        {"username": editor.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.1.1.200",
    )

    assert_problem(response, 429)


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_passwords_cannot_be_guessed_through_the_api_instead(client, settings, editor):
    settings.LOGIN_FAILURE_LIMIT = 3
    guesses = [
        client.get("/api/v1/articles/", HTTP_AUTHORIZATION=basic(editor.username, f"guess {n}"))
        for n in range(3)
    ]

    refused = client.get("/api/v1/articles/", HTTP_AUTHORIZATION=basic(editor.username, PASSWORD))

    assert [response.status_code for response in guesses] == [401, 401, 401]
    assert_problem(refused, 429)
    assert int(refused["Retry-After"]) > 0
    other = client.get("/api/v1/articles/", HTTP_AUTHORIZATION=basic("someone-else", "x"))
    assert other.status_code == 401


# DRF refuses credentials it cannot read before anything authenticates them: they try no
# password, and django-axes counts only what authenticate() refused.
def test_unreadable_basic_credentials_are_refused_without_a_guess(client, settings):
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 2
    for _ in range(2):
        client.get("/api/v1/articles/", HTTP_AUTHORIZATION=basic("a", "b"))

    unreadable = client.get("/api/v1/articles/", HTTP_AUTHORIZATION="Basic %%%not-base64")
    guessing = client.get("/api/v1/articles/", HTTP_AUTHORIZATION=basic("c", "d"))

    assert_problem(unreadable, 401)
    assert_problem(guessing, 429)


def test_the_token_endpoint_counts_and_refuses_like_the_login_form(client, settings, editor):
    settings.LOGIN_FAILURE_LIMIT = 2
    guesses = [
        client.post("/api/v1/auth/token/", HTTP_AUTHORIZATION=basic(editor.username, "guess"))
        for _ in range(2)
    ]

    refused = client.post(
        "/api/v1/auth/token/", HTTP_AUTHORIZATION=basic(editor.username, PASSWORD)
    )

    assert [response.status_code for response in guesses] == [401, 401]
    assert_problem(refused, 429)
    assert int(refused["Retry-After"]) == settings.LOGIN_FAILURE_WINDOW_SECONDS
    assert login(client, editor.username, PASSWORD).status_code == 429


def test_a_failed_login_is_logged_without_what_was_typed_as_the_user_name(client, settings, caplog):
    with caplog.at_level("WARNING", logger="axes"):
        login(client, "typed-secret-in-the-wrong-box", "wrong password")

    [line] = [record.getMessage() for record in caplog.records if record.name.startswith("axes")]
    assert "New login failure" in line
    assert "127.0.0.1" in line
    assert "typed-secret" not in line
