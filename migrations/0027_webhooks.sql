-- webhook_endpoints: where a subscriber's webhooks go (Standard Webhooks 1.0). An endpoint holds its signing
-- secret in the clear, since signing needs it (unlike an API token, it cannot be kept as a hash); that is also
-- why endpoints are rows and not log events: the log is kept for good and exported, a secret must be
-- replaceable. During a rotation the previous secret signs too, until previous_until. from_position is the log's
-- head when the endpoint was added: it hears of events after it, not the archive.
CREATE TABLE webhook_endpoints (
    id              text        PRIMARY KEY,
    subscriber      text        NOT NULL REFERENCES subscribers (name),
    url             text        NOT NULL,
    secret          text        NOT NULL,
    previous_secret text,
    previous_until  timestamptz,
    enabled         boolean     NOT NULL DEFAULT true,
    disabled_reason text,
    disabled_at     timestamptz,
    from_position   bigint      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_subscriber_idx ON webhook_endpoints (subscriber, created_at);

-- webhook_deliveries: the queue, one row an event and endpoint, written by the follower of the log in the
-- transaction that moves its checkpoint (so an event is queued exactly once, and never lost). message_id is the
-- webhook-id header, the same for every attempt; body is fixed when queued, so each attempt sends the same bytes.
-- due_at is when the event may first go (an embargoed story goes to most subscribers at its public time);
-- next_at when it is tried next. A story's rows go to an endpoint in position order: a row waits while an earlier
-- row of its story to that endpoint is pending.
CREATE TABLE webhook_deliveries (
    id           bigserial   PRIMARY KEY,
    endpoint_id  text        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id   text        NOT NULL,
    position     bigint      NOT NULL,
    story_id     text        NOT NULL,
    type         text        NOT NULL,
    body         text        NOT NULL,
    due_at       timestamptz NOT NULL,
    next_at      timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    state        text        NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'delivered', 'failed', 'canceled')),
    delivered_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, message_id)
);
-- What an endpoint's sender looks for: its pending rows by time, and a story's earlier pending rows.
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (endpoint_id, next_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_story_idx ON webhook_deliveries (endpoint_id, story_id, position)
    WHERE state = 'pending';
CREATE INDEX webhook_deliveries_position_idx ON webhook_deliveries (endpoint_id, position);

-- webhook_attempts: the delivery log an admin reads (galley subscribers deliveries NAME): each attempt with the
-- HTTP status it got (none when no answer came), how long it took, and what went wrong.
CREATE TABLE webhook_attempts (
    id          bigserial   PRIMARY KEY,
    delivery_id bigint      NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    endpoint_id text        NOT NULL,
    attempt     integer     NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    status      integer,
    latency_ms  integer     NOT NULL,
    error       text
);
CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (endpoint_id, id DESC);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id);
