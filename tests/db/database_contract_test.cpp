// The contract every database driver keeps (db/database.h): typed binding, the statement cache,
// transactions, lock waits and busy errors, constraint errors as conflict, programmer errors as
// exceptions, and the connection pool. Written in portable SQL ("?" placeholders, {{ID}}) so
// the same suite runs against each driver listed in drivers.h.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <stdexcept>
#include <thread>

#include "db/migrations.h"
#include "drivers.h"

namespace wsis::db::testing {
namespace {

using namespace std::chrono_literals;

template <typename Driver>
class DatabaseContract : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = driver_.open();
    ASSERT_NE(database_, nullptr);
    auto connection = connect();
    exec(*connection,
         "CREATE TABLE items (id {{ID}}, name TEXT NOT NULL UNIQUE, qty BIGINT NOT NULL DEFAULT 0);"
         "CREATE TABLE parts (id {{ID}}, item_id BIGINT NOT NULL REFERENCES items (id), label TEXT);"
         "CREATE TABLE typed (id {{ID}}, i BIGINT, r DOUBLE PRECISION, t TEXT, b {{BLOB}});");
  }

  PooledConnection connect() { return connect(*database_); }
  static PooledConnection connect(Database& database) {
    auto connection = database.connect();
    if (!connection.ok()) throw std::runtime_error("connect failed: " + connection.error().detail);
    return std::move(connection).value();
  }

  static void exec(Connection& connection, const std::string& sql) {
    auto done = connection.execute_script(expand_dialect(sql, connection.dialect()));
    ASSERT_TRUE(done.ok()) << sql << ": " << done.error().detail;
  }

  static std::int64_t count(Connection& connection, const std::string& table) {
    auto statement = connection.prepare("SELECT COUNT(*) FROM " + table);
    auto row = statement->step();
    EXPECT_TRUE(row.ok() && *row);
    return row.ok() && *row ? statement->int64(0) : -1;
  }

  static Result<void> insert_item(Connection& connection, std::string_view name, std::int64_t qty = 0) {
    auto statement = connection.prepare("INSERT INTO items (name, qty) VALUES (?, ?)");
    statement->bind_all(name, qty);
    return statement->run();
  }

  Driver driver_;
  std::unique_ptr<Database> database_;
};

TYPED_TEST_SUITE(DatabaseContract, Drivers, DriverNames);

TYPED_TEST(DatabaseContract, BindsAndReadsBackEveryType) {
  auto connection = this->connect();
  auto insert = connection->prepare("INSERT INTO typed (i, r, t, b) VALUES (?, ?, ?, ?) RETURNING id");
  const std::string text = "h\xC3\xA9llo \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xE4\xBD\xA0\xE5\xA5\xBD";
  const std::string bytes("\x00\xFF\x01\x80", 4);
  insert->bind_all(std::numeric_limits<std::int64_t>::min(), 2.5, text);
  insert->bind_blob(4, bytes);
  auto row = insert->step();
  ASSERT_TRUE(row.ok() && *row);
  std::int64_t first = insert->int64(0);
  ASSERT_TRUE(insert->run().ok());
  insert->reset();

  // The convenience overloads: int, bool, const char*, std::string, optionals with and without a value.
  insert->bind_all(7, true, std::optional<std::string>{}, std::optional<std::string>{});
  ASSERT_TRUE(insert->run().ok());
  insert->reset();
  insert->bind_all(std::optional<std::int64_t>{std::numeric_limits<std::int64_t>::max()}, -0.125,
                   std::string("plain"), std::optional<std::string>{std::string("x")});
  ASSERT_TRUE(insert->run().ok());

  auto select = connection->prepare("SELECT i, r, t, b FROM typed WHERE id >= ? ORDER BY id");
  select->bind(1, first);
  ASSERT_EQ(*select->step(), true);
  EXPECT_EQ(select->int64(0), std::numeric_limits<std::int64_t>::min());
  EXPECT_DOUBLE_EQ(select->real(1), 2.5);
  EXPECT_EQ(select->text(2), text);
  EXPECT_EQ(select->text(3), bytes);
  EXPECT_FALSE(select->is_null(3));

  ASSERT_EQ(*select->step(), true);
  EXPECT_EQ(select->int64(0), 7);
  EXPECT_DOUBLE_EQ(select->real(1), 1.0);  // a bool binds as the integer 1
  EXPECT_TRUE(select->is_null(2));
  EXPECT_EQ(select->optional_string(2), std::nullopt);
  EXPECT_EQ(select->text(2), "");
  EXPECT_TRUE(select->is_null(3));

  ASSERT_EQ(*select->step(), true);
  EXPECT_EQ(select->optional_int64(0), std::numeric_limits<std::int64_t>::max());
  EXPECT_DOUBLE_EQ(select->real(1), -0.125);
  EXPECT_EQ(select->optional_string(2), "plain");
  EXPECT_EQ(select->string(3), "x");
  EXPECT_EQ(*select->step(), false);
}

