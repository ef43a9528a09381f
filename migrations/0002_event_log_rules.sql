-- The log is append-only, whoever the client: UPDATE, DELETE and TRUNCATE on events fail inside PostgreSQL.
-- (A superuser can still disable triggers; the hash chain is what catches that. See README, "The hash chain".)

CREATE FUNCTION events_refuse_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on events is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'append a new event that corrects or supersedes the old one';
END;
$$;

CREATE TRIGGER events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change();

CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

-- Named subscriptions keep their checkpoint here: the position of the last event they handled.
-- A handler's writes and the new checkpoint commit in one transaction.
CREATE TABLE subscriptions (
    name       text        PRIMARY KEY CHECK (name <> ''),
    position   bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);
