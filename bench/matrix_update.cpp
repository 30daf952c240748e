// The evidence matrix's incremental update (docs/PERFORMANCE.md, "WSIS-SDG Matrix"), on a demo
// database: the index is built once from the database (the recomputation from scratch, the
// baseline), then one published entry is applied again and again, as catch_up does after a
// publish: its old contribution subtracted and the new one added (in memory), and the same
// with the entry's facts read from SQL first (what one changed entry costs in all); and the
// full grid answers built from the index without the server's prepared body.
//
//   build/src/app/wsis demo --entries 1000000 --seed 1 --data-dir /tmp/d1m
//   WSIS_BENCH_DATA=/tmp/d1m build/bench/matrix_update
// bench/matrix.sh runs it.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/clock.h"
#include "db/data_directory.h"
#include "http/message.h"
#include "matrix/api_common.h"
#include "matrix/evidence.h"
#include "matrix/reference_matrix.h"

namespace {

struct Loaded {
  wsis::SystemClock clock;
  std::unique_ptr<wsis::db::Database> database;
  std::unique_ptr<wsis::matrix::EvidenceIndex> index;
  std::uint32_t entry = 0;
  wsis::matrix::EntryFacts facts;
  double rebuild_ms = 0;
};

Loaded& loaded() {
  static Loaded l = [] {
    Loaded out;
    const char* dir = std::getenv("WSIS_BENCH_DATA");
    if (!dir) {
      std::fprintf(stderr, "set WSIS_BENCH_DATA to a data directory with demo entries\n");
      std::exit(2);
    }
    auto database = wsis::db::open_data_directory(dir, out.clock);
    if (!database) {
      std::fprintf(stderr, "%s\n", database.error().detail.c_str());
      std::exit(1);
    }
    out.database = std::move(*database);
    out.index = std::make_unique<wsis::matrix::EvidenceIndex>(*out.database, out.clock);
    auto started = std::chrono::steady_clock::now();
    if (auto built = out.index->rebuild(); !built) {
      std::fprintf(stderr, "%s\n", built.error().detail.c_str());
      std::exit(1);
    }
    out.rebuild_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    auto connection = out.database->connect();
    {
      auto s = (*connection)->prepare("SELECT MAX(id) FROM entries WHERE state = 'published'");
      if (!s->step().ok()) std::exit(1);
      out.entry = static_cast<std::uint32_t>(s->int64(0));
    }
    auto facts = wsis::matrix::EvidenceIndex::read_facts(**connection, out.entry);
    if (!facts || !*facts) std::exit(1);
    out.facts = **facts;
    std::fprintf(stderr, "REBUILD entries=%zu ms=%.1f\n", out.index->size(), out.rebuild_ms);
    return out;
  }();
  return l;
}

// One publish as the index sees it: the entry's old contribution out, the new one in.
void BM_ApplyPublishedEntry(benchmark::State& state) {
  auto& l = loaded();
  for (auto _ : state) l.index->apply(l.entry, l.facts);
  state.counters["entries"] = static_cast<double>(l.index->size());
}
BENCHMARK(BM_ApplyPublishedEntry)->Unit(benchmark::kMicrosecond);

// The same with the facts read from the projection tables first (six indexed lookups).
void BM_ReadAndApplyPublishedEntry(benchmark::State& state) {
  auto& l = loaded();
  auto connection = l.database->connect();
  for (auto _ : state) {
    auto facts = wsis::matrix::EvidenceIndex::read_facts(**connection, l.entry);
    l.index->apply(l.entry, std::move(*facts));
  }
}
BENCHMARK(BM_ReadAndApplyPublishedEntry)->Unit(benchmark::kMicrosecond);

// The whole target grid's answer built from the index, without the prepared body the server
// keeps between changes: what the first request after a change costs.
void BM_TargetGridAnswer(benchmark::State& state) {
  auto& l = loaded();
  auto links = wsis::matrix::agencies_links();
  for (auto _ : state) {
    std::string body;
    l.index->read({}, {.cells = true}, [&](const wsis::matrix::Tally& tally) {
      body = wsis::http::serialize_json(wsis::matrix::evidence_json(tally, *links, true));
    });
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(BM_TargetGridAnswer)->Unit(benchmark::kMillisecond);

void BM_GoalGridAnswer(benchmark::State& state) {
  auto& l = loaded();
  auto links = wsis::matrix::agencies_links();
  for (auto _ : state) {
    std::string body;
    l.index->read({}, {.cells = true}, [&](const wsis::matrix::Tally& tally) {
      body = wsis::http::serialize_json(wsis::matrix::evidence_json(tally, *links, false));
    });
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(BM_GoalGridAnswer)->Unit(benchmark::kMillisecond);

// The baseline: the whole index recomputed from the database.
void BM_RebuildFromScratch(benchmark::State& state) {
  auto& l = loaded();
  for (auto _ : state) {
    if (!l.index->rebuild()) state.SkipWithError("rebuild failed");
  }
}
BENCHMARK(BM_RebuildFromScratch)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
