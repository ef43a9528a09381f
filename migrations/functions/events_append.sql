-- events_append: the commands of one group commit, appended in one statement.
--
-- This file is the function's definition; galley migrate applies it again whenever it changes (migrations/README.md).
-- Its history: 0003_append_function.sql created it, 0005_append_command_lookup.sql made the command-id look-up an
-- index probe whatever the log's size, and this file reads each stream's head through events_stream_head.
--
-- Each command i names a stream, an expected version (-1: any, 0: the stream must not exist, n: exactly n), a
-- command id, and how many of the event arrays' entries are its own. Types, canonical data and canonical metadata
-- (UTF-8 bytes, see docs/design.md "The hash chain") come flattened, in command order. Every command succeeds or
-- fails on its own; the answer has one row per command:
--   status 'appended'  : stream_version is the new version, positions the new events' positions
--   status 'duplicate' : the command id already appended these events; the earlier result
--   status 'conflict'  : the stream is at stream_version, not the expected version
--   status 'reused'    : the command id already appended different events to this stream
-- The hash chain is computed here, by the database, with the recording time of the database's clock.
-- The work is set-based: one lock statement, one read of the streams' heads, one look-up of command ids, one
-- INSERT for the whole group, so a group of many commands costs little more than a group of one.
--
-- PL/pgSQL caches a statement's plan per connection, so the command-id look-up keeps its EXISTS in a scalar
-- subquery: written plainly it becomes a semi-join, and a plan made while the log was small hashes the whole
-- table on every call (measured: a 16-command group took 3.5 ms instead of 0.7 ms until the next ANALYZE).

CREATE OR REPLACE FUNCTION events_append(
    p_streams    text[],
    p_expected   bigint[],
    p_commands   uuid[],
    p_counts     integer[],
    p_types      text[],
    p_data       bytea[],
    p_metadata   bytea[]
) RETURNS TABLE (command_index integer, status text, stream_version bigint, positions bigint[])
LANGUAGE plpgsql
AS $$
DECLARE
    v_now        timestamptz := now();
    v_now_us     bigint := events_microseconds(now());
    v_commands   integer := coalesce(array_length(p_streams, 1), 0);
    h_streams    text[];      -- each stream of the group, with its head as this group leaves it
    h_versions   bigint[];
    h_hashes     bytea[];
    v_stored     integer[];   -- commands whose id already appended events to their stream
    c_status     text[];      -- per command
    c_version    bigint[];
    c_event      integer[];   -- where its events start in the input arrays
    c_row        integer[];   -- where its rows start in the rows to insert
    c_twin       integer[];   -- an earlier command of this group with the same stream and id
    r_stream     text[] := '{}';
    r_version    bigint[] := '{}';
    r_type       text[] := '{}';
    r_data       bytea[] := '{}';
    r_metadata   bytea[] := '{}';
    r_command    uuid[] := '{}';
    r_hash       bytea[] := '{}';
    v_positions  bigint[];
    v_next       integer := 1;
    v_head       integer;
    v_version    bigint;
    v_hash       bytea;
    v_stream     bytea;
    v_position   bigint;
    v_old_types  text[];
    v_old_data   jsonb[];
    v_old_pos    bigint[];
    v_old_last   bigint;
    v_same       boolean;
    v_twin       integer;
