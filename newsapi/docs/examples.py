"""Example values for the OpenAPI documentation, taken from the seed article."""

ARTICLE_SLUG = (
    "the-united-states-japan-and-south-korea-condemned-the-military-agreement-between-putin-and-"
    "kim-jong-un"
)
PUBLICATION_SLUG = "east-africa-news-post"
BASE = "http://127.0.0.1:8000"

IMAGE = {
    "id": 1,
    "url": None,
    "credit": "EFE/EPA/Kev Hui Yeung",
    "photographer": "Kev Hui Yeung",
    "agencies": ["EFE", "EPA"],
    "alt_text": "",
    "width": None,
    "height": None,
    "renditions": [],
}
CAPTION_FIELDS = {
    "id": 1,
    "text": (
        "From left to right: Japanese Defense Minister Kihara Minoru, US Defense Secretary "
        "Lloyd Austin, and South Korean Defense Minister Shin Won-sik."
    ),
    "credit": "EFE/EPA/Kev Hui Yeung",
    "position": 0,
    "image": IMAGE,
}
CAPTION = {**CAPTION_FIELDS, "article": ARTICLE_SLUG}
PUBLICATION_SUMMARY = {
    "name": "East Africa News Post",
    "slug": PUBLICATION_SLUG,
    "tagline": "Complete News World",
}
PUBLICATION = {
    **PUBLICATION_SUMMARY,
    "url": f"{BASE}/api/v1/publications/{PUBLICATION_SLUG}/",
    "article_count": 1,
}
_ARTICLE_COMMON = {
    "id": 1,
    "slug": ARTICLE_SLUG,
    "url": f"{BASE}/api/v1/articles/{ARTICLE_SLUG}/",
    "title": (
        "The United States, Japan, and South Korea condemned the military agreement between "
        "Putin and Kim Jong Un"
    ),
    "publication": PUBLICATION_SUMMARY,
    "byline": None,
    "published_at": None,
    "language": "en",
    "attribution": "With information from EFE",
    "status": "published",
}
ARTICLE_LIST_ITEM = {
    **_ARTICLE_COMMON,
    "lead_image": CAPTION_FIELDS,
    "caption_count": 4,
    "snippet": None,
    "updated_at": "2026-11-28T12:00:00Z",
}
ARTICLE = {
    **_ARTICLE_COMMON,
    "updated_at": "2026-11-28T12:00:00Z",
    "body": [
        {"type": "image", "caption": CAPTION_FIELDS},
        {
            "type": "paragraph",
            "text": (
                "South Korea, Japan and the United States published a statement on Monday "
                "“condemning in the strongest possible terms” the recent agreement between "
                "North Korea and Russia, which deepens their military cooperation and may "
                "increase arms supplies from Pyongyang to Moscow. Use in Ukraine."
            ),
        },
    ],
    "captions": [CAPTION_FIELDS],
    "created_at": "2026-11-28T12:00:00Z",
    "slug_history": [],
}
PROBLEM_400 = {
    "type": "about:blank",
    "title": "Bad Request",
    "status": 400,
    "detail": "Invalid: pagesize.",
    "invalid_params": [
        {"name": "pagesize", "reason": "Unknown query parameter for this endpoint."}
    ],
}
PROBLEM_404 = {
    "type": "about:blank",
    "title": "Not Found",
    "status": 404,
    "detail": "No Article matches the given query.",
}
SEARCH_LIST_ITEM = {
    "id": 1,
    "title": _ARTICLE_COMMON["title"],
    "snippet": (
        "… deepens their military cooperation and may increase arms supplies from "
        "<mark>Pyongyang</mark> to Moscow. Use in Ukraine. This was stated in the text …"
    ),
}
ARTICLE_URL = _ARTICLE_COMMON["url"]
IMAGE_URL = f"{BASE}/api/v1/images/1/"
NINJS_IMAGE_ASSOCIATION = {
    "uri": IMAGE_URL,
    "name": "image1",
    "type": "picture",
    "representationtype": "partial",
    "versioncreated": "2026-11-28T12:00:00Z",
    "firstcreated": "2026-11-28T12:00:00Z",
    "by": "Kev Hui Yeung",
    "copyrightholder": "EFE, EPA",
    "descriptions": [
        {"role": "caption", "contenttype": "text/plain", "value": CAPTION_FIELDS["text"]},
        {"role": "creditline", "value": "EFE/EPA/Kev Hui Yeung"},
    ],
    "renditions": [
        {
            "name": "original",
            "href": f"{BASE}/media/images/2026/11/ministers.jpg",
            "contenttype": "image/jpeg",
            "width": 2000,
            "height": 1000,
        },
        {
            "name": "thumbnail",
            "href": f"{BASE}/media/renditions/2026/11/ministers-thumbnail.jpg",
            "contenttype": "image/jpeg",
            "width": 320,
            "height": 160,
        },
    ],
}
NINJS_IMAGE = {key: value for key, value in NINJS_IMAGE_ASSOCIATION.items() if key != "name"} | {
    "representationtype": "full"
}
NINJS_ARTICLE = {
    "uri": ARTICLE_URL,
    "type": "text",
    "representationtype": "full",
    "firstcreated": "2026-11-28T12:00:00Z",
    "versioncreated": "2026-11-28T12:00:00Z",
    "pubstatus": "usable",
    "language": "en",
    "slugline": ARTICLE_SLUG,
    "headlines": [{"role": "main", "value": _ARTICLE_COMMON["title"]}],
    "copyrightholder": "East Africa News Post",
    "infosources": [{"name": "East Africa News Post", "role": "publisher"}],
    "descriptions": [{"role": "attribution", "value": "With information from EFE"}],
    "bodies": [
        {
            "role": "main",
            "contenttype": "text/plain",
            "value": ARTICLE["body"][1]["text"],
            "charcount": 295,
            "wordcount": 46,
        }
    ],
    "altids": [{"role": "id", "value": "1"}],
    "associations": [NINJS_IMAGE_ASSOCIATION],
}
JSONLD_IMAGE = {
    "@type": "ImageObject",
    "@id": IMAGE_URL,
    "contentUrl": f"{BASE}/media/images/2026/11/ministers.jpg",
    "url": f"{BASE}/media/images/2026/11/ministers.jpg",
    "thumbnailUrl": f"{BASE}/media/renditions/2026/11/ministers-thumbnail.jpg",
    "caption": CAPTION_FIELDS["text"],
    "creditText": "EFE/EPA/Kev Hui Yeung",
    "creator": {"@type": "Person", "name": "Kev Hui Yeung"},
    "copyrightHolder": [
        {"@type": "Organization", "name": "EFE"},
        {"@type": "Organization", "name": "EPA"},
    ],
    "width": 2000,
    "height": 1000,
}
JSONLD_ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "@id": ARTICLE_URL,
    "url": ARTICLE_URL,
    "mainEntityOfPage": ARTICLE_URL,
    "identifier": "1",
    "headline": _ARTICLE_COMMON["title"],
    "inLanguage": "en",
    "dateModified": "2026-11-28T12:00:00Z",
    "dateCreated": "2026-11-28T12:00:00Z",
    "publisher": {
        "@type": "NewsMediaOrganization",
        "name": "East Africa News Post",
        "slogan": "Complete News World",
    },
    "creditText": "With information from EFE",
    "articleBody": ARTICLE["body"][1]["text"],
    "wordCount": 46,
    "image": [JSONLD_IMAGE],
}
JSONLD_ARTICLE_LIST = {
    "@context": "https://schema.org",
    "@type": "ItemList",
    "numberOfItems": 1,
    "itemListElement": [
        {
            "@type": "ListItem",
            "position": 1,
            "item": {key: value for key, value in JSONLD_ARTICLE.items() if key != "@context"},
        }
    ],
}
TOMBSTONE = {
    "article_id": 7,
    "slug": "a-withdrawn-story",
    "reason": "withdrawn",
    "removed_at": "2026-11-28T12:00:00Z",
}
PROBLEM_401 = {
    "type": "about:blank",
    "title": "Unauthorized",
    "status": 401,
    "detail": "Invalid username/password.",
}
PROBLEM_403 = {
    "type": "about:blank",
    "title": "Forbidden",
    "status": 403,
    "detail": "You do not have permission to perform this action.",
}
PROBLEM_405 = {
    "type": "about:blank",
    "title": "Method Not Allowed",
    "status": 405,
    "detail": 'Method "POST" not allowed.',
}
PROBLEM_406 = {
    "type": "about:blank",
    "title": "Not Acceptable",
    "status": 406,
    "detail": "Could not satisfy the request Accept header.",
}
PROBLEM_429 = {
    "type": "about:blank",
    "title": "Too Many Requests",
    "status": 429,
    "detail": "Request was throttled. Expected available in 42 seconds.",
}
PROBLEM_400_FILTER = {
    "type": "about:blank",
    "title": "Bad Request",
    "status": 400,
    "detail": "Invalid: published_after.",
    "invalid_params": [
        {
            "name": "published_after",
            "reason": "Use an ISO 8601 date (2024-06-01) or date and time (2024-06-01T10:00:00Z).",
        }
    ],
}

