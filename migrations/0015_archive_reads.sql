-- Reads that cost the page, not the archive: keyset-paged lists of summaries, filters on indexes, full-text
-- search, and a board of active work.

-- The story's words for search, as the articles projection writes them; the vector is generated from them with
-- the text-search configuration of the story's language (simple where PostgreSQL has none).
ALTER TABLE articles ADD COLUMN language text NOT NULL DEFAULT 'en';
ALTER TABLE articles ADD COLUMN kicker text;
ALTER TABLE articles ADD COLUMN bylines text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN body text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN claims_text text NOT NULL DEFAULT '';

-- The configuration for a BCP 47 tag: its primary language where PostgreSQL ships one. IMMUTABLE so that a
-- generated column may use it; the mapping is fixed here, not read from the catalog.
CREATE FUNCTION galley_text_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE lower(split_part(language, '-', 1))
        WHEN 'en' THEN 'english' WHEN 'de' THEN 'german' WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish'
        WHEN 'pt' THEN 'portuguese' WHEN 'it' THEN 'italian' WHEN 'nl' THEN 'dutch' WHEN 'sv' THEN 'swedish'
        WHEN 'da' THEN 'danish' WHEN 'nb' THEN 'norwegian' WHEN 'no' THEN 'norwegian' WHEN 'fi' THEN 'finnish'
        WHEN 'ru' THEN 'russian' WHEN 'hu' THEN 'hungarian' WHEN 'ro' THEN 'romanian' WHEN 'tr' THEN 'turkish'
        WHEN 'ar' THEN 'arabic' WHEN 'el' THEN 'greek' WHEN 'id' THEN 'indonesian' WHEN 'ga' THEN 'irish'
        WHEN 'lt' THEN 'lithuanian' WHEN 'ne' THEN 'nepali' WHEN 'ta' THEN 'tamil' WHEN 'hy' THEN 'armenian'
        WHEN 'eu' THEN 'basque' WHEN 'ca' THEN 'catalan' WHEN 'hi' THEN 'hindi' WHEN 'sr' THEN 'serbian'
        WHEN 'yi' THEN 'yiddish'
        ELSE 'simple' END::regconfig
$$;

ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(galley_text_config(language), headline), 'A')
    || setweight(to_tsvector(galley_text_config(language), coalesce(kicker, '')), 'B')
    || setweight(to_tsvector(galley_text_config(language), body), 'C')
    || setweight(to_tsvector('simple', bylines), 'B')
    || setweight(to_tsvector(galley_text_config(language), claims_text), 'D')
) STORED;

CREATE INDEX articles_search_idx ON articles USING gin (search);
-- Newest change first, and each filter with the same order, for keyset pages.
DROP INDEX articles_stage_idx;
CREATE INDEX articles_updated_idx ON articles (updated_at DESC, id DESC);
CREATE INDEX articles_stage_idx ON articles (stage, updated_at DESC, id DESC);
CREATE INDEX articles_desk_idx ON articles (desk, updated_at DESC, id DESC);
CREATE INDEX articles_assignee_idx ON articles (assignee, updated_at DESC, id DESC);
CREATE INDEX articles_author_idx ON articles (author, updated_at DESC, id DESC);
CREATE INDEX articles_public_idx ON articles (public_at DESC, id DESC) WHERE public_at IS NOT NULL;
-- Quick look-up by the start of a slug or headline.
CREATE INDEX articles_slug_prefix_idx ON articles (slug text_pattern_ops);
CREATE INDEX articles_headline_prefix_idx ON articles (lower(headline) text_pattern_ops);

-- The board knows an embargo, so embargoed stories have a column of their own.
ALTER TABLE board ADD COLUMN public_at timestamptz;
DROP INDEX board_stage_idx;
CREATE INDEX board_stage_idx ON board (stage, stage_since, article_id);
CREATE INDEX board_public_idx ON board (stage, public_at);

-- Fold every story again so the new columns are filled.
TRUNCATE articles, board;
DELETE FROM subscriptions WHERE name IN ('articles', 'board');
