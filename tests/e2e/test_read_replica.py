"""A real PostgreSQL streaming replica (``pg_basebackup -R`` of the local cluster, on another
port): the public reads from it, writes go to the primary, and an editor reads their own writes
from the primary at once. Replay on the replica is paused to tell the two apart."""

from __future__ import annotations

import pytest

from tests.e2e import stack
from tests.e2e.conftest import EDITOR
from tests.e2e.stack import Client, Gunicorn, wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def replica(production_stack):
    try:
        with stack.postgres_replica() as replica:
            yield replica
    except stack.StackUnavailable as error:
        pytest.skip(f"no streaming replica here: {error}")


def _title_on(connection, slug: str) -> str:
    return connection.execute(
        "SELECT title FROM articles_article WHERE slug = %s", [slug]
    ).fetchone()[0]


def test_reads_come_from_the_replica_and_an_editor_reads_their_own_writes(
    production_stack, replica
):
    name = production_stack.database_name
    env = production_stack.env(
        DATABASE_REPLICA_URL=replica.url(name),
        # The router alone decides here: no reused list hides which database answered.
        API_LIST_REUSE_SECONDS="0",
    )
    with Gunicorn(env, workers=1) as server:
        public = Client(server.base_url)
        readiness = public.get("/readyz").json()
        assert readiness["checks"] == {"database": "ok", "database_replica": "ok", "cache": "ok"}
        article = public.get("/api/v1/articles/?page_size=1").json()["results"][0]
        path = f"/api/v1/articles/{article['slug']}/"
        editor = Client(server.base_url)
        editor.admin_login(*EDITOR)
        with replica.connect(name) as on_replica:
            wait_for(
                lambda: _title_on(on_replica, article["slug"]) == article["title"],
                timeout=10,
                what="the replica to catch up",
            )

        replica.pause_replay()
        try:
            new_title = f"{article['title']} (updated on the primary)"
            change = f"/admin/articles/article/{article['id']}/change/"
            fields = [
                (field, new_title if field == "title" else value)
                for field, value in editor.form(change, "article_form")
            ]
            saved = editor.post_form(change, [*fields, ("_save", "Save")])
            assert saved.status == 302, saved.text[:2000]
            assert "primary_pin" in editor.cookies

            # The public reads the replica, which has not replayed the change yet ...
            assert public.get(path).json()["title"] == article["title"]
            # ... the editor who wrote it reads the primary.
            assert editor.get(path).json()["title"] == new_title
            assert new_title in editor.get(change).text
        finally:
            replica.resume_replay()

        with replica.connect(name) as on_replica:
            wait_for(
                lambda: _title_on(on_replica, article["slug"]) == new_title,
                timeout=10,
                what="the change to reach the replica",
            )
        assert public.get(path).json()["title"] == new_title
