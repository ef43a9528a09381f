-- Verdicts now belong to the revision they judged, claims can be withdrawn, and a story carries the note it
-- came back with. The claims table gains each claim's standing, and every story document gains new fields:
-- empty the read models and their checkpoints so that the projections fold every story again from the log.
ALTER TABLE claims ADD COLUMN standing text NOT NULL DEFAULT 'open';
ALTER TABLE claims ADD COLUMN verdict_revision integer;
TRUNCATE articles, board, claims, published;
DELETE FROM subscriptions WHERE name IN ('articles', 'board', 'claims', 'published');
