"""Loading whole saved pages of real outlets: the article is found among the page's furniture,
pages with no article are refused, and pages read with low confidence wait as drafts."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleStatus, ImportRun
from articles.parsing import parse_seed
from articles.services import article_sync_from_seed

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "pages"
# Whole-page dumps of real articles (training split) and of real front pages with no article.
ARTICLE_PAGES = (
    "fundus-uk-bbc-1.txt",
    "fundus-ch-srf-1.txt",
    "fundus-es-elpais-1.txt",
    "fundus-jp-asahishimbun-1.txt",
    "fundus-ca-cbcnews-1.txt",
)
FRONT_PAGES = ("np4k-yahoo-main-site.txt", "htmldate-stuttgart-de.txt")


def load(*paths: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_seeds", *[str(p) for p in paths], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


def copy(folder: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        shutil.copy(REAL / name, folder / name)
        paths.append(folder / name)
    return paths


@pytest.mark.django_db
def test_real_pages_load_as_articles_with_their_confidence(folder):
    load(*copy(folder, *ARTICLE_PAGES))
    articles = list(Article.objects.order_by("source_name"))
    assert [a.source_name for a in articles] == sorted(ARTICLE_PAGES)
    for article in articles:
        assert article.title and article.paragraphs
        assert 0.0 <= article.parse_confidence <= 1.0
        uncertain = any(w.startswith("body boundaries uncertain") for w in article.parse_warnings)
        # A page read with low confidence waits for an editor; the others are published.
        expected = ArticleStatus.DRAFT if uncertain else ArticleStatus.PUBLISHED
        assert article.status == expected
        # The page's menus and footer are not in the body: it is far shorter than the page.
        page = (folder / article.source_name).read_text(encoding="utf-8")
        assert len("\n\n".join(article.paragraphs)) < len(page)


@pytest.mark.django_db
def test_a_page_with_no_article_is_never_public(folder, client):
    """A front page is refused where the model finds no article on it, named in the import run
    with the reason and not written; where it finds a little, it waits as a draft."""
    paths = copy(folder, *FRONT_PAGES, "fundus-uk-bbc-1.txt")
    with pytest.raises(CommandError):
        load(*paths)
    run = ImportRun.objects.get()
    records = {record.name: record for record in run.file_records.all()}
    assert records["fundus-uk-bbc-1.txt"].status == "created"
    refused = [name for name in FRONT_PAGES if records[name].status == "failed"]
    assert refused, "at least one front page is refused outright"
    for name in FRONT_PAGES:
        record = records[name]
        if record.status == "failed":
            assert record.reason.startswith("no article found on the page")
            assert not Article.objects.filter(source_name=name).exists()
        else:
            article = Article.objects.get(source_name=name)
            assert article.status == ArticleStatus.DRAFT
            assert any(w.startswith("body boundaries uncertain") for w in article.parse_warnings)
    listed = client.get("/api/v1/articles/", {"fields": "id"}).json()["results"]
    public = set(
        Article.objects.filter(id__in=[item["id"] for item in listed]).values_list(
            "source_name", flat=True
        )
    )
    assert public.isdisjoint(FRONT_PAGES)


@pytest.mark.django_db
def test_an_uncertain_parse_is_created_as_a_draft_and_an_edited_article_keeps_its_status():
    parsed = parse_seed((REAL / "fundus-uk-bbc-1.txt").read_bytes())
    uncertain = dataclasses.replace(parsed, uncertain=True, confidence=0.41)
    created = article_sync_from_seed(parsed=uncertain, source_name="a.txt", source_hash="1" * 64)
    assert created.status == "created"
    assert created.article.status == ArticleStatus.DRAFT
    assert created.article.parse_confidence == 0.41

    sure = article_sync_from_seed(parsed=parsed, source_name="b.txt", source_hash="2" * 64)
    assert sure.article.status == ArticleStatus.PUBLISHED
    # A changed page read with low confidence updates the article but leaves its status, which
    # its editors may have set, alone.
    again = dataclasses.replace(uncertain, byline="Ann Lee")
    updated = article_sync_from_seed(parsed=again, source_name="b.txt", source_hash="3" * 64)
    assert updated.status == "updated"
    assert updated.article.status == ArticleStatus.PUBLISHED
    assert updated.article.parse_confidence == 0.41
