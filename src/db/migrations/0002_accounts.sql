-- Accounts: organisations, users, browser sessions, API tokens and login throttling.
-- Secrets are never stored in a usable form: passwords as argon2id strings, session ids and
-- API tokens as BLAKE2b hashes, so a copy of this database hands out no working credential.
CREATE TABLE organisations (
  id {{ID}},
  name TEXT NOT NULL,
  stakeholder_type TEXT NOT NULL,
  country TEXT NOT NULL,
  website TEXT,
  -- Bumped on every update: the ETag "v<version>" that If-Match must name.
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX organisations_by_country ON organisations (country, id);
CREATE INDEX organisations_by_type ON organisations (stakeholder_type, id);

CREATE TABLE users (
  id {{ID}},
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  display_name TEXT NOT NULL,
  language TEXT NOT NULL,
  -- Bitmask of the roles granted by an administrator (moderator, prize expert,
  -- administrator; core/actor.h). Contributor is implied for everyone and focal point comes
  -- from focal_point below, so neither is stored here.
  roles BIGINT NOT NULL DEFAULT 0,
  organisation_id BIGINT REFERENCES organisations (id),
  focal_point SMALLINT NOT NULL DEFAULT 0,
  email_verified SMALLINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Emails are stored lower-cased, so this is a case-insensitive uniqueness.
CREATE UNIQUE INDEX users_by_email ON users (email);
CREATE INDEX users_by_organisation ON users (organisation_id, id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id, last_seen_at);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
CREATE INDEX sessions_by_created ON sessions (created_at);

CREATE TABLE api_tokens (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  last_used_at BIGINT,
  -- Revoked tokens are kept (not deleted) so the audit log's targets still resolve.
  revoked_at BIGINT
);
CREATE UNIQUE INDEX api_tokens_by_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id);

-- Failed logins inside the throttle window (older rows are pruned as new ones arrive).
CREATE TABLE login_failures (
  id {{ID}},
  email TEXT NOT NULL,
  ip TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures (email, at_ms);
CREATE INDEX login_failures_by_ip ON login_failures (ip, at_ms);
CREATE INDEX login_failures_by_time ON login_failures (at_ms);

-- An email or an IP address that may not log in until until_ms.
CREATE TABLE login_locks (
  scope TEXT NOT NULL,
  subject TEXT NOT NULL,
  until_ms BIGINT NOT NULL,
  PRIMARY KEY (scope, subject)
);
