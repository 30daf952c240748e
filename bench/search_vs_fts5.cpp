// Our search index against SQLite FTS5 on the same corpus, in one process on one core (run by
// bench/search.sh, which pins it). Two modes:
//
//   search_vs_fts5 [--queries N] DATA_DIR        speed: build time, memory, p50/p99 of a query mix
//   search_vs_fts5 --ours-only [--queries N] DATA_DIR   the same without FTS5 (for profiling ours)
//   search_vs_fts5 --quality JUDGED.json DATA_DIR  nDCG@10 and recall@100 of both on the judged set
//
// Both indexes are built with every core the process may use (ours analyses on several
// threads; FTS5 uses one); then the process pins itself to core 0 for the queries.
//
// Both sides answer the same thing for each query: the 20 best matches under the filters and
// the counts of every facet over all matches (the API's answer without its JSON): ours as
// src/search/api.cpp composes it (SearchIndex, then the catalog's filters and facet counts over
// the matches), FTS5 as bench/fts5_baseline.h says.
#include <sched.h>
#include <sqlite3.h>
#include <unistd.h>

#include <roaring/roaring.hh>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "db/data_directory.h"
#include "fts5_baseline.h"
#include "search/judged_set.h"
#include "search/module.h"
#include "search/query.h"
#include "stocktaking/catalog.h"

using namespace wsis;

