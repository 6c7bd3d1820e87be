"""``load_seeds`` on saved web pages (issue 16): ``.html``, ``.htm`` and ``.html.gz`` files
beside ``.txt`` ones, with the same guarantees, their pictures' addresses kept and served, and
a page and its text dump loaded as one article.

The real pages are gold pages of the corpus's training split (``tests/fixtures/real/``).
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from jsonschema import Draft202012Validator

from articles.models import Article, ArticleStatus, Image, ImportRun
from newsapi.docs.schema import NINJS_SCHEMA
from tests.conftest import SEED_FILE

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "pages"
CBC = "fundus-ca-cbcnews-1"
FINANCIAL_POST = "fundus-ca-financialpost-1"

pytestmark = pytest.mark.django_db


def run(*paths, **options) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("load_seeds", *[str(p) for p in paths], stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error.returncode
    return out.getvalue(), err.getvalue(), 0


def report(*paths, **options) -> tuple[dict, int]:
    out, _err, status = run(*paths, json=True, **options)
    return json.loads(out), status


def by_name(document: dict) -> dict[str, dict]:
    return {entry["name"]: entry for entry in document["files"]}


def html_of(page_id: str) -> bytes:
    return gzip.decompress((REAL / f"{page_id}.html.gz").read_bytes())


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """A folder as a newsroom's archive has one: a text dump, a saved page, a compressed one."""
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / SEED_FILE.name)
    (folder / "cbc.html").write_bytes(html_of(CBC))
    shutil.copy(REAL / f"{FINANCIAL_POST}.html.gz", folder / "financial-post.html.gz")
    (folder / "notes.md").write_text("not a page", encoding="utf-8")
    return folder


def test_a_folder_mixing_text_dumps_and_saved_pages_loads_every_page(mixed_folder):
    document, status = report(mixed_folder)

    assert status == 0
    files = by_name(document)
    assert {name: entry["status"] for name, entry in files.items()} == {
        SEED_FILE.name: "created",
        "cbc.html": "created",
        "financial-post.html.gz": "created",
        "notes.md": "skipped",
    }
    assert files["notes.md"]["reason"] == "not a .txt, .html, .htm or .html.gz file"
    cbc = Article.objects.get(source_name="cbc.html")
    assert files["cbc.html"]["article_id"] == cbc.pk
    assert (
        cbc.title
        == "What's next for Gaza, after Yahya Sinwar's appointment as Hamas political head?"
    )
    assert cbc.byline == "Yasmine Hassan"
    assert cbc.language == "en"
    assert cbc.canonical_url == (
        "https://www.cbc.ca/news/world/gaza-israel-ceasefire-negotiations-sinwar-1.7287711"
    )
    assert cbc.status == ArticleStatus.PUBLISHED
    post = Article.objects.get(source_name="financial-post.html.gz")
    assert post.publication.name == "Financial Post"
    assert post.published_at.isoformat() == "2026-06-05T20:43:49+00:00"

    again, status = report(mixed_folder)
    assert status == 0
    assert {entry["status"] for entry in again["files"] if entry["name"] != "notes.md"} == {
        "unchanged"
    }


def test_a_saved_page_is_served_with_its_pictures_addresses(mixed_folder, client):
    report(mixed_folder)
    article = Article.objects.get(source_name="cbc.html")

    detail = client.get(f"/api/v1/articles/{article.slug}/").json()

    assert detail["canonical_url"] == article.canonical_url
    jsonld = client.get(f"/api/v1/articles/{article.slug}/", {"format": "jsonld"}).json()
    assert jsonld["sameAs"] == article.canonical_url

    first = detail["captions"][0]
    assert first["credit"] == "Adel Hana/Associated Press"
    assert first["text"].startswith("Yahya Sinwar, at the time recently freed from jail")
    assert first["image"]["url"] is None  # nothing is downloaded while loading
    assert first["image"]["source_url"].startswith("https://i.cbc.ca/")
    assert first["image"]["alt_text"] == "A man stands at a podium and gives a speech"
    assert first["image"]["photographer"] == "Adel Hana"
    assert [block["type"] for block in detail["body"]].count("image") == len(detail["captions"])
    # Every text of the answer is text: no markup of the page reaches a client.
    for block in detail["body"]:
        text = block.get("text") or block["caption"]["text"]
        assert "<" not in text and "&amp;" not in text


def test_a_declared_size_is_kept_until_a_file_is_uploaded(mixed_folder):
    report(mixed_folder)
    image = Image.objects.filter(captions__article__source_name="financial-post.html.gz").first()
    assert (image.width, image.height) == (1200, 900)
    assert image.source_url.startswith("https://smartcdn.gprod.postmedia.digital/")


def test_the_image_source_shows_in_the_admin(mixed_folder, staff_client):
    report(mixed_folder)
    image = Image.objects.exclude(source_url="").first()
    page = staff_client.get(reverse("admin:articles_image_change", args=[image.pk]))
    assert page.status_code == 200
    assert image.source_url.replace("&", "&amp;") in page.content.decode()
    article = Article.objects.get(source_name="cbc.html")
    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert article.canonical_url in page.content.decode()


