-- inbox: what the log asks of each person (Notice, in Sources/Editorial/Notice.swift): one row an event and
-- recipient, the recipient a person's login or, with to_role, a role whose holders all hear of it (a story that
-- enters fact-check). A projection like the others: rebuilt from the log, a story's rows replaced as a whole.
-- An item is known by its event's position, which no rebuild changes.
CREATE TABLE inbox (
    article_id text        NOT NULL,
    position   bigint      NOT NULL,
    recipient  text        NOT NULL,
    to_role    boolean     NOT NULL,
    reason     text        NOT NULL,
    actor      text        NOT NULL,
    at         timestamptz NOT NULL,
    text       text,
    PRIMARY KEY (article_id, position, to_role, recipient)
);
-- A person's inbox, newest first: their own items and their roles' items, each a scan of this index.
CREATE INDEX inbox_recipient_idx ON inbox (recipient, to_role, position DESC);

-- inbox_reads: how far each person has read their inbox, as a position of the log: every item at or before it
-- is read. A read mark is not an editorial event, so it is not in the log; it lives apart from the inbox table
-- because `galley projections rebuild` swaps that table for a new one, and a position outlives every rebuild
-- (the log is immutable), so a rebuilt inbox is read exactly as far as before. One row a person: marking
-- everything read is one write, whatever the inbox holds.
CREATE TABLE inbox_reads (
    person       text        PRIMARY KEY REFERENCES users (name),
    read_through bigint      NOT NULL CHECK (read_through >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
