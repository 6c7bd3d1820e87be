"""Varnish in front of gunicorn, as deployed (``deploy/varnish/default.vcl``), on PostgreSQL and
Redis: public reads are answered by Varnish, every write (through the API or the admin) is in
the next answer through it within a second, nothing signed in is kept, conditional requests are
answered by Varnish, and with the application down the answers it has are still served.
Skipped, with the reason, where ``varnishd`` (Debian: ``varnish varnish-modules``) is missing."""

from __future__ import annotations

import base64
import json
import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import EDITOR
from tests.e2e.stack import Answer, Client, Gunicorn, Varnish, free_port, wait_for

VISIBLE_WITHIN = 1.0  # seconds from a write's answer to the next fresh answer through Varnish
BASIC = "Basic " + base64.b64encode(f"{EDITOR[0]}:{EDITOR[1]}".encode()).decode()


def _varnish_installed() -> bool:
    """varnishd, and the xkey module default.vcl imports (Debian's varnish-modules)."""
    daemon = shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists()
    return bool(daemon and list(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")))


pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not _varnish_installed(),
        reason="varnishd or its xkey module is not installed "
        "(Debian: apt-get install varnish varnish-modules)",
    ),
]


class Edge:
    """gunicorn behind Varnish, gunicorn purging that Varnish."""

    def __init__(self, stack, **env: str) -> None:
        varnish_port, app_port = free_port(), free_port()
        self.gunicorn = Gunicorn(
            stack.env(EDGE_VARNISH_URLS=f"http://127.0.0.1:{varnish_port}", **env), port=app_port
        )
        self.varnish = Varnish([app_port], port=varnish_port)

    def __enter__(self) -> Edge:
        self.gunicorn.start()
        try:
            self.varnish.start()
            # Healthy once the probe has seen /readyz answer.
            wait_for(
                lambda: self.reader().get("/api/v1/articles/?page_size=1").status == 200,
                timeout=15,
                what="Varnish to find the application healthy",
            )
        except BaseException:
            self.gunicorn.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.varnish.stop()
        self.gunicorn.stop()

    def reader(self) -> Client:
        return Client(self.varnish.base_url)


@pytest.fixture(scope="module")
def edge(production_stack):
    with Edge(production_stack) as running:
        yield running


def _an_article(reader: Client) -> dict:
    answer = reader.get("/api/v1/articles/?page_size=1&ordering=title")
    assert answer.status == 200, answer.text
    return answer.json()["results"][0]


def _cached(reader: Client, path: str) -> Answer:
    reader.get(path)
    answer = reader.get(path)
    assert answer.headers["X-Edge-Cache"] == "hit", answer.headers
    return answer


def _retitle(edge, detail: str, title: str) -> None:
    """An editor's PATCH of the article's title, sent to the application server, not the edge."""
    written = Client(edge.gunicorn.base_url).request(
        "PATCH",
        detail,
        body=json.dumps({"title": title}).encode(),
        headers={"Authorization": BASIC, "Content-Type": "application/json"},
    )
    assert written.status == 200, written.text


def _until_fresh(reader: Client, path: str, check) -> float:
    """Seconds until an answer through Varnish passes ``check`` (at most 5)."""
    started = time.monotonic()
    while time.monotonic() - started < 5:
        answer = reader.get(path)
        if answer.status == 200 and check(answer.json()):
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"{path} was still stale after 5 s")


def test_varnish_answers_a_miss_then_a_hit(edge):
    reader = edge.reader()
    path = f"/api/v1/articles/{_an_article(reader)['slug']}/?fields=id,title"

    first = reader.get(path)
    second = reader.get(path)

    assert first.status == second.status == 200
    assert first.headers["X-Edge-Cache"] == "miss"
    assert second.headers["X-Edge-Cache"] == "hit"
    assert second.body == first.body
    assert "s-maxage=" in second.headers["Cache-Control"]
    assert "xkey" not in second.headers  # the keys stay at the edge


def test_varnish_shows_a_write_through_the_api_within_a_second(edge):
    reader = edge.reader()
    article = _an_article(reader)
    detail, listed = f"/api/v1/articles/{article['slug']}/", "/api/v1/articles/?ordering=title"
    _cached(reader, detail)
    _cached(reader, listed)
    title = f"{article['title']} (corrected through the API)"

    _retitle(edge, detail, title)

    assert _until_fresh(reader, detail, lambda body: body["title"] == title) < VISIBLE_WITHIN
    assert (
        _until_fresh(reader, listed, lambda body: title in [a["title"] for a in body["results"]])
        < VISIBLE_WITHIN
    )


def test_varnish_shows_a_write_through_the_admin_within_a_second(edge):
    reader = edge.reader()
    article = _an_article(reader)
    detail = f"/api/v1/articles/{article['slug']}/"
    _cached(reader, detail)
    title = f"{article['title']} (corrected in the admin)"

    # The editor goes through Varnish too: signed in, every request passes it.
    editor = Client(edge.varnish.base_url)
    editor.admin_login(*EDITOR)
    change = f"/admin/articles/article/{article['id']}/change/"
    fields = [(name, title if name == "title" else value) for name, value in editor.form(change)]
    saved = editor.post_form(change, [*fields, ("_save", "Save")])
    assert saved.status == 302, saved.text[:2000]

    assert _until_fresh(reader, detail, lambda body: body["title"] == title) < VISIBLE_WITHIN


