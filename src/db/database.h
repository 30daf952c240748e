// The database interface every module uses. One implementation per engine (sqlite/ now,
// postgres/ later); modules write portable SQL with "?" placeholders and RETURNING, and a
// contract test suite runs against each driver.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace wsis::db {

enum class Dialect { sqlite, postgres };

// A prepared statement. Parameters are numbered from 1, columns from 0.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_null(int index) = 0;
  virtual void bind(int index, std::int64_t value) = 0;
  virtual void bind(int index, double value) = 0;
  virtual void bind(int index, std::string_view value) = 0;
  // Bytes compared as bytes (collation keys), BLOB in SQLite, BYTEA in PostgreSQL.
  virtual void bind_blob(int index, std::string_view bytes) = 0;
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, bool value) { bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  void bind(int index, const char* value) { bind(index, std::string_view(value)); }
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  template <typename T>
  void bind(int index, const std::optional<T>& value) {
    if (value) bind(index, *value); else bind_null(index);
  }

  // Binds every argument in order from parameter 1.
  template <typename... Args>
  void bind_all(const Args&... args) {
    int index = 1;
    (bind(index++, args), ...);
  }

  // Advances to the next row: true if there is one, false when done. Errors: busy (lock held
  // past the timeout), conflict (a constraint), internal.
  virtual Result<bool> step() = 0;
  // Runs a statement that returns no rows (or ignores them) to completion.
  Result<void> run();

  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual double real(int column) const = 0;
  // Valid until the next step() or reset().
  virtual std::string_view text(int column) const = 0;
  std::string string(int column) const { return std::string(text(column)); }
  std::optional<std::string> optional_string(int column) const {
    return is_null(column) ? std::nullopt : std::optional<std::string>(string(column));
  }
  std::optional<std::int64_t> optional_int64(int column) const {
    return is_null(column) ? std::nullopt : std::optional<std::int64_t>(int64(column));
  }

  // Ready for another use: rows discarded, parameters cleared.
  virtual void reset() = 0;
  // Rows changed by the last completed INSERT/UPDATE/DELETE.
  virtual std::int64_t changes() const = 0;
};

// A statement taken from a connection's cache, reset when this handle goes out of scope so the
// next user finds it clean.
class StatementHandle {
 public:
  explicit StatementHandle(Statement& statement) : statement_(&statement) {}
  StatementHandle(StatementHandle&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
  StatementHandle(const StatementHandle&) = delete;
  StatementHandle& operator=(const StatementHandle&) = delete;
  ~StatementHandle() {
    if (statement_) statement_->reset();
  }
  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
};

enum class TransactionMode {
  read,   // a consistent snapshot for several reads
  write,  // takes the write lock at the start (SQLite: BEGIN IMMEDIATE), so it cannot fail
          // half-way with a lock upgrade error
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one or more statements without parameters (migrations, pragmas).
  virtual Result<void> execute_script(std::string_view sql) = 0;
  // A prepared statement from this connection's cache. The SQL text is the cache key. Throws
  // std::logic_error on SQL that does not compile: that is a programmer error.
  virtual StatementHandle prepare(std::string_view sql) = 0;

  virtual Result<void> begin(TransactionMode mode) = 0;
  virtual Result<void> commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;

  // Group commit with the wait for the disk on another thread. While deferred, a commit on this
  // connection returns once its transaction is written to the log, before the log is on disk;
  // the function log_syncer() returns (taken after a commit, on the connection's thread) makes
  // every commit made so far durable and may be called from any thread while this connection
  // goes on writing. Nothing written this way may be acknowledged before that function has
  // returned success. set_deferred_sync returns false where the driver has no such split
  // (only SQLite has it today): its commits stay durable as they return. Turn it off before the connection
  // goes back to the pool.
  virtual bool set_deferred_sync(bool /*deferred*/) { return false; }
  virtual std::function<Result<void>()> log_syncer() { return nullptr; }
};

// RAII transaction: rolls back unless committed.
class Transaction {
 public:
  static Result<Transaction> begin(Connection& connection, TransactionMode mode);
  Transaction(Transaction&& other) noexcept : connection_(std::exchange(other.connection_, nullptr)) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Result<void> commit();

 private:
  explicit Transaction(Connection& connection) : connection_(&connection) {}
  Connection* connection_;
};

class Database;

// A connection borrowed from the pool, returned when this goes out of scope.
class PooledConnection {
 public:
  PooledConnection(Database* owner, std::unique_ptr<Connection> connection)
      : owner_(owner), connection_(std::move(connection)) {}
  PooledConnection(PooledConnection&&) noexcept = default;
  PooledConnection& operator=(PooledConnection&&) noexcept = default;
  ~PooledConnection();
  Connection* operator->() const { return connection_.get(); }
  Connection& operator*() const { return *connection_; }

 private:
  Database* owner_;
  std::unique_ptr<Connection> connection_;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // Borrows a connection (opens a new one when the pool is empty).
  virtual Result<PooledConnection> connect() = 0;
  // A consistent copy of the live database written to `path`, without stopping writers.
  virtual Result<void> backup_to(const std::string& path) = 0;

 protected:
  friend class PooledConnection;
  virtual void give_back(std::unique_ptr<Connection> connection) = 0;
};

// Runs `work` in one transaction on a pooled connection, committing if it returns success.
// SQLite's busy errors inside are returned as they are; callers map them to 503.
template <typename Fn>
auto with_transaction(Database& database, TransactionMode mode, Fn&& work)
    -> decltype(work(std::declval<Connection&>())) {
  WSIS_ASSIGN(auto connection, database.connect());
  WSIS_ASSIGN(auto transaction, Transaction::begin(*connection, mode));
  auto result = work(*connection);
  if (!result) return result;
  WSIS_TRY(transaction.commit());
  return result;
}

}  // namespace wsis::db
