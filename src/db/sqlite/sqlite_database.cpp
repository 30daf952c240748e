#include "db/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "core/string_hash.h"

namespace wsis::db {
namespace {

Error sqlite_error(sqlite3* handle, int code, std::string_view what) {
  std::string message = std::string(what) + ": " + (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(code));
  switch (code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return make_error(ErrorCode::busy, message);
    case SQLITE_CONSTRAINT:
      return make_error(ErrorCode::conflict, message);
    default:
      return make_error(ErrorCode::internal, message);
  }
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_null(int index) override { check(sqlite3_bind_null(stmt_, index), index); }
  void bind(int index, std::int64_t value) override { check(sqlite3_bind_int64(stmt_, index, value), index); }
  void bind(int index, double value) override { check(sqlite3_bind_double(stmt_, index, value), index); }
  // SQLite binds a null pointer as NULL, and an empty std::string_view (a header that was not
  // sent) has one: point at "" so that empty text stays empty text.
  void bind(int index, std::string_view value) override {
    check(sqlite3_bind_text64(stmt_, index, value.data() ? value.data() : "", value.size(), SQLITE_TRANSIENT,
                              SQLITE_UTF8),
          index);
  }
  void bind_blob(int index, std::string_view bytes) override {
    check(sqlite3_bind_blob64(stmt_, index, bytes.data() ? bytes.data() : "", bytes.size(), SQLITE_TRANSIENT), index);
  }
  using Statement::bind;

  Result<bool> step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    return sqlite_error(db_, rc, "step");
  }

  bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const override { return sqlite3_column_double(stmt_, column); }
  std::string_view text(int column) const override {
    // A BLOB column reads as its bytes: sqlite3_column_text would convert it, but blobs are
    // only collation keys, which we want byte for byte.
    const auto* p = sqlite3_column_type(stmt_, column) == SQLITE_BLOB
                        ? static_cast<const char*>(sqlite3_column_blob(stmt_, column))
                        : reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!p) return {};
    return std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t changes() const override { return changes_; }

 private:
  // A parameter index the statement does not have is a programmer error, like SQL that does
  // not compile (prepare): silently ignoring it would store NULL where a value was meant.
  void check(int rc, int index) const {
    if (rc != SQLITE_OK)
      throw std::logic_error("cannot bind parameter " + std::to_string(index) + " (" + sqlite3_errstr(rc) +
                             ") in: " + sqlite3_sql(stmt_));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::int64_t changes_ = 0;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, bool synchronous_full) : db_(db), synchronous_full_(synchronous_full) {}
  ~SqliteConnection() override {
    cache_.clear();  // statements must be finalised before the connection closes
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  Result<void> execute_script(std::string_view sql) override {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string what = message ? message : "exec";
      sqlite3_free(message);
      return sqlite_error(db_, rc, what);
    }
    return Ok{};
  }

