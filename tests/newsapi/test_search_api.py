"""``?search=`` on ``/api/v1/articles/``: web-search syntax on every database, full text search
with stemming, ranking, snippets and a GIN index on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from articles.fulltext import articles_search
from articles.models import Article, Caption, Image
from articles.search import SEARCH_CONFIGS, parse_search_query
from articles.services import caption_delete
from tests.factories import article_create, edit_caption, edit_image

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full text search is PostgreSQL's"
)


def slugs(api_client, **params) -> list[str]:
    response = api_client.get(LIST_URL, params)
    assert response.status_code == 200, response.json()
    return [item["slug"] for item in response.json()["results"]]


def with_caption(article: Article, *, text: str, credit: str) -> Article:
    image = Image.objects.create(credit=credit)
    Caption.objects.create(article=article, image=image, text=text, order=article.captions.count())
    return article


@pytest.fixture
def fishing(db) -> Article:
    return with_caption(
        article_create(
            slug="fishing",
            title="Sorrel Sea fishing pact signed",
            body="The fishing pact limits trawlers.\n\nWhaling stays banned in the sea.",
        ),
        text="Boats in the harbour of Sorrel.",
        credit="AP Photo/Ana Lima",
    )


@pytest.fixture
def metro(db) -> Article:
    return article_create(
        slug="metro",
        title="Calder metro fares frozen",
        body="The council froze metro fares for a year.\n\nThe sea of commuters cheered.",
    )


def test_every_word_must_appear(api_client, fishing, metro):
    assert slugs(api_client, search="fishing pact") == ["fishing"]
    assert slugs(api_client, search="fishing metro") == []


def test_a_phrase_must_appear_as_written(api_client, fishing, metro):
    assert slugs(api_client, search='"fishing pact"') == ["fishing"]
    assert slugs(api_client, search='"pact fishing"') == []


def test_an_excluded_word_must_not_appear(api_client, fishing, metro):
    assert slugs(api_client, search="sea -whaling") == ["metro"]
    assert slugs(api_client, search='sea -"fishing pact"') == ["metro"]


def test_or_takes_either(api_client, fishing, metro):
    assert sorted(slugs(api_client, search="trawlers OR commuters")) == ["fishing", "metro"]
    assert slugs(api_client, search="trawlers OR commuters banned") == ["fishing"]


def test_captions_and_credits_are_searched(api_client, fishing, metro):
    assert slugs(api_client, search="harbour") == ["fishing"]
    assert slugs(api_client, search="Lima") == ["fishing"]
    assert slugs(api_client, search="Ana") == ["fishing"]  # after a slash: "AP Photo/Ana Lima"
    assert slugs(api_client, search='"Photo/Ana"') == ["fishing"]
    # Words from the body and from a credit count together.
    assert slugs(api_client, search="trawlers Lima") == ["fishing"]


def test_only_published_articles_are_found(api_client, fishing):
    article_create(title="A draft about fishing", status="draft")
    assert slugs(api_client, search="fishing") == ["fishing"]


def test_headline_matches_rank_first(api_client, db):
    article_create(slug="body-only", body="Fares rose.\n\nMetro riders paid more for fares.")
    article_create(slug="in-headline", title="Metro fares rise", body="Prices went up.")

    assert slugs(api_client, search="fares") == ["in-headline", "body-only"]
    assert slugs(api_client, search="fares", ordering="relevance") == ["in-headline", "body-only"]
    assert slugs(api_client, search="fares", ordering="title") == ["body-only", "in-headline"]


def test_list_items_carry_a_highlighted_escaped_snippet(api_client, db):
    article_create(
        slug="tags",
        body="Opening words.\n\nThe <script> tag & the trawlers met at dawn near the port.",
    )

    item = api_client.get(LIST_URL, {"search": "trawlers"}).json()["results"][0]
    plain = api_client.get(LIST_URL).json()["results"][0]

    assert "<mark>trawlers</mark>" in item["snippet"]
    assert "&lt;script&gt;" in item["snippet"]
    assert "<script>" not in item["snippet"]
    assert plain["snippet"] is None


def test_a_snippet_is_the_stretch_of_the_body_around_the_first_match(api_client, db):
    before = " ".join(f"before{number}" for number in range(60))
    after = " ".join(f"after{number}" for number in range(60))
    article_create(slug="deep", body=f"{before}\n\nThe trawlers left at dawn. {after}")

    [item] = api_client.get(LIST_URL, {"search": "trawlers"}).json()["results"]

    assert item["snippet"].startswith("… before")
    assert item["snippet"].endswith(" …")
    assert "The <mark>trawlers</mark> left at dawn. after0" in item["snippet"]
    assert "before0 " not in item["snippet"]


@on_postgresql
def test_a_snippet_marks_the_forms_of_the_words_the_database_matched(api_client, db):
    article_create(slug="english", body="The ministers condemned the agreement.", language="en")

    [item] = api_client.get(LIST_URL, {"search": "the condemning"}).json()["results"]

    # "the" is a stop word: the database looks for "condemn" alone.
    assert item["snippet"] == "The ministers <mark>condemned</mark> the agreement."


def test_a_search_read_by_cursor_carries_the_same_snippets(api_client, fishing, metro):
    def snippets(**params) -> dict[str, str]:
        results = api_client.get(LIST_URL, {"search": "sea", **params}).json()["results"]
        return {item["slug"]: item["snippet"] for item in results}

    by_page = snippets()

    assert snippets(cursor="") == by_page
    assert sorted(by_page) == ["fishing", "metro"]
    assert all("<mark>sea</mark>" in snippet for snippet in by_page.values())


@pytest.mark.parametrize(
    ("query", "reason"),
    [("x" * 501, "at most 500 characters"), ("- &", "no words")],
)
def test_a_search_that_cannot_run_is_a_400_naming_search(api_client, db, query, reason):
    response = api_client.get(LIST_URL, {"search": query})

    assert response.status_code == 400
    [invalid] = response.json()["invalid_params"]
    assert invalid["name"] == "search"
    assert reason in invalid["reason"]


@pytest.mark.parametrize("extra", [{}, {"cursor": ""}])
def test_a_blank_search_is_no_search(api_client, fishing, metro, extra):
    blank = api_client.get(LIST_URL, {"search": "  ", **extra})
    plain = api_client.get(LIST_URL, extra)

    assert blank.status_code == 200
    assert blank.json()["results"] == plain.json()["results"]


def test_relevance_needs_a_search(api_client, db):
    response = api_client.get(LIST_URL, {"ordering": "relevance"})

    assert response.status_code == 400
    assert response.json()["invalid_params"] == [
        {"name": "ordering", "reason": "Ordering by relevance needs a search."}
    ]


def test_search_query_count_does_not_grow_with_the_page(
    api_client, django_assert_num_queries, settings
):
    for number in range(30):
        with_caption(article_create(body=f"Trawlers number {number}."), text="A boat.", credit="AP")

    # Built by the serializers (the stored representations have tests/newsapi/test_stored.py):
    # (on PostgreSQL, the query in each text search configuration), count, articles, captions
    # with images, their renditions, the store's last change
    settings.API_STORED_REPRESENTATIONS = False
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 5):
        response = api_client.get(LIST_URL, {"search": "trawlers", "page_size": 30})
    assert len(response.json()["results"]) == 30


@on_postgresql
def test_the_query_in_each_configuration_is_asked_once_for_the_same_words(
    api_client, fishing, metro
):
    from django.test.utils import CaptureQueriesContext

    def configuration_queries(search: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(LIST_URL, {"search": search}).status_code == 200
        return sum("plainto_tsquery('simple'" in query["sql"] for query in queries)

    assert configuration_queries("sea") == 1
    assert configuration_queries("sea") == 0  # the next page, or the next reader
    assert slugs(api_client, search="sea") == ["fishing", "metro"]
    assert configuration_queries("fares") == 1


@on_postgresql
def test_words_are_stemmed_in_the_article_language(api_client, db):
    article_create(slug="english", body="The ministers condemned the agreement.", language="en")
    article_create(
        slug="spanish", body="Los ministros condenaron los acuerdos firmados.", language="es"
    )

    assert slugs(api_client, search="condemning") == ["english"]
    assert slugs(api_client, search="acuerdo") == ["spanish"]  # singular finds the plural


@on_postgresql
def test_the_search_document_follows_captions_and_credits(api_client, fishing):
    caption = edit_caption(fishing.captions.get(), text="Nets drying on the quay.")
    edit_image(caption.image, credit="Reuters/Jo Quint")

    assert slugs(api_client, search="harbour") == []
    assert slugs(api_client, search="quay") == ["fishing"]
    assert slugs(api_client, search="Quint") == ["fishing"]

    caption_delete(caption=caption)
    assert slugs(api_client, search="quay") == []


@on_postgresql
def test_the_search_uses_the_gin_index(fishing):
    # Without the published() filter, whose own index a planner may prefer on a small table,
    # and unordered: on a few rows it may rightly prefer reading article_newest_first in order.
    found = articles_search(Article.objects.order_by(), parse_search_query("fishing"))
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        # Few rows: without this the planner rightly prefers a scan; the point is that it can
        # use the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Bitmap Index Scan on article_search_document" in plan, plan


@on_postgresql
def test_the_database_knows_the_same_languages_as_the_code():
    with connection.cursor() as cursor:
        for language, config in [*SEARCH_CONFIGS.items(), ("sw", "simple")]:
            cursor.execute("SELECT articles_search_config(%s)::text", [language])
            assert cursor.fetchone()[0] == config, language


@on_postgresql
def test_search_documents_are_kept_in_their_rows(fishing):
    # Ranking reads the document of every match: from TOAST storage that was most of the time
    # of a search with many matches (migration 0010).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'articles_article'::regclass AND attname = 'search_document'"
        )
        assert cursor.fetchone()[0] == "m"
