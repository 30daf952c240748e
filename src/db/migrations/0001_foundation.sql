-- The change feed (outbox) that derived views follow, and the audit log.
CREATE TABLE change_feed (
  seq {{ID}},
  topic TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '',
  at_ms BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id {{ID}},
  at_ms BIGINT NOT NULL,
  actor_user_id BIGINT,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL DEFAULT '',
  target_id TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_actor ON audit_log (actor_user_id, at_ms);
CREATE INDEX audit_log_by_action ON audit_log (action, at_ms);
