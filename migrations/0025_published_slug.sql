-- A story's public page is found by its slug.
CREATE INDEX published_slug_idx ON published (slug);