TYPED_TEST(DatabaseContract, EmptyTextIsEmptyNotNull) {
  // A default std::string_view (a header that was not sent) has no data pointer at all.
  auto connection = this->connect();
  auto statement = connection->prepare("SELECT ? IS NULL, LENGTH(?), ? IS NULL");
  statement->bind(1, std::string_view{});
  statement->bind(2, std::string_view{});
  statement->bind_blob(3, std::string_view{});
  ASSERT_EQ(*statement->step(), true);
  EXPECT_EQ(statement->int64(0), 0) << "an empty string_view was stored as NULL";
  EXPECT_EQ(statement->int64(1), 0);
  EXPECT_EQ(statement->int64(2), 0) << "an empty blob was stored as NULL";
}

TYPED_TEST(DatabaseContract, BindingAParameterThatDoesNotExistIsAProgrammerError) {
  auto connection = this->connect();
  auto statement = connection->prepare("SELECT ?, ?");
  EXPECT_THROW(statement->bind(3, std::int64_t{1}), std::logic_error);
  EXPECT_THROW(statement->bind(0, "zero"), std::logic_error);
  EXPECT_THROW(statement->bind_all(1, 2, 3), std::logic_error);
  statement->reset();
  statement->bind_all(1, "two");
  ASSERT_EQ(*statement->step(), true);
  EXPECT_EQ(statement->int64(0), 1);
  EXPECT_EQ(statement->text(1), "two");
}

TYPED_TEST(DatabaseContract, StatementCacheHandsOutTheSameStatementReset) {
  auto connection = this->connect();
  ASSERT_TRUE(this->insert_item(*connection, "a").ok());
  ASSERT_TRUE(this->insert_item(*connection, "b").ok());
  ASSERT_TRUE(this->insert_item(*connection, "c").ok());
  const std::string sql = "SELECT name FROM items WHERE qty >= ? ORDER BY name";
  Statement* first_address = nullptr;
  {
    auto statement = connection->prepare(sql);
    first_address = &*statement;
    statement->bind(1, std::int64_t{0});
    ASSERT_EQ(*statement->step(), true);
    EXPECT_EQ(statement->text(0), "a");
    ASSERT_EQ(*statement->step(), true);
    EXPECT_EQ(statement->text(0), "b");
    // Dropped half-way: the handle resets the statement.
  }
  auto again = connection->prepare(sql);
  EXPECT_EQ(&*again, first_address) << "the SQL text is the cache key";
  // The binding was cleared too: "qty >= NULL" matches nothing.
  EXPECT_EQ(*again->step(), false);
  again->reset();
  again->bind(1, std::int64_t{0});
  ASSERT_EQ(*again->step(), true);
  EXPECT_EQ(again->text(0), "a") << "a reused statement starts from the first row";
  EXPECT_NE(&*connection->prepare("SELECT name FROM items"), first_address);
}

TYPED_TEST(DatabaseContract, AStatementThatFailedCanBeUsedAgain) {
  auto connection = this->connect();
  ASSERT_TRUE(this->insert_item(*connection, "dup").ok());
  auto failed = this->insert_item(*connection, "dup");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::conflict) << failed.error().detail;
  EXPECT_TRUE(this->insert_item(*connection, "other").ok());
  EXPECT_EQ(this->count(*connection, "items"), 2);
}

TYPED_TEST(DatabaseContract, ChangesCountsTheRowsOfTheLastWrite) {
  auto connection = this->connect();
  for (auto name : {"a", "b", "c"}) ASSERT_TRUE(this->insert_item(*connection, name, 1).ok());
  auto update = connection->prepare("UPDATE items SET qty = qty + 1 WHERE name <> ?");
  update->bind(1, "c");
  ASSERT_TRUE(update->run().ok());
  EXPECT_EQ(update->changes(), 2);
  auto none = connection->prepare("DELETE FROM items WHERE name = ?");
  none->bind(1, "zzz");
  ASSERT_TRUE(none->run().ok());
  EXPECT_EQ(none->changes(), 0);
}

TYPED_TEST(DatabaseContract, UniqueViolationIsConflict) {
  auto connection = this->connect();
  ASSERT_TRUE(this->insert_item(*connection, "x").ok());
  auto again = this->insert_item(*connection, "x");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_NE(again.error().detail.find("UNIQUE"), std::string::npos) << again.error().detail;
}

