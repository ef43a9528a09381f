-- Failed sign-ins by the name tried and the client's address together (OWASP): a stranger's failures for a name
-- slow only the stranger, never the name's owner signing in from elsewhere. The failures of one address over every
-- name also count, against a spray of names from one place. A row is forgotten once it has seen no failure for a
-- while (the server deletes such rows as it records failures), so unknown names do not pile up.
DROP TABLE sign_in_failures;

CREATE TABLE sign_in_failures (
    address     text        NOT NULL,
    name        text        NOT NULL,
    failures    integer     NOT NULL,
    last_failed timestamptz NOT NULL,
    PRIMARY KEY (address, name)
);
CREATE INDEX sign_in_failures_last_failed_idx ON sign_in_failures (last_failed);
