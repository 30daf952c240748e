-- A fraud signal's number on its own (the milliseconds between an account's two votes, the
-- accounts voting from one network, the votes of new accounts in an hour), so that the
-- moderators' page says it in their language instead of showing the English `detail`. NULL for
-- signals flagged before this migration: their detail is all there is.
ALTER TABLE prize_fraud_signals ADD COLUMN measure BIGINT;
