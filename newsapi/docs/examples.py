"""The schema's examples, made from the seed article by the code that answers: the seed file is
parsed as the loader parses it, its objects made in memory (never saved), and each example is
what the serializers, the ninjs and JSON-LD builders and the error handler give for them. No
example is typed by hand, so none can drift from the answers."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.text import slugify

from articles.models import Article, ArticleStatus, Caption, Image, Publication
from articles.parsing import parse_seed
from newsapi.reading.stored import StandInRequest

BASE = "http://127.0.0.1:8000"
# The time the examples show for the store's timestamps (the seed page has no date).
MOMENT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _prefetched(instance, **related) -> None:
    """Give an unsaved instance its related objects, as ``prefetch_related`` would."""
    instance._prefetched_objects_cache = dict(related)


@cache
def seed_article() -> Article:
    """The seed article as the loader stores it, with ids from 1, in memory only."""
    path = sorted(settings.SEED_DIR.glob("*.txt"))[0]
    parsed = parse_seed(path.read_bytes(), source=path.name)
    publication = Publication(
        pk=1,
        name=parsed.publication_name or "",
        slug=slugify(parsed.publication_name or ""),
        tagline=parsed.publication_tagline or "",
    )
    publication.article_count = 1
    article = Article(
        pk=1,
        slug=slugify(parsed.headline)[:200].strip("-"),
        title=parsed.headline,
        publication=publication if parsed.publication_name else None,
        byline=parsed.byline or "",
        published_at=parsed.published_at,
        language=parsed.language,
        attribution=parsed.attribution or "",
        status=ArticleStatus.PUBLISHED,
        created_at=MOMENT,
        updated_at=MOMENT,
    )
    article.paragraphs = parsed.paragraphs
    captions = []
    for number, found in enumerate(parsed.captions, start=1):
        image = Image(
            pk=number,
            credit=found.credit or "",
            photographer=found.photographer or "",
            agencies=list(found.agencies),
            created_at=MOMENT,
            updated_at=MOMENT,
        )
        caption = Caption(
            pk=number,
            article=article,
            image=image,
            text=found.text,
            position=found.after_paragraph,
            order=number - 1,
        )
        _prefetched(image, renditions=[], captions=[caption])
        captions.append(caption)
    _prefetched(article, captions=captions, previous_slugs=[])
    return article


def seed_object(model) -> Any:
    """The seed object of ``model``: the article, its first caption, that caption's image, or
    the article's publication."""
    article = seed_article()
    caption = article.captions.all()[0]
    return {Article: article, Caption: caption, Image: caption.image}.get(
        model, article.publication
    )


def representation(serializer_class, model) -> dict[str, Any]:
    """What ``serializer_class`` (ours, ninjs or JSON-LD) answers for the seed object of
    ``model``."""
    request = StandInRequest(BASE)
    return serializer_class(seed_object(model), context={"request": request}).data


def response_example(serializer) -> dict[str, Any] | None:
    """The example of a response serializer of ours (its model's seed object), or None."""
    serializer_class = serializer if isinstance(serializer, type) else type(serializer)
    model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    if model not in (Article, Caption, Image, Publication):
        return None
    return representation(serializer_class, model)


def write_example(model, *, partial: bool = False) -> dict[str, Any]:
    """A request body that writes the seed object (its changed fields only for a ``PATCH``)."""
    article = seed_article()
    caption = article.captions.all()[0]
    if model is Article:
        whole = {
            "title": article.title,
            "publication": article.publication.slug if article.publication else None,
            "byline": article.byline or None,
            "language": article.language,
            "attribution": article.attribution or None,
            "body": article.paragraphs[:2],
            "captions": [{"text": caption.text, "position": 0, "credit": caption.image.credit}],
        }
        return {"status": "published"} if partial else whole
    if model is Caption:
        credit = {"credit": caption.image.credit}
        return credit if partial else {"article": article.slug, "text": caption.text, **credit}
    if model is Image:
        return {"alt_text": caption.text} if partial else {"credit": caption.image.credit}
    publication = article.publication
    if partial:
        return {"tagline": publication.tagline}
    # Another outlet of the same house: the seed's name is taken.
    return {"name": f"{publication.name} Weekly", "tagline": publication.tagline}


def filter_examples() -> dict[str, Any]:
    """An example of each query parameter, from the seed article where it names something."""
    article = seed_article()
    image = article.captions.all()[0].image
    first_word = next(word for word in article.title.split() if len(word) > 5)
    return {
        "search": first_word,
        "publication": article.publication.slug if article.publication else "",
        "language": article.language,
        "published_after": "2024-06-01",
        "published_before": "2024-06-30T18:00:00Z",
        "updated_since": MOMENT.isoformat().replace("+00:00", "Z"),
        "since": MOMENT.isoformat().replace("+00:00", "Z"),
        "has_image": "true",
        "agency": image.agencies[0] if image.agencies else "EFE",
        "photographer": image.photographer,
        "credit": image.credit,
        "byline": article.byline or "Ana",
        "missing": "alt_text",
        "article": article.slug,
        "ordering": "-published",
        "slug": article.slug,
        "id": 1,
    }
