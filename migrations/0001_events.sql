-- The event log: one row an event, in one global order, never changed once written.
--
-- position  the event's place in the global log, from a sequence (see events_next_position below)
-- stream_id the stream (for Galley, one article) the event belongs to
-- version   1, 2, 3, ... within its stream; (stream_id, version) is unique
-- type      the event's stable type name
-- data      the event's fields, JSON
-- metadata  actor, command id, correlation and causation ids, schema version, JSON
-- recorded_at the database's clock when the event was appended
-- hash      SHA-256 chaining the event to the previous event of its stream (see README, "The hash chain")

CREATE SEQUENCE events_position_seq AS bigint MINVALUE 1 CACHE 1;

-- Readers of the global log skip a missing position once every transaction that was running when they saw
-- the gap has ended. That is only sound if a transaction holds a transaction id *before* it draws a position,
-- so this function assigns the id first and then calls nextval.
CREATE FUNCTION events_next_position() RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $$
    SELECT CASE WHEN pg_current_xact_id() IS NOT NULL THEN nextval('events_position_seq') END
$$;

CREATE TABLE events (
    position    bigint      NOT NULL DEFAULT events_next_position(),
    stream_id   text        NOT NULL CHECK (stream_id <> '' AND length(stream_id) <= 200),
    version     bigint      NOT NULL CHECK (version >= 1),
    type        text        NOT NULL CHECK (type <> ''),
    data        jsonb       NOT NULL,
    metadata    jsonb       NOT NULL,
    command_id  uuid,
    recorded_at timestamptz NOT NULL,
    hash        bytea       NOT NULL CHECK (length(hash) = 32),
    CONSTRAINT events_pkey PRIMARY KEY (position),
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
);

ALTER SEQUENCE events_position_seq OWNED BY events.position;

-- Idempotency: a retried command is found by its id within its stream.
CREATE INDEX events_command_idx ON events (stream_id, command_id) WHERE command_id IS NOT NULL;
