// Search quality on the judged set (judged_queries.json): the real server, loaded with the demo
// corpus the set was judged on, answers every query through GET /api/v1/search; nDCG@10 and
// recall@100 must not fall below the figures recorded in quality_baseline.json. Run it alone
// to see the figures per query and language:
//
//   build/tests/search/search_quality_test
//
// After a change that improves them, record the new figures (rounded down) in the baseline.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fstream>
#include <sstream>

#include "search/judged_set.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

std::string encoded(const std::string& text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

json::object read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str()).as_object();
}

TEST(SearchQuality, JudgedQueriesScoreAtLeastTheRecordedFigures) {
  const std::string dir = std::string(WSIS_SOURCE_DIR) + "/tests/search/";
  JudgedSet set = load_judged_set(dir + "judged_queries.json");
  ASSERT_GE(set.queries.size(), 60u);

  TestServer server;
  std::string out;
  ASSERT_EQ(server.run_command({"demo", "--entries", std::to_string(set.entries), "--seed", std::to_string(set.seed)}, &out),
            0)
      << out;
  server.restart();  // the index is built from the loaded database at start-up
  HttpClient client(server.port());

  // Entry k of the plan must be id k + 1 in the database, or the grades name other entries.
  ASSERT_FALSE(set.samples.empty());
  for (const auto& [id, title] : set.samples) {
    auto entry = client.get("/api/v1/entries/" + std::to_string(id));
    ASSERT_EQ(entry.status, 200) << entry.body;
    ASSERT_EQ(std::string(entry.json().at("title").as_string()), title) << "entry " << id;
  }

  std::vector<std::vector<std::int64_t>> rankings;
  for (const auto& query : set.queries) {
    auto answer = client.get("/api/v1/search?limit=100&lang=" + query.lang + "&q=" + encoded(query.q));
    ASSERT_EQ(answer.status, 200) << query.q << ": " << answer.body;
    std::vector<std::int64_t> ranking;
    auto body = answer.json();
    for (const auto& item : body.at("items").as_array()) ranking.push_back(item.at("id").as_int64());
    rankings.push_back(std::move(ranking));
  }
  auto figures = evaluate(set, rankings, true);
  auto baseline = read_json(dir + "quality_baseline.json");
  EXPECT_GE(figures.ndcg10, baseline.at("ndcg10").to_number<double>()) << "nDCG@10 fell below the recorded figure";
  EXPECT_GE(figures.recall100, baseline.at("recall100").to_number<double>())
      << "recall@100 fell below the recorded figure";
}

}  // namespace
}  // namespace wsis::testing
