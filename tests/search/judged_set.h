// The judged query set for search quality (judged_queries.json, docs/SEARCH.md "Quality"): the
// grade of every demo entry for every query, from what the demo generator chose for the entry
// (topic, beneficiary group, links, languages), and the measures computed on a ranking.
// Shared by the quality test (tests/search/quality_test.cpp, over HTTP) and the comparison with
// SQLite FTS5 (bench/search_vs_fts5.cpp, in process).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wsis::testing {

struct JudgedQuery {
  std::string lang;
  std::string q;
  // Entry id -> grade (1 or 2), published entries only; entries not listed grade 0.
  std::map<std::int64_t, int> grades;
};

struct JudgedSet {
  std::size_t entries = 0;  // the demo corpus: wsis demo --entries N --seed S
  std::uint64_t seed = 0;
  std::vector<JudgedQuery> queries;
  // A few published entries' ids and titles, to check that the database holds this corpus.
  std::vector<std::pair<std::int64_t, std::string>> samples;
};

// Reads the queries and grades them against the demo plan (entry k of the plan is id k + 1 in a
// database the demo filled). Throws std::runtime_error on a malformed file.
JudgedSet load_judged_set(const std::string& path);

// nDCG@10 with gains 2^grade - 1, the ideal ranking taken from every graded entry.
double ndcg_at_10(const JudgedQuery& query, const std::vector<std::int64_t>& ranking);
// Share of the relevant entries (grade >= 1) in the first 100, out of at most 100 (a query
// with more relevant entries than that can still reach 1).
double recall_at_100(const JudgedQuery& query, const std::vector<std::int64_t>& ranking);

struct QualityFigures {
  double ndcg10 = 0;
  double recall100 = 0;
};
// Means over the queries; `rankings[i]` is the ranking of query i. Prints one line per query
// and per language, and the means, when `print` is set.
QualityFigures evaluate(const JudgedSet& set, const std::vector<std::vector<std::int64_t>>& rankings, bool print);

}  // namespace wsis::testing
