"""Each article's search document is kept in its row, on PostgreSQL.

A search reads the document of every article it matches: to check it in the article's own
language and to rank it. Stored the default way, a document of more than about 2 kB (most of
them: a few hundred words with their positions) went to the table's TOAST storage, where reading
it back cost an index lookup and a copy, about 6 µs an article, which was most of the time of a
search with a thousand matches. ``STORAGE MAIN`` keeps it in the row unless the row cannot fit
a page; the body, read only for the 20 snippets of a page, goes to TOAST storage first instead.
Documents stored already are rewritten in place (``|| ''`` makes a new value, which is stored
the new way); the vacuum afterwards lets index-only scans skip the rows again. SQLite has no
search document.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE articles_article ALTER COLUMN search_document SET STORAGE MAIN",
    "UPDATE articles_article SET search_document = search_document || ''::tsvector "
    "WHERE search_document IS NOT NULL",
]
BACKWARD = [
    "ALTER TABLE articles_article ALTER COLUMN search_document SET STORAGE EXTENDED",
]


def _run_on_postgresql(statements, *, vacuum: bool = False):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            if vacuum and not schema_editor.connection.in_atomic_block:
                cursor.execute("VACUUM ANALYZE articles_article")

    return run


class Migration(migrations.Migration):
    # VACUUM cannot run in a transaction: the statements run one by one, each committed.
    atomic = False

    dependencies = [
        ("articles", "0009_article_newest_first_covers_status"),
    ]

    operations = [
        migrations.RunPython(
            _run_on_postgresql(FORWARD, vacuum=True), _run_on_postgresql(BACKWARD)
        ),
    ]