BEGIN
    IF v_commands = 1 THEN
        -- A lone command (the single-writer case) takes no lock: the unique (stream_id, version) index is the
        -- arbiter, and the caller turns a unique violation into a fresh look (see GroupCommit). One statement
        -- reads the head and whether the command id was seen.
        SELECT h.version, h.hash,
               EXISTS (SELECT FROM events e WHERE e.stream_id = p_streams[1] AND e.command_id = p_commands[1])
          INTO v_version, v_hash, v_same
          FROM (SELECT 1) AS one
          LEFT JOIN LATERAL events_stream_head(p_streams[1]) AS h ON true;
        h_streams := ARRAY[p_streams[1]];
        h_versions := ARRAY[coalesce(v_version, 0)];
        h_hashes := ARRAY[v_hash];
        IF v_same THEN
            v_stored := ARRAY[1];
        END IF;
    ELSE
        -- Lock every stream of the group, in key order so that two groups cannot deadlock.
        PERFORM pg_advisory_xact_lock(1195461708, key)
        FROM (SELECT DISTINCT hashtext(s) AS key FROM unnest(p_streams) AS s ORDER BY 1) AS keys;

        SELECT array_agg(u.s), array_agg(coalesce(h.version, 0)), array_agg(h.hash)
          INTO h_streams, h_versions, h_hashes
          FROM (SELECT DISTINCT s FROM unnest(p_streams) AS s) AS u
          LEFT JOIN LATERAL events_stream_head(u.s) AS h ON true;

        SELECT array_agg(c.position::integer) INTO v_stored
          FROM unnest(p_streams, p_commands) WITH ORDINALITY AS c(stream_id, command_id, position)
         -- The EXISTS sits in a scalar subquery so that it stays a per-command index probe: written plainly
         -- it becomes a semi-join, and a plan cached while the log was small hashes the whole table each call.
         WHERE (SELECT EXISTS (SELECT FROM events e WHERE e.stream_id = c.stream_id AND e.command_id = c.command_id));
    END IF;

    FOR i IN 1 .. v_commands LOOP
        c_event[i] := v_next;
        v_next := v_next + p_counts[i];
        IF v_stored IS NOT NULL AND i = ANY (v_stored) THEN
            -- A retry of a command that already committed: answer as the first time, or refuse other events.
            SELECT array_agg(e.type ORDER BY e.version), array_agg(e.data ORDER BY e.version),
                   array_agg(e.position ORDER BY e.version), max(e.version)
              INTO v_old_types, v_old_data, v_old_pos, v_old_last
              FROM events e WHERE e.stream_id = p_streams[i] AND e.command_id = p_commands[i];
            v_same := array_length(v_old_pos, 1) = p_counts[i];
            FOR j IN 0 .. p_counts[i] - 1 LOOP
                EXIT WHEN NOT v_same;
                v_same := v_old_types[j + 1] = p_types[c_event[i] + j]
                      AND v_old_data[j + 1] = convert_from(p_data[c_event[i] + j], 'UTF8')::jsonb;
            END LOOP;
            c_status[i] := CASE WHEN v_same THEN 'duplicate' ELSE 'reused' END;
            c_version[i] := v_old_last;
            command_index := i;
            status := c_status[i];
            stream_version := v_old_last;
            positions := v_old_pos;
            RETURN NEXT;
            CONTINUE;
        END IF;

        v_twin := NULL;
        FOR k IN 1 .. i - 1 LOOP
            IF c_status[k] = 'appended' AND p_commands[k] = p_commands[i] AND p_streams[k] = p_streams[i] THEN
                v_twin := k;
                EXIT;
            END IF;
        END LOOP;
        IF v_twin IS NOT NULL THEN
            c_status[i] := 'twin';
            c_twin[i] := v_twin;
            CONTINUE;
        END IF;

        v_head := array_position(h_streams, p_streams[i]);
        v_version := h_versions[v_head];
        v_hash := h_hashes[v_head];
        IF (p_expected[i] = 0 AND v_version <> 0) OR (p_expected[i] > 0 AND v_version <> p_expected[i]) THEN
            c_status[i] := 'conflict';
            c_version[i] := v_version;
            CONTINUE;
        END IF;

        v_stream := convert_to(p_streams[i], 'UTF8');
        c_row[i] := coalesce(array_length(r_stream, 1), 0) + 1;
        FOR j IN c_event[i] .. c_event[i] + p_counts[i] - 1 LOOP
            v_version := v_version + 1;
            v_hash := events_hash(v_hash, p_streams[i], v_version, p_types[j], p_data[j], p_metadata[j], v_now_us);
            r_stream := r_stream || p_streams[i];
            r_version := r_version || v_version;
            r_type := r_type || p_types[j];
            r_data := r_data || p_data[j];
            r_metadata := r_metadata || p_metadata[j];
            r_command := r_command || p_commands[i];
            r_hash := r_hash || v_hash;
        END LOOP;
        h_versions[v_head] := v_version;
        h_hashes[v_head] := v_hash;
        c_status[i] := 'appended';
        c_version[i] := v_version;
    END LOOP;

    IF array_length(r_stream, 1) = 1 THEN
        -- The common case of one event: a plain INSERT is the cheapest statement there is.
        INSERT INTO events (stream_id, version, type, data, metadata, command_id, recorded_at, hash)
        VALUES (r_stream[1], r_version[1], r_type[1], convert_from(r_data[1], 'UTF8')::jsonb,
                convert_from(r_metadata[1], 'UTF8')::jsonb, r_command[1], v_now, r_hash[1])
        RETURNING events.position INTO v_position;
        v_positions := ARRAY[v_position];
    ELSIF array_length(r_stream, 1) > 1 THEN
        -- Rows go in in order, so positions rise in order too.
        WITH inserted AS (
            INSERT INTO events (stream_id, version, type, data, metadata, command_id, recorded_at, hash)
            SELECT r.stream_id, r.version, r.type, convert_from(r.data, 'UTF8')::jsonb,
                   convert_from(r.metadata, 'UTF8')::jsonb, r.command_id, v_now, r.hash
            FROM unnest(r_stream, r_version, r_type, r_data, r_metadata, r_command, r_hash) WITH ORDINALITY
                AS r(stream_id, version, type, data, metadata, command_id, hash, position)
            ORDER BY r.position
            RETURNING events.position
        )
        SELECT array_agg(inserted.position ORDER BY inserted.position) INTO v_positions FROM inserted;
    END IF;

    FOR i IN 1 .. v_commands LOOP
        CONTINUE WHEN c_status[i] IN ('duplicate', 'reused');
        command_index := i;
        IF c_status[i] = 'appended' THEN
            status := 'appended';
            stream_version := c_version[i];
            positions := v_positions[c_row[i] : c_row[i] + p_counts[i] - 1];
        ELSIF c_status[i] = 'twin' THEN
            -- The same command twice in one group (a retry that caught up with its original).
            v_twin := c_twin[i];
            v_same := p_counts[i] = p_counts[v_twin]
                  AND p_types[c_event[i] : c_event[i] + p_counts[i] - 1]
                      = p_types[c_event[v_twin] : c_event[v_twin] + p_counts[v_twin] - 1]
                  AND p_data[c_event[i] : c_event[i] + p_counts[i] - 1]
                      = p_data[c_event[v_twin] : c_event[v_twin] + p_counts[v_twin] - 1];
            status := CASE WHEN v_same THEN 'duplicate' ELSE 'reused' END;
            stream_version := c_version[v_twin];
            positions := v_positions[c_row[v_twin] : c_row[v_twin] + p_counts[v_twin] - 1];
        ELSE
            status := 'conflict';
            stream_version := c_version[i];
            positions := '{}';
        END IF;
        RETURN NEXT;
    END LOOP;
END;
$$;
