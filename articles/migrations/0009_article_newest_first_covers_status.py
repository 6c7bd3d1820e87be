"""The index of the API's order holds each article's status too, on PostgreSQL.

The public reads what is published and due (``status`` and ``published_at``): with the status in
the index, a page of the list and the count of the list are read from the index alone
(an index-only scan), however many articles come before the page; without it, PostgreSQL read
every row before the page, or sorted the whole table instead. SQLite has no such indexes
(``INCLUDE``), nor ``NULLS LAST`` in one (see 0007), and the model's state is unchanged.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS article_newest_first",
    "CREATE INDEX article_newest_first ON articles_article "
    "(published_at DESC NULLS LAST, id DESC) INCLUDE (status)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_newest_first",
    "CREATE INDEX article_newest_first ON articles_article (published_at DESC NULLS LAST, id DESC)",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_import_run_files"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
