-- Signing in to the web app. A user's password is kept only as a bcrypt hash, here and never in the log; the log
-- records that it was set, by whom and when (PasswordSet in the user's stream). A web session is a row: the
-- cookie carries a random secret whose SHA-256 is the key, so a copy of this table opens no session. A session
-- ends with sign-out, or when it has been idle longer than the server allows.
CREATE TABLE user_passwords (
    user_name   text        PRIMARY KEY REFERENCES users (name),
    hash        text        NOT NULL,
    set_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE web_sessions (
    secret_hash bytea       PRIMARY KEY,
    user_name   text        NOT NULL REFERENCES users (name),
    csrf_token  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_sessions_user_idx ON web_sessions (user_name);
CREATE INDEX web_sessions_last_seen_idx ON web_sessions (last_seen);

-- Failed sign-ins by the name tried (known or not, so that the delay says nothing of who exists).
CREATE TABLE sign_in_failures (
    name        text        PRIMARY KEY,
    failures    integer     NOT NULL,
    last_failed timestamptz NOT NULL
);

-- The public page lists the whole public record, retracted stories marked, newest first.
CREATE INDEX published_record_idx ON published (public_at DESC, article_id DESC);
