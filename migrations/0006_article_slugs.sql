-- A story's slug is unique among stories that are not spiked. The log cannot say "no other stream has this
-- slug" in one append, so a draft first claims its slug here (the primary key arbitrates between two drafts
-- at once) and then appends; spiking a story frees its slug. A claim whose story never reached the log (a
-- crash between the two steps) or was spiked is taken over by the next draft that wants it.
CREATE TABLE article_slugs (
    slug       text        PRIMARY KEY CHECK (slug <> ''),
    article_id text        NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX article_slugs_article_idx ON article_slugs (article_id);
