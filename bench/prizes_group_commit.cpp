// SQLite's raw group-commit rate in one process, the ceiling of the vote endpoint's storage:
// rows shaped like a vote (a log row and an upsert of the account's current vote, the tables
// and indexes of migrations 0005 and 0006) written in transactions of N votes each, WAL and
// synchronous=FULL as the server runs it.
//
//   prizes_group_commit DIR [SECONDS_PER_SIZE]   -> one line per batch size: votes/s
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: prizes_group_commit DIR [SECONDS_PER_SIZE]\n");
    return 2;
  }
  double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  std::string path = std::string(argv[1]) + "/group_commit.db";
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db, "open");
  check(sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE log (seq INTEGER PRIMARY KEY, cycle_id INT, category TEXT, voter TEXT,"
                     " nomination_id INT, receipt_hash TEXT, at_ms INT);"
                     "CREATE INDEX log_by_cycle ON log (cycle_id, seq);"
                     "CREATE TABLE votes (cycle_id INT, category TEXT, user_id INT, nomination_id INT, seq INT,"
                     " PRIMARY KEY (cycle_id, category, user_id)) WITHOUT ROWID;",
                     nullptr, nullptr, nullptr),
        db, "schema");
  sqlite3_stmt* log = nullptr;
  sqlite3_stmt* vote = nullptr;
  check(sqlite3_prepare_v2(db,
                           "INSERT INTO log (cycle_id, category, voter, nomination_id, receipt_hash, at_ms)"
                           " VALUES (1, ?, ?, ?, ?, 0)",
                           -1, &log, nullptr),
        db, "prepare");
  check(sqlite3_prepare_v2(db,
                           "INSERT INTO votes VALUES (1, ?, ?, ?, ?) ON CONFLICT (cycle_id, category, user_id)"
                           " DO UPDATE SET nomination_id = excluded.nomination_id, seq = excluded.seq",
                           -1, &vote, nullptr),
        db, "prepare");
  long long counter = 0;
  char text[80];
  for (int batch : {1, 16, 64, 256, 1024}) {
    auto start = std::chrono::steady_clock::now();
    long long votes = 0;
    double elapsed = 0;
    do {
      check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
      for (int i = 0; i < batch; ++i, ++counter, ++votes) {
        std::snprintf(text, sizeof text, "C%lld", counter % 18);
        sqlite3_bind_text(log, 1, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(vote, 1, text, -1, SQLITE_TRANSIENT);
        std::snprintf(text, sizeof text, "%064lld", counter % 100000);
        sqlite3_bind_text(log, 2, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(log, 3, counter % 90);
        std::snprintf(text, sizeof text, "%064lld", counter);
        sqlite3_bind_text(log, 4, text, -1, SQLITE_TRANSIENT);
        check(sqlite3_step(log), db, "log");
        sqlite3_reset(log);
        sqlite3_bind_int64(vote, 2, counter % 100000);
        sqlite3_bind_int64(vote, 3, counter % 90);
        sqlite3_bind_int64(vote, 4, sqlite3_last_insert_rowid(db));
        check(sqlite3_step(vote), db, "vote");
        sqlite3_reset(vote);
      }
      check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < seconds);
    std::printf("RESULT batch=%d votes=%lld seconds=%.3f votes_per_s=%.0f\n", batch, votes, elapsed, votes / elapsed);
    std::fflush(stdout);
  }
  sqlite3_finalize(log);
  sqlite3_finalize(vote);
  sqlite3_close(db);
  std::remove(path.c_str());
  return 0;
}
