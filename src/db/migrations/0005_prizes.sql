-- The WSIS Prizes (docs/PRIZES.md): cycles, nominations, expert review, public voting and
-- results. Phase instants are unix milliseconds, UTC.
CREATE TABLE prize_cycles (
  id {{ID}},
  year INTEGER NOT NULL,
  title TEXT NOT NULL,
  -- The cycle as configured (categories, phases, rules, rubric) as JSON: read as a whole,
  -- never filtered on. Frozen once voting opens.
  config TEXT NOT NULL,
  -- Secret of the cycle: voters appear in the published log under BLAKE2b(secret, user id),
  -- so the log cannot be joined with the accounts.
  voter_secret TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX prize_cycles_by_year ON prize_cycles (year);

CREATE TABLE prize_nominations (
  id {{ID}},
  cycle_id BIGINT NOT NULL REFERENCES prize_cycles (id),
  category TEXT NOT NULL,
  entry_id BIGINT NOT NULL REFERENCES entries (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  owner_id BIGINT NOT NULL REFERENCES users (id),
  answers TEXT NOT NULL,
  -- "submitted" or "withdrawn"; eligibility comes from the reviews.
  state TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX prize_nominations_by_cycle ON prize_nominations (cycle_id, category, state);
CREATE INDEX prize_nominations_by_entry ON prize_nominations (entry_id, state);
CREATE INDEX prize_nominations_by_organisation ON prize_nominations (cycle_id, organisation_id, category, state);

CREATE TABLE prize_experts (
  cycle_id BIGINT NOT NULL REFERENCES prize_cycles (id),
  category TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users (id),
  PRIMARY KEY (cycle_id, category, user_id)
);

CREATE TABLE prize_conflicts (
  cycle_id BIGINT NOT NULL REFERENCES prize_cycles (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  nomination_id BIGINT NOT NULL REFERENCES prize_nominations (id),
  reason TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (user_id, nomination_id)
);

CREATE TABLE prize_reviews (
  nomination_id BIGINT NOT NULL REFERENCES prize_nominations (id),
  expert_id BIGINT NOT NULL REFERENCES users (id),
  scores TEXT NOT NULL,
  total BIGINT NOT NULL,
  eligible SMALLINT NOT NULL,
  reason TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (nomination_id, expert_id)
);

-- The current vote of each account in each category (what "one vote per account per
-- category" is enforced on).
CREATE TABLE prize_votes (
  cycle_id BIGINT NOT NULL,
  category TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  nomination_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (cycle_id, category, user_id)
);

-- Every vote cast, append-only: the published anonymised log. The tally is the count, per
-- nomination, of each voter's last row per category; anyone with the export recomputes it.
CREATE TABLE prize_vote_log (
  seq {{ID}},
  cycle_id BIGINT NOT NULL,
  category TEXT NOT NULL,
  voter TEXT NOT NULL,
  nomination_id BIGINT NOT NULL,
  receipt_hash TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX prize_vote_log_by_cycle ON prize_vote_log (cycle_id, seq);
CREATE UNIQUE INDEX prize_vote_log_by_receipt ON prize_vote_log (receipt_hash);

-- Signals of organised voting for moderators; votes are never discarded because of them.
CREATE TABLE prize_fraud_signals (
  id {{ID}},
  cycle_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX prize_fraud_signals_once ON prize_fraud_signals (cycle_id, kind, subject);

-- The expert group's pick among the finalists of a category.
CREATE TABLE prize_winners (
  cycle_id BIGINT NOT NULL,
  category TEXT NOT NULL,
  nomination_id BIGINT NOT NULL,
  picked_by BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (cycle_id, category)
);

-- Email verification links sent to voters (stored hashed, like every secret).
CREATE TABLE email_verifications (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
