// The embedded SQLite driver: the default store (one file, WAL).
#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace wsis::db {

struct SqliteOptions {
  std::string path;                 // the database file; ":memory:" is refused (pooled connections)
  int busy_timeout_ms = 5000;
  // FULL: a commit is on disk before it is acknowledged, also across a power cut. In WAL mode
  // NORMAL would only risk the last transactions on power loss, but WSIS Hub acknowledges
  // submissions and votes to people, and group commit (prizes) recovers the throughput.
  bool synchronous_full = true;
  std::size_t max_idle_connections = 16;
};

Result<std::unique_ptr<Database>> open_sqlite(const SqliteOptions& options);

}  // namespace wsis::db
