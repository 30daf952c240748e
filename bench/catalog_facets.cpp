// How should the catalog count facets? The real EntryCatalog, built from a demo database, counts
// every facet of 500 filter combinations (0-3 filters, one value each, drawn like those of
// bench/stocktaking_reads.sh) with each way of counting forced, and with the choice it makes
// itself (catalog.h, EntryCatalog::Counting), in one process on one core. The figures in
// docs/PERFORMANCE.md ("Stocktaking reads") come from it.
//
//   build/src/app/wsis demo --entries 100000 --seed 1 --data-dir /tmp/d100k
//   taskset -c 0 build/bench/catalog_facets /tmp/d100k
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "db/data_directory.h"
#include "stocktaking/catalog.h"

using namespace wsis;
using stocktaking::EntryCatalog;
using stocktaking::EntryFilter;

namespace {

// A filter with one value in `facet` (as /api/v1/entries/facets names them).
void add_filter(EntryFilter& f, const std::string& facet, const std::string& value) {
  if (facet == "action_line") f.action_lines.push_back(value);
  else if (facet == "sdg") f.goals.push_back(std::stoi(value));
  else if (facet == "target") f.targets.push_back(value);
  else if (facet == "country") f.countries.push_back(value);
  else if (facet == "region") f.regions.push_back(value);
  else if (facet == "stakeholder_type") f.stakeholder_types.push_back(value);
  else if (facet == "language") f.languages.push_back(value);
  else if (facet == "status") f.project_statuses.push_back(value);
  else if (facet == "type") f.entry_types.push_back(value);
  else if (facet == "year") f.years.push_back(std::stoi(value));
}

std::string summary(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  char line[160];
  std::snprintf(line, sizeof line, "mean %6.3f  p50 %6.3f  p99 %6.3f  max %6.3f ms",
                std::accumulate(t.begin(), t.end(), 0.0) / static_cast<double>(t.size()), t[t.size() / 2],
                t[t.size() * 99 / 100], t.back());
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 2;
  }
  auto database = db::open_existing_database(argv[1]);
  if (!database) {
    std::fprintf(stderr, "%s\n", database.error().detail.c_str());
    return 1;
  }
  SystemClock clock;

  // The values to filter on: those the whole catalog counts (the top 40 countries, as the
  // load script does; every value of the other facets).
  EntryCatalog probe(**database, clock);
  if (auto built = probe.rebuild(); !built) {
    std::fprintf(stderr, "%s\n", built.error().detail.c_str());
    return 1;
  }
  auto everything = probe.facets({});
  std::vector<std::string> facet_names;
  for (const auto& [name, values] : everything.facets)
    if (name != "success_story") facet_names.push_back(name);
  std::mt19937 rng(1);
  std::vector<EntryFilter> filters(500);
  std::vector<std::size_t> filter_sizes;
  for (auto& filter : filters) {
    static const int kCounts[] = {0, 1, 1, 2, 2, 2, 3};
    std::vector<std::string> names = facet_names;
    std::shuffle(names.begin(), names.end(), rng);
    std::size_t k = static_cast<std::size_t>(kCounts[rng() % 7]);
    for (std::size_t n = 0; n < k; ++n) {
      const auto& values = everything.facets.at(names[n]);
      std::size_t pool = names[n] == "country" ? std::min<std::size_t>(40, values.size()) : values.size();
      add_filter(filter, names[n], values[rng() % pool].first);
    }
    filter_sizes.push_back(k);
  }
  std::printf("%zu published entries, %zu filter combinations\n", probe.size(), filters.size());

  struct Way {
    const char* name;
    EntryCatalog::Options options;
  };
  const Way ways[] = {
      {"bitmaps", {.counting = EntryCatalog::Counting::bitmaps}},
      {"walk", {.counting = EntryCatalog::Counting::walk}},
      {"walk_rest", {.counting = EntryCatalog::Counting::walk_rest}},
      {"choose", {}},
      {"choose.10", {.walk_below_share = 0.10}},
      {"choose.40", {.walk_below_share = 0.40}},
  };
  std::int64_t reference_checksum = -1;
  for (const auto& way : ways) {
    EntryCatalog catalog(**database, clock, way.options);
    if (!catalog.rebuild()) return 1;
    std::map<std::size_t, std::vector<double>> by_filters;
    std::vector<double> times;
    std::int64_t checksum = 0;
    for (int repeat = 0; repeat < 3; ++repeat)
      for (std::size_t q = 0; q < filters.size(); ++q) {
        auto t0 = std::chrono::steady_clock::now();
        auto counts = catalog.facets(filters[q]);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        times.push_back(ms);
        by_filters[filter_sizes[q]].push_back(ms);
        if (repeat == 0)
          for (const auto& [name, values] : counts.facets)
            for (const auto& [value, n] : values) checksum += n * static_cast<std::int64_t>(value.size());
      }
    // Every way must give the same counts: a way that is fast and wrong is not a way.
    if (reference_checksum < 0) reference_checksum = checksum;
    std::printf("%-10s all     %s%s\n", way.name, summary(times).c_str(),
                checksum == reference_checksum ? "" : "  COUNTS DIFFER");
    for (const auto& [n, t] : by_filters) std::printf("%-10s %zu filt  %s\n", "", n, summary(t).c_str());
    if (checksum != reference_checksum) return 1;
  }
}
