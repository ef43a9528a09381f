-- Servers keep the user behind each bearer token they have seen in memory. Any change that could take a
-- token's rights away (a revoked token, a disabled user, changed roles), whoever makes it, tells them to forget
-- what they keep: the notification is sent when the changing transaction commits.
CREATE FUNCTION credentials_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('galley_credentials', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER users_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();

CREATE TRIGGER api_tokens_changed AFTER UPDATE OR DELETE OR TRUNCATE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();
