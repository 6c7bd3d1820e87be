"""Loading seed files into the store: one article per file, synced in place, and the record
of each import run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.db import DataError, IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles import changes
from articles.models import (
    PARAGRAPH_SEPARATOR,
    Article,
    ArticleStatus,
    Caption,
    Image,
    ImportRun,
    ImportRunFile,
    Publication,
    as_read_for_api,
)
from articles.parsing import ParsedArticle, ParsedCaption
from articles.parsing.files import seed_format
from articles.parsing.sameness import same_body
from articles.services.common import SLUG_MAX_LENGTH, unique_slug

SyncStatus = Literal["created", "updated", "unchanged"]


class DuplicateSeedError(Exception):
    """The same page was already loaded from another file."""

    def __init__(
        self, *, source_name: str, other_source_name: str, same_bytes: bool = True
    ) -> None:
        what = "same content" if same_bytes else "the same article in another format"
        super().__init__(f"duplicate of {other_source_name} ({what}), not loaded again")
        self.source_name = source_name
        self.other_source_name = other_source_name


class UnstorableSeedError(Exception):
    """A parsed page with a value longer than the store keeps (a "headline" of 600 characters
    is a page the parser misread, not a headline to cut short)."""


def check_seed_storable(parsed: ParsedArticle) -> None:
    """Raise ``UnstorableSeedError`` for a value longer than its column; used by dry runs too."""
    values: list[tuple[type[models.Model], str, str | None]] = [
        (Article, "title", parsed.headline),
        (Article, "byline", parsed.byline),
        (Article, "attribution", parsed.attribution),
        (Publication, "name", parsed.publication_name),
        (Publication, "tagline", parsed.publication_tagline),
    ]
    for caption in parsed.captions:
        values += [(Image, "credit", caption.credit), (Image, "photographer", caption.photographer)]
    for model, field_name, value in values:
        field = model._meta.get_field(field_name)
        if value and field.max_length is not None and len(value) > field.max_length:
            raise UnstorableSeedError(
                f"{model._meta.verbose_name} {field.verbose_name} is {len(value)} characters "
                f"long, over the {field.max_length} the store keeps"
            )


def same_article_elsewhere(*, parsed: ParsedArticle, source_name: str) -> str | None:
    """The file another copy of this article was loaded from in the other format (the text dump
    of a saved page, or the page of a text dump), or ``None``: the same headline and mostly the
    same body. Two text dumps that differ are two articles, as before (a page and its
    correction are the editors' to merge)."""
    candidates = (
        Article.objects.filter(title=parsed.headline)
        .exclude(source_name=source_name)
        .exclude(source_name="")
        .values_list("source_name", "body")[:SAME_ARTICLE_CANDIDATES]
    )
    return _same_article_among(
        parsed, source_name, [(name, body.split(PARAGRAPH_SEPARATOR)) for name, body in candidates]
    )


# How many articles of the same headline are compared with a new file.
SAME_ARTICLE_CANDIDATES = 20


def _same_article_among(
    parsed: ParsedArticle, source_name: str, candidates: Sequence[tuple[str, Sequence[str]]]
) -> str | None:
    """The first of ``candidates`` (file names with the paragraphs loaded from them, of articles
    with ``parsed``'s headline) that holds the same article in the other format."""
    this_format = seed_format(source_name)
    for other_name, paragraphs in candidates:
        if other_name == source_name or seed_format(other_name) == this_format:
            continue
        if same_body(parsed.paragraphs, paragraphs):
            return other_name
    return None


@dataclass(frozen=True)
class SyncResult:
    article: Article
    status: SyncStatus


def publication_get_or_create(*, name: str | None, tagline: str | None) -> Publication | None:
    return _publication_for(name=name, tagline=tagline)[0]


def _publication_for(*, name: str | None, tagline: str | None) -> tuple[Publication | None, bool]:
    """The publication named ``name`` (made, or given the tagline it lacked), and whether it
    was written."""
    if not name:
        return None, False
    publication = Publication.objects.filter(name=name).first()
    if publication is None:
        publication = Publication.objects.create(
            name=name,
            slug=unique_slug(text=name, model=Publication),
            tagline=tagline or "",
        )
        return publication, True
    if tagline and not publication.tagline:
        publication.tagline = tagline
        publication.save(update_fields=["tagline"])
        return publication, True
    return publication, False


def _image_fields(parsed: ParsedCaption) -> dict:
    fields = {
        "credit": parsed.credit or "",
        "photographer": parsed.photographer or "",
        "agencies": list(parsed.agencies),
    }
    if parsed.image_url is not None:
        # Only a web page knows its pictures: a text dump leaves what an editor wrote alone.
        fields.update(source_url=parsed.image_url, alt_text=parsed.alt_text[:500])
    return fields


def _declared_size(parsed: ParsedCaption) -> dict:
    """The size the page declares, for an image with no file yet (a file's own size wins)."""
    if parsed.width and parsed.height:
        return {"width": parsed.width, "height": parsed.height}
    return {}


def _bulk_create(model: type[models.Model], objects: list) -> list:
    """``bulk_create``, keeping the change history of models that have one.

    ``bulk_create`` sends no ``post_save``, so django-simple-history would not record the new
    rows; its ``bulk_create_with_history`` writes their history rows in one more query."""
    if not objects:
        return []
    if getattr(model._meta, "simple_history_manager_attribute", None):
        from simple_history.utils import bulk_create_with_history

        return bulk_create_with_history(objects, model)
    return model._default_manager.bulk_create(objects)


def _captions_sync(
    *, article: Article, parsed_captions: tuple[ParsedCaption, ...], created: bool
) -> tuple[set[int], set[int], set[tuple[changes.Kind, int]]]:
    """Match captions by order: existing ones are updated in place (ids stay stable for clients),
    new ones are created and surplus ones deleted with their images.

    New captions and their images are inserted in bulk (a few queries per article, not a few
    per caption); changed ones are saved one by one (each with its history entry), and
    unchanged ones are not written at all. Returns the captions and images written, and those
    deleted, for the announcement."""
    captions: set[int] = set()
    images: set[int] = set()
    existing = [] if created else list(article.captions.select_related("image").order_by("order"))
    for caption, parsed in zip(existing, parsed_captions, strict=False):
        image_fields = _image_fields(parsed)
        if not caption.image.file:
            image_fields.update(_declared_size(parsed))
        if any(getattr(caption.image, field) != value for field, value in image_fields.items()):
            for field, value in image_fields.items():
                setattr(caption.image, field, value)
            caption.image.save()
            images.add(caption.image_id)
        if (caption.text, caption.position) != (parsed.text, parsed.after_paragraph):
            caption.text = parsed.text
            caption.position = parsed.after_paragraph
            caption.save()
            captions.add(caption.pk)

    new_captions = parsed_captions[len(existing) :]
    new_images = _bulk_create(
        Image,
        [Image(**_image_fields(parsed), **_declared_size(parsed)) for parsed in new_captions],
    )
    new = _bulk_create(
        Caption,
        [
            Caption(
                article=article,
                image=image,
                text=parsed.text,
                position=parsed.after_paragraph,
                order=len(existing) + number,
            )
            for number, (image, parsed) in enumerate(zip(new_images, new_captions, strict=True))
        ],
    )
    captions |= {caption.pk for caption in new}
    images |= {image.pk for image in new_images}

    removed: set[tuple[changes.Kind, int]] = set()
    surplus = existing[len(parsed_captions) :]
    if surplus:
        image_ids = [caption.image_id for caption in surplus]
        Caption.objects.filter(pk__in=[caption.pk for caption in surplus]).delete()
        orphans = list(
            Image.objects.filter(pk__in=image_ids, captions__isnull=True).values_list(
                "pk", flat=True
            )
        )
        Image.objects.filter(pk__in=orphans).delete()
        removed = {("caption", caption.pk) for caption in surplus}
        removed |= {("image", pk) for pk in orphans}
        captions |= {caption.pk for caption in surplus}
        images |= set(orphans)
    return captions, images, removed


@transaction.atomic
def article_sync_from_seed(
    *, parsed: ParsedArticle, source_name: str, source_hash: str
) -> SyncResult:
    """Create or update the article loaded from ``source_name``; the same bytes change nothing."""
    article = Article.objects.select_for_update().filter(source_name=source_name).first()
    if article is not None and article.source_hash == source_hash:
        return SyncResult(article=article, status="unchanged")
    duplicate = (
        Article.objects.filter(source_hash=source_hash).exclude(source_name=source_name).first()
    )
    if duplicate is not None:
        raise DuplicateSeedError(source_name=source_name, other_source_name=duplicate.source_name)
    same = same_article_elsewhere(parsed=parsed, source_name=source_name)
    if same is not None:
        raise DuplicateSeedError(source_name=source_name, other_source_name=same, same_bytes=False)

    check_seed_storable(parsed)
    status: SyncStatus = "updated" if article is not None else "created"
    before = changes.ArticleState.of(article) if article is not None else None
    if article is None:
        article = Article(source_name=source_name)
        article.slug = unique_slug(text=parsed.headline, model=Article)
        if parsed.uncertain:
            # Where the article starts or ends on its page is in doubt: an editor checks it
            # before the public sees it. An article already loaded keeps the status its
            # editors gave it.
            article.status = ArticleStatus.DRAFT
    article.publication, publication_written = _publication_for(
        name=parsed.publication_name, tagline=parsed.publication_tagline
    )
    _parsed_fields_set(article, parsed, source_hash=source_hash)
    article.save()
    captions, images, removed = _captions_sync(
        article=article, parsed_captions=parsed.captions, created=status == "created"
    )
    changes.announce(
        articles=[article.pk],
        captions=captions,
        images=images,
        publications=[article.publication_id] if publication_written else [],
        removed=removed,
        before={article.pk: before},
    )
    return SyncResult(article=article, status=status)


@dataclass(frozen=True)
class SeedInput:
    """One parsed file to store: its parse, its name and the hash of its bytes."""

    parsed: ParsedArticle
    source_name: str
    source_hash: str


SeedResult = SyncResult | DuplicateSeedError | UnstorableSeedError | DataError | IntegrityError


def articles_sync_from_seeds(*, seeds: Sequence[SeedInput]) -> list[SeedResult]:
    """Store a batch of parsed files in one transaction, each file all or nothing: a file that
    cannot be stored is left out alone, and its error is its result (in the order of
    ``seeds``). The batch's writes make one change event, sent when the transaction commits.

    The outcome is the one ``article_sync_from_seed`` would give each file in turn; what is
    found by reading the store is decided for the whole batch in a few queries (which names
    are loaded, which contents are, which slugs are taken). New articles are then inserted
    together, with their captions, images and history rows (``_articles_create``), each
    changed or repeated file synced alone in a savepoint of its own. Should the inserts fail
    all the same (another loader storing the same files at the same moment), they are rolled
    back and the batch's new files synced one savepoint each, so that only the culprit fails."""
    results: list[SeedResult | None] = [None] * len(seeds)
    with transaction.atomic():
        new, alone = _seeds_sort(seeds, results)
        try:
            with transaction.atomic():
                created = _articles_create([seeds[index] for index in new])
        except (DataError, IntegrityError):
            alone = sorted(alone + new)
        else:
            for index, article in zip(new, created, strict=True):
                results[index] = SyncResult(article=article, status="created")
        for index in alone:
            seed = seeds[index]
            try:
                results[index] = article_sync_from_seed(
                    parsed=seed.parsed, source_name=seed.source_name, source_hash=seed.source_hash
                )
            except (DuplicateSeedError, UnstorableSeedError, DataError, IntegrityError) as error:
                results[index] = error
    return results  # type: ignore[return-value]


def _seeds_sort(
    seeds: Sequence[SeedInput], results: list[SeedResult | None]
) -> tuple[list[int], list[int]]:
    """Which seeds make new articles, which must be synced alone (a file loaded before, or
    named twice in the batch), and which are refused (their errors put in ``results``), as
    ``article_sync_from_seed`` would find them one after the other: what each file stores is
    counted for the files after it."""
    names = {seed.source_name for seed in seeds}
    hashes = {seed.source_hash for seed in seeds}
    loaded = dict(
        Article.objects.filter(source_name__in=names).values_list("source_name", "source_hash")
    )
    # The content of each loaded file and of each stored so far in the batch, by hash.
    holders: dict[str, set[str]] = {}
    for name, source_hash in Article.objects.filter(source_hash__in=hashes).values_list(
        "source_name", "source_hash"
    ):
        holders.setdefault(source_hash, set()).add(name)
    # The articles of the batch's headlines, by headline (as ``same_article_elsewhere`` reads
    # them, in the same order), with those the batch stores.
    headlines: dict[str, dict[str, Sequence[str]]] = {}
    for title, name, body in (
        Article.objects.filter(title__in={seed.parsed.headline for seed in seeds})
        .exclude(source_name="")
        .values_list("title", "source_name", "body")
    ):
        same_title = headlines.setdefault(title, {})
        if len(same_title) < SAME_ARTICLE_CANDIDATES + 1:  # one may be the file itself
            same_title[name] = body.split(PARAGRAPH_SEPARATOR)
    titles = {name: title for title, files in headlines.items() for name in files}
    new: list[int] = []
    alone: list[int] = []
    for index, seed in enumerate(seeds):
        name, source_hash, parsed = seed.source_name, seed.source_hash, seed.parsed
        if loaded.get(name) == source_hash:
            alone.append(index)  # unchanged: reported with its article
            continue
        others = holders.get(source_hash, set()) - {name}
        same = _same_article_among(parsed, name, list(headlines.get(parsed.headline, {}).items()))
        if others or same is not None:
            results[index] = DuplicateSeedError(
                source_name=name,
                other_source_name=min(others) if others else str(same),
                same_bytes=bool(others),
            )
            continue
        try:
            check_seed_storable(parsed)
        except UnstorableSeedError as error:
            results[index] = error
            continue
        (alone if name in loaded else new).append(index)
        # What the file stores, for the files after it.
        if name in loaded:
            holders.get(loaded[name], set()).discard(name)
        loaded[name] = source_hash
        holders.setdefault(source_hash, set()).add(name)
        headlines.get(titles.get(name, ""), {}).pop(name, None)
        headlines.setdefault(parsed.headline, {})[name] = parsed.paragraphs
        titles[name] = parsed.headline
    return new, alone


def _parsed_fields_set(article: Article, parsed: ParsedArticle, *, source_hash: str) -> None:
    """What a parse of the seed file says of its article, set on ``article`` (not saved): one
    list of fields for a file loaded alone and for a batch's new articles."""
    article.title = parsed.headline
    article.byline = parsed.byline or ""
    article.published_at = parsed.published_at
    article.language = parsed.language
    article.attribution = parsed.attribution or ""
    article.paragraphs = parsed.paragraphs
    article.source_hash = source_hash
    article.source_url = parsed.source_url or ""
    article.canonical_url = parsed.canonical_url or ""
    article.parse_warnings = list(parsed.warnings)
    article.parse_confidence = parsed.confidence


def _articles_create(seeds: list[SeedInput]) -> list[Article]:
    """Insert the new articles of ``seeds`` with their captions and images, in a few queries
    for the lot, each row with its history row, and announce them; the articles, in order."""
    if not seeds:
        return []
    publications, written = _publications_for(seeds)
    slugs = _unique_slugs([seed.parsed.headline for seed in seeds])
    articles = []
    for seed, slug in zip(seeds, slugs, strict=True):
        parsed = seed.parsed
        article = Article(
            source_name=seed.source_name,
            slug=slug,
            publication=publications.get(parsed.publication_name or ""),
        )
        if parsed.uncertain:
            # As in ``article_sync_from_seed``: an editor checks it before the public sees it.
            article.status = ArticleStatus.DRAFT
        _parsed_fields_set(article, parsed, source_hash=seed.source_hash)
        articles.append(article)
    articles = _bulk_create(Article, articles)
    pairs = [
        (article, parsed)
        for article, seed in zip(articles, seeds, strict=True)
        for parsed in seed.parsed.captions
    ]
    images = _bulk_create(
        Image, [Image(**_image_fields(parsed), **_declared_size(parsed)) for _, parsed in pairs]
    )
    order: dict[int, int] = {}
    captions: list[Caption] = []
    for image, (article, parsed) in zip(images, pairs, strict=True):
        captions.append(
            Caption(
                article=article,
                image=image,
                text=parsed.text,
                position=parsed.after_paragraph,
                order=order.setdefault(article.pk, 0),
            )
        )
        order[article.pk] += 1
    captions = _bulk_create(Caption, captions)
    of_article: dict[int, list[Caption]] = {}
    for caption in captions:  # in order
        of_article.setdefault(caption.article_id, []).append(caption)
    changes.announce(
        articles=[article.pk for article in articles],
        captions=[caption.pk for caption in captions],
        images=[image.pk for image in images],
        publications=written,
        before=dict.fromkeys((article.pk for article in articles), None),
        # Everything they show is in hand: their stored JSON need not read them back.
        in_hand=[as_read_for_api(a, of_article.get(a.pk, [])) for a in articles],
    )
    return articles


def _publications_for(seeds: list[SeedInput]) -> tuple[dict[str, Publication], set[int]]:
    """The publications the seeds name, by name (made, or given the tagline they lacked, in
    the order of the seeds, as ``_publication_for`` would one file at a time), and the ids of
    those written."""
    names = {seed.parsed.publication_name for seed in seeds if seed.parsed.publication_name}
    found = {
        publication.name: publication for publication in Publication.objects.filter(name__in=names)
    }
    written: set[int] = set()
    for seed in seeds:
        name, tagline = seed.parsed.publication_name, seed.parsed.publication_tagline
        if not name:
            continue
        publication = found.get(name)
        if publication is None or (tagline and not publication.tagline):
            publication, _ = _publication_for(name=name, tagline=tagline)
            assert publication is not None
            found[name] = publication
            written.add(publication.pk)
    return found, written


def _unique_slugs(headlines: list[str]) -> list[str]:
    """Slugs for new articles with these headlines, as ``unique_slug`` would give them one
    after the other (``fare-freeze``, ``fare-freeze-2``), in two queries for the lot at most."""
    bases = [
        slugify(headline)[:SLUG_MAX_LENGTH].strip("-") or Article._meta.model_name
        for headline in headlines
    ]
    taken = set(Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    # Numbered slugs matter only for a base already taken, or taken within the batch.
    numbered = taken | {base for base, count in Counter(bases).items() if count > 1}
    if numbered:
        prefixes = Q()
        for base in numbered:
            prefixes |= Q(slug__startswith=f"{base}-")
        taken |= set(Article.objects.filter(prefixes).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def store_statistics_refresh() -> None:
    """Have PostgreSQL's planner learn the size the store has grown to in a load, as its
    documentation advises after populating a database (run ``ANALYZE``). Otherwise the
    loader's lookups by file name, hash and headline stay planned for the near-empty tables
    they were first asked of, reading every row for every batch until autovacuum comes round.
    Nothing to do on other databases."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Article, Caption, Image):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def import_run_start(*, paths: list[str]) -> ImportRun:
    """Record the start of a seed load. Autocommitted on its own, like every write to a run,
    so that the run never holds a lock across the files' own transactions."""
    return ImportRun.objects.create(paths=paths)


def import_run_record(
    *,
    run: ImportRun,
    counts: Mapping[str, int],
    files: Sequence[Mapping[str, Any]],
    finished: bool = False,
    interrupted: bool = False,
) -> ImportRun:
    """Add ``files`` (the files handled since the last call, as ``ImportRunFile`` fields:
    ``position``, ``name``, ``status`` and, if any, ``reason``, ``article_id``, ``warnings``) to
    the run, and set its counts so far; ``finished`` stamps the end.

    One short transaction: the new rows in one insert and the counts in one update, so that the
    cost of a call depends on ``files`` alone, never on how many the run recorded before."""
    changes: dict[str, Any] = {
        status: counts.get(status, 0)
        for status in ("created", "updated", "unchanged", "failed", "skipped")
    }
    if finished:
        changes["finished_at"] = timezone.now()
        changes["interrupted"] = interrupted
    for field, value in changes.items():
        setattr(run, field, value)
    with transaction.atomic():
        ImportRunFile.objects.bulk_create(
            [ImportRunFile(run_id=run.pk, **fields) for fields in files], batch_size=500
        )
        ImportRun.objects.filter(pk=run.pk).update(**changes)
    return run
