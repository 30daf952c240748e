// Migrations: applied in order, each recorded once; a second run does nothing; a failing
// migration leaves no trace; a database newer than the binary is refused; dialect tokens.
#include "db/migrations.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "drivers.h"

namespace wsis::db::testing {
namespace {

template <typename Driver>
class Migrations : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = driver_.open();
    ASSERT_NE(database_, nullptr);
  }

  // version -> name, applied_at
  std::vector<std::tuple<int, std::string, std::int64_t>> recorded() {
    auto connection = database_->connect();
    std::vector<std::tuple<int, std::string, std::int64_t>> rows;
    auto statement = (*connection)->prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    while (*statement->step())
      rows.emplace_back(static_cast<int>(statement->int64(0)), statement->string(1), statement->int64(2));
    return rows;
  }

  bool table_exists(const std::string& table) {
    auto connection = database_->connect();
    // Portable: selecting from a missing table does not compile.
    try {
      auto statement = (*connection)->prepare("SELECT COUNT(*) FROM " + table);
      return true;
    } catch (const std::logic_error&) {
      return false;
    }
  }

  static std::vector<Migration> two() {
    return {{1, "first", "CREATE TABLE a (id {{ID}}, x TEXT);"},
            {2, "second", "CREATE TABLE b (id {{ID}}, a_id BIGINT REFERENCES a (id)); INSERT INTO a (x) VALUES ('seed');"}};
  }

  Driver driver_;
  std::unique_ptr<Database> database_;
  ManualClock clock_{1'700'000'000'000};
};

TYPED_TEST_SUITE(Migrations, Drivers, DriverNames);

TYPED_TEST(Migrations, EmptyDatabaseIsVersionZero) {
  auto version = schema_version(*this->database_);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 0);
}

TYPED_TEST(Migrations, AppliesInOrderAndRecordsEachVersion) {
  auto report = migrate(*this->database_, this->two(), this->clock_);
  ASSERT_TRUE(report.ok()) << report.error().detail;
  EXPECT_EQ(report->version_before, 0);
  EXPECT_EQ(report->version_after, 2);
  EXPECT_TRUE(this->table_exists("a"));
  EXPECT_TRUE(this->table_exists("b"));
  auto rows = this->recorded();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], std::make_tuple(1, std::string("first"), std::int64_t{1'700'000'000'000}));
  EXPECT_EQ(rows[1], std::make_tuple(2, std::string("second"), std::int64_t{1'700'000'000'000}));
  EXPECT_EQ(*schema_version(*this->database_), 2);
}

TYPED_TEST(Migrations, SecondRunChangesNothing) {
  ASSERT_TRUE(migrate(*this->database_, this->two(), this->clock_).ok());
  this->clock_.advance(60'000);
  auto again = migrate(*this->database_, this->two(), this->clock_);
  ASSERT_TRUE(again.ok()) << again.error().detail;
  EXPECT_EQ(again->version_before, 2);
  EXPECT_EQ(again->version_after, 2);
  auto rows = this->recorded();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::get<2>(rows[1]), 1'700'000'000'000) << "re-recorded on the second run";
  auto connection = this->database_->connect();
  auto seeds = (*connection)->prepare("SELECT COUNT(*) FROM a");
  ASSERT_TRUE(*seeds->step());
  EXPECT_EQ(seeds->int64(0), 1) << "the seeding migration ran twice";
}

TYPED_TEST(Migrations, OnlyNewMigrationsRunOnUpgrade) {
  auto first = this->two();
  first.pop_back();
  ASSERT_TRUE(migrate(*this->database_, first, this->clock_).ok());
  this->clock_.advance(1000);
  auto report = migrate(*this->database_, this->two(), this->clock_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->version_before, 1);
  EXPECT_EQ(report->version_after, 2);
  auto rows = this->recorded();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::get<2>(rows[0]), 1'700'000'000'000);
  EXPECT_EQ(std::get<2>(rows[1]), 1'700'000'001'000);
}

TYPED_TEST(Migrations, AFailingMigrationLeavesNoTrace) {
  auto migrations = this->two();
  migrations.push_back({3, "broken", "CREATE TABLE c (id {{ID}}); INSERT INTO no_such_table VALUES (1);"});
  auto report = migrate(*this->database_, migrations, this->clock_);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().detail.find("no_such_table"), std::string::npos) << report.error().detail;
  EXPECT_EQ(*schema_version(*this->database_), 2) << "the good migrations before it stay applied";
  EXPECT_FALSE(this->table_exists("c")) << "half of the broken migration was kept";
  // Fixed, it applies on the next run.
  migrations.back().sql = "CREATE TABLE c (id {{ID}});";
  auto fixed = migrate(*this->database_, migrations, this->clock_);
  ASSERT_TRUE(fixed.ok()) << fixed.error().detail;
  EXPECT_EQ(fixed->version_after, 3);
  EXPECT_TRUE(this->table_exists("c"));
}

