// The data directory of a WSIS Hub instance: the SQLite database DIR/wsis.db. One place that
// opens it, for the server and every command (which live in libraries that cannot all depend
// on the app's).
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "db/database.h"
#include "db/migrations.h"

namespace wsis::db {

std::string database_path(const std::string& data_dir);

// Creates the directory if needed, opens DIR/wsis.db (created if missing) and applies the
// pending migrations; `report` says what was applied.
Result<std::unique_ptr<Database>> open_data_directory(const std::string& data_dir, const Clock& clock,
                                                      MigrationReport* report = nullptr);

// Opens DIR/wsis.db as it is: not created, not migrated (backups must not change what they copy).
// not_found when there is no database.
Result<std::unique_ptr<Database>> open_existing_database(const std::string& data_dir);

}  // namespace wsis::db
