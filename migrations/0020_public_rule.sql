-- Whether a story is public, stated once for SQL: every query that reads public, embargoed or publicly recorded
-- stories calls these functions. Swift states the same rule as `Publicity` (Sources/Editorial/Publicity.swift),
-- and PublicRuleTests hold the two to each other on stories in every state. Each body is one plain expression in
-- LANGUAGE sql, so PostgreSQL inlines it into the query and the indexes on stage and public_at still serve.

-- Public at `moment`: published, and past its public time (an embargo). Retracted and spiked stories are not.
CREATE FUNCTION story_is_public(stage text, public_at timestamptz, moment timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT stage = 'published' AND public_at <= moment $$;

-- Embargoed at `moment`: published, to become public at a later time.
CREATE FUNCTION story_is_embargoed(stage text, public_at timestamptz, moment timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT stage = 'published' AND public_at > moment $$;

-- On the public record at `moment`: public, or retracted after it was (a reader must see that it was withdrawn).
CREATE FUNCTION story_is_on_public_record(stage text, public_at timestamptz, moment timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT stage IN ('published', 'retracted') AND public_at <= moment $$;

-- The published table gets the story's stage, so that its reads take the same functions as the other tables'.
ALTER TABLE published ADD COLUMN stage text;
UPDATE published SET stage = CASE WHEN retracted THEN 'retracted' ELSE 'published' END;
ALTER TABLE published ALTER COLUMN stage SET NOT NULL;
-- The feed's index, on the condition the feed now states.
DROP INDEX published_feed_idx;
CREATE INDEX published_feed_idx ON published (public_at DESC, article_id) WHERE stage = 'published';
