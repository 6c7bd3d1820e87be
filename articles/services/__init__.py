"""Writes to the news content store, one module per concern; each service is atomic.

- ``seeds``: loading seed files (``article_sync_from_seed``) and recording import runs
- ``workflow``: publish, schedule, withdraw, back to draft
- ``images``: credits, stored image files and their renditions
- ``editing``: whole articles with captions, captions, images, publications (the API and the
  admin write through these)
- ``common``: slugs, and naming the user in history rows

Each ends by announcing what it changed (``articles.changes``), from which tombstones, slug
history, ``updated_at`` and what the API keeps follow.

Callers import from ``articles.services``; the modules are how it is kept readable.
"""

from articles.services.common import history_user_set, unique_slug
from articles.services.editing import (
    ARTICLE_EDITABLE_FIELDS,
    CAPTION_EDITABLE_FIELDS,
    PUBLICATION_EDITABLE_FIELDS,
    CaptionInput,
    article_create,
    article_delete,
    article_update,
    caption_create,
    caption_delete,
    caption_orders_release,
    caption_update,
    image_delete,
    image_update,
    publication_create,
    publication_delete,
    publication_update,
)
from articles.services.images import (
    image_create,
    image_credit_set,
    image_file_replace,
    image_file_restore,
    image_renditions_refresh,
)
from articles.services.seeds import (
    DuplicateSeedError,
    SeedInput,
    SyncResult,
    SyncStatus,
    UnstorableSeedError,
    article_sync_from_seed,
    articles_sync_from_seeds,
    check_seed_storable,
    import_run_record,
    import_run_start,
    publication_get_or_create,
    store_statistics_refresh,
)
from articles.services.workflow import article_publish, article_unpublish, article_withdraw

__all__ = [
    "ARTICLE_EDITABLE_FIELDS",
    "CAPTION_EDITABLE_FIELDS",
    "PUBLICATION_EDITABLE_FIELDS",
    "CaptionInput",
    "DuplicateSeedError",
    "SeedInput",
    "SyncResult",
    "SyncStatus",
    "UnstorableSeedError",
    "article_create",
    "article_delete",
    "article_publish",
    "article_sync_from_seed",
    "article_unpublish",
    "article_update",
    "article_withdraw",
    "articles_sync_from_seeds",
    "caption_create",
    "caption_delete",
    "caption_orders_release",
    "caption_update",
    "check_seed_storable",
    "history_user_set",
    "image_create",
    "image_credit_set",
    "image_delete",
    "image_file_replace",
    "image_file_restore",
    "image_renditions_refresh",
    "image_update",
    "import_run_record",
    "import_run_start",
    "publication_create",
    "publication_delete",
    "publication_get_or_create",
    "publication_update",
    "store_statistics_refresh",
    "unique_slug",
]