  StatementHandle prepare(std::string_view sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                  nullptr);
      if (rc != SQLITE_OK)
        throw std::logic_error("SQL does not compile: " + std::string(sqlite3_errmsg(db_)) + " in: " + std::string(sql));
      it = cache_.emplace(std::string(sql), std::make_unique<SqliteStatement>(db_, stmt)).first;
    }
    return StatementHandle(*it->second);
  }

  Result<void> begin(TransactionMode mode) override {
    auto result = execute_script(mode == TransactionMode::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    return result;
  }
  Result<void> commit() override { return execute_script("COMMIT"); }
  void rollback() override { (void)execute_script("ROLLBACK"); }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }

  // Deferred: synchronous=NORMAL, so a commit writes its WAL frames without an fsync (a
  // checkpoint still syncs the WAL before copying it into the database, and a restarted WAL's
  // header is still synced); the log syncer then does what FULL does at the commit, an xSync
  // of the WAL, through the VFS so that a wrapping VFS (tests/prizes/power_cut_test.cpp) sees it.
  bool set_deferred_sync(bool deferred) override {
    if (!synchronous_full_) return false;
    return execute_script(deferred ? "PRAGMA synchronous=NORMAL;" : "PRAGMA synchronous=FULL;").ok();
  }
  std::function<Result<void>()> log_syncer() override {
    // The WAL's file object, open for as long as this connection is once it has read the
    // database. Called from another thread beside this connection's own writes: the unix VFS's
    // xSync only reads the descriptor and calls fdatasync, which the kernel allows beside
    // pwrite on the same file.
    sqlite3_file* wal = nullptr;
    if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK || !wal || !wal->pMethods)
      return nullptr;
    return [wal]() -> Result<void> {
      int rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
      if (rc != SQLITE_OK) return make_error(ErrorCode::internal, std::string("syncing the WAL: ") + sqlite3_errstr(rc));
      return Ok{};
    };
  }
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_;
  bool synchronous_full_;
  // Looked up by the caller's string_view: no string is built per prepare().
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>, StringViewHash, std::equal_to<>> cache_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(SqliteOptions options) : options_(std::move(options)) {}

  Dialect dialect() const override { return Dialect::sqlite; }

  Result<PooledConnection> connect() override {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return PooledConnection(this, std::move(connection));
      }
    }
    WSIS_ASSIGN(auto connection, open_connection());
    return PooledConnection(this, std::move(connection));
  }

  Result<std::unique_ptr<Connection>> open_connection() {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(options_.path.c_str(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      Error error = sqlite_error(db, rc, "open " + options_.path);
      sqlite3_close_v2(db);
      return error;
    }
    auto connection = std::make_unique<SqliteConnection>(db, options_.synchronous_full);
    sqlite3_busy_timeout(db, options_.busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=";
    pragmas += options_.synchronous_full ? "FULL;" : "NORMAL;";
    // Keep the WAL from growing without bound under steady writes.
    pragmas += "PRAGMA journal_size_limit=67108864;";
    WSIS_TRY(connection->execute_script(pragmas));
    return std::unique_ptr<Connection>(std::move(connection));
  }

  Result<void> backup_to(const std::string& path) override {
    WSIS_ASSIGN(auto source, connect());
    auto* source_handle = static_cast<SqliteConnection&>(*source).handle();
    sqlite3* target = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      Error error = sqlite_error(target, rc, "open backup target " + path);
      sqlite3_close_v2(target);
      return error;
    }
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", source_handle, "main");
    if (!backup) {
      Error error = sqlite_error(target, sqlite3_errcode(target), "backup init");
      sqlite3_close_v2(target);
      return error;
    }
    // Copy every page in one step: one read transaction, so one consistent snapshot. In WAL mode
    // a reader does not hold off writers, so nothing is gained by copying in slices, and slices
    // lose: a commit from another connection between two slices restarts the copy from page 1,
    // and against a steady writer a copy of more than a few megabytes never finished.
    do {
      rc = sqlite3_backup_step(backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    Result<void> result = Ok{};
    if (rc != SQLITE_DONE) result = sqlite_error(target, rc, "backup step");
    if (result) {
      // The copy is a standalone file: no WAL beside it.
      char* message = nullptr;
      sqlite3_exec(target, "PRAGMA journal_mode=DELETE;", nullptr, nullptr, &message);
      sqlite3_free(message);
    }
    sqlite3_close_v2(target);
    return result;
  }

 protected:
  void give_back(std::unique_ptr<Connection> connection) override {
    std::lock_guard lock(mutex_);
    if (idle_.size() < options_.max_idle_connections) idle_.push_back(std::move(connection));
  }

 private:
  SqliteOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const SqliteOptions& options) {
  if (options.path.empty() || options.path == ":memory:")
    return make_error(ErrorCode::internal, "SQLite needs a file path (pooled connections share it)");
  // SQLite's memory statistics take a global mutex on every allocation of every connection;
  // nothing here reads them. Only possible before SQLite's first use in the process: a later
  // call changes nothing (SQLITE_MISUSE), which is harmless.
  static std::once_flag no_memory_statistics;
  std::call_once(no_memory_statistics, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  auto database = std::make_unique<SqliteDatabase>(options);
  // Open one connection now so that a bad path fails at start-up, not on the first request.
  WSIS_ASSIGN(auto connection, database->connect());
  (void)connection;
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace wsis::db
