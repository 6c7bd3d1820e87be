"""The news content domain: publications, articles, images and the captions that place images
in articles. Query shaping for each resource lives on its QuerySet, so that every reader (API,
admin, feeds) fetches the same rows with the same number of queries."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

PARAGRAPH_SEPARATOR = "\n\n"

language_code_validator = RegexValidator(
    r"^[a-z]{2}$", "Use a two-letter ISO 639-1 language code, such as “en” or “es”."
)


class PublicationQuerySet(models.QuerySet["Publication"]):
    def for_api(self) -> PublicationQuerySet:
        return self.annotate(article_count=Count("articles")).order_by("name")


class Publication(models.Model):
    """A news outlet, as named at the top of its pages."""

    name = models.CharField("name", max_length=200, unique=True)
    slug = models.SlugField("slug", max_length=200, unique=True)
    tagline = models.CharField("tagline", max_length=300, blank=True)

    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "publication"
        verbose_name_plural = "publications"

    def __str__(self) -> str:
        return self.name


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


def paragraphs_counted(count: int) -> str:
    """``"1 paragraph"``, ``"3 paragraphs"``."""
    return f"{count} paragraph{'' if count == 1 else 's'}"


def visible_to_public(status: str, published_at: datetime | None) -> bool:
    """The rule of ``ArticleQuerySet.published`` for one article's values, e.g. those it had when
    loaded: published, or scheduled with its time come."""
    if status == ArticleStatus.PUBLISHED:
        return True
    return (
        status == ArticleStatus.SCHEDULED
        and published_at is not None
        and published_at <= timezone.now()
    )


# The order of lists: the newest first, the highest id first among those published together.
NEWEST_FIRST = (models.F("published_at").desc(nulls_last=True), models.F("id").desc())


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, now: datetime | models.Expression | None = None) -> ArticleQuerySet:
        """What the public may read: published articles, and scheduled ones whose time has come
        (by ``now``, an expression too; the current time if not given)."""
        now = timezone.now() if now is None else now
        due = Q(status=ArticleStatus.SCHEDULED, published_at__lte=now)
        return self.filter(Q(status=ArticleStatus.PUBLISHED) | due)

    def for_api(self) -> ArticleQuerySet:
        """Everything an article's representation needs, in three queries whatever the page size:
        the articles with their publication, their captions with their images, and the images'
        renditions."""
        captions = (
            Caption.objects.select_related("image")
            .prefetch_related("image__renditions")
            .order_by("order")
        )
        return self.select_related("publication").prefetch_related(
            Prefetch("captions", queryset=captions)
        )

    def with_slug_history(self) -> ArticleQuerySet:
        """With the slugs each article had before (an article's detail shows them), in one
        more query."""
        return self.prefetch_related("previous_slugs")

    def summaries(self) -> ArticleQuerySet:
        """Without the columns a summary does not show (the body, the loader's bookkeeping):
        a list of twenty would otherwise read and decode twenty bodies to throw them away."""
        return self.defer(
            "body", "parse_warnings", "source_name", "source_hash", "source_url", "canonical_url"
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by(*NEWEST_FIRST)


def as_read_for_api(article: Article, captions: list[Caption]) -> Article:
    """``article``, just inserted with ``captions`` (in order, each with its image just inserted
    too), holding what ``Article.objects.for_api().with_slug_history()`` would read for it: the
    captions with their images, the images with no renditions, no previous slugs. A writer that
    has all of it in hand spares reading it back to represent it.

    The caches are those ``prefetch_related`` fills: a queryset whose results are known."""
    _prefetched(article, "captions", captions)
    _prefetched(article, "previous_slugs", [])
    for caption in captions:
        _prefetched(caption.image, "renditions", [])
    return article


def _prefetched(instance: models.Model, name: str, objects: list) -> None:
    related = getattr(type(instance), name).rel.related_model
    queryset = models.QuerySet(related)
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


class Article(models.Model):
    """One news article: its headline, metadata and body paragraphs, and where it came from."""

    publication = models.ForeignKey(
        Publication,
        verbose_name="publication",
        related_name="articles",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Leave empty when the page names no outlet.",
    )
    slug = models.SlugField("slug", max_length=255, unique=True)
    status = models.CharField(
        "status",
        max_length=16,
        choices=ArticleStatus.choices,
        default=ArticleStatus.PUBLISHED,
        help_text="Scheduled articles appear when their publication time comes.",
    )
    title = models.CharField("headline", max_length=500)
    byline = models.CharField("byline", max_length=500, blank=True)
    published_at = models.DateTimeField("published at", null=True, blank=True)
    language = models.CharField(
        "language", max_length=2, default="en", validators=[language_code_validator]
    )
    attribution = models.CharField(
        "attribution",
        max_length=500,
        blank=True,
        help_text="For example “With information from EFE”.",
    )
    body = models.TextField(
        "body", help_text="The body paragraphs in reading order, separated by a blank line."
    )
    source_name = models.CharField(
        "source file", max_length=255, blank=True, help_text="The seed file it was loaded from."
    )
    source_hash = models.CharField(
        "source hash", max_length=64, blank=True, help_text="SHA-256 of the seed file's bytes."
    )
    source_url = models.URLField(
        "source URL",
        max_length=2000,
        blank=True,
        help_text="The address a saved web page was saved from (empty for text dumps).",
    )
    canonical_url = models.URLField(
        "canonical URL",
        max_length=2000,
        blank=True,
        help_text="The address a saved web page gives itself (its canonical link).",
    )
    parse_warnings = models.JSONField(
        "parser warnings", default=list, blank=True, help_text="What the parser was unsure of."
    )
    parse_confidence = models.FloatField(
        "parse confidence",
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="How sure the parser was of where the article starts and ends on its page "
        "(0 to 1). Under 0.75 a new article is loaded as a draft for an editor to check.",
    )
    created_at = models.DateTimeField("created at", auto_now_add=True)
    updated_at = models.DateTimeField("updated at", auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # Every save is kept with who made it and when; ``updated_at`` is left out because it
    # changes on every save and would bury the real differences.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-id"]
        verbose_name = "article"
        verbose_name_plural = "articles"
        constraints = [
            models.UniqueConstraint(
                fields=["source_name"],
                condition=~Q(source_name=""),
                name="article_unique_source_name",
            ),
        ]
        indexes = [
            # The API's order exactly (nulls last), so that a page is read from the index in
            # order rather than sorting every article. On PostgreSQL it also holds the status
            # (migration 0009), so that the public's pages and counts are read from the index
            # alone, however deep the page.
            models.Index(
                models.F("published_at").desc(nulls_last=True),
                models.F("id").desc(),
                name="article_newest_first",
            ),
            models.Index(fields=["-updated_at"], name="article_updated"),
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            # The seed loader looks articles up by file name and by content hash (reloads and
            # duplicates); SQLite cannot use the partial unique index on source_name for that.
            models.Index(fields=["source_name", "source_hash"], name="article_source"),
            models.Index(fields=["source_hash"], name="article_source_hash"),
            # A saved page and its text dump are found to be one article by their headline
            # (``articles.services.seeds.same_article_elsewhere``), once for every file loaded.
            models.Index(fields=["title"], name="article_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article-detail", kwargs={"slug": self.slug})

    @property
    def paragraphs(self) -> list[str]:
        # Browsers send a textarea's line breaks as CRLF (the HTML standard says so): a body
        # saved from the admin's form separates its paragraphs with "\r\n\r\n".
        body = self.body.replace("\r\n", "\n").replace("\r", "\n")
        return [part.strip() for part in body.split(PARAGRAPH_SEPARATOR) if part.strip()]

    @paragraphs.setter
    def paragraphs(self, paragraphs: list[str] | tuple[str, ...]) -> None:
        self.body = PARAGRAPH_SEPARATOR.join(paragraphs)

    @property
    def is_public(self) -> bool:
        """Whether the public sees it now: the same rule as ``ArticleQuerySet.published``."""
        return visible_to_public(self.status, self.published_at)

    def clean(self) -> None:
        if self.status == ArticleStatus.SCHEDULED and self.published_at is None:
            raise ValidationError(
                {"published_at": "A scheduled article needs the date and time to publish it."}
            )
        if (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        ):
            # The public reads published articles whatever their time says: an article meant
            # for later must be scheduled, or it would appear at once.
            raise ValidationError(
                {
                    "status": "The publication time is in the future: choose “Scheduled” to "
                    "publish it then, or set a time that has passed."
                }
            )


class ImageQuerySet(models.QuerySet["Image"]):
    def published(self) -> ImageQuerySet:
        """Images the public may see: those placed in at least one published article. An image
        in drafts only, or in no article yet, stays with the editors."""
        in_published_article = Caption.objects.filter(
            image=models.OuterRef("pk"), article__in=Article.objects.published()
        )
        return self.filter(models.Exists(in_published_article))

    def for_api(self) -> ImageQuerySet:
        return self.prefetch_related("renditions").order_by("-id")


class Image(models.Model):
    """A photo asset. The file is optional: a seed page names the photo and its credit only."""

    file = models.ImageField(
        "file",
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        blank=True,
    )
    width = models.PositiveIntegerField("width", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("height", null=True, blank=True, editable=False)
    credit = models.CharField(
        "credit",
        max_length=500,
        blank=True,
        help_text="As printed, without labels or brackets, e.g. “EFE/EPA/Kev Hui Yeung”.",
    )
    photographer = models.CharField("photographer", max_length=300, blank=True)
    agencies = models.JSONField(
        "agencies", default=list, blank=True, help_text="Agency names, e.g. [“EFE”, “EPA”]."
    )
    alt_text = models.CharField(
        "alt text",
        max_length=500,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    source_url = models.URLField(
        "source URL",
        max_length=2000,
        blank=True,
        help_text="Where the picture was on the web page it was loaded from. Never downloaded "
        "by the loader: upload the file to store it here.",
    )
    created_at = models.DateTimeField("created at", auto_now_add=True)
    updated_at = models.DateTimeField("updated at", auto_now=True)

    objects = ImageQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-id"]
        verbose_name = "image"
        verbose_name_plural = "images"

    def __str__(self) -> str:
        label = self.credit or (self.file.name if self.file else "no credit")
        return f"Image {self.pk}: {label}"

    def rendition(self, name: str) -> ImageRendition | None:
        """The rendition called ``name``, or None. Iterates ``renditions.all()`` rather than
        filtering, so that a ``prefetch_related("renditions")`` spares a query per image."""
        return next((r for r in self.renditions.all() if r.name == name), None)


def rendition_upload_to(rendition: ImageRendition, filename: str) -> str:
    return f"renditions/{timezone.now():%Y/%m}/{filename}"


class ImageRendition(models.Model):
    """A smaller copy of an image's file, made when the file is uploaded (``thumbnail``,
    ``medium``): clients and the admin show these instead of the full-size original."""

    image = models.ForeignKey(
        Image, verbose_name="image", related_name="renditions", on_delete=models.CASCADE
    )
    name = models.CharField("name", max_length=32, help_text="E.g. “thumbnail” or “medium”.")
    # The dimensions are set by the service that renders the file, which knows them already;
    # width_field/height_field would open the file again.
    file = models.ImageField("file", upload_to=rendition_upload_to, max_length=255)
    width = models.PositiveIntegerField("width")
    height = models.PositiveIntegerField("height")

    class Meta:
        ordering = ["image_id", "width"]
        verbose_name = "image rendition"
        verbose_name_plural = "image renditions"
        constraints = [
            models.UniqueConstraint(fields=["image", "name"], name="rendition_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} of image {self.image_id} ({self.width}×{self.height})"


class CaptionQuerySet(models.QuerySet["Caption"]):
    def published(self) -> CaptionQuerySet:
        return self.filter(article__in=Article.objects.published())

    def for_api(self) -> CaptionQuerySet:
        return (
            self.select_related("image", "article")
            .prefetch_related("image__renditions")
            .order_by("article_id", "order")
        )


class Caption(models.Model):
    """Places an image in an article: the caption text and where in the body it stands."""

    article = models.ForeignKey(
        Article, verbose_name="article", related_name="captions", on_delete=models.CASCADE
    )
    image = models.ForeignKey(
        Image, verbose_name="image", related_name="captions", on_delete=models.PROTECT
    )
    text = models.TextField("caption", blank=True)
    position = models.PositiveIntegerField(
        "position",
        default=0,
        help_text="How many body paragraphs come before the image (0 = lead image).",
    )
    order = models.PositiveIntegerField(
        "order", default=0, help_text="Order of the captions within the article."
    )

    objects = CaptionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "order"]
        verbose_name = "caption"
        verbose_name_plural = "captions"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "order"], name="caption_unique_order_in_article"
            ),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return text or f"Caption {self.pk}"

    def clean(self) -> None:
        if self.article_id is not None and self.position > len(self.article.paragraphs):
            raise ValidationError(
                {
                    "position": (
                        f"The article has {paragraphs_counted(len(self.article.paragraphs))}, "
                        "so the image cannot come after more than that."
                    )
                }
            )


class ArticleSlug(models.Model):
    """A slug an article had before its current one: links to it still lead to the article.
    Written when an article's slug changes (``articles.changes``); a slug names one article, so
    an old slug taken up again by any article leaves this table."""

    article = models.ForeignKey(
        Article,
        verbose_name="article",
        on_delete=models.CASCADE,
        related_name="previous_slugs",
    )
    slug = models.SlugField("slug", max_length=255, unique=True)
    replaced_at = models.DateTimeField("replaced at", default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = "previous slug"
        verbose_name_plural = "previous slugs"

    def __str__(self) -> str:
        return self.slug


class ArticleTombstone(models.Model):
    """What is left of a deleted or withdrawn article, so that clients mirroring the store can
    remove their copy."""

    class Reason(models.TextChoices):
        DELETED = "deleted", "Deleted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    article_id = models.BigIntegerField("article id", db_index=True)
    slug = models.SlugField("slug", max_length=255)
    reason = models.CharField("reason", max_length=16, choices=Reason.choices)
    removed_at = models.DateTimeField("removed at", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-removed_at", "-id"]
        verbose_name = "article tombstone"
        verbose_name_plural = "article tombstones"

    def __str__(self) -> str:
        return f"{self.slug} ({self.reason} {self.removed_at:%Y-%m-%d %H:%M})"


class ImportRun(models.Model):
    """One run of the seed loader: when, which paths, how many files of each outcome. What
    happened to each file is an ``ImportRunFile`` (``run.file_records``)."""

    started_at = models.DateTimeField("started at", default=timezone.now, db_index=True)
    finished_at = models.DateTimeField("finished at", null=True, blank=True)
    paths = models.JSONField("paths", default=list)
    dry_run = models.BooleanField("dry run", default=False)
    created = models.PositiveIntegerField("created", default=0)
    updated = models.PositiveIntegerField("updated", default=0)
    unchanged = models.PositiveIntegerField("unchanged", default=0)
    failed = models.PositiveIntegerField("failed", default=0)
    skipped = models.PositiveIntegerField("skipped", default=0)
    interrupted = models.BooleanField("interrupted", default=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "import run"
        verbose_name_plural = "import runs"

    def __str__(self) -> str:
        return f"Import of {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None


class ImportRunFileStatus(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Unchanged"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


class ImportRunFile(models.Model):
    """What happened to one file in an import run. A row per file rather than one list on the
    run, so that recording the 10,000th file writes that file's row, not the 9,999 before it."""

    run = models.ForeignKey(
        ImportRun,
        verbose_name="import run",
        related_name="file_records",
        on_delete=models.CASCADE,
    )
    position = models.PositiveIntegerField(
        "position", help_text="Where the file came in the run, from 0."
    )
    # A file named on the command line that does not exist is recorded by the path given.
    name = models.CharField("file", max_length=1024)
    status = models.CharField("status", max_length=16, choices=ImportRunFileStatus.choices)
    reason = models.TextField("reason", blank=True, help_text="Why it failed or was skipped.")
    article = models.ForeignKey(
        Article,
        verbose_name="article",
        related_name="import_records",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    warnings = models.JSONField(
        "parser warnings", default=list, blank=True, help_text="What the parser was unsure of."
    )

    class Meta:
        ordering = ["run", "position"]
        verbose_name = "import run file"
        verbose_name_plural = "import run files"
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="import_file_unique_position"),
        ]
        indexes = [
            # The admin shows a run's failed and skipped files first.
            models.Index(fields=["run", "status"], name="import_file_run_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.status}"
