// The composition root: opens the database, applies migrations, wires every module's routes
// into one router, and runs the server. The CLI and the tests go through here.
#pragma once

#include <memory>
#include <string>

#include "app/config.h"
#include "core/clock.h"
#include "db/database.h"
#include "http/router.h"

namespace wsis::app {

// Creates the data directory if needed, opens data_dir/wsis.db and migrates it.
Result<std::unique_ptr<db::Database>> open_database(const std::string& data_dir, const Clock& clock);

// Opens data_dir/wsis.db as it is: no directory or file is created and no migration runs, so
// that `wsis backup` never changes the database it copies (a newly installed binary run from
// cron must not migrate it under the server still running), and an older binary can copy a
// newer database. Errors (not_found) if there is no database there.
Result<std::unique_ptr<db::Database>> open_existing_database(const std::string& data_dir);

struct Modules;  // the domain modules' services, owned together

// Everything one running server needs, built once.
class Platform {
 public:
  Platform(db::Database& database, const Clock& clock, const ServeConfig& config);
  ~Platform();
  http::Router& router() { return router_; }
  Modules& modules() { return *modules_; }

 private:
  http::Router router_;
  std::unique_ptr<Modules> modules_;
};

// `wsis serve`: returns the process exit code.
int serve(const ServeConfig& config);

}  // namespace wsis::app
