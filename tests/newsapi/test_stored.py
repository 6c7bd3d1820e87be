"""Stored representations (``newsapi/stored.py``): the read API answers from them exactly what
its serializers answer, in one query, and they follow every change to what an article shows."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, ArticleStatus, Caption
from newsapi.http.negotiation import JSONRenderer, RenderedItems, RenderedJSON
from newsapi.models import StoredRepresentation
from tests.conftest import CORPUS, FIXTURES
from tests.factories import article_create, delete_article, publication_create

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"


def detail_url(slug: str) -> str:
    return f"{LIST_URL}{slug}/"


def served_without_store(client, url: str, **extra):
    with override_settings(API_STORED_REPRESENTATIONS=False):
        return client.get(url, **extra)


def assert_same_answer(stored, built) -> None:
    assert stored.status_code == built.status_code == 200
    assert stored.content == built.content
    for header in ("ETag", "Last-Modified", "Link", "Content-Type"):
        assert stored.get(header) == built.get(header), header


@pytest.fixture
def stored_articles(django_capture_on_commit_callbacks):
    """Every annotated page, loaded as the loader does it, with what commits (here, at the end
    of the block) built: 39 articles in five languages, with 0 to 6 captions each."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", str(CORPUS), verbosity=0)
        call_command("load_seeds", str(FIXTURES / "pages"), verbosity=0)
    articles = list(Article.objects.all())
    assert StoredRepresentation.objects.count() == len(articles) > 30
    return articles


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what a write's commit runs, as a request's own transaction would."""

    def commit(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return commit


def test_every_detail_is_the_serializers_answer_byte_for_byte(api_client, stored_articles):
    for article in stored_articles:
        url = detail_url(article.slug)
        assert_same_answer(api_client.get(url), served_without_store(api_client, url))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?page_size=7",
        "?page_size=7&page=3",
        "?page=last&page_size=5",
        "?language=es",
        "?language=fr&language=pt",
        "?has_image=true&page_size=4",
        "?ordering=title",
        "?ordering=-updated",
        "?cursor=",
        "?cursor=&page_size=6",
        "?cursor=&search=agua%20OR%20water&page_size=1",
        "?format=json&page=2&page_size=5",
        "?search=agua",
        "?search=%22record%22%20-flood&ordering=relevance",
        "?search=strike%20OR%20huelga&page_size=1&page=2",
    ],
)
def test_list_pages_are_the_serializers_answer_byte_for_byte(api_client, stored_articles, query):
    stored = api_client.get(LIST_URL + query)
    assert stored.json()["results"]
    assert_same_answer(stored, served_without_store(api_client, LIST_URL + query))
    # and the cursor pages after the first
    next_url = stored.json().get("next")
    if next_url and "cursor=" in next_url:
        assert_same_answer(api_client.get(next_url), served_without_store(api_client, next_url))


def test_our_json_asked_by_name_is_the_same(api_client, stored_articles):
    url = detail_url(stored_articles[0].slug)
    assert_same_answer(
        api_client.get(LIST_URL, HTTP_ACCEPT="application/json; indent=2"),
        served_without_store(api_client, LIST_URL, HTTP_ACCEPT="application/json; indent=2"),
    )
    for extra in (
        {"HTTP_ACCEPT": "application/json"},
        {"HTTP_ACCEPT": "application/json; charset=utf-8"},
        {"HTTP_ACCEPT": "application/json; indent=4"},
        {"QUERY_STRING": "format=json"},
    ):
        assert_same_answer(
            api_client.get(url, **extra), served_without_store(api_client, url, **extra)
        )


def test_a_detail_is_one_query(api_client, stored_articles, django_assert_num_queries):
    with django_assert_num_queries(1):  # the article with its representation
        response = api_client.get(detail_url(stored_articles[0].slug))
    assert response.status_code == 200


def test_a_list_page_reads_the_same_queries_however_long(api_client, stored_articles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (1, 30):
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(LIST_URL, {"page_size": size}).status_code == 200
        counts.append(len(queries))
    # the count, the page's ids, their representations, the store's last change
    assert counts == [4, 4]


def test_urls_name_the_host_each_request_came_to(api_client, stored_articles, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    article = next(a for a in stored_articles if a.captions.exists())

    for host, secure in (("news.example", False), ("testserver", True)):
        body = api_client.get(detail_url(article.slug), HTTP_HOST=host, secure=secure).json()
        origin = f"{'https' if secure else 'http'}://{host}/"
        assert body["url"] == f"{origin}api/v1/articles/{article.slug}/"
        assert body["captions"][0]["image"]["id"]
        page = api_client.get(LIST_URL, HTTP_HOST=host, secure=secure).json()
        assert all(item["url"].startswith(origin) for item in page["results"])


def test_the_marks_never_reach_a_client(api_client, stored_articles):
    answers = [api_client.get(detail_url(article.slug)) for article in stored_articles]
    answers += [api_client.get(LIST_URL, {"page_size": 100, "search": "the"})]
    assert not any(b"stored-" in answer.content for answer in answers)


def _rename_publication(article, editor_api):
    return editor_api.patch(
        f"/api/v1/publications/{article.publication.slug}/", {"name": "Renamed"}, format="json"
    )


def _correct_a_credit(article, editor_api):
    caption = article.captions.first()
    return editor_api.patch(
        f"/api/v1/images/{caption.image_id}/", {"credit": "EFE/Ana Gil"}, format="json"
    )


def _edit_a_caption(article, editor_api):
    caption = article.captions.first()
    return editor_api.patch(f"/api/v1/captions/{caption.pk}/", {"text": "New."}, format="json")


def _delete_a_caption(article, editor_api):
    return editor_api.delete(f"/api/v1/captions/{article.captions.first().pk}/")


def _edit_the_headline(article, editor_api):
    return editor_api.patch(detail_url(article.slug), {"title": "A new headline"}, format="json")


def _replace_the_captions(article, editor_api):
    image = article.captions.first().image_id
    captions = [{"text": "Only one now.", "image": image, "position": 1}]
    return editor_api.patch(detail_url(article.slug), {"captions": captions}, format="json")


@pytest.mark.parametrize(
    "write",
    [
        _rename_publication,
        _correct_a_credit,
        _edit_a_caption,
        _delete_a_caption,
        _edit_the_headline,
        _replace_the_captions,
    ],
)
def test_a_write_rebuilds_what_it_changes(
    api_client, editor_api, commits, write, django_assert_num_queries
):
    article = commits(lambda: article_create(captions=3, publication=publication_create()))
    before = api_client.get(detail_url(article.slug)).content

    response = commits(lambda: write(article, editor_api))

    assert response.status_code in (200, 204), response.content
    with django_assert_num_queries(1):  # served from the store: it is up to date
        stored = api_client.get(detail_url(article.slug))
    assert stored.content != before
    assert_same_answer(stored, served_without_store(api_client, detail_url(article.slug)))
    page = f"{LIST_URL}?page_size=50"
    assert_same_answer(api_client.get(page), served_without_store(api_client, page))


def test_an_edit_not_yet_committed_is_never_answered_from_an_older_representation(
    api_client, editor_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(captions=1)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        editor_api.patch(detail_url(article.slug), {"title": "Changed"}, format="json")

    assert pending  # the rebuild waits for the commit, so the store is behind the article
    assert api_client.get(detail_url(article.slug)).json()["title"] == "Changed"
    assert api_client.get(LIST_URL).json()["results"][0]["title"] == "Changed"


def test_writes_that_send_no_signals_are_served_built_until_rendered_again(
    api_client, stored_articles, django_assert_num_queries
):
    article = stored_articles[0]
    Article.objects.filter(pk=article.pk).update(title="Changed behind", updated_at=timezone.now())

    built = api_client.get(detail_url(article.slug))
    assert built.json()["title"] == "Changed behind"

    call_command("render_articles", verbosity=0)
    with django_assert_num_queries(1):
        stored = api_client.get(detail_url(article.slug))
    assert stored.content == built.content


def test_representations_built_by_another_release_are_not_served(
    api_client, stored_articles, django_assert_num_queries, capsys
):
    # What another version of the serializers or of MEDIA_URL built: not the running shape.
    StoredRepresentation.objects.update(
        built_with="0" * 16, detail='{"old": "shape"}', summary='{"old": "shape"}'
    )
    article = stored_articles[0]

    assert "old" not in api_client.get(detail_url(article.slug)).json()
    assert "old" not in api_client.get(LIST_URL).json()["results"][0]

    call_command("render_articles")
    assert f"{len(stored_articles)} articles built" in capsys.readouterr().out
    with django_assert_num_queries(1):
        assert api_client.get(detail_url(article.slug)).json()["id"] == article.pk


def test_render_articles_builds_what_is_missing_or_all(stored_articles, capsys):
    StoredRepresentation.objects.filter(pk__in=[a.pk for a in stored_articles[:3]]).delete()

    call_command("render_articles")
    assert "render_articles: 3 articles built" in capsys.readouterr().out
    call_command("render_articles")
    assert "render_articles: 0 articles built" in capsys.readouterr().out
    call_command("render_articles", "--all")
    assert f"{len(stored_articles)} articles built" in capsys.readouterr().out


def test_deleting_an_article_deletes_its_representation(stored_articles, commits):
    article = stored_articles[0]
    commits(lambda: Article.objects.get(pk=article.pk).delete())
    assert not StoredRepresentation.objects.filter(pk=article.pk).exists()


def test_drafts_are_served_to_editors_only(api_client, editor_api, commits):
    draft = commits(lambda: article_create(captions=2, status=ArticleStatus.DRAFT))

    assert api_client.get(detail_url(draft.slug)).status_code == 404
    assert draft.slug not in api_client.get(LIST_URL).content.decode()
    mine = editor_api.get(detail_url(draft.slug))
    assert mine.status_code == 200 and mine.json()["status"] == "draft"
    assert mine["Cache-Control"] == "private, no-cache"
    assert any(item["slug"] == draft.slug for item in editor_api.get(LIST_URL).json()["results"])


def test_a_caption_added_later_by_the_same_transaction_is_in_the_representation(
    api_client, commits
):
    # The loader saves the article, then bulk-inserts its captions: built at the commit, the
    # representation has them all.
    article = commits(lambda: article_create(captions=4))
    assert len(api_client.get(detail_url(article.slug)).json()["captions"]) == 4
    assert Caption.objects.filter(article=article).count() == 4


def test_fields_and_expand_are_answered_by_the_serializers(api_client, stored_articles):
    article = stored_articles[0]
    sparse = api_client.get(detail_url(article.slug), {"fields": "id,title"}).json()
    assert sparse == {"id": article.pk, "title": article.title}
    expanded = api_client.get(LIST_URL, {"expand": "body", "page_size": 2}).json()["results"]
    assert all("body" in item for item in expanded)


def test_the_renderer_indents_rendered_json_on_request():
    renderer = JSONRenderer()
    one = RenderedJSON(b'{"a":[1,2]}')
    page = {"count": 2, "results": RenderedItems(['{"a":1}', '{"b":"\\u00e9"}'])}

    assert renderer.render(one) == b'{"a":[1,2]}'
    assert renderer.render(page) == b'{"count":2,"results":[{"a":1},{"b":"\\u00e9"}]}'
    indented = renderer.render(page, "application/json; indent=2")
    assert json.loads(indented) == {"count": 2, "results": [{"a": 1}, {"b": "é"}]}
    assert b'\n  "count": 2' in indented
    indented_one = renderer.render(one, "application/json; indent=2")
    assert indented_one == b'{\n  "a": [\n    1,\n    2\n  ]\n}'


def test_an_edit_in_the_admin_is_served_from_the_store(
    staff_client, api_client, commits, django_assert_num_queries
):
    from tests.admin.test_article_admin import _inline_post_data, change_url

    article = commits(lambda: article_create(captions=2))
    data = _inline_post_data(article)
    data["title"] = "Corrected in the admin"
    data["captions-1-credit"] = "EFE/Ana Gil"

    response = commits(lambda: staff_client.post(change_url(article), data))

    assert response.status_code == 302
    with django_assert_num_queries(1):
        body = api_client.get(detail_url(article.slug)).json()
    assert body["title"] == "Corrected in the admin"
    assert body["captions"][1]["credit"] == "EFE/Ana Gil"


@pytest.mark.parametrize(("hours", "public"), [(-1, True), (1, False)])
def test_a_scheduled_article_is_served_once_its_time_has_come(api_client, commits, hours, public):
    from datetime import timedelta

    at = timezone.now() + timedelta(hours=hours)
    article = commits(lambda: article_create(status=ArticleStatus.SCHEDULED, published_at=at))

    detail = api_client.get(detail_url(article.slug))
    assert detail.status_code == (200 if public else 404)
    listed = [item["slug"] for item in api_client.get(LIST_URL).json()["results"]]
    assert (article.slug in listed) is public
    assert_same_answer(api_client.get(LIST_URL), served_without_store(api_client, LIST_URL))


def test_a_write_changing_more_articles_than_the_limit_leaves_the_rest_to_render_articles(
    api_client, editor_api, commits, settings, caplog
):
    outlet = commits(publication_create)
    articles = [commits(lambda: article_create(publication=outlet)) for _ in range(3)]
    settings.API_STORED_REBUILD_LIMIT = 2

    with caplog.at_level("WARNING", logger="newsapi.reading.stored"):
        commits(lambda: _rename_publication(articles[0], editor_api))

    assert "3 articles changed at once: 2 representations rebuilt, 1 left" in caplog.text
    fresh = [
        StoredRepresentation.objects.get(pk=a.pk).built_from
        == Article.objects.get(pk=a.pk).updated_at
        for a in articles
    ]
    assert sorted(fresh) == [False, True, True]
    for article in articles:  # all of them served renamed, one built for the request
        assert api_client.get(detail_url(article.slug)).json()["publication"]["name"] == "Renamed"
    call_command("render_articles", verbosity=0)
    assert (
        StoredRepresentation.objects.filter(
            built_from=F("article__updated_at"), pk__in=[a.pk for a in articles]
        ).count()
        == 3
    )


def _ids_queries(client, url: str) -> tuple[object, int]:
    """The answer to ``url`` and how many of its queries read the list's ids."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    ids = 'SELECT "articles_article"."id" AS "pk" FROM'
    return response, len([query for query in queries if query["sql"].startswith(ids)])


