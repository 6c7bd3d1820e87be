"""Indexes for the seed loader's lookups by source file name and content hash."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_history"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["source_name", "source_hash"], name="article_source"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["source_hash"], name="article_source_hash"),
        ),
    ]
