#include "app/commands.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "app/platform.h"
#include "db/migrations.h"

namespace wsis::app {

int migrate_command(const CommandOptions& options) {
  SystemClock clock;
  auto database = open_database(options.data_dir, clock);
  if (!database) {
    std::cerr << "wsis migrate: " << database.error().detail << "\n";
    return 1;
  }
  auto version = db::schema_version(**database);
  std::cout << "database schema at version " << (version ? *version : 0) << "\n";
  return 0;
}

int backup_command(const CommandOptions& options, const std::string& output) {
  SystemClock clock;
  auto database = open_database(options.data_dir, clock);
  if (!database) {
    std::cerr << "wsis backup: " << database.error().detail << "\n";
    return 1;
  }
  if (auto done = (*database)->backup_to(output); !done) {
    std::cerr << "wsis backup: " << done.error().detail << "\n";
    return 1;
  }
  std::cout << "backup written to " << output << "\n";
  return 0;
}

void register_extra_commands(CLI::App&, CommandOptions&) {}

int run_extra_commands(CLI::App&, const CommandOptions&) { return 2; }

}  // namespace wsis::app
