-- The people who use Galley and their roles. A disabled user is kept (the log names them) but refused.
CREATE TABLE users (
    name        text        PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9._-]{0,62}$'),
    roles       text[]      NOT NULL CHECK (cardinality(roles) > 0
                             AND roles <@ ARRAY['reporter', 'editor', 'fact_checker', 'auditor', 'admin']),
    disabled    boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