TYPED_TEST(Migrations, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_TRUE(migrate(*this->database_, this->two(), this->clock_).ok());
  {
    auto connection = this->database_->connect();
    auto insert = (*connection)->prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)");
    ASSERT_TRUE(insert->run().ok());
  }
  auto report = migrate(*this->database_, this->two(), this->clock_);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::conflict);
  EXPECT_NE(report.error().detail.find("9999"), std::string::npos) << report.error().detail;
  EXPECT_NE(report.error().detail.find("newer"), std::string::npos) << report.error().detail;
  EXPECT_NE(report.error().detail.find(" 2"), std::string::npos) << "names the binary's version: " << report.error().detail;
  // Nothing was applied on top.
  EXPECT_EQ(this->recorded().size(), 3u);
}

TYPED_TEST(Migrations, ConcurrentMigratorsApplyEachMigrationOnce) {
  // Two servers starting at once on one database: each migration must run exactly once.
  auto migrations = this->two();
  for (int v = 3; v <= 12; ++v)
    migrations.push_back({v, "m" + std::to_string(v), "INSERT INTO a (x) VALUES ('v" + std::to_string(v) + "');"});
  auto other = this->driver_.open();
  Result<MigrationReport> first = make_error(ErrorCode::internal, "not run"), second = first;
  std::thread a([&] { first = migrate(*this->database_, migrations, this->clock_); });
  std::thread b([&] { second = migrate(*other, migrations, this->clock_); });
  a.join();
  b.join();
  ASSERT_TRUE(first.ok()) << first.error().detail;
  ASSERT_TRUE(second.ok()) << second.error().detail;
  EXPECT_EQ(this->recorded().size(), 12u);
  auto connection = this->database_->connect();
  auto rows = (*connection)->prepare("SELECT COUNT(*) FROM a");
  ASSERT_TRUE(*rows->step());
  EXPECT_EQ(rows->int64(0), 11) << "one seed row and ten migration rows, each inserted once";
}

TYPED_TEST(Migrations, EmbeddedMigrationsApplyToAnEmptyDatabase) {
  auto migrations = embedded_migrations();
  auto report = migrate(*this->database_, migrations, this->clock_);
  ASSERT_TRUE(report.ok()) << report.error().detail;
  EXPECT_EQ(report->version_after, migrations.back().version);
  EXPECT_TRUE(this->table_exists("change_feed"));
  EXPECT_TRUE(this->table_exists("audit_log"));
  EXPECT_EQ(this->recorded().size(), migrations.size());
}

TEST(EmbeddedMigrations, AreSortedUniqueAndWellNamed) {
  auto migrations = embedded_migrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().version, 1);
  EXPECT_EQ(migrations.front().name, "foundation");
  std::set<int> versions;
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const auto& m = migrations[i];
    EXPECT_TRUE(versions.insert(m.version).second) << "version " << m.version << " twice";
    if (i > 0) {
      EXPECT_GT(m.version, migrations[i - 1].version);
    }
    EXPECT_FALSE(m.name.empty());
    EXPECT_EQ(m.name.find(".sql"), std::string::npos) << m.name;
    for (char c : m.name) {
      bool allowed = std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
      EXPECT_TRUE(allowed) << m.name;
    }
    EXPECT_FALSE(m.sql.empty()) << m.name;
  }
}

TEST(EmbeddedMigrations, MatchTheFilesInTheSourceTree) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(WSIS_SOURCE_DIR "/src/db/migrations"))
    if (entry.path().extension() == ".sql") on_disk.insert(entry.path().filename().string());
  std::set<std::string> embedded;
  for (const auto& m : embedded_migrations()) {
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "%04d_", m.version);
    embedded.insert(prefix + m.name + ".sql");
  }
  EXPECT_EQ(embedded, on_disk) << "a migration file is not NNNN_name.sql or not embedded (re-run cmake)";
}

TEST(ExpandDialect, IdBecomesEachEnginesAutoIncrementKey) {
  const std::string sql = "CREATE TABLE t (id {{ID}}, x TEXT); CREATE TABLE u (id {{ID}});";
  EXPECT_EQ(expand_dialect(sql, Dialect::sqlite),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT); CREATE TABLE u (id INTEGER PRIMARY KEY);");
  EXPECT_EQ(expand_dialect(sql, Dialect::postgres),
            "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x TEXT); "
            "CREATE TABLE u (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);");
}

TEST(ExpandDialect, AdjacentTokensAndTextWithoutTokens) {
  EXPECT_EQ(expand_dialect("{{ID}}{{ID}}", Dialect::sqlite), "INTEGER PRIMARY KEYINTEGER PRIMARY KEY");
  EXPECT_EQ(expand_dialect("SELECT '{{ID' || 'x}}'", Dialect::sqlite), "SELECT '{{ID' || 'x}}'");
  EXPECT_EQ(expand_dialect("", Dialect::postgres), "");
  EXPECT_EQ(expand_dialect("b {{BLOB}}", Dialect::sqlite), "b BLOB");
  EXPECT_EQ(expand_dialect("b {{BLOB}}", Dialect::postgres), "b BYTEA");
}

}  // namespace
}  // namespace wsis::db::testing
