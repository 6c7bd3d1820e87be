"""The editors' admin, one module per model: articles with their captions inline, images,
publications, captions, and the record of seed loads.

Every save and delete goes through ``articles.services``, as the API's writes do, so that the
rules are the same whichever way an editor writes: a published article without a time takes
the current one, an image's photographer and agencies follow its credit, an article that leaves
public view leaves a tombstone, and each write is announced once (``articles.changes``)."""

from django.contrib import admin

from articles.admin.articles import ArticleAdmin
from articles.admin.captions import CaptionAdmin
from articles.admin.images import ImageAdmin
from articles.admin.import_runs import ImportRunAdmin
from articles.admin.publications import PublicationAdmin

__all__ = ["ArticleAdmin", "CaptionAdmin", "ImageAdmin", "ImportRunAdmin", "PublicationAdmin"]

# The navigation sidebar took 290 px of every page for links the breadcrumbs and the index give:
# without it the article list's columns fit a 1400 px window.
admin.site.enable_nav_sidebar = False
