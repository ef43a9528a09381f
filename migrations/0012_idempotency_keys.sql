-- The Idempotency-Key each user sent with a request that was carried out, with a digest of that request
-- (method, route, body), so that the key reused for another request is refused instead of replayed. A retry
-- of the same command is recognized by the log itself (its command id); this table only tells requests apart.
CREATE TABLE idempotency_keys (
    user_name      text        NOT NULL,
    key            text        NOT NULL,
    request_digest text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_name, key)
);
