"""Full text search on PostgreSQL: a search document per article with a GIN index.

The document is one ``tsvector`` column that Django's model does not know about: the headline
(weight A), the body (C) and the captions with their credits (B), stemmed in the article's
language. Triggers keep it current when an article, a caption or an image changes, so that a
search is one indexed match however the rows were written (services, the admin, ``bulk_create``).

Other databases get nothing: the API searches them with simple substring matches. The table of
languages is a frozen copy of ``articles.search.SEARCH_CONFIGS``; a test checks they agree.
"""

from django.db import migrations

FORWARD = [
    """
    CREATE FUNCTION articles_search_config(language text) RETURNS regconfig
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT (CASE language
            WHEN 'en' THEN 'english' WHEN 'es' THEN 'spanish' WHEN 'fr' THEN 'french'
            WHEN 'pt' THEN 'portuguese' WHEN 'de' THEN 'german' WHEN 'it' THEN 'italian'
            WHEN 'nl' THEN 'dutch' ELSE 'simple' END)::regconfig
    $$
    """,
    # Parameters are named doc_* because in an SQL function a column of the same name would
    # win over a parameter. Angle brackets and slashes become spaces: the texts are plain
    # text, and PostgreSQL's parser would read "<script>" as a tag (and skip everything after
    # it) and "EFE/EPA/Kev" as one file name rather than three words.
    """
    CREATE FUNCTION articles_search_document(
        doc_article_id bigint, doc_language text, doc_title text, doc_body text
    ) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector(articles_search_config(doc_language),
                                     translate(coalesce(doc_title, ''), '<>/', '   ')), 'A')
            || setweight(to_tsvector(articles_search_config(doc_language),
                                     translate(coalesce(doc_body, ''), '<>/', '   ')), 'C')
            || setweight(to_tsvector(articles_search_config(doc_language), translate(coalesce((
                   SELECT string_agg(c.text || ' ' || i.credit, ' ' ORDER BY c."order")
                   FROM articles_caption c JOIN articles_image i ON i.id = c.image_id
                   WHERE c.article_id = doc_article_id), ''), '<>/', '   ')), 'B')
    $$
    """,
    "ALTER TABLE articles_article ADD COLUMN search_document tsvector",
    """
    CREATE FUNCTION articles_article_search_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := articles_search_document(NEW.id, NEW.language, NEW.title, NEW.body);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_search_insert BEFORE INSERT ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_update()
    """,
    # Only when the text changes: touching updated_at or setting the status costs nothing.
    """
    CREATE TRIGGER articles_article_search_update
    BEFORE UPDATE OF title, body, language ON articles_article
    FOR EACH ROW WHEN (
        OLD.title IS DISTINCT FROM NEW.title
        OR OLD.body IS DISTINCT FROM NEW.body
        OR OLD.language IS DISTINCT FROM NEW.language
    )
    EXECUTE FUNCTION articles_article_search_update()
    """,
    # Statement triggers with transition tables: a bulk insert of captions rebuilds each of
    # their articles' documents once, not once per caption.
    """
    CREATE FUNCTION articles_caption_search_refresh() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            -- New captions come last in the document: appending them spares parsing the
            -- body again, which is most of the cost of loading an article.
            UPDATE articles_article a
            SET search_document = coalesce(a.search_document, ''::tsvector) || setweight(
                to_tsvector(articles_search_config(a.language),
                            translate(added.text, '<>/', '   ')), 'B')
            FROM (
                SELECT c.article_id,
                       string_agg(c.text || ' ' || i.credit, ' ' ORDER BY c."order") AS text
                FROM new_captions c JOIN articles_image i ON i.id = c.image_id
                GROUP BY c.article_id
            ) added
            WHERE a.id = added.article_id;
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE articles_article a
            SET search_document = articles_search_document(a.id, a.language, a.title, a.body)
            WHERE a.id IN (SELECT article_id FROM old_captions);
        ELSE
            UPDATE articles_article a
            SET search_document = articles_search_document(a.id, a.language, a.title, a.body)
            WHERE a.id IN (SELECT article_id FROM new_captions
                           UNION SELECT article_id FROM old_captions);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_caption_search_insert AFTER INSERT ON articles_caption
    REFERENCING NEW TABLE AS new_captions
    FOR EACH STATEMENT EXECUTE FUNCTION articles_caption_search_refresh()
    """,
    """
    CREATE TRIGGER articles_caption_search_update AFTER UPDATE ON articles_caption
    REFERENCING OLD TABLE AS old_captions NEW TABLE AS new_captions
    FOR EACH STATEMENT EXECUTE FUNCTION articles_caption_search_refresh()
    """,
    """
    CREATE TRIGGER articles_caption_search_delete AFTER DELETE ON articles_caption
    REFERENCING OLD TABLE AS old_captions
    FOR EACH STATEMENT EXECUTE FUNCTION articles_caption_search_refresh()
    """,
    """
    CREATE FUNCTION articles_image_search_refresh() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_article a
        SET search_document = articles_search_document(a.id, a.language, a.title, a.body)
        WHERE a.id IN (SELECT c.article_id FROM articles_caption c
                       JOIN new_images i ON i.id = c.image_id
                       JOIN old_images o ON o.id = i.id
                       WHERE i.credit IS DISTINCT FROM o.credit);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_image_search_update AFTER UPDATE ON articles_image
    REFERENCING OLD TABLE AS old_images NEW TABLE AS new_images
    FOR EACH STATEMENT EXECUTE FUNCTION articles_image_search_refresh()
    """,
    """
    UPDATE articles_article
    SET search_document = articles_search_document(id, language, title, body)
    """,
    "CREATE INDEX article_search_document ON articles_article USING GIN (search_document)",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_image_search_update ON articles_image",
    "DROP TRIGGER IF EXISTS articles_caption_search_delete ON articles_caption",
    "DROP TRIGGER IF EXISTS articles_caption_search_update ON articles_caption",
    "DROP TRIGGER IF EXISTS articles_caption_search_insert ON articles_caption",
    "DROP TRIGGER IF EXISTS articles_article_search_update ON articles_article",
    "DROP TRIGGER IF EXISTS articles_article_search_insert ON articles_article",
    "DROP FUNCTION IF EXISTS articles_image_search_refresh()",
    "DROP FUNCTION IF EXISTS articles_caption_search_refresh()",
    "DROP FUNCTION IF EXISTS articles_article_search_update()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document",
    "DROP FUNCTION IF EXISTS articles_search_document(bigint, text, text, text)",
    "DROP FUNCTION IF EXISTS articles_search_config(text)",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    # After the loader's migration rather than 0001 alone, so that the chain stays linear.
    dependencies = [
        ("articles", "0005_loader"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
