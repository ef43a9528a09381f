-- Servers keep web sessions and the list of people in memory too (TokenCache): ending a session (signing out, a
-- new password) or adding a user tells them to forget what they keep, as a change to a token or a user does
-- (migrations/0009).
CREATE TRIGGER web_sessions_changed AFTER DELETE OR TRUNCATE ON web_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();
CREATE TRIGGER users_added AFTER INSERT ON users
    FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();
