-- Each imported file's SHA-256 and the story it became, so that importing the same file twice is refused
-- unless asked for (galley import --again).
CREATE TABLE imports (
    digest      bytea       NOT NULL CHECK (length(digest) = 32),
    article_id  text        NOT NULL,
    file_name   text        NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (digest, article_id)
);
