-- The public site finds a story by its slug, and lists a desk's stories newest first: the published table keeps
-- each story's desk, and is built again from the log to fill it in.
ALTER TABLE published ADD COLUMN desk text;
CREATE INDEX published_slug_idx ON published (slug);
CREATE INDEX published_desk_idx ON published (desk, public_at DESC, article_id DESC);
TRUNCATE published;
DELETE FROM subscriptions WHERE name = 'published';
