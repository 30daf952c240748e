-- The Stocktaking database: entries, their revisions and workflow history.
-- An entry's content lives in entry_revisions as JSON, one row per saved version. The columns
-- of `entries` and the entry_* link tables describe the entry's *visible* revision (the
-- published one if there is one, else the newest) so that lists filter and sort in SQL.
CREATE TABLE entries (
  id {{ID}},
  external_id TEXT UNIQUE,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  owner_id BIGINT REFERENCES users (id),
  state TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  current_revision BIGINT NOT NULL,
  published_revision BIGINT,
  pending_revision BIGINT,
  pending_state TEXT,
  success_story INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  published_at BIGINT,
  last_confirmed_year INTEGER,
  inactive INTEGER NOT NULL DEFAULT 0,
  entry_type TEXT NOT NULL,
  language TEXT NOT NULL,
  title TEXT NOT NULL,
  project_status TEXT NOT NULL,
  reporting_year INTEGER NOT NULL,
  stakeholder_type TEXT NOT NULL,
  is_global INTEGER NOT NULL DEFAULT 0,
  -- ICU collation keys (primary strength) of the title shown in each language, so that a
  -- list sorted by title follows the reader's alphabet and pages by a simple comparison.
  title_key_ar {{BLOB}} NOT NULL DEFAULT '',
  title_key_en {{BLOB}} NOT NULL DEFAULT '',
  title_key_es {{BLOB}} NOT NULL DEFAULT '',
  title_key_fr {{BLOB}} NOT NULL DEFAULT '',
  title_key_ru {{BLOB}} NOT NULL DEFAULT '',
  title_key_zh {{BLOB}} NOT NULL DEFAULT ''
);
CREATE INDEX entries_by_state_date ON entries (state, published_at, id);
CREATE INDEX entries_by_organisation ON entries (organisation_id, state);
CREATE INDEX entries_by_owner ON entries (owner_id, state);

CREATE TABLE entry_revisions (
  entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  number BIGINT NOT NULL,
  content TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (entry_id, number)
);

CREATE TABLE entry_transitions (
  id {{ID}},
  entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  revision BIGINT NOT NULL,
  actor_id BIGINT,
  at_ms BIGINT NOT NULL,
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entry_transitions_by_entry ON entry_transitions (entry_id, id);

CREATE TABLE entry_action_lines (
  entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  is_primary INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (entry_id, code)
);
CREATE INDEX entry_action_lines_by_code ON entry_action_lines (code, entry_id);

CREATE TABLE entry_countries (
  entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  iso3 TEXT NOT NULL,
  region TEXT NOT NULL,
  PRIMARY KEY (entry_id, iso3)
);
CREATE INDEX entry_countries_by_iso3 ON entry_countries (iso3, entry_id);
CREATE INDEX entry_countries_by_region ON entry_countries (region, entry_id);

CREATE TABLE entry_goals (
  entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  goal INTEGER NOT NULL,
  PRIMARY KEY (entry_id, goal)
);
CREATE INDEX entry_goals_by_goal ON entry_goals (goal, entry_id);

CREATE TABLE entry_targets (
  entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  target TEXT NOT NULL,
  PRIMARY KEY (entry_id, target)
);
CREATE INDEX entry_targets_by_target ON entry_targets (target, entry_id);

-- The secretariat's yearly calls for updates.
CREATE TABLE update_calls (
  year INTEGER PRIMARY KEY,
  opened_at BIGINT NOT NULL,
  opened_by BIGINT
);
