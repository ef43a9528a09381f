-- Who has a story open, and who is editing it: ephemeral, not an event of the log. Unlogged (a crash may lose it;
-- it is rebuilt within seconds by the browsers' heartbeats), shared by every server on the database.
CREATE UNLOGGED TABLE presence (
    article_id text NOT NULL,
    user_name text NOT NULL,
    tab text NOT NULL,
    editing boolean NOT NULL DEFAULT false,
    seen_at timestamptz NOT NULL,
    PRIMARY KEY (article_id, user_name, tab)
);
CREATE INDEX presence_seen_idx ON presence (seen_at);
