"""The index of the API's order, ``published_at DESC NULLS LAST, id DESC``, exactly.

The index it replaces was ``published_at DESC, id DESC``, which on PostgreSQL puts nulls first:
it could not serve the API's order, and every page of the list sorted the whole table. SQLite
sorts nulls as the smallest values, so its ``DESC`` index already has nulls last, and SQLite
does not accept ``NULLS LAST`` in an index: the database side runs on PostgreSQL only.
"""

from django.db import migrations, models

FORWARD = [
    "DROP INDEX IF EXISTS article_newest_first",
    "CREATE INDEX article_newest_first ON articles_article (published_at DESC NULLS LAST, id DESC)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_newest_first",
    "CREATE INDEX article_newest_first ON articles_article (published_at DESC, id DESC)",
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
        ("articles", "0006_article_search_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="article", name="article_newest_first"),
                migrations.AddIndex(
                    model_name="article",
                    index=models.Index(
                        models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                        models.OrderBy(models.F("id"), descending=True),
                        name="article_newest_first",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
            ],
        ),
    ]
