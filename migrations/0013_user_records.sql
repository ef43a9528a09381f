-- Who could do what, and who changed it, is kept in the hash-chained log: every change to a user or a token
-- also appends an event to the stream user-<name> (UserAdded, UserRolesChanged, UserDisabled, UserEnabled,
-- UserDisplayNameChanged, TokenIssued, TokenRevoked) in the same transaction. These tables keep the current
-- state for fast checks. A user's display name is their default byline; a token may carry a label and expire.
ALTER TABLE users ADD COLUMN display_name text CHECK (display_name IS NULL OR display_name <> '');
ALTER TABLE api_tokens ADD COLUMN label text;
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
