-- The WSIS–SDG Matrix (src/matrix, docs/MATRIX.md): the links that UN agencies propose between
-- action lines and SDG goals or targets, with their provenance; the draft moderators edit; the
-- published versions, each dated and never changed afterwards; the moderators' decisions on
-- the evidence guidance.

-- The draft: the links the next published version will have. `target` is '' for a link to a
-- goal as a whole (the agencies' file writes such a link as a bare goal number).
CREATE TABLE matrix_links (
  id {{ID}},
  action_line TEXT NOT NULL,
  goal INTEGER NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  rationale TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  source_date TEXT NOT NULL DEFAULT '',
  entered_by BIGINT,            -- NULL: seeded from the agencies' file
  entered_at BIGINT NOT NULL,
  UNIQUE (action_line, goal, target)
);

-- Every edit of the draft, with the moderator's comment; `version_id` is set when the edit is
-- published.
CREATE TABLE matrix_draft_edits (
  id {{ID}},
  op TEXT NOT NULL,             -- add, remove
  action_line TEXT NOT NULL,
  goal INTEGER NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  actor_id BIGINT,
  at_ms BIGINT NOT NULL,
  version_id BIGINT
);

-- Published versions. Nothing updates or deletes these rows or their links: the service has
-- no such statement, and a test checks that publishing again leaves older versions as they were.
CREATE TABLE matrix_versions (
  id {{ID}},
  number INTEGER NOT NULL UNIQUE,
  published_at BIGINT NOT NULL,
  published_by BIGINT,
  note TEXT NOT NULL DEFAULT '',
  link_count INTEGER NOT NULL
);

CREATE TABLE matrix_version_links (
  version_id BIGINT NOT NULL REFERENCES matrix_versions (id),
  action_line TEXT NOT NULL,
  goal INTEGER NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  rationale TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  source_date TEXT NOT NULL DEFAULT '',
  entered_by BIGINT,
  entered_at BIGINT NOT NULL,
  PRIMARY KEY (version_id, action_line, goal, target)
);

-- A moderator's decision on one guidance item (a proposed link with little evidence, or a
-- strongly evidenced link not proposed); `version_id` is set when it is published.
CREATE TABLE matrix_guidance_decisions (
  id {{ID}},
  kind TEXT NOT NULL,           -- weak_link, missing_link
  action_line TEXT NOT NULL,
  goal INTEGER NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL,       -- accepted, rejected
  comment TEXT NOT NULL,
  actor_id BIGINT,
  at_ms BIGINT NOT NULL,
  version_id BIGINT
);
CREATE INDEX matrix_guidance_decisions_pending ON matrix_guidance_decisions (version_id, action_line, goal, target);

-- Which seed files have been loaded, so that seeding runs once.
CREATE TABLE matrix_seeds (
  source TEXT PRIMARY KEY,
  seeded_at BIGINT NOT NULL
);