namespace {

// Wall time; with SEARCH_BENCH_CPU set, this thread's CPU time instead, which other work on a
// shared machine disturbs far less (for comparing changes, not for the reported latencies).
double now_seconds() {
  static const bool cpu = std::getenv("SEARCH_BENCH_CPU") != nullptr;
  if (cpu) {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Resident memory of this process, in bytes (what building an index adds to it is its cost).
std::int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

struct Query {
  std::string text;
  std::string kind;  // word, words, phrase, arabic, chinese
  bench::BaselineFilter filter;
};

// Our side: the index, with the catalog for filters and facets.
struct Ours {
  db::Database& database;
  const Clock& clock;
  stocktaking::EntryCatalog catalog;
  std::unique_ptr<search::SearchModule> module;  // built (indexing everything) by build_index()
  Ours(db::Database& database, const Clock& clock) : database(database), clock(clock), catalog(database, clock) {}
  void build_index() { module = std::make_unique<search::SearchModule>(database, clock, &catalog); }

  static stocktaking::EntryFilter entry_filter(const bench::BaselineFilter& filter) {
    stocktaking::EntryFilter f;
    for (const auto& [facet, values] : filter.values)
      for (const auto& v : values) {
        if (facet == "action_line") f.action_lines.push_back(v);
        else if (facet == "region") f.regions.push_back(v);
        else if (facet == "year") f.years.push_back(std::stoi(v));
        else if (facet == "language") f.languages.push_back(v);
        else if (facet == "sdg") f.goals.push_back(std::stoi(v));
      }
    return f;
  }

  // Seconds spent in each stage over all queries (for profiling: the stage's share of the time).
  std::array<double, 3> stage_seconds{};  // parse and filter, match and rank, facet counts
  std::array<double, 3> last_stages{};    // the same for the last query
  std::size_t ranked_early = 0;  // queries whose best were found without scoring every match

  // The best `limit` ids, and the facet counts (returned through `total` for the checksum),
  // composed as src/search/api.cpp does for a first page in relevance order.
  std::vector<std::int64_t> search(const Query& query, int limit, std::int64_t& total) {
    double t0 = now_seconds();
    auto parsed = search::parse_query(module->analyzer, search::strip_controls(query.text));
    auto filter = entry_filter(query.filter);
    auto allowed = catalog.restricting(filter);
    double t1 = now_seconds();
    search::Ranking ranking{static_cast<std::size_t>(limit), allowed ? &*allowed : nullptr, std::nullopt};
    auto matches = module->index.search(parsed, ranking);
    ranked_early += matches.ranked_early ? 1 : 0;
    double t2 = now_seconds();
    auto counts = catalog.facets(filter, &matches.entries);
    total = counts.total;
    double t3 = now_seconds();
    std::vector<std::int64_t> ids;
    for (const auto& hit : matches.hits) ids.push_back(hit.id);
    stage_seconds[0] += t1 - t0;
    stage_seconds[1] += t2 - t1;
    stage_seconds[2] += t3 - t2;
    last_stages = {t1 - t0, t2 - t1, t3 - t2};
    return ids;
  }
};

// A query mix drawn from the corpus itself (seeded): words of the titles of random published
// entries, in the entries' own languages, so that queries find something, as real ones do.
std::vector<Query> query_mix(const std::string& db_path, const search::Analyzer& analyzer, std::size_t count) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  struct Row {
    std::string title, language, region, action_line;
    int year;
  };
  std::vector<Row> rows;
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT e.title, e.language, e.reporting_year, "
                     " (SELECT region FROM entry_countries c WHERE c.entry_id = e.id LIMIT 1),"
                     " (SELECT code FROM entry_action_lines a WHERE a.entry_id = e.id LIMIT 1)"
                     " FROM entries e WHERE e.state = 'published' ORDER BY e.id",
                     -1, &s, nullptr);
  auto text = [&](int i) {
    auto p = sqlite3_column_text(s, i);
    return std::string(p ? reinterpret_cast<const char*>(p) : "");
  };
  while (sqlite3_step(s) == SQLITE_ROW) rows.push_back({text(0), text(1), text(3), text(4), sqlite3_column_int(s, 2)});
  sqlite3_finalize(s);
  sqlite3_close_v2(db);

  std::mt19937_64 rng(1);
  std::vector<Query> queries;
  const char* kinds[] = {"word", "words", "phrase", "arabic", "chinese"};
  while (queries.size() < count && !rows.empty()) {
    std::string kind = kinds[queries.size() % 5];
    const Row* row = nullptr;
    for (int tries = 0; tries < 1000 && !row; ++tries) {
      const Row& r = rows[rng() % rows.size()];
      bool fits = kind == "arabic" ? r.language == "ar" : kind == "chinese" ? r.language == "zh"
                                                                            : r.language != "ar" && r.language != "zh";
      if (fits) row = &r;
    }
    if (!row) continue;
    auto tokens = analyzer.analyze(row->title, row->language);
    if (tokens.empty()) continue;
    // Words as written in the title (the original spelling, not the analysed form).
    auto word = [&](std::size_t i) { return row->title.substr(tokens[i].begin, tokens[i].end - tokens[i].begin); };
    std::size_t n = kind == "word" ? 1 : kind == "phrase" ? 2 : 1 + rng() % 3;
    n = std::min(n, tokens.size());
    std::size_t first = rng() % (tokens.size() - n + 1);
    std::string q;
    for (std::size_t i = first; i < first + n; ++i)
      q += (q.empty() || row->language == "zh" ? "" : " ") + word(i);
    if (kind == "phrase") q = "\"" + q + "\"";
    Query query{q, kind, {}};
    if (rng() % 10 < 4) {  // four in ten with one or two filters, taken from the entry itself
      switch (rng() % 3) {
        case 0: if (!row->region.empty()) query.filter.values["region"] = {row->region}; break;
        case 1: query.filter.values["year"] = {std::to_string(row->year)}; break;
        default: query.filter.values["action_line"] = {row->action_line};
      }
      if (rng() % 4 == 0) query.filter.values["language"] = {row->language};
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

struct Timing {
  std::vector<double> ms;
  void add(double v) { ms.push_back(v); }
  double at(double q) {
    std::sort(ms.begin(), ms.end());
    return ms.empty() ? 0 : ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  }
};

int speed(const std::string& data_dir, std::size_t count, bool with_fts5) {
  auto database = db::open_existing_database(data_dir);
  if (!database) {
    std::fprintf(stderr, "%s\n", database.error().detail.c_str());
    return 1;
  }
  SystemClock clock;
  std::int64_t rss0 = resident_bytes();
  double t0 = now_seconds();
  Ours ours(**database, clock);
  if (!ours.catalog.rebuild()) return 1;
  double t1 = now_seconds();
  std::int64_t rss1 = resident_bytes();
  ours.build_index();
  double t2 = now_seconds();
  std::int64_t rss2 = resident_bytes();
  std::optional<bench::Fts5Baseline> fts;
  if (with_fts5) fts.emplace(data_dir + "/wsis.db");
  std::int64_t rss3 = resident_bytes();
  const double fts_build = fts ? fts->build_seconds() : 0.0;
  const double fts_bytes = fts ? static_cast<double>(fts->index_bytes()) : 0.0;

  std::printf("\n## %zu published entries (%s)\n", ours.catalog.size(), data_dir.c_str());
  std::printf("build   ours: index %.1f s (catalog %.1f s)   fts5: %.1f s   ratio fts5/ours %.2f\n", t2 - t1, t1 - t0,
              fts_build, fts_build / (t2 - t1));
  const auto footprint = ours.module->index.footprint();
  std::printf("index   %zu documents, %zu terms, %zu (term, document) pairs; MB: by document %.0f, occurrences"
              " spilled %.0f, term bitmaps %.0f, ranked lists %.0f; %zu bigrams of common words in %zu documents,"
              " %.0f MB\n",
              footprint.documents, footprint.terms, footprint.term_documents, footprint.by_document / 1e6,
              footprint.spilled / 1e6, footprint.sets / 1e6, footprint.ranked / 1e6, footprint.bigrams,
              footprint.bigram_documents, footprint.bigram_sets / 1e6);
  std::printf("memory  ours: catalog + index %.0f MB (catalog %.0f MB)   fts5: %.0f MB of pages, %.0f MB resident\n",
              static_cast<double>(rss2 - rss0) / 1e6, static_cast<double>(rss1 - rss0) / 1e6,
              fts_bytes / 1e6, static_cast<double>(rss3 - rss2) / 1e6);

  // Builds may use every core (the index analyses on several threads); queries run on one.
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  bool pinned = sched_setaffinity(0, sizeof one, &one) == 0;
  std::printf("queries on %s\n", pinned ? "core 0" : "any core (could not pin)");
  auto queries = query_mix(data_dir + "/wsis.db", ours.module->analyzer, count);
  // SEARCH_BENCH_QUERY=text: that query instead of the mix, as many times (for profiling one).
  if (const char* text = std::getenv("SEARCH_BENCH_QUERY"))
    for (auto& q : queries) q = {text, "given", {}};
  // SEARCH_BENCH_ONLY=kind: only the queries of that kind (word, words+filter, ...), for profiling.
  if (const char* only = std::getenv("SEARCH_BENCH_ONLY"))
    std::erase_if(queries, [&](const Query& q) { return q.kind + (q.filter.values.empty() ? "" : "+filter") != only; });
  std::map<std::string, std::pair<Timing, Timing>> by_kind;  // kind -> (ours, fts5)
  Timing all_ours, all_fts;
  std::int64_t matched_ours = 0, matched_fts = 0;
  // Each side answers the mix in a phase of its own: first a round over the first 50 queries
  // warms caches (and is not counted), then every query is measured once. Interleaving the two
  // (as this benchmark did until 2026-12) measured each of our answers just after an FTS5 query
  // had read hundreds of megabytes, i.e. with the caches of a machine doing something else.
  // SEARCH_BENCH_ROUNDS=N (for comparing changes on a noisy machine): our side answers the whole
  // mix N times and each query counts its fastest round; FTS5 answers once.
  const int rounds = std::getenv("SEARCH_BENCH_ROUNDS") ? std::max(1, std::atoi(std::getenv("SEARCH_BENCH_ROUNDS"))) : 1;
  const bool trace = std::getenv("SEARCH_BENCH_TRACE") != nullptr;
  std::vector<double> ours_ms(queries.size(), 1e300), fts_ms(queries.size(), 0.0);
  const std::size_t warm = std::min<std::size_t>(50, queries.size());
  std::size_t ours_answers = 0;
  for (int round = 0; round <= rounds; ++round)
    for (std::size_t q = 0; q < (round == 0 ? warm : queries.size()); ++q) {
      const auto& query = queries[q];
      std::int64_t total = 0;
      double a = now_seconds();
      ours.search(query, 20, total);
      double b = now_seconds();
      ++ours_answers;
      if (round == 0) continue;
      ours_ms[q] = std::min(ours_ms[q], (b - a) * 1e3);
      if (round > 1) continue;
      matched_ours += total;
      if (trace) {
        std::string filters;
        for (const auto& [facet, values] : query.filter.values)
          for (const auto& value : values) filters += " " + facet + "=" + value;
        std::fprintf(stderr, "trace %.3f ms %lld matches [%s] %s (match and rank %.3f ms, facets %.3f ms)%s\n",
                     (b - a) * 1e3, static_cast<long long>(total),
                     (query.kind + (query.filter.values.empty() ? "" : "+filter")).c_str(), query.text.c_str(),
                     ours.last_stages[1] * 1e3, ours.last_stages[2] * 1e3, filters.c_str());
      }
    }
  if (fts)
    for (int round = 0; round <= 1; ++round)
      for (std::size_t q = 0; q < (round == 0 ? warm : queries.size()); ++q) {
        double a = now_seconds();
        std::int64_t fts_total = fts->search(queries[q].text, queries[q].filter, 20).total;
        double b = now_seconds();
        if (round == 0) continue;
        fts_ms[q] = (b - a) * 1e3;
        matched_fts += fts_total;
      }
  for (std::size_t q = 0; q < queries.size(); ++q) {
    std::string kind = queries[q].kind + (queries[q].filter.values.empty() ? "" : "+filter");
    by_kind[kind].first.add(ours_ms[q]);
    by_kind[kind].second.add(fts_ms[q]);
    all_ours.add(ours_ms[q]);
    all_fts.add(fts_ms[q]);
  }
  std::printf("%zu queries; matches per query: ours %.0f, fts5 %.0f (mean)\n", queries.size(),
              static_cast<double>(matched_ours) / static_cast<double>(queries.size()),
              static_cast<double>(matched_fts) / static_cast<double>(queries.size()));
  std::printf("%-16s %6s  %10s %10s  %10s %10s  %8s %8s\n", "kind", "n", "ours p50", "ours p99", "fts5 p50", "fts5 p99",
              "x p50", "x p99");
  auto line = [](const std::string& kind, Timing& o, Timing& f) {
    double op50 = o.at(0.5), op99 = o.at(0.99), fp50 = f.at(0.5), fp99 = f.at(0.99);
    std::printf("%-16s %6zu  %7.3f ms %7.3f ms  %7.3f ms %7.3f ms  %7.1fx %7.1fx\n", kind.c_str(), o.ms.size(), op50,
                op99, fp50, fp99, fp50 / op50, fp99 / op99);
  };
  for (auto& [kind, t] : by_kind) line(kind, t.first, t.second);
  line("all", all_ours, all_fts);
  const auto& st = ours.stage_seconds;
  double sum = st[0] + st[1] + st[2];
  std::printf("ours, share of time: parse and filter %.0f%%, match and rank %.0f%%, facet counts %.0f%%\n",
              100 * st[0] / sum, 100 * st[1] / sum, 100 * st[2] / sum);
  std::printf("ours, ranked from the ranked lists without scoring every match: %zu of %zu answers\n",
              ours.ranked_early, ours_answers);
  return 0;
}

int quality(const std::string& judged_path, const std::string& data_dir) {
  auto set = testing::load_judged_set(judged_path);
  auto database = db::open_existing_database(data_dir);
  if (!database) return 1;
  SystemClock clock;
  Ours ours(**database, clock);
  if (!ours.catalog.rebuild()) return 1;
  ours.build_index();
  bench::Fts5Baseline fts(data_dir + "/wsis.db");
  std::vector<std::vector<std::int64_t>> ours_rankings, fts_rankings;
  for (const auto& q : set.queries) {
    std::int64_t total = 0;
    ours_rankings.push_back(ours.search({q.q, "judged", {}}, 100, total));
    fts_rankings.push_back(fts.search(q.q, {}, 100).ids);
  }
  std::printf("\n## judged set: %zu queries on the %zu-entry corpus\n", set.queries.size(), set.entries);
  auto o = testing::evaluate(set, ours_rankings, false);
  auto f = testing::evaluate(set, fts_rankings, false);
  std::printf("ours: nDCG@10 %.3f  recall@100 %.3f\nfts5: nDCG@10 %.3f  recall@100 %.3f\n", o.ndcg10, o.recall100,
              f.ndcg10, f.recall100);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "--quality") return quality(args[1], args[2]);
  std::size_t count = 2000;
  bool with_fts5 = true;
  if (!args.empty() && args[0] == "--ours-only") {
    with_fts5 = false;
    args.erase(args.begin());
  }
  if (args.size() == 3 && args[0] == "--queries") {
    count = std::stoul(args[1]);
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.size() != 1) {
    std::fprintf(stderr, "usage: %s [--ours-only] [--queries N] DATA_DIR | --quality JUDGED.json DATA_DIR\n", argv[0]);
    return 2;
  }
  return speed(args[0], count, with_fts5);
}
