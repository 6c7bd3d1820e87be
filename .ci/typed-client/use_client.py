"""What a Python client of newsapi writes with the client that openapi-python-client generates
from ``/api/schema/``: list, search, read an article with its body and captions, read it as
ninjs, and correct a caption's credit as an editor. ``mypy --strict`` checks it against the
generated package, then it runs against a live server (``check``, from ``.ci/run``).

    python use_client.py http://127.0.0.1:8123 EDITOR PASSWORD
"""

from __future__ import annotations

import base64
import sys

from newsapi_client import AuthenticatedClient, Client
from newsapi_client.api.api import (
    api_v1_articles_list,
    api_v1_articles_retrieve,
    api_v1_auth_token_create,
    api_v1_captions_partial_update,
)
from newsapi_client.models import (
    ArticleDetail,
    CaptionWithArticle,
    ImageBlock,
    NinjsItem,
    PaginatedArticleListList,
    ParagraphBlock,
    PatchedCaptionWithArticleWriteRequest,
    Token,
)


def read(public: Client) -> ArticleDetail:
    """List, search, and read the newest article whole; public reads need no credentials."""
    page = api_v1_articles_list.sync(client=public, page_size=5)
    assert isinstance(page, PaginatedArticleListList), page
    titles: list[str] = [item.title for item in page.results]
    print(f"{page.count} articles; the newest: {titles[0]}")

    found = api_v1_articles_list.sync(client=public, search="Pyongyang")
    assert isinstance(found, PaginatedArticleListList), found
    snippets = [item.snippet for item in found.results]
    print(f"search: {found.count} found: {snippets}")

    article = api_v1_articles_retrieve.sync(page.results[0].slug, client=public)
    assert isinstance(article, ArticleDetail), article
    paragraphs = [block.text for block in article.body if isinstance(block, ParagraphBlock)]
    credits: list[str | None] = [
        block.caption.credit for block in article.body if isinstance(block, ImageBlock)
    ]
    publication: str = article.publication.name if article.publication else "no outlet"
    print(f"{article.title} ({publication}): {len(paragraphs)} paragraphs, credits {credits}")
    assert [caption.id for caption in article.captions] == [
        block.caption.id for block in article.body if isinstance(block, ImageBlock)
    ]
    return article


def read_ninjs(public: Client, slug: str) -> NinjsItem:
    """The article as IPTC ninjs: its own media type and schema, read into its own model."""
    answer = public.get_httpx_client().get(f"/api/v1/articles/{slug}/", params={"format": "ninjs"})
    assert answer.headers["content-type"] == "application/ninjs+json", answer.headers
    item = NinjsItem.from_dict(answer.json())
    headlines: list[str] = [h.value for h in item.headlines or [] if isinstance(h.value, str)]
    print(f"ninjs {item.uri}: {headlines}")
    return item


def write(base_url: str, username: str, password: str, article: ArticleDetail) -> None:
    """Get a token with the editor's password, then correct the first caption's credit."""
    basic = base64.b64encode(f"{username}:{password}".encode()).decode()
    login = AuthenticatedClient(base_url=base_url, token=basic, prefix="Basic")
    token = api_v1_auth_token_create.sync(client=login)
    assert isinstance(token, Token), token
    editor = AuthenticatedClient(base_url=base_url, token=token.token, prefix="Token")
    caption = article.captions[0]
    changed = api_v1_captions_partial_update.sync(
        caption.id,
        client=editor,
        body=PatchedCaptionWithArticleWriteRequest(credit="EFE/EPA/Kev Hui Yeung"),
    )
    assert isinstance(changed, CaptionWithArticle), changed
    print(f"caption {changed.id}: credit {changed.credit}, agencies {changed.image.agencies}")


def main(base_url: str, username: str, password: str) -> None:
    public = Client(base_url=base_url)
    article = read(public)
    read_ninjs(public, article.slug)
    write(base_url, username, password, article)


if __name__ == "__main__":
    main(*sys.argv[1:4])
