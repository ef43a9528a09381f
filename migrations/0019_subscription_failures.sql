-- An event a subscription's handler cannot apply parks its stream for that subscription: the stream's events are
-- passed over from then on, every other stream goes on, and the row names the event and the error for
-- `galley projections status` and /readyz. Rebuilding the subscription's read model clears its rows.
CREATE TABLE subscription_failures (
    name      text        NOT NULL REFERENCES subscriptions (name),
    stream_id text        NOT NULL,
    position  bigint      NOT NULL,
    type      text        NOT NULL,
    failure   text        NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, stream_id)
);
