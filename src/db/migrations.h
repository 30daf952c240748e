// Numbered SQL migrations (src/db/migrations/NNNN_name.sql, linked into the binary), applied in
// order at start-up and by `wsis migrate`, each in its own transaction and recorded in
// schema_migrations.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "db/database.h"

namespace wsis::db {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;  // may use {{ID}} (auto-increment 64-bit primary key), {{BLOB}} and
                    // {{WITHOUT_ROWID}} (after a table's closing parenthesis), expanded per dialect
};

// The migrations embedded in the binary, sorted by version.
std::vector<Migration> embedded_migrations();

struct MigrationReport {
  int version_before = 0;
  int version_after = 0;
};

// Applies the pending migrations. Refuses (conflict) a database whose schema is newer than the
// newest migration this binary knows: an older binary must not write to it.
Result<MigrationReport> migrate(Database& database, const std::vector<Migration>& migrations, const Clock& clock);

// The highest applied version (0 for an empty database).
Result<int> schema_version(Database& database);

// Expands the dialect tokens of a migration's SQL.
std::string expand_dialect(std::string sql, Dialect dialect);

}  // namespace wsis::db
