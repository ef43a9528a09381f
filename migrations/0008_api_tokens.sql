-- Bearer tokens for the HTTP service. Only a SHA-256 of each token is kept; the token itself is printed once,
-- by `galley tokens issue`. A revoked token stays listed, with when it was revoked.
CREATE TABLE api_tokens (
    id          text        PRIMARY KEY,
    user_name   text        NOT NULL REFERENCES users (name),
    token_hash  bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_name);
