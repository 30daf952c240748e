// The `wsis` commands around the database: migrate, backup (checked with the sqlite3 library),
// and serve refusing a schema newer than the binary or a malformed address.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "db/migrations.h"
#include "support/http_client.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace {

using wsis::testing::run_process;
using wsis::testing::TempDir;
using wsis::testing::TestServer;

int wsis(std::vector<std::string> args, std::string* out) {
  args.insert(args.begin(), WSIS_BINARY);
  return run_process(args, out);
}

// Runs one statement with the plain sqlite3 library; the first column of the first row.
std::string sqlite(const std::string& path, const std::string& sql, int flags = SQLITE_OPEN_READONLY) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, flags, nullptr), SQLITE_OK) << path;
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* statement = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
    int rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW && sqlite3_column_text(statement, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    EXPECT_TRUE(rc == SQLITE_ROW || rc == SQLITE_DONE) << sql << ": " << sqlite3_errmsg(db);
  } else {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  }
  sqlite3_finalize(statement);
  sqlite3_close_v2(db);
  return out;
}

int newest_migration() { return wsis::db::embedded_migrations().back().version; }

TEST(FoundationCli, MigrateCreatesTheDatabaseAndIsRepeatable) {
  TempDir dir;
  std::string data = dir.file("data");  // does not exist yet
  std::string out;
  ASSERT_EQ(wsis({"migrate", "--data-dir", data}, &out), 0) << out;
  EXPECT_NE(out.find("database schema at version " + std::to_string(newest_migration())), std::string::npos) << out;
  ASSERT_TRUE(std::filesystem::exists(data + "/wsis.db"));
  EXPECT_EQ(sqlite(data + "/wsis.db", "SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(wsis::db::embedded_migrations().size()));
  EXPECT_EQ(sqlite(data + "/wsis.db", "PRAGMA journal_mode"), "wal");
  ASSERT_EQ(wsis({"migrate", "--data-dir", data}, &out), 0) << out;
  EXPECT_NE(out.find("version " + std::to_string(newest_migration())), std::string::npos) << out;
  EXPECT_EQ(sqlite(data + "/wsis.db", "SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(wsis::db::embedded_migrations().size()));
}

TEST(FoundationCli, BackupOfALiveServersDatabaseOpensWithSqlite) {
  TestServer server;
  wsis::testing::HttpClient client(server.port());
  ASSERT_EQ(client.get("/readyz").status, 200);
  TempDir out_dir;
  std::string copy = out_dir.file("wsis-backup.db");
  std::string out;
  ASSERT_EQ(server.run_command({"backup", "--output", copy}, &out), 0) << out;
  EXPECT_NE(out.find("backup written to " + copy), std::string::npos) << out;
  EXPECT_EQ(sqlite(copy, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(sqlite(copy, "SELECT COUNT(*) FROM schema_migrations"), std::to_string(wsis::db::embedded_migrations().size()));
  EXPECT_EQ(sqlite(copy, "SELECT MAX(version) FROM schema_migrations"), std::to_string(newest_migration()));
  EXPECT_EQ(sqlite(copy, "SELECT name FROM schema_migrations WHERE version = 1"), "foundation");
  EXPECT_EQ(sqlite(copy, "PRAGMA journal_mode"), "delete");
  EXPECT_FALSE(std::filesystem::exists(copy + "-wal"));
  EXPECT_EQ(client.get("/readyz").status, 200) << "the server kept serving during the backup";
}

TEST(FoundationCli, BackupNeverMigratesAndCopiesANewerDatabase) {
  // An older binary (or one installed before the server was restarted) backs up the database
  // as it is: no migration, no refusal.
  TempDir dir, out_dir;
  std::string out;
  ASSERT_EQ(wsis({"migrate", "--data-dir", dir.path()}, &out), 0) << out;
  sqlite(dir.file("wsis.db"), "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)",
         SQLITE_OPEN_READWRITE);
  std::string copy = out_dir.file("copy.db");
  ASSERT_EQ(wsis({"backup", "--data-dir", dir.path(), "--output", copy}, &out), 0) << out;
  EXPECT_EQ(sqlite(copy, "SELECT MAX(version) FROM schema_migrations"), "9999");
  EXPECT_EQ(sqlite(copy, "PRAGMA integrity_check"), "ok");
}

TEST(FoundationCli, BackupOfAMissingDatabaseCreatesNothing) {
  TempDir dir, out_dir;
  std::string data = dir.file("never-used");
  std::string out;
  EXPECT_EQ(wsis({"backup", "--data-dir", data, "--output", out_dir.file("copy.db")}, &out), 1) << out;
  EXPECT_NE(out.find("no database"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(data)) << "an empty database was created to be backed up";
  EXPECT_FALSE(std::filesystem::exists(out_dir.file("copy.db")));
}

TEST(FoundationCli, BackupToAnUnwritablePathFails) {
  TempDir dir;
  std::string out;
  ASSERT_EQ(wsis({"migrate", "--data-dir", dir.path()}, &out), 0) << out;
  EXPECT_EQ(wsis({"backup", "--data-dir", dir.path(), "--output", dir.file("no/such/dir/x.db")}, &out), 1) << out;
  EXPECT_NE(out.find("wsis backup:"), std::string::npos) << out;
  EXPECT_NE(wsis({"backup", "--data-dir", dir.path()}, &out), 0) << "--output is required";
}

TEST(FoundationCli, ServeAndMigrateRefuseADatabaseNewerThanTheBinary) {
  TempDir dir;
  std::string out;
  ASSERT_EQ(wsis({"migrate", "--data-dir", dir.path()}, &out), 0) << out;
  sqlite(dir.file("wsis.db"), "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)",
         SQLITE_OPEN_READWRITE);
  ASSERT_EQ(sqlite(dir.file("wsis.db"), "SELECT MAX(version) FROM schema_migrations"), "9999");

  int code = wsis({"serve", "--listen", "127.0.0.1:0", "--data-dir", dir.path(), "--port-file", dir.file("port"),
                   "--no-access-log", "--web-root", dir.file("no-web")},
                  &out);
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("9999"), std::string::npos) << out;
  EXPECT_NE(out.find("newer"), std::string::npos) << out;
  EXPECT_NE(out.find("upgrade wsis"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("port"))) << "it listened anyway";

  EXPECT_EQ(wsis({"migrate", "--data-dir", dir.path()}, &out), 1);
  EXPECT_NE(out.find("9999"), std::string::npos) << out;
  EXPECT_EQ(sqlite(dir.file("wsis.db"), "SELECT COUNT(*) FROM schema_migrations WHERE version = 9999"), "1");
}

TEST(FoundationCli, ServeRefusesAMalformedListenAddress) {
  TempDir dir;
  std::string out;
  EXPECT_EQ(wsis({"serve", "--listen", "localhost", "--data-dir", dir.path(), "--no-access-log"}, &out), 2) << out;
  EXPECT_NE(out.find("--listen"), std::string::npos) << out;
  EXPECT_EQ(wsis({"serve", "--listen", "127.0.0.1:99999", "--data-dir", dir.path(), "--no-access-log"}, &out), 2) << out;
}

TEST(FoundationCli, ServeRefusesAMalformedTrustedProxy) {
  TempDir dir;
  std::string out;
  EXPECT_EQ(wsis({"serve", "--listen", "127.0.0.1:0", "--trusted-proxy", "10.0.0.0/33", "--data-dir", dir.path(),
                  "--no-access-log", "--web-root", dir.file("no-web")},
                 &out),
            2)
      << out;
  EXPECT_NE(out.find("10.0.0.0/33"), std::string::npos) << out;
  // The same from the environment, one bad item among good ones.
  ASSERT_EQ(setenv("WSIS_TRUSTED_PROXIES", "127.0.0.1, proxy.example", 1), 0);
  int code = wsis({"serve", "--listen", "127.0.0.1:0", "--data-dir", dir.path(), "--no-access-log", "--web-root",
                   dir.file("no-web")},
                  &out);
  unsetenv("WSIS_TRUSTED_PROXIES");
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("proxy.example"), std::string::npos) << out;
}

TEST(FoundationCli, ServeReportsAPortInUse) {
  TestServer first;
  TempDir dir;
  std::string out;
  int code = wsis({"serve", "--listen", "127.0.0.1:" + std::to_string(first.port()), "--data-dir", dir.path(),
                   "--no-access-log", "--web-root", dir.file("no-web")},
                  &out);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("cannot listen"), std::string::npos) << out;
}

TEST(FoundationCli, ServeRefusesLimitsAndTimeoutsOfZero) {
  TempDir dir;
  for (auto flag : {"--read-timeout", "--idle-timeout", "--body-limit", "--header-limit"}) {
    std::string out;
    EXPECT_NE(wsis({"serve", "--listen", "127.0.0.1:0", "--data-dir", dir.path(), flag, "0"}, &out), 0) << flag;
    EXPECT_NE(out.find(flag), std::string::npos) << out;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("wsis.db"))) << "refused before touching the database";
}

TEST(FoundationCli, AnUnknownLogLevelDoesNotSilenceErrors) {
  TempDir dir;
  std::string out;
  ASSERT_EQ(wsis({"migrate", "--data-dir", dir.path()}, &out), 0) << out;
  sqlite(dir.file("wsis.db"), "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)",
         SQLITE_OPEN_READWRITE);
  EXPECT_EQ(wsis({"serve", "--listen", "127.0.0.1:0", "--data-dir", dir.path(), "--log-level", "verbose",
                  "--no-access-log"},
                 &out),
            1);
  EXPECT_NE(out.find("verbose"), std::string::npos) << "the bad level is reported: " << out;
  EXPECT_NE(out.find("9999"), std::string::npos) << "the refusal was not logged: " << out;
}

TEST(FoundationCli, AnUnwritablePortFileIsAnErrorNotACrash) {
  TempDir dir;
  std::string out;
  int code = wsis({"serve", "--listen", "127.0.0.1:0", "--data-dir", dir.path(), "--port-file",
                   dir.file("no/such/dir/port"), "--no-access-log", "--web-root", dir.file("no-web")},
                  &out);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("port file"), std::string::npos) << out;
}

TEST(FoundationCli, NoSubcommandIsAUsageError) {
  std::string out;
  EXPECT_NE(wsis({}, &out), 0);
  EXPECT_NE(wsis({"no-such-command"}, &out), 0);
}

}  // namespace
