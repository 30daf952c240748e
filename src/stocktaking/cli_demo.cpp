#include "stocktaking/cli_demo.h"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "core/language.h"
#include "db/data_directory.h"
#include "stocktaking/demo.h"

namespace wsis::stocktaking {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitNotEmpty = 3;

// Enough for the search work's million-entry corpus, with room; beyond it the 32-bit ids of
// the catalog's bitmaps would be the next limit.
constexpr std::size_t kMaxEntries = 10'000'000;

struct DemoArgs {
  std::size_t entries = 2000;
  std::uint64_t seed = 1;
  bool if_empty = false;
  std::size_t batch = 5000;
};


int run_demo(const DemoArgs& args, const app::CommandOptions& options) {
  const std::string prefix = "wsis demo: ";
  if (args.entries == 0 || args.entries > kMaxEntries) {
    std::cerr << prefix << "--entries must be between 1 and " << kMaxEntries << "\n";
    return kExitUsage;
  }
  SystemClock clock;
  auto database = db::open_data_directory(options.data_dir, clock);
  if (!database) {
    std::cerr << prefix << database.error().detail << "\n";
    return kExitFailed;
  }
  auto existing = demo::count_entries(**database);
  if (!existing) {
    std::cerr << prefix << existing.error().detail << "\n";
    return kExitFailed;
  }
  if (*existing > 0) {
    // run.sh loads a demo set on first start only: a database with entries is left alone.
    if (args.if_empty) return kExitOk;
    std::cerr << prefix << "the database in " << options.data_dir << " already has " << *existing
              << " entries; the demo loads only into an empty database (use a new --data-dir)\n";
    return kExitNotEmpty;
  }

  auto started = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  demo::DemoPlan plan(args.seed, args.entries);
  bool terminal = isatty(STDERR_FILENO) == 1;
  demo::LoadOptions load;
  load.batch = args.batch;
  std::size_t reported = 0;
  load.progress = [&](std::size_t done) {
    // Large sets report every 100,000 entries (a line each, so logs stay readable).
    if (done - reported < 100'000 && done != args.entries) return;
    reported = done;
    if (args.entries >= 100'000 || terminal)
      std::cerr << fmt::format("{}{} of {} entries ({:.1f} s)\n", prefix, done, args.entries, seconds());
  };
  auto summary = demo::load_demo(**database, plan, load);
  if (!summary) {
    if (summary.error().code == ErrorCode::conflict) {
      std::cerr << prefix << summary.error().detail << "; nothing written\n";
      return args.if_empty ? kExitOk : kExitNotEmpty;
    }
    std::cerr << prefix << summary.error().detail << "\n";
    return kExitFailed;
  }
  std::string states;
  for (std::size_t s = 0; s < kEntryStates.size(); ++s)
    states += fmt::format("{}{} {}", s ? ", " : "", summary->by_state[s], kEntryStates[s]);
  std::cout << fmt::format("demo: {} entries ({}) from {} organisations, seed {}, in {:.1f} s\n", summary->entries,
                           states, summary->organisations, args.seed, seconds());
  return kExitOk;
}

}  // namespace

void add_demo_commands(CLI::App& cli, app::CommandOptions& options) {
  auto args = std::make_shared<DemoArgs>();
  auto* demo = cli.add_subcommand("demo", "Fill an empty database with a deterministic multilingual demo set");
  demo->add_option("--entries", args->entries, "How many entries")->capture_default_str();
  demo->add_option("--seed", args->seed, "The same seed gives the same data")->capture_default_str();
  demo->add_flag("--if-empty", args->if_empty, "Do nothing, successfully, if the database already has entries");
  demo->add_option("--batch-size", args->batch, "Entries per write transaction")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  demo->add_option("--data-dir", options.data_dir, "Data directory (env WSIS_DATA_DIR)")->capture_default_str();
  demo->callback([args, &options] { options.exit_code = run_demo(*args, options); });
}

}  // namespace wsis::stocktaking
