"""Small builders of model objects for tests, with defaults that can be overridden."""

from __future__ import annotations

import itertools

from articles.models import Article, Caption, Image, Publication

_numbers = itertools.count(1)


def publication_create(**fields) -> Publication:
    number = next(_numbers)
    defaults = {"name": f"Outlet {number}", "slug": f"outlet-{number}", "tagline": "News"}
    return Publication.objects.create(**{**defaults, **fields})


def article_create(*, captions: int = 0, **fields) -> Article:
    number = next(_numbers)
    defaults = {
        "slug": f"article-{number}",
        "title": f"Article number {number}",
        "body": "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.",
        "language": "en",
    }
    article = Article.objects.create(**{**defaults, **fields})
    for order in range(captions):
        image = Image.objects.create(
            credit=f"AP Photo/Photographer {order}",
            photographer=f"Photographer {order}",
            agencies=["AP"],
        )
        Caption.objects.create(
            article=article, image=image, text=f"Caption {order}.", position=order, order=order
        )
    return article
