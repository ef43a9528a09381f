-- Servers keep web sessions and the list of people in memory too (TokenCache): ending a session (signing out, a
-- new password) or adding a user tells them to forget what they keep, as a change to a token or a user does
-- (migrations/0009). A delete that removed nothing (the sweep of idle sessions at each sign-in) tells no one.
CREATE FUNCTION web_sessions_ended() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM gone) THEN
        PERFORM pg_notify('galley_credentials', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER web_sessions_ended AFTER DELETE ON web_sessions
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION web_sessions_ended();
CREATE TRIGGER web_sessions_truncated AFTER TRUNCATE ON web_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();
CREATE TRIGGER users_added AFTER INSERT ON users
    FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();
