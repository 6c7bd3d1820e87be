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
}
ARTICLE_LIST_ITEM = {
    **_ARTICLE_COMMON,
    "lead_image": CAPTION_FIELDS,
    "caption_count": 4,
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
