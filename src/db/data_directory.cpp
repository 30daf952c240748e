#include "db/data_directory.h"

#include <filesystem>

#include "db/sqlite/sqlite_database.h"

namespace wsis::db {

std::string database_path(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "wsis.db").string();
}

Result<std::unique_ptr<Database>> open_data_directory(const std::string& data_dir, const Clock& clock,
                                                      MigrationReport* report) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return make_error(ErrorCode::internal, "cannot create data directory " + data_dir + ": " + ec.message());
  SqliteOptions options;
  options.path = database_path(data_dir);
  WSIS_ASSIGN(auto database, open_sqlite(options));
  WSIS_ASSIGN(auto applied, migrate(*database, embedded_migrations(), clock));
  if (report) *report = applied;
  return database;
}

Result<std::unique_ptr<Database>> open_existing_database(const std::string& data_dir) {
  SqliteOptions options;
  options.path = database_path(data_dir);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.path, ec))
    return make_error(ErrorCode::not_found, "no database at " + options.path);
  return open_sqlite(options);
}

}  // namespace wsis::db
