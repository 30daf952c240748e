// Database::backup_to on SQLite: a consistent, standalone copy of a live database, taken while
// writers keep committing. The copy is checked with the sqlite3 library directly, not through
// our driver.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "db/sqlite/sqlite_database.h"
#include "support/temp_dir.h"

namespace wsis::db {
namespace {

using namespace std::chrono_literals;

// The copy, opened read-only with the plain sqlite3 API.
class Copy {
 public:
  explicit Copy(const std::string& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK) << path;
  }
  ~Copy() { sqlite3_close_v2(db_); }
  std::string text(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    std::string out;
    if (sqlite3_step(statement) == SQLITE_ROW) {
      const auto* p = sqlite3_column_text(statement, 0);
      out = p ? reinterpret_cast<const char*>(p) : "";
    }
    sqlite3_finalize(statement);
    return out;
  }
  std::int64_t number(const std::string& sql) { return std::stoll(text(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

class Backup : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options;
    options.path = dir_.file("live.db");
    auto database = open_sqlite(options);
    ASSERT_TRUE(database.ok());
    database_ = std::move(*database);
    auto connection = database_->connect();
    ASSERT_TRUE((*connection)
                    ->execute_script("CREATE TABLE rows (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, data TEXT NOT NULL);"
                                     "CREATE INDEX rows_by_batch ON rows (batch);")
                    .ok());
  }

  // One transaction of `size` rows, all with the same batch number.
  Result<void> write_batch(std::int64_t batch, int size, std::size_t data_bytes) {
    return with_transaction(*database_, TransactionMode::write, [&](Connection& c) -> Result<void> {
      auto insert = c.prepare("INSERT INTO rows (batch, data) VALUES (?, ?)");
      for (int i = 0; i < size; ++i) {
        insert->reset();
        insert->bind_all(batch, std::string(data_bytes, static_cast<char>('a' + (batch + i) % 26)));
        WSIS_TRY(insert->run());
      }
      return Ok{};
    });
  }

  // Keeps committing batches of 10 rows until stopped; returns how many it committed.
  std::thread start_writer(std::atomic<bool>& stop, std::atomic<std::int64_t>& committed, std::size_t data_bytes) {
    return std::thread([this, &stop, &committed, data_bytes] {
      for (std::int64_t batch = 1'000'000; !stop.load(); ++batch) {
        if (write_batch(batch, 10, data_bytes)) ++committed;
      }
    });
  }

  static void expect_consistent(const std::string& path) {
    Copy copy(path);
    EXPECT_EQ(copy.text("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(copy.text("PRAGMA journal_mode"), "delete") << "the copy should stand alone, without a WAL";
    EXPECT_EQ(copy.number("SELECT COUNT(*) FROM rows") % 10, 0) << "a transaction was copied half-way";
    EXPECT_EQ(copy.number("SELECT COUNT(*) FROM (SELECT batch FROM rows GROUP BY batch HAVING COUNT(*) <> 10)"), 0);
  }

  wsis::testing::TempDir dir_;
  std::unique_ptr<Database> database_;
};

TEST_F(Backup, CopyOfAQuietDatabaseHasEverything) {
  for (int b = 0; b < 20; ++b) ASSERT_TRUE(write_batch(b, 10, 50).ok());
  ASSERT_TRUE(database_->backup_to(dir_.file("copy.db")).ok());
  expect_consistent(dir_.file("copy.db"));
  Copy copy(dir_.file("copy.db"));
  EXPECT_EQ(copy.number("SELECT COUNT(*) FROM rows"), 200);
  EXPECT_EQ(copy.number("SELECT COUNT(*) FROM sqlite_master WHERE name = 'rows_by_batch'"), 1);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("copy.db-wal")));
}

TEST_F(Backup, ReplacesAnExistingFile) {
  {
    std::ofstream old(dir_.file("copy.db"));
    old << "not a database";
  }
  ASSERT_TRUE(write_batch(1, 10, 10).ok());
  // A file that is not a database cannot be a backup target: an error, not a crash.
  auto over_garbage = database_->backup_to(dir_.file("copy.db"));
  if (over_garbage.ok()) expect_consistent(dir_.file("copy.db"));
  // An older backup is overwritten with the current state.
  ASSERT_TRUE(database_->backup_to(dir_.file("copy2.db")).ok());
  ASSERT_TRUE(write_batch(2, 10, 10).ok());
  ASSERT_TRUE(database_->backup_to(dir_.file("copy2.db")).ok());
  Copy copy(dir_.file("copy2.db"));
  EXPECT_EQ(copy.number("SELECT COUNT(*) FROM rows"), 20);
}

TEST_F(Backup, UnwritableTargetIsAnError) {
  auto result = database_->backup_to(dir_.file("no/such/dir/copy.db"));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().detail.find("copy.db"), std::string::npos) << result.error().detail;
}

TEST_F(Backup, ConsistentWhileAnotherThreadKeepsWriting) {
  for (int b = 0; b < 50; ++b) ASSERT_TRUE(write_batch(b, 10, 100).ok());
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> committed{0};
  auto writer = start_writer(stop, committed, 100);
  while (committed.load() < 5) std::this_thread::sleep_for(1ms);
  auto result = database_->backup_to(dir_.file("copy.db"));
  std::int64_t before_stop = committed.load();
  stop = true;
  writer.join();
  ASSERT_TRUE(result.ok()) << result.error().detail;
  expect_consistent(dir_.file("copy.db"));
  Copy copy(dir_.file("copy.db"));
  auto rows = copy.number("SELECT COUNT(*) FROM rows");
  EXPECT_GE(rows, 500 + 5 * 10) << "the copy is older than the backup call";
  EXPECT_LE(rows, 500 + (before_stop + 1) * 10);
}

TEST_F(Backup, FinishesOnALargeDatabaseUnderConstantWrites) {
  // About 25 MB, a hundred 256-page slices. A copy that restarts from page 1 whenever another
  // connection commits never finishes against a writer that never pauses.
  ASSERT_TRUE(with_transaction(*database_, TransactionMode::write, [](Connection& c) -> Result<void> {
                auto insert = c.prepare("INSERT INTO rows (batch, data) VALUES (?, ?)");
                for (int i = 0; i < 6000; ++i) {
                  insert->reset();
                  insert->bind_all(std::int64_t{i / 10}, std::string(4000, static_cast<char>('a' + i % 26)));
                  WSIS_TRY(insert->run());
                }
                return Ok{};
              }).ok());
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> committed{0};
  auto writer = start_writer(stop, committed, 20);
  while (committed.load() < 3) std::this_thread::sleep_for(1ms);
  auto started = std::chrono::steady_clock::now();
  std::atomic<bool> finished{false};
  Result<void> result = Ok{};
  std::thread backup([&] {
    result = database_->backup_to(dir_.file("copy.db"));
    finished = true;
  });
  while (!finished.load() && std::chrono::steady_clock::now() - started < 5s) std::this_thread::sleep_for(5ms);
  bool in_time = finished.load();
  // Stopping the writer lets a starved backup finish, so the test ends either way.
  stop = true;
  writer.join();
  backup.join();
  EXPECT_TRUE(in_time) << "backup did not finish within 5 s while a writer kept committing";
  ASSERT_TRUE(result.ok()) << result.error().detail;
  expect_consistent(dir_.file("copy.db"));
  Copy copy(dir_.file("copy.db"));
  EXPECT_GE(copy.number("SELECT COUNT(*) FROM rows"), 6000);
}

}  // namespace
}  // namespace wsis::db