def test_the_pages_of_a_list_read_close_together_share_one_reading_of_its_ids(
    client, list_reuse, stored_articles
):
    pages = (4, 1, 3, 2, 5)
    answers, reads = {}, []
    for number in pages:
        response, ids_read = _ids_queries(client, f"{LIST_URL}?page_size=3&page={number}")
        answers[number] = response
        reads.append(ids_read)
    # Page 4 reads the first 12 ids, which serve pages 1 to 3; page 5 reads up to 24.
    assert reads == [1, 0, 0, 0, 1]
    for number, response in answers.items():
        with override_settings(API_STORED_REPRESENTATIONS=False, API_LIST_REUSE_SECONDS=0):
            built = client.get(f"{LIST_URL}?page_size=3&page={number}")
        assert response.content == built.content


def test_a_client_reading_page_after_page_makes_the_ids_be_read_a_few_times(
    client, list_reuse, stored_articles
):
    count = len(stored_articles)
    reads = 0
    for number in range(1, count + 1):
        response, ids_read = _ids_queries(client, f"{LIST_URL}?page_size=1&page={number}")
        assert response.json()["results"][0]["slug"]
        reads += ids_read
    assert reads <= count.bit_length() + 1  # 1, 2, 4, 8… ids, not one reading a page


@pytest.mark.django_db(transaction=True)
def test_reused_ids_follow_every_write(client, list_reuse):
    # Writes commit for real here, as in production: the content version changes when they do.
    for day in range(1, 6):
        article_create(published_at=timezone.now() - timezone.timedelta(days=day))
    _ids_queries(client, f"{LIST_URL}?page_size=2&page=2")  # ids 1 to 4 read
    newest = Article.objects.newest_first().first()

    delete_article(newest)
    second, ids_read = _ids_queries(client, f"{LIST_URL}?page_size=2&page=1")

    assert ids_read == 1
    assert newest.slug not in [item["slug"] for item in second.json()["results"]]
    assert second.json()["count"] == 4


