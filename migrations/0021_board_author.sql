-- "Mine" on the board is what a person wrote or is assigned: the board keeps each story's author, and is built
-- again from the log to fill it in.
ALTER TABLE board ADD COLUMN author text;
TRUNCATE board;
DELETE FROM subscriptions WHERE name = 'board';
