-- "Mine" on the board is what a person wrote or is assigned, so the board keeps each story's author; lists show
-- each story's length, so the articles table keeps its body's word count. Both are built again from the log.
ALTER TABLE board ADD COLUMN author text;
ALTER TABLE articles ADD COLUMN word_count integer NOT NULL DEFAULT 0;
TRUNCATE articles, board;
DELETE FROM subscriptions WHERE name IN ('articles', 'board');