# The write API --------------------------------------------------------------------------------

_SEED_CAPTION_WRITE = {
    "text": CAPTION_FIELDS["text"],
    "position": 0,
    "credit": "EFE/EPA/Kev Hui Yeung",
    "alt_text": "Three defence ministers standing side by side at a lectern.",
}
ARTICLE_WRITE = {
    "title": _ARTICLE_COMMON["title"],
    "publication": PUBLICATION_SLUG,
    "byline": None,
    "published_at": None,
    "language": "en",
    "attribution": "With information from EFE",
    "status": "draft",
    "body": [
        ARTICLE["body"][1]["text"],
        "The agreement, which Moscow and Pyongyang say is consistent with international law, "
        "could also include sending advanced Russian technology to North Korea, according to "
        "some experts.",
    ],
    "captions": [_SEED_CAPTION_WRITE],
}
ARTICLE_REPLACE = {**ARTICLE_WRITE, "status": "published"}
ARTICLE_PUBLISH = {"status": "published"}
ARTICLE_SCHEDULE = {"status": "scheduled", "published_at": "2030-01-15T06:00:00Z"}
ARTICLE_CAPTIONS_REORDER = {
    "captions": [
        {"id": 2, "position": 0},
        {"id": 1, "position": 4, "credit": "EFE/EPA/Kev Hui Yeung"},
        {"image": 7, "text": "Chinese President Xi Jinping in a file photo.", "position": 12},
    ]
}
ARTICLE_CREATED = {
    **ARTICLE,
    "id": 2,
    "slug": f"{ARTICLE_SLUG}-2",
    "url": f"{BASE}/api/v1/articles/{ARTICLE_SLUG}-2/",
    "status": "draft",
}
IMAGE_WRITE = {
    "credit": "EFE/EPA/Kev Hui Yeung",
    "alt_text": "Three defence ministers standing side by side at a lectern.",
}
IMAGE_ALT_TEXT = {"alt_text": "Three defence ministers standing side by side at a lectern."}
IMAGE_WITH_FILE = {
    **IMAGE,
    "id": 5,
    "url": f"{BASE}/media/images/2026/11/ministers.jpg",
    "alt_text": IMAGE_WRITE["alt_text"],
    "width": 2000,
    "height": 1000,
    "renditions": [
        {
            "name": "thumbnail",
            "url": f"{BASE}/media/renditions/2026/11/ministers-thumbnail.jpg",
            "width": 320,
            "height": 160,
        },
        {
            "name": "medium",
            "url": f"{BASE}/media/renditions/2026/11/ministers-medium.jpg",
            "width": 1024,
            "height": 512,
        },
    ],
}
CAPTION_WRITE = {"article": ARTICLE_SLUG, **_SEED_CAPTION_WRITE, "position": 1}
CAPTION_REPLACE = {"article": ARTICLE_SLUG, **_SEED_CAPTION_WRITE}
CAPTION_CORRECT_CREDIT = {"credit": "EFE/EPA/Kev Hui Yeung"}
CAPTION_MOVE = {"order": 0, "position": 0}
PUBLICATION_WRITE = {"name": "The Harbour Gazette", "tagline": "News of the coast"}
PUBLICATION_REPLACE = {"name": PUBLICATION_SUMMARY["name"], "tagline": "Complete News World"}
PUBLICATION_TAGLINE = {"tagline": "Complete News World"}
PUBLICATION_CREATED = {
    "name": "The Harbour Gazette",
    "slug": "the-harbour-gazette",
    "tagline": "News of the coast",
    "url": f"{BASE}/api/v1/publications/the-harbour-gazette/",
    "article_count": 0,
}
VERSIONS = [
    {
        "number": 2,
        "recorded_at": "2026-11-28T12:30:00Z",
        "kind": "changed",
        "user": "ana",
        "changes": [{"field": "status", "old": "draft", "new": "published"}],
        "title": _ARTICLE_COMMON["title"],
        "status": "published",
        "slug": ARTICLE_SLUG,
    },
    {
        "number": 1,
        "recorded_at": "2026-11-28T12:00:00Z",
        "kind": "created",
        "user": None,
        "changes": [],
        "title": _ARTICLE_COMMON["title"],
        "status": "draft",
        "slug": ARTICLE_SLUG,
    },
]
TOKEN = {"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "username": "ana"}
PROBLEM_400_WRITE = {
    "type": "about:blank",
    "title": "Bad Request",
    "status": 400,
    "detail": "Invalid: captions[1].position.",
    "invalid_params": [
        {
            "name": "captions[1].position",
            "reason": "The article has 2 paragraphs, so the image cannot come after more than "
            "that.",
        }
    ],
}
PROBLEM_400_UPLOAD = {
    "type": "about:blank",
    "title": "Bad Request",
    "status": 400,
    "detail": "Invalid: file.",
    "invalid_params": [
        {
            "name": "file",
            "reason": "The file name ends in “.png” but the file is a JPEG image; name it "
            "“.jpg” or upload the file you meant.",
        }
    ],
}
PROBLEM_409 = {
    "type": "about:blank",
    "title": "Conflict",
    "status": 409,
    "detail": "It cannot be deleted while these refer to it: caption 1, caption 9.",
}
PROBLEM_413 = {
    "type": "about:blank",
    "title": "Content Too Large",
    "status": 413,
    "detail": "The request body is 30000000 bytes; at most 22020096 are accepted.",
}
PROBLEM_415 = {
    "type": "about:blank",
    "title": "Unsupported Media Type",
    "status": 415,
    "detail": 'Unsupported media type "text/plain" in request.',
}