TYPED_TEST(DatabaseContract, NotNullViolationIsConflict) {
  auto connection = this->connect();
  auto statement = connection->prepare("INSERT INTO items (name) VALUES (?)");
  statement->bind_null(1);
  auto result = statement->run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::conflict);
}

TYPED_TEST(DatabaseContract, ForeignKeysAreEnforced) {
  auto connection = this->connect();
  auto orphan = connection->prepare("INSERT INTO parts (item_id, label) VALUES (?, ?)");
  orphan->bind_all(std::int64_t{12345}, "orphan");
  auto result = orphan->run();
  ASSERT_FALSE(result.ok()) << "a part pointing at no item was accepted";
  EXPECT_EQ(result.error().code, ErrorCode::conflict);

  ASSERT_TRUE(this->insert_item(*connection, "parent").ok());
  auto id = connection->prepare("SELECT id FROM items WHERE name = 'parent'");
  ASSERT_EQ(*id->step(), true);
  std::int64_t parent = id->int64(0);
  orphan->reset();
  orphan->bind_all(parent, "child");
  ASSERT_TRUE(orphan->run().ok());
  auto remove = connection->prepare("DELETE FROM items WHERE id = ?");
  remove->bind(1, parent);
  auto removed = remove->run();
  ASSERT_FALSE(removed.ok()) << "deleting a referenced row was accepted";
  EXPECT_EQ(removed.error().code, ErrorCode::conflict);
}

TYPED_TEST(DatabaseContract, SqlThatDoesNotCompileIsAProgrammerError) {
  auto connection = this->connect();
  EXPECT_THROW(connection->prepare("SELEC 1"), std::logic_error);
  EXPECT_THROW(connection->prepare("SELECT nope FROM items"), std::logic_error);
  EXPECT_THROW(connection->prepare("SELECT * FROM no_such_table"), std::logic_error);
  // The connection is still usable after the throw.
  EXPECT_EQ(this->count(*connection, "items"), 0);
  // A script is run, not prepared: its errors are values.
  auto script = connection->execute_script("CREATE TABLE; nonsense");
  ASSERT_FALSE(script.ok());
  EXPECT_EQ(script.error().code, ErrorCode::internal);
}

TYPED_TEST(DatabaseContract, TransactionRollsBackUnlessCommitted) {
  auto connection = this->connect();
  {
    auto transaction = Transaction::begin(*connection, TransactionMode::write);
    ASSERT_TRUE(transaction.ok());
    EXPECT_TRUE(connection->in_transaction());
    ASSERT_TRUE(this->insert_item(*connection, "lost").ok());
    EXPECT_EQ(this->count(*connection, "items"), 1);
  }
  EXPECT_FALSE(connection->in_transaction());
  EXPECT_EQ(this->count(*connection, "items"), 0);
}

TYPED_TEST(DatabaseContract, CommitPersistsAndOthersSeeIt) {
  {
    auto connection = this->connect();
    auto transaction = Transaction::begin(*connection, TransactionMode::write);
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(this->insert_item(*connection, "kept").ok());
    ASSERT_TRUE(transaction->commit().ok());
    EXPECT_FALSE(connection->in_transaction());
    auto twice = transaction->commit();
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, ErrorCode::internal);
  }
  auto other = this->driver_.open();
  auto connection = this->connect(*other);
  EXPECT_EQ(this->count(*connection, "items"), 1);
}

TYPED_TEST(DatabaseContract, MovedTransactionRollsBackOnce) {
  auto connection = this->connect();
  {
    auto begun = Transaction::begin(*connection, TransactionMode::write);
    ASSERT_TRUE(begun.ok());
    Transaction moved = std::move(begun).value();
    ASSERT_TRUE(this->insert_item(*connection, "x").ok());
  }
  EXPECT_FALSE(connection->in_transaction());
  EXPECT_EQ(this->count(*connection, "items"), 0);
}

TYPED_TEST(DatabaseContract, ReadTransactionSeesOneSnapshot) {
  auto reader = this->connect();
  auto writer = this->connect();
  ASSERT_TRUE(this->insert_item(*writer, "before").ok());
  auto snapshot = Transaction::begin(*reader, TransactionMode::read);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(this->count(*reader, "items"), 1);
  ASSERT_TRUE(this->insert_item(*writer, "during").ok());
  EXPECT_EQ(this->count(*reader, "items"), 1) << "a read transaction saw a later commit";
  ASSERT_TRUE(snapshot->commit().ok());
  EXPECT_EQ(this->count(*reader, "items"), 2);
}

