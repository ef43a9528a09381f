-- Servers keep web sessions in memory too (TokenCache): ending one (signing out, a new password) tells them to
-- forget what they keep, as a change to a token or a user does (migrations/0009).
CREATE TRIGGER web_sessions_changed AFTER DELETE OR TRUNCATE ON web_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();