def test_ids_are_reused_for_the_configured_seconds_then_read_again(
    client, list_reuse, stored_articles, settings, monkeypatch
):
    from newsapi.http import content_version as caching

    settings.API_LIST_REUSE_SECONDS = 5
    now = [1000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: now[0])
    reads = []
    for seconds_later, query in ((0, "page=2"), (4.9, "page=1"), (5.0, "page=3"), (0, "")):
        now[0] += seconds_later
        reads.append(_ids_queries(client, f"{LIST_URL}?page_size=3&{query}")[1])
    assert reads == [1, 0, 1, 0]


def test_ids_are_read_for_every_page_when_reuse_is_off(
    client, list_reuse, stored_articles, settings
):
    settings.API_LIST_REUSE_SECONDS = 0
    reads = [_ids_queries(client, f"{LIST_URL}?page_size=3&page={n}")[1] for n in (2, 1)]
    assert reads == [1, 1]


def test_editors_lists_read_only_their_page(staff_client, list_reuse, stored_articles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(LIST_URL, {"page_size": 2, "page": 3}).status_code == 200
    ids = [q["sql"] for q in queries if q["sql"].startswith('SELECT "articles_article"."id" AS')]
    assert len(ids) == 1 and "LIMIT 2 OFFSET 4" in ids[0]


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_is_stored_at_once(api_client):
    # Outside a transaction, on_commit() runs its callback at once: the article must be known
    # to the rebuild before that.
    article = article_create(captions=1)

    stored = StoredRepresentation.objects.get(article=article)
    article.refresh_from_db()
    assert stored.built_from == article.updated_at


def test_a_list_with_filters_reuses_its_ids_and_refuses_bad_values_every_time(
    client, list_reuse, stored_articles
):
    url = f"{LIST_URL}?language=en&page_size=2"
    first, ids_read = _ids_queries(client, url + "&page=2")
    second, again = _ids_queries(client, url + "&page=1")
    assert (first.status_code, second.status_code, ids_read, again) == (200, 200, 1, 0)
    assert {item["language"] for item in second.json()["results"]} == {"en"}

    for _ in range(2):
        refused = client.get(f"{LIST_URL}?language=en&published_after=soon&page=2")
        assert refused.status_code == 400
        [invalid] = refused.json()["invalid_params"]
        assert invalid["name"] == "published_after"
