-- events_append: the commands of one group commit, appended in one statement.
--
-- Each command i names a stream, an expected version (-1: any, 0: the stream must not exist, n: exactly n), a
-- command id, and how many of the event arrays' entries are its own. Types, canonical data and canonical metadata
-- (UTF-8 bytes, see README "The hash chain") come flattened, in command order. Every command succeeds or fails on
-- its own; the answer has one row per command:
--   status 'appended'  : stream_version is the new version, positions the new events' positions
--   status 'duplicate' : the command id already appended these events; the earlier result
--   status 'conflict'  : the stream is at stream_version, not the expected version
--   status 'reused'    : the command id already appended different events to this stream
-- The hash chain is computed here, by the database, with the recording time of the database's clock.

CREATE FUNCTION events_append(
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
    v_now_us     bigint := (extract(epoch FROM now()) * 1000000)::bigint;
    v_first      integer := 1;
    v_version    bigint;
    v_hash       bytea;
    v_stream     bytea;
    v_versions   bigint[];
    v_position   bigint;
    v_hashes     bytea[];
    v_old_types  text[];
    v_old_data   jsonb[];
    v_old_pos    bigint[];
    v_old_last   bigint;
    v_same       boolean;
BEGIN
    -- Lock every stream of the group, in key order so that two groups cannot deadlock.
    IF array_length(p_streams, 1) = 1 THEN
        PERFORM pg_advisory_xact_lock(1195461708, hashtext(p_streams[1]));
    ELSE
        PERFORM pg_advisory_xact_lock(1195461708, key)
        FROM (SELECT DISTINCT hashtext(s) AS key FROM unnest(p_streams) AS s ORDER BY 1) AS keys;
    END IF;

    FOR i IN 1 .. coalesce(array_length(p_streams, 1), 0) LOOP
        command_index := i;
        positions := ARRAY[]::bigint[];

        v_old_pos := NULL;
        IF EXISTS (SELECT FROM events e WHERE e.stream_id = p_streams[i] AND e.command_id = p_commands[i]) THEN
            SELECT array_agg(e.type ORDER BY e.version), array_agg(e.data ORDER BY e.version),
                   array_agg(e.position ORDER BY e.version), max(e.version)
              INTO v_old_types, v_old_data, v_old_pos, v_old_last
              FROM events e WHERE e.stream_id = p_streams[i] AND e.command_id = p_commands[i];
        END IF;

        IF v_old_pos IS NOT NULL THEN
            v_same := array_length(v_old_pos, 1) = p_counts[i];
            FOR j IN 0 .. p_counts[i] - 1 LOOP
                EXIT WHEN NOT v_same;
                v_same := v_old_types[j + 1] = p_types[v_first + j]
                      AND v_old_data[j + 1] = convert_from(p_data[v_first + j], 'UTF8')::jsonb;
            END LOOP;
            status := CASE WHEN v_same THEN 'duplicate' ELSE 'reused' END;
            stream_version := v_old_last;
            positions := v_old_pos;
        ELSE
            SELECT e.version, e.hash INTO v_version, v_hash
              FROM events e WHERE e.stream_id = p_streams[i] ORDER BY e.version DESC LIMIT 1;
            v_version := coalesce(v_version, 0);
            v_hash := coalesce(v_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
            IF (p_expected[i] = 0 AND v_version <> 0) OR (p_expected[i] > 0 AND v_version <> p_expected[i]) THEN
                status := 'conflict';
                stream_version := v_version;
            ELSE
                v_stream := convert_to(p_streams[i], 'UTF8');
                v_versions := ARRAY[]::bigint[];
                v_hashes := ARRAY[]::bytea[];
                FOR j IN 0 .. p_counts[i] - 1 LOOP
                    v_version := v_version + 1;
                    v_hash := sha256(
                        v_hash
                        || int4send(octet_length(v_stream)) || v_stream
                        || int8send(v_version)
                        || int4send(octet_length(convert_to(p_types[v_first + j], 'UTF8')))
                        || convert_to(p_types[v_first + j], 'UTF8')
                        || int4send(octet_length(p_data[v_first + j])) || p_data[v_first + j]
                        || int4send(octet_length(p_metadata[v_first + j])) || p_metadata[v_first + j]
                        || int8send(v_now_us));
                    v_versions := v_versions || v_version;
                    v_hashes := v_hashes || v_hash;
                END LOOP;
                IF p_counts[i] = 1 THEN
                    -- The common case, one event: a plain INSERT is the cheapest statement there is.
                    INSERT INTO events (stream_id, version, type, data, metadata, command_id, recorded_at, hash)
                    VALUES (p_streams[i], v_version, p_types[v_first], convert_from(p_data[v_first], 'UTF8')::jsonb,
                            convert_from(p_metadata[v_first], 'UTF8')::jsonb, p_commands[i], v_now, v_hash)
                    RETURNING events.position INTO v_position;
                    positions := ARRAY[v_position];
                ELSE
                    -- One INSERT for all of the command's events; positions are drawn in version order.
                    WITH inserted AS (
                        INSERT INTO events (stream_id, version, type, data, metadata, command_id, recorded_at, hash)
                        SELECT p_streams[i], v_versions[k], p_types[v_first + k - 1],
                               convert_from(p_data[v_first + k - 1], 'UTF8')::jsonb,
                               convert_from(p_metadata[v_first + k - 1], 'UTF8')::jsonb,
                               p_commands[i], v_now, v_hashes[k]
                        FROM generate_series(1, p_counts[i]) AS k ORDER BY k
                        RETURNING events.position, events.version
                    )
                    SELECT array_agg(inserted.position ORDER BY inserted.version) INTO positions FROM inserted;
                END IF;
                status := 'appended';
                stream_version := v_version;
            END IF;
        END IF;
        v_first := v_first + p_counts[i];
        RETURN NEXT;
    END LOOP;
END;
$$;
