-- Read models, rebuilt from the log at any time (galley projections rebuild). Each projection is a
-- subscription (see the subscriptions table) that writes its tables and its checkpoint in one transaction.

-- articles: every story's current state; `document` is the story as `galley show --json` prints it.
CREATE TABLE articles (
    id          text        PRIMARY KEY,
    stage       text        NOT NULL,
    revision    integer     NOT NULL,
    version     bigint      NOT NULL,
    headline    text        NOT NULL,
    slug        text        NOT NULL,
    desk        text        NOT NULL,
    author      text,
    assignee    text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    stage_since timestamptz NOT NULL,
    public_at   timestamptz,
    document    jsonb       NOT NULL
);
CREATE INDEX articles_stage_idx ON articles (stage, updated_at DESC);

-- board: the editors' board, stories by stage with the time they entered it.
CREATE TABLE board (
    article_id  text        PRIMARY KEY,
    stage       text        NOT NULL,
    headline    text        NOT NULL,
    desk        text        NOT NULL,
    assignee    text,
    stage_since timestamptz NOT NULL
);
CREATE INDEX board_stage_idx ON board (stage, stage_since);

-- claims: each story's fact-check checklist with the current verdicts.
CREATE TABLE claims (
    article_id  text        NOT NULL,
    claim_id    text        NOT NULL,
    ordinal     integer     NOT NULL,
    text        text        NOT NULL,
    speaker     text,
    source      text,
    rating      text,
    note        text,
    evidence    jsonb       NOT NULL DEFAULT '[]',
    ruled_by    text,
    ruled_at    timestamptz,
    PRIMARY KEY (article_id, claim_id)
);

-- published: stories that were published, with their public time. The feed is the rows whose public_at has
-- passed and that are not retracted; an embargoed story is here before its time but not in the feed.
CREATE TABLE published (
    article_id   text        PRIMARY KEY,
    slug         text        NOT NULL,
    headline     text        NOT NULL,
    public_at    timestamptz NOT NULL,
    revision     integer     NOT NULL,
    retracted    boolean     NOT NULL,
    corrections  integer     NOT NULL,
    updated_at   timestamptz NOT NULL,
    document     jsonb       NOT NULL
);
CREATE INDEX published_feed_idx ON published (public_at DESC) WHERE NOT retracted;