def test_the_image_source_is_in_ninjs_and_json_ld(mixed_folder, client):
    report(mixed_folder)
    image = Image.objects.filter(captions__article__source_name="financial-post.html.gz").get()
    ninjs = client.get(f"/api/v1/images/{image.pk}/", {"format": "ninjs"}).json()
    jsonld = client.get(f"/api/v1/images/{image.pk}/", {"format": "jsonld"}).json()

    assert ninjs["renditions"] == [
        {"name": "source", "href": image.source_url, "width": 1200, "height": 900}
    ]
    assert jsonld["contentUrl"] == jsonld["isBasedOn"] == image.source_url
    article = Article.objects.get(source_name="financial-post.html.gz")
    item = client.get(f"/api/v1/articles/{article.slug}/", {"format": "ninjs"}).json()
    schema = json.loads(NINJS_SCHEMA.read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(item)) == []


def test_verbose_and_json_reports_show_the_page_address_and_pictures(tmp_path):
    (tmp_path / "cbc.html").write_bytes(html_of(CBC))
    out, _err, status = run(tmp_path, verbose=True, dry_run=True)
    assert status == 0
    assert "  canonical    https://www.cbc.ca/news/world/gaza-israel-ceasefire" in out
    assert "       picture https://i.cbc.ca/" in out

    document, _status = report(tmp_path, verbose=True, dry_run=True)
    parse = document["files"][0]["parse"]
    assert parse["canonical_url"].startswith("https://www.cbc.ca/")
    assert parse["captions"][0]["image_url"].startswith("https://i.cbc.ca/")
    assert Article.objects.count() == 0


def test_a_page_and_its_text_dump_are_one_article(tmp_path):
    (tmp_path / "cbc.html").write_bytes(html_of(CBC))
    shutil.copy(REAL / f"{CBC}.txt", tmp_path / "cbc.txt")

    document, status = report(tmp_path)

    assert status == 1
    files = by_name(document)
    assert files["cbc.html"]["status"] == "created"
    assert files["cbc.txt"]["status"] == "failed"
    assert files["cbc.txt"]["reason"] == (
        "duplicate of cbc.html (the same article in another format), not loaded again"
    )
    assert Article.objects.count() == 1


def test_a_dry_run_reports_the_duplicate_and_writes_nothing(tmp_path):
    (tmp_path / "a.html").write_bytes(html_of(CBC))
    run(tmp_path / "a.html")
    shutil.copy(REAL / f"{CBC}.txt", tmp_path / "b.txt")

    document, status = report(tmp_path / "b.txt", dry_run=True)

    assert status == 1
    assert document["files"][0]["reason"].startswith("duplicate of a.html")
    assert Article.objects.count() == 1
    assert ImportRun.objects.count() == 1


def test_bad_pages_are_refused_each_with_its_reason_and_the_others_load(tmp_path, settings):
    settings.SEED_MAX_BYTES = 400_000
    (tmp_path / "good.htm").write_bytes(html_of(CBC))
    (tmp_path / "shell.html").write_text(
        "<html><body><div id=app></div><script>start()</script></body></html>", encoding="utf-8"
    )
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "front.html").write_text(
        "<html><body><ul>"
        + "".join(f"<li><a href='/s/{n}'>Story number {n}</a></li>" for n in range(40))
        + "</ul></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "broken.html.gz").write_bytes(gzip.compress(html_of(CBC))[:5000])
    (tmp_path / "big.html").write_bytes(b"<p>" + b"word " * 100_000 + b"</p>")
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b" " * 2_000_000))

    document, status = report(tmp_path)

    assert status == 1
    reasons = {name: entry["reason"] for name, entry in by_name(document).items()}
    assert by_name(document)["good.htm"]["status"] == "created"
    assert reasons["shell.html"].startswith(
        "no text in the page: its content is written by scripts"
    )
    assert reasons["empty.html"] == "empty file"
    assert reasons["front.html"].startswith("no article found on the page")
    assert reasons["broken.html.gz"] == "not valid gzip data (the file is cut short)"
    assert reasons["big.html"] == "file is 488.3 KB, over the 390.6 KB limit (SEED_MAX_BYTES)"
    assert reasons["bomb.html.gz"].startswith("the page inflates to more than 400000 bytes")
    assert list(Article.objects.values_list("source_name", flat=True)) == ["good.htm"]


def test_a_changed_page_updates_its_article_in_place(tmp_path):
    page = tmp_path / "cbc.html"
    page.write_bytes(html_of(CBC))
    report(page)
    article = Article.objects.get()

    page.write_bytes(html_of(CBC).replace(b"Yasmine Hassan", b"Yasmine Hassan-Smith"))
    document, status = report(page)

    assert (status, document["files"][0]["status"]) == (0, "updated")
    changed = Article.objects.get()
    assert (changed.pk, changed.slug) == (article.pk, article.slug)
    assert changed.byline == "Yasmine Hassan-Smith"


def test_a_page_without_structured_data_waits_as_a_draft(tmp_path, client):
    paragraphs = "".join(
        f"<p>Paragraph {n} of a story about the harbour strike, long enough to be prose that "
        "a reader reads, with a sentence or two in it.</p>"
        for n in range(6)
    )
    (tmp_path / "plain.html").write_text(
        f"<html lang='en'><head><title>Harbour strike</title></head><body><h1>Harbour strike"
        f"</h1>{paragraphs}</body></html>",
        encoding="utf-8",
    )
    report(tmp_path)

    article = Article.objects.get()
    assert article.status == ArticleStatus.DRAFT
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 404
