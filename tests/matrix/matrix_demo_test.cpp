// The evidence matrix against SQL on a demo data set: every cell's entries, organisations and
// countries, and its lift, as the server answers them (index rebuilt at start-up, then kept
// current) and as GROUP BY queries over the projection tables count them, under several
// filters, by goal and by target.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <tuple>

#include "db/sqlite/sqlite_database.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

using Cell = std::pair<std::string, std::string>;  // (action line, goal or target)

struct Counts {
  std::int64_t entries = 0, organisations = 0, countries = 0;
};

class Sql {
 public:
  explicit Sql(const std::string& data_dir) {
    db::SqliteOptions options;
    options.path = data_dir + "/wsis.db";
    auto opened = db::open_sqlite(options);
    EXPECT_TRUE(opened.ok());
    database_ = std::move(*opened);
  }
  // Rows of (text, text, number) or (text, number).
  std::vector<std::tuple<std::string, std::string, std::int64_t>> rows(const std::string& sql) {
    std::vector<std::tuple<std::string, std::string, std::int64_t>> out;
    auto connection = database_->connect();
    auto s = (*connection)->prepare(sql);
    while (true) {
      auto row = s->step();
      EXPECT_TRUE(row.ok()) << sql;
      if (!row.ok() || !*row) break;
      out.emplace_back(s->string(0), s->string(1), s->int64(2));
    }
    return out;
  }

 private:
  std::unique_ptr<db::Database> database_;
};

struct Filter {
  std::string query;  // for the API
  std::string where;  // the same in SQL over `entries e`
};

TEST(MatrixDemo, EvidenceAgreesWithSqlUnderFilters) {
  TestServer server;
  std::string out;
  ASSERT_EQ(server.run_command({"demo", "--entries", "1500", "--seed", "3"}, &out), 0) << out;
  server.restart();  // the index is built from the database at start
  HttpClient client(server.port());
  Sql sql(server.data_dir());

  const std::vector<Filter> filters = {
      {"", "1=1"},
      {"region=africa", "EXISTS (SELECT 1 FROM entry_countries c WHERE c.entry_id = e.id AND c.region = 'africa')"},
      {"year=2020,2021", "e.reporting_year IN (2020, 2021)"},
      {"stakeholder_type=government&language=fr", "e.stakeholder_type = 'government' AND e.language = 'fr'"},
      {"action_line=C4&country=KEN,SEN",
       "EXISTS (SELECT 1 FROM entry_action_lines x WHERE x.entry_id = e.id AND x.code = 'C4') AND EXISTS (SELECT 1 "
       "FROM entry_countries c WHERE c.entry_id = e.id AND c.iso3 IN ('KEN', 'SEN'))"},
  };
  std::int64_t nonzero_cells = 0;
  for (bool targets : {false, true}) {
    std::string column = targets ? "t.target" : "CAST(t.goal AS TEXT)";
    std::string table = targets ? "entry_targets" : "entry_goals";
    for (const auto& f : filters) {
      std::string published = "FROM entries e WHERE e.state = 'published' AND " + f.where;
      std::string pairs = "FROM entries e JOIN entry_action_lines a ON a.entry_id = e.id JOIN " + table +
                          " t ON t.entry_id = e.id WHERE e.state = 'published' AND " + f.where;
      std::map<Cell, Counts> expected;
      for (auto& [line, col, n] : sql.rows("SELECT a.code, " + column + ", COUNT(*) " + pairs + " GROUP BY 1, 2"))
        expected[{line, col}].entries = n;
      for (auto& [line, col, n] :
           sql.rows("SELECT a.code, " + column + ", COUNT(DISTINCT e.organisation_id) " + pairs + " GROUP BY 1, 2"))
        expected[{line, col}].organisations = n;
      std::string with_countries = "FROM entries e JOIN entry_action_lines a ON a.entry_id = e.id JOIN " + table +
                                   " t ON t.entry_id = e.id JOIN entry_countries c ON c.entry_id = e.id"
                                   " WHERE e.state = 'published' AND " + f.where;
      for (auto& [line, col, n] :
           sql.rows("SELECT a.code, " + column + ", COUNT(DISTINCT c.iso3) " + with_countries + " GROUP BY 1, 2"))
        expected[{line, col}].countries = n;
      std::map<std::string, std::int64_t> per_line, per_column;
      for (auto& [line, unused, n] :
           sql.rows("SELECT a.code, '', COUNT(*) FROM entries e JOIN entry_action_lines a ON a.entry_id = e.id"
                    " WHERE e.state = 'published' AND " + f.where + " GROUP BY 1"))
        per_line[line] = n;
      for (auto& [col, unused, n] : sql.rows("SELECT " + column + ", '', COUNT(*) FROM entries e JOIN " + table +
                                             " t ON t.entry_id = e.id WHERE e.state = 'published' AND " + f.where +
                                             " GROUP BY 1"))
        per_column[col] = n;
      auto total = std::get<2>(sql.rows("SELECT '', '', COUNT(*) " + published).at(0));

      std::string query = std::string("/api/v1/matrix/evidence?level=") + (targets ? "target" : "goal") +
                          (f.query.empty() ? "" : "&" + f.query);
      auto response = client.get(query);
      ASSERT_EQ(response.status, 200) << query << ": " << response.body;
      auto body = response.json().as_object();
      EXPECT_EQ(body.at("total").as_int64(), total) << query;
      std::size_t matched = 0;
      for (const auto& c : body.at("cells").as_array()) {
        std::string line(c.at("action_line").as_string());
        std::string col = targets ? std::string(c.at("target").as_string()) : std::to_string(c.at("goal").as_int64());
        auto it = expected.find({line, col});
        Counts want = it == expected.end() ? Counts{} : it->second;
        if (it != expected.end()) ++matched;
        EXPECT_EQ(c.at("entries").as_int64(), want.entries) << query << " " << line << " x " << col;
        EXPECT_EQ(c.at("organisations").as_int64(), want.organisations) << query << " " << line << " x " << col;
        EXPECT_EQ(c.at("countries").as_int64(), want.countries) << query << " " << line << " x " << col;
        if (want.entries > 0) {
          ++nonzero_cells;
          double lift = static_cast<double>(want.entries) * static_cast<double>(total) /
                        (static_cast<double>(per_line[line]) * static_cast<double>(per_column[col]));
          EXPECT_NEAR(c.at("lift").as_double(), lift, 1e-9 * lift) << query << " " << line << " x " << col;
        }
      }
      // Every non-empty cell SQL finds is in the answer.
      EXPECT_EQ(matched, expected.size()) << query;
    }
  }
  EXPECT_GT(nonzero_cells, 500);  // the comparison covered a real spread of cells
}

}  // namespace
}  // namespace wsis::testing
