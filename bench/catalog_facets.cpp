// How should the catalog count facets? The real EntryCatalog, built from a demo database, counts
// every facet of 500 filter combinations (0-3 filters, one value each, drawn like those of
// bench/stocktaking_reads.sh) with each way of counting forced, and with the choice it makes
// itself (catalog.h, EntryCatalog::Counting), in one process on one core. The figures in
// docs/PERFORMANCE.md ("Stocktaking reads") come from it.
//
//   build/src/app/wsis demo --entries 100000 --seed 1 --data-dir /tmp/d100k
//   taskset -c 0 build/bench/catalog_facets /tmp/d100k
//   taskset -c 0 build/bench/catalog_facets --matches /tmp/d1m   (only the second part, below)
//
// Second part: counting every facet of a search's matches, random sets of published entries of
// growing size with no filter, each way of counting forced, in nanoseconds per match.
#include <roaring/roaring.hh>

#include <algorithm>
#include <iterator>
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


// Counting the facets of random sets of matches (as a search hands them), each way forced.
int count_matches(db::Database& database, const Clock& clock) {
  EntryCatalog probe(database, clock);
  if (!probe.rebuild()) return 1;
  auto ids = probe.matching({});
  std::vector<std::uint32_t> all(ids.cardinality());
  ids.toUint32Array(all.data());
  std::mt19937 rng(2);
  const std::size_t sizes[] = {100, 1000, 3000, 10000, 50000, 100000, 200000, 400000};
  std::map<std::size_t, std::vector<Roaring>> sets;
  for (auto n : sizes) {
    if (n > all.size()) continue;
    for (int k = 0; k < 20; ++k) {
      std::vector<std::uint32_t> sample;
      std::sample(all.begin(), all.end(), std::back_inserter(sample), n, rng);
      Roaring set;
      set.addMany(sample.size(), sample.data());
      sets[n].push_back(std::move(set));
    }
  }
  std::printf("%zu published entries; ns per match counting every facet of a random set of matches\n", all.size());
  std::printf("%-10s", "way");
  for (const auto& [n, s] : sets) std::printf(" %9zu", n);
  std::printf("\n");
  std::map<std::size_t, std::int64_t> reference;
  for (auto counting : {EntryCatalog::Counting::walk, EntryCatalog::Counting::bitmaps, EntryCatalog::Counting::choose}) {
    EntryCatalog catalog(database, clock, {.counting = counting});
    if (!catalog.rebuild()) return 1;
    std::printf("%-10s", counting == EntryCatalog::Counting::walk ? "walk" : counting == EntryCatalog::Counting::bitmaps ? "bitmaps" : "choose");
    for (const auto& [n, list] : sets) {
      std::int64_t checksum = 0;
      std::vector<double> ns;
      for (int repeat = 0; repeat < 3; ++repeat)
        for (const auto& set : list) {
          auto t0 = std::chrono::steady_clock::now();
          auto counts = catalog.facets({}, &set);
          ns.push_back(std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() /
                       static_cast<double>(n));
          if (repeat == 0)
            for (const auto& [name, values] : counts.facets)
              for (const auto& [value, c] : values) checksum += c * static_cast<std::int64_t>(value.size() + name.size());
        }
      std::sort(ns.begin(), ns.end());
      if (!reference.contains(n)) reference[n] = checksum;
      std::printf(" %9.1f%s", ns[ns.size() / 2], checksum == reference[n] ? "" : "!");
      if (checksum != reference[n]) {
        std::printf("\ncounts differ\n");
        return 1;
      }
    }
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool matches_only = argc == 3 && std::string(argv[1]) == "--matches";
  if (argc != 2 && !matches_only) {
    std::fprintf(stderr, "usage: %s [--matches] DATA_DIR\n", argv[0]);
    return 2;
  }
  auto database = db::open_existing_database(argv[argc - 1]);
  if (!database) {
    std::fprintf(stderr, "%s\n", database.error().detail.c_str());
    return 1;
  }
  SystemClock clock;
  if (matches_only) return count_matches(**database, clock);

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
      {"choose.25", {.walk_below_share = 0.25}},
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
