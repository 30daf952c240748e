// How should the catalog count facets? A stand-alone measurement on a demo database, outside
// the server, for docs/PERFORMANCE.md ("Stocktaking reads"). Built as build/bench/facet_strategies; it reads the
// tables directly and compares two ways of counting every facet of 500 filter combinations
// (0-3 filters, like bench/stocktaking_reads.sh), with the catalog's disjunctive rule (a facet's
// counts ignore its own filter):
//   bitmaps  and_cardinality of each facet value's bitmap with the matching set (catalog.cpp)
//   hybrid   the same when the matching set is large; when it is under a quarter of the
//            entries, walk its documents and count their values in a flat id -> values table
//
//   build/src/app/wsis demo --entries 100000 --seed 1 --data-dir /tmp/d100k
//   g++ -O2 -std=c++20 bench/facet_strategies.cpp -o /tmp/facet_strategies -lroaring -lsqlite3
//   taskset -c 0 /tmp/facet_strategies /tmp/d100k/wsis.db
#include <roaring/roaring.hh>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int kFacets = 11;  // action_line sdg target country region | language stakeholder status type year success

struct Catalog {
  std::vector<std::map<std::string, int>> value_ids = std::vector<std::map<std::string, int>>(kFacets);
  std::vector<std::vector<Roaring>> bitmaps = std::vector<std::vector<Roaring>>(kFacets);
  Roaring all;
  // Flat table: the values of entry `id` in facet f are values[f][start[f][id] .. start[f][id + 1]).
  std::vector<std::vector<std::uint32_t>> start;
  std::vector<std::vector<std::uint16_t>> values;
};

Catalog load(const char* path) {
  Catalog c;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "cannot open %s\n", path);
    std::exit(1);
  }
  std::vector<std::vector<std::pair<std::uint32_t, std::uint16_t>>> postings(kFacets);
  auto add = [&](std::uint32_t id, int f, const char* text) {
    auto [it, inserted] = c.value_ids[f].emplace(text, static_cast<int>(c.value_ids[f].size()));
    if (inserted) c.bitmaps[f].emplace_back();
    c.bitmaps[f][it->second].add(id);
    postings[f].emplace_back(id, static_cast<std::uint16_t>(it->second));
  };
  auto each_row = [&](const char* sql, auto&& fn) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW) fn(s);
    sqlite3_finalize(s);
  };
  each_row("SELECT id, language, stakeholder_type, project_status, entry_type, reporting_year, success_story"
           " FROM entries WHERE state = 'published'",
           [&](sqlite3_stmt* s) {
             auto id = static_cast<std::uint32_t>(sqlite3_column_int64(s, 0));
             c.all.add(id);
             for (int col = 1; col <= 6; ++col) add(id, 4 + col, reinterpret_cast<const char*>(sqlite3_column_text(s, col)));
           });
  const char* links[] = {"SELECT entry_id, code FROM entry_action_lines", "SELECT entry_id, goal FROM entry_goals",
                         "SELECT entry_id, target FROM entry_targets", "SELECT entry_id, iso3 FROM entry_countries",
                         "SELECT DISTINCT entry_id, region FROM entry_countries"};
  for (int f = 0; f < 5; ++f)
    each_row(links[f], [&](sqlite3_stmt* s) {
      auto id = static_cast<std::uint32_t>(sqlite3_column_int64(s, 0));
      if (c.all.contains(id)) add(id, f, reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
    });
  sqlite3_close_v2(db);
  for (auto& facet : c.bitmaps)
    for (auto& b : facet) b.runOptimize();
  std::uint32_t end = c.all.maximum() + 1;
  c.start.assign(kFacets, std::vector<std::uint32_t>(end + 1, 0));
  c.values.resize(kFacets);
  for (int f = 0; f < kFacets; ++f) {
    auto& p = postings[f];
    std::sort(p.begin(), p.end());
    std::size_t j = 0;
    for (std::uint32_t id = 0; id <= end; ++id) {
      c.start[f][id] = static_cast<std::uint32_t>(c.values[f].size());
      while (j < p.size() && p[j].first == id) c.values[f].push_back(p[j++].second);
    }
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR/wsis.db\n", argv[0]);
    return 2;
  }
  Catalog c = load(argv[1]);
  std::mt19937 rng(1);
  std::vector<std::vector<std::pair<int, int>>> filters(500);
  for (auto& filter : filters) {
    static const int kCounts[] = {0, 1, 1, 2, 2, 2, 3};
    int k = kCounts[rng() % 7];
    std::vector<int> used;
    while (static_cast<int>(used.size()) < k) {
      int f = static_cast<int>(rng() % 10);
      if (std::find(used.begin(), used.end(), f) == used.end()) used.push_back(f);
    }
    for (int f : used) filter.emplace_back(f, static_cast<int>(rng() % c.bitmaps[f].size()));
  }
  std::printf("%llu published entries\n", static_cast<unsigned long long>(c.all.cardinality()));
  for (int strategy = 0; strategy < 2; ++strategy) {
    std::map<std::size_t, std::vector<double>> by_filters;
    std::vector<double> times;
    std::uint64_t checksum = 0;
    for (int repeat = 0; repeat < 3; ++repeat)
      for (const auto& filter : filters) {
        auto t0 = std::chrono::steady_clock::now();
        for (int f = 0; f < kFacets; ++f) {
          Roaring base = c.all;
          for (auto [ff, v] : filter)
            if (ff != f) base &= c.bitmaps[ff][v];
          if (strategy == 1 && base.cardinality() * 4 < c.all.cardinality()) {
            std::vector<std::uint64_t> counts(c.bitmaps[f].size());
            for (std::uint32_t id : base)
              for (std::uint32_t j = c.start[f][id]; j < c.start[f][id + 1]; ++j) ++counts[c.values[f][j]];
            for (auto n : counts) checksum += n;
          } else {
            for (const auto& b : c.bitmaps[f]) checksum += b.and_cardinality(base);
          }
        }
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        times.push_back(ms);
        by_filters[filter.size()].push_back(ms);
      }
    auto summary = [](std::vector<double> t) {
      std::sort(t.begin(), t.end());
      char line[128];
      std::snprintf(line, sizeof line, "mean %6.2f  p50 %6.2f  p99 %6.2f  max %6.2f ms",
                    std::accumulate(t.begin(), t.end(), 0.0) / static_cast<double>(t.size()), t[t.size() / 2],
                    t[t.size() * 99 / 100], t.back());
      return std::string(line);
    };
    std::printf("%-8s all   %s (checksum %llu)\n", strategy ? "hybrid" : "bitmaps", summary(times).c_str(),
                static_cast<unsigned long long>(checksum));
    for (const auto& [n, t] : by_filters) std::printf("%-8s %d filt %s\n", "", static_cast<int>(n), summary(t).c_str());
  }
}