def test_varnish_keeps_nothing_signed_in(edge):
    reader = edge.reader()
    article = _an_article(reader)
    path = f"/api/v1/articles/{article['slug']}/"
    _cached(reader, path)
    editor = Client(edge.varnish.base_url)

    for _ in range(2):
        signed_in = editor.get(path, Authorization=BASIC)
        assert signed_in.status == 200
        assert signed_in.headers["X-Edge-Cache"] == "pass"
        assert signed_in.headers["Cache-Control"] == "private, no-cache"

    # A draft the editor reads through Varnish stays unknown to the public there.
    draft = editor.request(
        "POST",
        "/api/v1/articles/",
        body=json.dumps({"title": "A draft of the edge test", "body": ["Text."]}).encode(),
        headers={"Authorization": BASIC, "Content-Type": "application/json"},
    )
    assert draft.status == 201, draft.text
    draft_path = f"/api/v1/articles/{draft.json()['slug']}/"
    assert editor.get(draft_path, Authorization=BASIC).status == 200
    assert reader.get(draft_path).status == 404
    assert editor.get(draft_path, Cookie="sessionid=whatever").headers["X-Edge-Cache"] == "pass"


def test_varnish_answers_304_itself(edge):
    reader = edge.reader()
    path = f"/api/v1/articles/{_an_article(reader)['slug']}/"
    etag = _cached(reader, path).headers["ETag"]

    answer = reader.get(path, If_None_Match=etag)

    assert answer.status == 304
    assert answer.body == b""
    assert answer.headers["X-Edge-Cache"] == "hit"


def test_varnish_serves_what_it_has_while_the_application_is_down(production_stack):
    # Answers expire after a second: only stale-if-error can serve them once it is down.
    with Edge(production_stack, API_EDGE_MAX_AGE="1") as running:
        reader = running.reader()
        path = f"/api/v1/articles/{_an_article(reader)['slug']}/"
        before = _cached(reader, path)

        running.gunicorn.stop()
        wait_for(
            lambda: reader.get("/api/v1/articles/?page_size=3").status == 503,
            timeout=10,
            what="Varnish to see the application down",
        )
        time.sleep(1.5)  # past s-maxage
        during = reader.get(path)

        assert during.status == 200
        assert during.body == before.body
        assert int(during.headers["Age"]) >= 2


def test_varnish_fetches_an_expired_answer_again_once_past_its_stale_while_revalidate(
    production_stack,
):
    # Expired after a second, served stale for none: the application is up, so the next
    # request past s-maxage waits for a fresh answer rather than getting the old one.
    with Edge(
        production_stack, API_EDGE_MAX_AGE="1", API_EDGE_STALE_WHILE_REVALIDATE="0"
    ) as running:
        reader = running.reader()
        path = f"/api/v1/articles/{_an_article(reader)['slug']}/"
        _cached(reader, path)
        time.sleep(1.5)  # past s-maxage

        after = reader.get(path)

        assert after.status == 200
        assert after.headers["X-Edge-Cache"] == "miss"
        assert int(after.headers["Age"]) == 0


def test_varnish_serves_an_expired_answer_within_its_stale_while_revalidate(production_stack):
    with Edge(
        production_stack, API_EDGE_MAX_AGE="1", API_EDGE_STALE_WHILE_REVALIDATE="60"
    ) as running:
        reader = running.reader()
        path = f"/api/v1/articles/{_an_article(reader)['slug']}/"
        before = _cached(reader, path)
        time.sleep(1.5)  # past s-maxage

        stale = reader.get(path)

        assert stale.headers["X-Edge-Cache"] == "hit"
        assert stale.body == before.body
        assert int(stale.headers["Age"]) >= 1
        # Fetched again meanwhile: a fresh answer follows.
        wait_for(
            lambda: int(reader.get(path).headers["Age"]) < 1,
            timeout=5,
            what="the answer fetched again in the background",
        )


def test_varnish_told_to_ban_shows_a_write_within_a_second(production_stack):
    with Edge(production_stack, EDGE_VARNISH_METHOD="ban") as running:
        reader = running.reader()
        article = _an_article(reader)
        detail = f"/api/v1/articles/{article['slug']}/"
        _cached(reader, detail)
        title = f"{article['title']} (corrected, banned at the edge)"

        _retitle(running, detail, title)

        assert _until_fresh(reader, detail, lambda body: body["title"] == title) < VISIBLE_WITHIN


def test_varnish_bans_only_the_objects_named_and_refuses_other_expressions(edge):
    reader = edge.reader()
    first, second = reader.get("/api/v1/articles/?page_size=2&ordering=title").json()["results"]
    named, other = (f"/api/v1/articles/{a['slug']}/" for a in (first, second))
    _cached(reader, named)
    _cached(reader, other)

    refused = reader.request("BAN", "/", headers={"xkey-ban": 'article-1" || obj.status ~ "'})
    banned = reader.request("BAN", "/", headers={"xkey-ban": f"caption-0 article-{first['id']}"})

    assert refused.status == 400
    assert banned.status == 200
    assert reader.get(named).headers["X-Edge-Cache"] == "miss"
    assert reader.get(other).headers["X-Edge-Cache"] == "hit"
