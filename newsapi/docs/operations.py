"""What each operation is for, in words: the one thing of the schema that cannot be inferred.
Parameters, bodies, responses, errors and examples come from the code (``newsapi.docs.schema``).
"""

from __future__ import annotations

WHO_WRITES = (
    " Editors only: HTTP Basic credentials, a token (`Authorization: Token …`, from "
    "`POST /api/v1/auth/token/`) or the admin's session with its CSRF token (`X-CSRFToken`). "
    "The account needs Django's model permission (add, change or delete). Answers with the "
    "object as a `GET` of it would; refused input is a 400 naming each field, and nothing is "
    "written."
)
FORMATS = " Also as IPTC ninjs 2.2 or schema.org JSON-LD (`format`, or `Accept`)."
UPLOAD = (
    " A file (multipart) is checked from its bytes: JPEG, PNG, WebP or GIF with its format's "
    "extension, at most `IMAGE_MAX_BYTES` and `IMAGE_MAX_PIXELS`; its size is stored and the "
    "renditions (`thumbnail` 320 px, `medium` 1024 px wide) made."
)

# Per view, per action: (summary, description). ``newsapi.docs.schema.documented`` adds to a
# description what holds for every operation of its kind: FORMATS, UPLOAD and WHO_WRITES.
OPERATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "ArticleViewSet": {
        "list": (
            "List articles, newest first",
            "Published articles without their body, newest first (undated ones last), each with "
            "its lead image. Search (`search`), filter, order (`ordering`), choose fields "
            "(`fields`), add the captions or the body (`expand`), page by number (`page`) or by "
            "cursor (`cursor`: pages that never shift, for syncing).",
        ),
        "retrieve": (
            "Get one article",
            "The article with its body as paragraph and image blocks in reading order and all of "
            "its captions with their images and credits. A slug it had before answers `301` with "
            "its URL now in `Location`.",
        ),
        "deleted": (
            "List removed articles (tombstones)",
            "Articles that left public view (deleted, withdrawn or unpublished), oldest first: "
            "with `/api/v1/articles/?updated_since=T&cursor=&ordering=updated`, what a mirror "
            "needs. An article whose `updated_at` is later than its tombstone has come back.",
        ),
        "versions": (
            "List an article's versions (editors)",
            "Every saved version of the article, newest first: when, by whom, what kind of "
            "change, and each field it changed with the value before and after. `401` for an "
            "anonymous client and `403` for other accounts when the article is public; `404` "
            "when it is not.",
        ),
        "create": (
            "Create an article with its captions",
            "A new article, a draft unless `status` says otherwise, its slug made from the title "
            "when not given. `body` is a list of paragraphs; `captions` each show an image by id "
            "or a new one made from `credit`, placed by `position` (paragraphs before it).",
        ),
        "update": (
            "Replace an article",
            "Title and body required, fields left out keep their values; `captions`, when sent, "
            "become the article's captions exactly (with `id`: kept and changed; others deleted; "
            "without: added). Published without a time, it takes the current one.",
        ),
        "partial_update": (
            "Change an article (publish, schedule, withdraw, correct)",
            "Only the fields sent change. `status`: `published`, `scheduled` (with a future "
            "`published_at`), `withdrawn` or `draft`; an article that leaves public view leaves "
            "a tombstone.",
        ),
        "destroy": (
            "Delete an article",
            "The article and its captions (their images stay); one the public could read leaves "
            "a tombstone. Its history is kept.",
        ),
    },
    "ImageViewSet": {
        "list": (
            "List images",
            "Photo assets with their credit, photographer and agencies, newest first.",
        ),
        "retrieve": ("Get one image", "A photo asset with its credit and alt text."),
        "create": (
            "Add an image (upload a file)",
            "Its credit (the photographer and agencies are read from it) and alt text; the file "
            "in a multipart upload, or later.",
        ),
        "update": (
            "Replace an image's credit, alt text or file",
            "Fields left out keep their values.",
        ),
        "partial_update": (
            "Change an image's credit, alt text or file",
            "Only the fields sent change; a new credit shows wherever the image appears.",
        ),
        "destroy": (
            "Delete an image",
            "An image no caption shows; one still shown is a `409` naming the captions.",
        ),
    },
    "CaptionViewSet": {
        "list": ("List captions", "Captions in article order, each with its image."),
        "retrieve": ("Get one caption", "A caption: its text, credit, position and image."),
        "create": (
            "Add a caption to an article",
            "Last unless `order` says where, showing `image` or a new one made from `credit`; "
            "`position` is the number of paragraphs before it.",
        ),
        "update": ("Replace a caption", "A caption stays in its article."),
        "partial_update": (
            "Change a caption (correct its credit, move it)",
            "Only the fields sent change; a `credit` corrects the image's wherever it appears.",
        ),
        "destroy": ("Delete a caption", "The caption leaves its article; the image stays."),
    },
    "PublicationViewSet": {
        "list": ("List publications", "News outlets named at the top of their pages, by name."),
        "retrieve": ("Get one publication", "A news outlet with the number of its articles."),
        "create": ("Add a publication", "Its slug made from the name when not given."),
        "update": ("Replace a publication", "Its articles show the change."),
        "partial_update": ("Change a publication", "Only the fields sent change."),
        "destroy": (
            "Delete a publication",
            "A publication no article names; one still named is a `409`.",
        ),
    },
    "TokenView": {
        "post": (
            "Get your API token (editors)",
            "The token of the account that asks (HTTP Basic credentials, the admin's session or "
            "the token itself), made on first use: send it as `Authorization: Token <token>`. "
            "Wrong passwords count towards the failed-login limit.",
        ),
        "delete": ("Revoke your API token", "The next `POST` makes a new one."),
    },
}
