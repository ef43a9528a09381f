-- Partners who receive published stories (the content API, webhooks). Every change to a subscriber or its tokens
-- also appends an event to the stream subscriber-<name> in the same transaction (SubscriberAdded,
-- SubscriberProductChanged, SubscriberDisabled, SubscriberEnabled, SubscriberTokenIssued, SubscriberTokenRevoked);
-- these tables keep the current state. A product is the desks it receives and, when not empty, the languages
-- (lower-case tags); an embargo partner also receives stories before their public time.
CREATE TABLE subscribers (
    name             text        PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9._-]{0,62}$'),
    desks            text[]      NOT NULL CHECK (cardinality(desks) > 0),
    languages        text[]      NOT NULL DEFAULT '{}',
    embargo_partner  boolean     NOT NULL DEFAULT false,
    disabled         boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- A subscriber's bearer tokens for the content API: apart from the newsroom's api_tokens, so that neither kind
-- opens the other's routes. Only a SHA-256 of each token is kept; the token is printed once.
CREATE TABLE subscriber_tokens (
    id               text        PRIMARY KEY,
    subscriber_name  text        NOT NULL REFERENCES subscribers (name),
    token_hash       bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at       timestamptz NOT NULL DEFAULT now(),
    revoked_at       timestamptz
);
CREATE INDEX subscriber_tokens_subscriber_idx ON subscriber_tokens (subscriber_name);

-- Every read of the content API: which subscriber read which story at which version, when. Kept here, not in the
-- log: one row an item served is far more than the log should carry. Listed newest first by subscriber.
CREATE TABLE content_reads (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscriber_name  text        NOT NULL REFERENCES subscribers (name),
    article_id       text        NOT NULL,
    version          integer     NOT NULL,
    read_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX content_reads_subscriber_idx ON content_reads (subscriber_name, read_at DESC, id DESC);

-- The content API lists stories newest change first and filters them by language: the published table keeps
-- each story's language and when what partners see of it last changed (its last event, or its public time when
-- that is later), and is built again from the log to fill them in.
ALTER TABLE published ADD COLUMN language text;
ALTER TABLE published ADD COLUMN changed_at timestamptz;
CREATE INDEX published_changes_idx ON published (changed_at DESC, article_id DESC);
TRUNCATE published;
DELETE FROM subscriptions WHERE name = 'published';
