-- A takedown (legal removal) takes a story that was public off the public record: its address answers 410 Gone
-- and feeds carry a tombstone, so the reads that answer for a story readers once saw ask this function, as
-- Swift's `Publicity.hasBeenPublic` does (PublicRuleTests hold the two to each other). The three functions of
-- 0020_public_rule.sql are unchanged: a taken-down story is neither public, embargoed nor on the public record.

-- Seen by readers by `moment`, whatever since: public, retracted, or taken down after it was public (a story
-- taken down under embargo has no public time left).
CREATE FUNCTION story_has_been_public(stage text, public_at timestamptz, moment timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT stage IN ('published', 'retracted', 'taken_down') AND public_at <= moment $$;
