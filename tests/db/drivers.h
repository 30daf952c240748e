// The database drivers the contract tests run against. Each driver type knows how to open a
// fresh, empty store; every TYPED_TEST in tests/db runs once per driver. A PostgreSQL driver
// joins by adding a type here (opening a throw-away schema) to `Drivers`.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "db/database.h"
#include "db/sqlite/sqlite_database.h"
#include "support/temp_dir.h"

namespace wsis::db::testing {

struct SqliteDriver {
  static constexpr const char* kName = "sqlite";

  // A handle on the store this driver instance created. Every call opens another Database on the
  // same store, as a second process would; `busy_timeout_ms` bounds how long a writer waits for
  // another writer's lock.
  std::unique_ptr<Database> open(int busy_timeout_ms = 5000) {
    SqliteOptions options;
    options.path = dir.file("contract.db");
    options.busy_timeout_ms = busy_timeout_ms;
    auto database = open_sqlite(options);
    EXPECT_TRUE(database.ok()) << (database.ok() ? "" : database.error().detail);
    return database.ok() ? std::move(*database) : nullptr;
  }

  wsis::testing::TempDir dir;
};

using Drivers = ::testing::Types<SqliteDriver>;

struct DriverNames {
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};

}  // namespace wsis::db::testing