TYPED_TEST(DatabaseContract, SecondWriterWaitsForTheLock) {
  auto first = this->connect();
  auto holder = Transaction::begin(*first, TransactionMode::write);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE(this->insert_item(*first, "first").ok());

  auto patient = this->driver_.open(/*busy_timeout_ms=*/5000);
  auto started = std::chrono::steady_clock::now();
  std::atomic<bool> done{false};
  Result<void> outcome = Ok{};
  std::chrono::steady_clock::duration waited{};
  std::thread second([&] {
    outcome = with_transaction(*patient, TransactionMode::write,
                               [&](Connection& c) { return this->insert_item(c, "second"); });
    waited = std::chrono::steady_clock::now() - started;
    done = true;
  });
  std::this_thread::sleep_for(150ms);
  EXPECT_FALSE(done.load()) << "the second writer did not wait for the lock";
  ASSERT_TRUE(holder->commit().ok());
  second.join();
  EXPECT_TRUE(outcome.ok()) << outcome.error().detail;
  EXPECT_GE(waited, 140ms);
  EXPECT_EQ(this->count(*first, "items"), 2);
}

TYPED_TEST(DatabaseContract, SecondWriterGetsBusyPastTheTimeout) {
  auto first = this->connect();
  auto holder = Transaction::begin(*first, TransactionMode::write);
  ASSERT_TRUE(holder.ok());

  auto impatient = this->driver_.open(/*busy_timeout_ms=*/100);
  auto connection = this->connect(*impatient);
  auto started = std::chrono::steady_clock::now();
  auto second = Transaction::begin(*connection, TransactionMode::write);
  auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(second.ok()) << "two write transactions at once";
  EXPECT_EQ(second.error().code, ErrorCode::busy) << second.error().detail;
  EXPECT_GE(waited, 90ms) << "gave up before the busy timeout";
  EXPECT_LT(waited, 3s);
  EXPECT_FALSE(connection->in_transaction());
  // Once the lock is free the same connection writes normally.
  ASSERT_TRUE(holder->commit().ok());
  auto retry = Transaction::begin(*connection, TransactionMode::write);
  ASSERT_TRUE(retry.ok()) << retry.error().detail;
}

TYPED_TEST(DatabaseContract, ConnectionsReturnToThePoolRolledBack) {
  {
    auto connection = this->connect();
    ASSERT_TRUE(connection->begin(TransactionMode::write).ok());
    ASSERT_TRUE(this->insert_item(*connection, "abandoned").ok());
    // Returned to the pool with the transaction open (no Transaction object).
  }
  auto next = this->connect();
  EXPECT_FALSE(next->in_transaction());
  EXPECT_EQ(this->count(*next, "items"), 0);
  // The write lock was released: a writer with no patience gets it at once.
  auto impatient = this->driver_.open(/*busy_timeout_ms=*/0);
  auto other = this->connect(*impatient);
  auto write = Transaction::begin(*other, TransactionMode::write);
  EXPECT_TRUE(write.ok()) << write.error().detail;
}

TYPED_TEST(DatabaseContract, WithTransactionCommitsOnSuccessOnly) {
  auto ok = with_transaction(*this->database_, TransactionMode::write, [&](Connection& c) -> Result<int> {
    WSIS_TRY(this->insert_item(c, "committed"));
    return 42;
  });
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 42);
  auto failed = with_transaction(*this->database_, TransactionMode::write, [&](Connection& c) -> Result<int> {
    WSIS_TRY(this->insert_item(c, "rolled back"));
    return make_error(ErrorCode::validation, "the service said no");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().detail, "the service said no");
  auto connection = this->connect();
  EXPECT_EQ(this->count(*connection, "items"), 1);
}

TYPED_TEST(DatabaseContract, ConcurrentWritersFromManyThreadsAllCommit) {
  ASSERT_TRUE(this->insert_item(*this->connect(), "counter", 0).ok());
  constexpr int kThreads = 4, kIncrements = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto done = with_transaction(*this->database_, TransactionMode::write, [](Connection& c) -> Result<void> {
          auto read = c.prepare("SELECT qty FROM items WHERE name = 'counter'");
          WSIS_ASSIGN(bool row, read->step());
          if (!row) return make_error(ErrorCode::internal, "no counter");
          std::int64_t qty = read->int64(0);
          auto write = c.prepare("UPDATE items SET qty = ? WHERE name = 'counter'");
          write->bind(1, qty + 1);
          return write->run();
        });
        if (!done) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto connection = this->connect();
  auto read = connection->prepare("SELECT qty FROM items WHERE name = 'counter'");
  ASSERT_EQ(*read->step(), true);
  EXPECT_EQ(read->int64(0), kThreads * kIncrements) << "lost updates: write transactions overlapped";
}

