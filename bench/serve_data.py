"""Build the serving benchmark's database: N synthetic published articles made from the corpus, each
with 0 to 6 captions and their images, written with bulk inserts.

DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=... \\ .venv/bin/python
bench/serve_data.py 10000

Article ``i`` takes the corpus page ``i % len(corpus)``: its headline with a number, its paragraphs
in an order of its own, a date in the last two years, and ``i % 7`` captions drawn from the corpus's
captions, so that bodies, list items and search hits differ from article to article; then their
stored representations (``newsapi.reading.stored``), as ``manage.py render_articles`` would. Run by
``bench/serve.py``; it expects a migrated, empty database."""

from __future__ import annotations

import datetime
import random
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "tests" / "fixtures" / "corpus"
MAX_CAPTIONS = 6
BATCH = 1000


def corpus_articles():
    from articles.parsing import SeedParseError, parse_seed

    parsed = []
    for path in sorted(CORPUS.glob("*.txt")):
        try:
            parsed.append(parse_seed(path.read_bytes(), source=path.name))
        except SeedParseError:
            continue  # the corpus holds bad pages on purpose
    return [article for article in parsed if article.paragraphs]


def build(count: int) -> dict[str, int]:
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.models import Article, ArticleStatus, Caption, Image, Publication
    from newsapi.models import StoredRepresentation

    sources = corpus_articles()
    captions_pool = [caption for source in sources for caption in source.captions]
    names = sorted({source.publication_name for source in sources if source.publication_name})
    now = timezone.now()
    with transaction.atomic():
        publications = Publication.objects.bulk_create(
            [Publication(name=name, slug=slugify(name)[:200], tagline="") for name in names]
        )
        by_name = {publication.name: publication for publication in publications}
        for start in range(0, count, BATCH):
            numbers = range(start, min(start + BATCH, count))
            articles = []
            for number in numbers:
                source = sources[number % len(sources)]
                rng = random.Random(number)
                paragraphs = list(source.paragraphs)
                rng.shuffle(paragraphs)
                title = f"{source.headline} ({number + 1})"
                articles.append(
                    Article(
                        publication=by_name.get(source.publication_name),
                        slug=f"{slugify(source.headline)[:180].strip('-')}-{number + 1}",
                        status=ArticleStatus.PUBLISHED,
                        title=title,
                        byline=source.byline or "",
                        published_at=now - datetime.timedelta(minutes=rng.randrange(1_051_200)),
                        language=source.language,
                        attribution=source.attribution or "",
                        body="\n\n".join(paragraphs),
                    )
                )
            articles = Article.objects.bulk_create(articles)
            images, captions = [], []
            for article, number in zip(articles, numbers, strict=True):
                rng = random.Random(-number)
                paragraph_count = article.body.count("\n\n") + 1
                for order in range(number % (MAX_CAPTIONS + 1)):
                    parsed = captions_pool[(number + order) % len(captions_pool)]
                    images.append(
                        Image(
                            credit=parsed.credit or "",
                            photographer=parsed.photographer or "",
                            agencies=list(parsed.agencies),
                        )
                    )
                    captions.append(
                        Caption(
                            article=article,
                            text=parsed.text,
                            position=rng.randrange(paragraph_count + 1),
                            order=order,
                        )
                    )
            images = Image.objects.bulk_create(images)
            for caption, image in zip(captions, images, strict=True):
                caption.image = image
            Caption.objects.bulk_create(captions)
    # Bulk inserts send no signals: the stored representations are built as
    # ``manage.py render_articles`` builds them.
    from newsapi.reading.stored import representations_rebuild

    representations_rebuild(Article.objects.values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "articles": Article.objects.count(),
        "captions": Caption.objects.count(),
        "stored representations": StoredRepresentation.objects.count(),
        "publications": Publication.objects.count(),
    }


def main() -> None:
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    counts = build(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    print(" ".join(f"{value} {name}" for name, value in counts.items()))


if __name__ == "__main__":
    main()
