-- events_stream_head: a stream's last version and hash, no row when the stream does not exist.
--
-- The one definition of where a stream's chain continues: events_append and the lone-event statement of
-- Sources/EventStore/Append/GroupCommit.swift both read the head through it. It is a single-SELECT SQL function
-- returning a set, STABLE and not STRICT, so the planner inlines it into the calling query: the plan stays the
-- one backward probe of events_stream_version_key that the look-up written out in place had.
CREATE OR REPLACE FUNCTION events_stream_head(stream text)
RETURNS TABLE (version bigint, hash bytea)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT e.version, e.hash FROM events e WHERE e.stream_id = stream ORDER BY e.version DESC LIMIT 1
$$;