// --- SQLite only ------------------------------------------------------------------------------

class SqliteDriverTest : public ::testing::Test {
 protected:
  static std::string pragma(Connection& connection, const std::string& name) {
    auto statement = connection.prepare("PRAGMA " + name);
    auto row = statement->step();
    EXPECT_TRUE(row.ok() && *row) << name;
    return row.ok() && *row ? statement->string(0) : std::string{};
  }
  // A database in the test's directory, with durable commits or not.
  std::unique_ptr<Database> open(const std::string& name, bool synchronous_full = true) {
    SqliteOptions options;
    options.path = dir_.file(name);
    options.synchronous_full = synchronous_full;
    auto database = open_sqlite(options);
    EXPECT_TRUE(database.ok()) << name;
    return database.ok() ? std::move(*database) : nullptr;
  }
  wsis::testing::TempDir dir_;
};

TEST_F(SqliteDriverTest, EveryConnectionIsWalWithFullSyncAndForeignKeys) {
  SqliteOptions options;
  options.path = dir_.file("pragmas.db");
  options.busy_timeout_ms = 1234;
  auto database = open_sqlite(options);
  ASSERT_TRUE(database.ok());
  // Two connections held at once: the second is newly opened, not the first one reused.
  auto a = (*database)->connect();
  auto b = (*database)->connect();
  ASSERT_TRUE(a.ok() && b.ok());
  for (Connection* connection : {&**a, &**b}) {
    EXPECT_EQ(pragma(*connection, "journal_mode"), "wal");
    EXPECT_EQ(pragma(*connection, "synchronous"), "2") << "2 is FULL";
    EXPECT_EQ(pragma(*connection, "foreign_keys"), "1");
    EXPECT_EQ(pragma(*connection, "busy_timeout"), "1234");
    EXPECT_EQ(connection->dialect(), Dialect::sqlite);
  }
  EXPECT_EQ((*database)->dialect(), Dialect::sqlite);
}

TEST_F(SqliteDriverTest, NormalSynchronousWhenAsked) {
  auto database = open("normal.db", false);
  ASSERT_TRUE(database);
  auto connection = database->connect();
  ASSERT_TRUE(connection.ok());
  EXPECT_EQ(pragma(**connection, "synchronous"), "1");
}

// The vote committer's split commit: NORMAL while deferred, a syncer for the WAL, FULL again
// after; a database opened without durable commits has nothing to split.
TEST_F(SqliteDriverTest, DeferredSyncIsNormalUntilTurnedOffAndItsSyncerSyncsTheWal) {
  auto database = open("deferred.db");
  ASSERT_TRUE(database);
  auto connection = database->connect();
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE((**connection).execute_script("CREATE TABLE t (x INTEGER);").ok());
  auto syncer = (**connection).log_syncer();
  ASSERT_TRUE(syncer);
  ASSERT_TRUE((**connection).set_deferred_sync(true));
  EXPECT_EQ(pragma(**connection, "synchronous"), "1");
  ASSERT_TRUE((**connection).execute_script("INSERT INTO t VALUES (1);").ok());
  EXPECT_TRUE(syncer().ok());
  ASSERT_TRUE((**connection).set_deferred_sync(false));
  EXPECT_EQ(pragma(**connection, "synchronous"), "2");

  auto undurable = open("normal-deferred.db", false);
  ASSERT_TRUE(undurable);
  auto other = undurable->connect();
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE((**other).set_deferred_sync(true));
}

TEST_F(SqliteDriverTest, InMemoryAndUnopenablePathsAreErrorsNotCrashes) {
  for (std::string path : {std::string(":memory:"), std::string(""), dir_.file("no/such/dir/x.db")}) {
    SqliteOptions options;
    options.path = path;
    auto database = open_sqlite(options);
    ASSERT_FALSE(database.ok()) << path;
    EXPECT_FALSE(database.error().detail.empty());
  }
}

TEST_F(SqliteDriverTest, IdleConnectionsAreReused) {
  SqliteOptions options;
  options.path = dir_.file("pool.db");
  auto database = open_sqlite(options);
  ASSERT_TRUE(database.ok());
  Connection* first = nullptr;
  {
    auto connection = (*database)->connect();
    ASSERT_TRUE(connection.ok());
    first = &**connection;
  }
  auto again = (*database)->connect();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(&**again, first);
}

}  // namespace
}  // namespace wsis::db::testing
