-- Votes arrive by the tens of thousands per second in a campaign's last days, and every page a
-- vote touches is written twice (WAL, then checkpoint) and fsynced. Two of the three pages a
-- vote touched at random are gone:
-- * the unique index on receipt_hash: a receipt is now "<seq>.<secret>" and is checked on the
--   log row `seq` (the row's receipt_hash is the BLAKE2b hash of the secret), so nothing has
--   to find a row by its hash. Receipts issued before this migration (a bare secret) can no
--   longer be checked; there were none outside development.
-- * prize_votes' separate rowid table: the rows live in their primary key's B-tree.
DROP INDEX prize_vote_log_by_receipt;

CREATE TABLE prize_votes_by_key (
  cycle_id BIGINT NOT NULL,
  category TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  nomination_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (cycle_id, category, user_id)
) {{WITHOUT_ROWID}};
INSERT INTO prize_votes_by_key (cycle_id, category, user_id, nomination_id, seq)
  SELECT cycle_id, category, user_id, nomination_id, seq FROM prize_votes;
DROP TABLE prize_votes;
ALTER TABLE prize_votes_by_key RENAME TO prize_votes;
