"""An editor's morning in a real browser: log into the admin, correct a caption's credit and
upload the picture through the article's caption rows, publish a draft with the bulk action;
then the public API shows all of it. Screenshots of the main admin pages are saved to
``artifacts/screenshots/``."""

from __future__ import annotations

import json
import urllib.request

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleStatus
from tests.conftest import SEED_FILE
from tests.e2e import browser
from tests.e2e.browser import Browsing
from tests.factories import article_create, image_bytes

pytestmark = [browser.needs_a_browser, pytest.mark.usefixtures("editors_group")]
browsing = browser.browsing  # the fixture

USERNAME, PASSWORD = "ana-editor", "a-long-browser-password"
CORRECTED_CREDIT = "EFE/EPA/Kevin Hui Yeung"


def public_json(base_url: str, path: str) -> tuple[int, dict]:
    """An anonymous client's answer: no cookie, no credentials, nothing of the browser's."""
    try:
        with urllib.request.urlopen(base_url + path, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def newsroom(monkeypatch):
    """The seed article, a draft waiting to be published, and an editor's account, made the
    documented ways (``load_seeds``, ``createeditor``), before the browser starts."""
    call_command("load_seeds", str(SEED_FILE), verbosity=0)
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    call_command("createeditor", USERNAME, "--no-input", verbosity=0)
    draft = article_create(
        status=ArticleStatus.DRAFT,
        title="Council approves the harbour budget",
        published_at=None,
    )
    seed = Article.objects.get(source_name=SEED_FILE.name)
    seed.lead_image_id = seed.captions.order_by("order").first().image_id
    return seed, draft


def save(page) -> str:
    """Submit the change form and return the admin's message; a refused form fails the test
    with the admin's own words."""
    page.click("input[name='_save']")
    page.wait_for_selector(".messagelist, .errornote")
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors
    return page.inner_text(".messagelist")


def log_in(browsing: Browsing) -> None:
    browsing.open("/admin/login/")
    browsing.page.fill("#id_username", USERNAME)
    browsing.page.fill("#id_password", PASSWORD)
    browsing.page.click("input[type=submit]")
    browsing.page.wait_for_selector("#site-name")
    assert "Site administration" in browsing.page.inner_text("#content h1")


def test_an_editor_corrects_uploads_and_publishes_and_the_api_shows_it(newsroom, browsing):
    seed, draft = newsroom
    page = browsing.page

    log_in(browsing)
    browsing.screenshot("01-admin-index")

    # Correct the lead caption's credit and give its image a file, in the article's own page.
    browsing.open(f"/admin/articles/article/{seed.pk}/change/")
    browsing.screenshot("03-article-change-before")
    assert page.input_value("input[name='captions-0-credit']") == "EFE/EPA/Kev Hui Yeung"
    assert "no file yet" in page.inner_text("#captions-0")
    page.fill("input[name='captions-0-credit']", CORRECTED_CREDIT)
    page.set_input_files(
        "input[name='captions-0-upload']",
        files=[
            {
                "name": "ministers.jpg",
                "mimeType": "image/jpeg",
                "buffer": image_bytes(size=(1600, 900)),
            }
        ],
    )
    assert "was changed successfully" in save(page)

    browsing.open(f"/admin/articles/article/{seed.pk}/change/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the article's page is wider than the window"
    )
    thumbnail = page.locator("#captions-0 .field-thumbnail img")
    assert thumbnail.get_attribute("src").startswith("/media/renditions/")
    assert page.evaluate("img => img.complete && img.naturalWidth", thumbnail.element_handle())
    browsing.screenshot("03-article-change")

    # Publish the draft with the bulk action of the article list.
    browsing.open("/admin/articles/article/")
    page.check(f"input.action-select[value='{draft.pk}']")
    page.select_option("select[name='action']", "publish_now")
    page.click("button[name='index']")
    page.wait_for_selector(".messagelist")
    assert "1 article published." in page.inner_text(".messagelist")
    browsing.screenshot("02-article-list")
    # At 1400 px every column fits, and the headline and slug inputs take the form's width.
    page.set_viewport_size({"width": 1400, "height": 900})
    overflow = "e => e.scrollWidth - e.clientWidth"
    assert page.eval_on_selector("#changelist .results", overflow) == 0
    browsing.open(f"/admin/articles/article/{seed.pk}/change/")
    assert page.eval_on_selector("#id_title", "e => e.offsetWidth") > 600
    assert page.eval_on_selector("#id_slug", "e => e.offsetWidth") > 600
    page.set_viewport_size({"width": 1680, "height": 1000})

    browsing.open("/admin/articles/image/")
    browsing.screenshot("04-image-list")
    browsing.open(f"/admin/articles/image/{seed.lead_image_id}/change/")
    assert "thumbnail" in page.inner_text(".field-rendition_list")
    browsing.screenshot("05-image-change")
    browsing.open(f"/admin/articles/article/{seed.pk}/history/")
    assert USERNAME in page.inner_text("#content")
    browsing.screenshot("06-article-history")

    # The public API, fetched as an anonymous client.
    status, article = public_json(browsing.base_url, f"/api/v1/articles/{seed.slug}/")
    assert status == 200
    lead = article["captions"][0]
    assert lead["credit"] == CORRECTED_CREDIT
    assert lead["image"]["photographer"] == "Kevin Hui Yeung"
    assert (lead["image"]["width"], lead["image"]["height"]) == (1600, 900)
    assert lead["image"]["url"].startswith(f"{browsing.base_url}/media/images/")
    assert [(r["name"], r["width"], r["height"]) for r in lead["image"]["renditions"]] == [
        ("thumbnail", 320, 180),
        ("medium", 1024, 576),
    ]
    with urllib.request.urlopen(lead["image"]["renditions"][0]["url"], timeout=10) as served:
        assert served.headers["Content-Type"] == "image/jpeg"
    status, published = public_json(browsing.base_url, f"/api/v1/articles/{draft.slug}/")
    assert status == 200
    assert published["status"] == "published"
    assert published["published_at"] is not None

    assert browsing.refused == [], "the admin fetched something from outside"
    assert browsing.errors == []


def test_the_admin_refuses_a_file_that_is_not_an_image_in_plain_words(newsroom, browsing):
    seed, _ = newsroom
    page = browsing.page
    log_in(browsing)

    browsing.open(f"/admin/articles/article/{seed.pk}/change/")
    page.set_input_files(
        "input[name='captions-0-upload']",
        files=[{"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo" * 50}],
    )
    page.click("input[name='_save']")
    page.wait_for_selector(".errorlist")

    assert "The file is not an image we can read" in page.inner_text("#captions-0")
    browsing.screenshot("07-article-change-refused-upload")
    status, article = public_json(browsing.base_url, f"/api/v1/articles/{seed.slug}/")
    assert status == 200
    assert article["captions"][0]["image"]["url"] is None
