-- A public page's conditional GET is decided on the narrow columns of `published`, without its document: the
-- table keeps when what readers see of each story last changed (its Last-Modified), and is built again from the
-- log to fill it in.
ALTER TABLE published ADD COLUMN changed_at timestamptz;
TRUNCATE published;
DELETE FROM subscriptions WHERE name = 'published';
