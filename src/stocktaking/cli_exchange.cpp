#include "stocktaking/cli_exchange.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "core/messages.h"
#include "db/data_directory.h"
#include "stocktaking/exporter.h"
#include "stocktaking/importer.h"

namespace wsis::stocktaking {

namespace {

// Exit codes, documented in docs/IMPORT_EXPORT.md.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;    // the database or a file could not be read or written
constexpr int kExitUsage = 2;     // bad arguments: unknown format or extension, unreadable input
constexpr int kExitRejected = 3;  // bad rows (listed) and no --skip-invalid: nothing was written

struct ExchangeArgs {
  std::string input;
  bool skip_invalid = false;
  std::size_t batch_size = 2000;
  std::string format;
  std::string output;
  bool all_states = false;
  std::string iati_publisher;
};

// Imports may start from nothing; exports need a database to export from.
Result<std::unique_ptr<db::Database>> open_data(const std::string& data_dir, const Clock& clock, bool create) {
  std::error_code ec;
  if (!create && !std::filesystem::is_regular_file(db::database_path(data_dir), ec))
    return make_error(ErrorCode::not_found, "no database at " + db::database_path(data_dir));
  return db::open_data_directory(data_dir, clock);
}

// A one-line progress bar on standard error, redrawn at most ten times a second, and only
// when standard error is a terminal (a log file gets no carriage returns).
class ProgressBar {
 public:
  ProgressBar() : enabled_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() { finish(); }

  void update(std::string_view label, std::size_t done, std::size_t total, bool bytes) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    bool complete = done >= total;
    if (label == label_ && !complete && now - last_ < std::chrono::milliseconds(100)) return;
    if (label != label_ && !label_.empty()) std::cerr << "\n";
    label_ = std::string(label);
    last_ = now;
    constexpr int kWidth = 30;
    double share = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    int filled = static_cast<int>(share * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::string counts =
        bytes ? fmt::format("{:.1f}/{:.1f} MB", static_cast<double>(done) / 1e6, static_cast<double>(total) / 1e6)
              : fmt::format("{}/{} entries", done, total);
    std::cerr << fmt::format("\r{:<8} [{}] {:3.0f}% {}", label, bar, share * 100, counts) << std::flush;
    shown_ = true;
  }

  void finish() {
    if (shown_) std::cerr << "\n" << std::flush;
    shown_ = false;
    label_.clear();
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::string label_;
  std::chrono::steady_clock::time_point last_{};
};

// "entries.csv:7: title: At least 3 characters. (too_short)"
void print_errors(const std::string& file, const std::vector<RowError>& errors) {
  const auto& messages = Messages::instance();
  for (const auto& e : errors) {
    std::cerr << file << ":" << e.line << ": ";
    if (!e.field.empty()) std::cerr << e.field << ": ";
    std::cerr << messages.format("en", "field." + e.code, e.args) << " (" << e.code << ")\n";
  }
}

int run_import(const ExchangeArgs& args, const app::CommandOptions& options) {
  const std::string prefix = "wsis import: ";
  auto format = format_of_path(args.input);
  if (!format || (*format != ExchangeFormat::jsonl && *format != ExchangeFormat::csv)) {
    std::cerr << prefix << args.input << ": name the file .jsonl, .ndjson or .csv to say its format\n";
    return kExitUsage;
  }
  std::ifstream in(args.input, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    std::cerr << prefix << "cannot read " << args.input << "\n";
    return kExitUsage;
  }
  std::string data = std::move(buffer).str();

  SystemClock clock;
  auto database = open_data(options.data_dir, clock, true);
  if (!database) {
    std::cerr << prefix << database.error().detail << "\n";
    return kExitFailed;
  }
  ProgressBar bar;
  ImportOptions import;
  import.skip_invalid = args.skip_invalid;
  import.batch_size = args.batch_size;
  import.progress = [&](std::string_view phase, std::size_t done, std::size_t total) {
    bar.update(phase, done, total, phase == "reading");
};
auto report = import_entries(**database, clock, data, *format, import);
bar.finish();
if (!report) {
  std::cerr << prefix << report.error().detail << "\n";
  return kExitFailed;
}
print_errors(args.input, report->errors);
if (report->rejected) {
  std::cerr << prefix << report->errors.size() << " error" << (report->errors.size() == 1 ? "" : "s") << " in "
            << args.input << "; nothing was imported"
            << (report->errors.empty() ? "" : " (--skip-invalid imports the valid rows)") << "\n";
  return kExitRejected;
}
std::set<std::size_t> skipped_lines;
for (const auto& e : report->errors) skipped_lines.insert(e.line);
std::cout << fmt::format("imported {}: {} created, {} updated, {} unchanged, {} skipped\n", args.input, report->created,
                         report->updated, report->unchanged, skipped_lines.size());
return kExitOk;
}  // namespace

int run_export(const ExchangeArgs& args, const app::CommandOptions& options) {
  const std::string prefix = "wsis export: ";
  std::optional<ExchangeFormat> format = args.format.empty() ? format_of_path(args.output) : format_named(args.format);
  if (!format) {
    std::cerr << prefix
              << (args.format.empty() ? "say --format jsonl, csv, xlsx or iati (the output's extension does not tell)"
                                      : "unknown format '" + args.format + "': use jsonl, csv, xlsx or iati")
              << "\n";
    return kExitUsage;
  }
  SystemClock clock;
  auto database = open_data(options.data_dir, clock, false);
  if (!database) {
    std::cerr << prefix << database.error().detail << "\n";
    return kExitFailed;
  }
  ProgressBar bar;
  ExportOptions exporting;
  exporting.format = *format;
  exporting.all_states = args.all_states;
  if (!args.iati_publisher.empty()) exporting.publisher.ref = args.iati_publisher;
  exporting.progress = [&](std::size_t done, std::size_t total) { bar.update("export", done, total, false); };
  auto count = export_to_file(**database, clock, exporting, args.output);
  bar.finish();
  if (!count) {
    std::cerr << prefix << count.error().detail << "\n";
    return kExitFailed;
  }
  std::cout << fmt::format("exported {} entr{} to {} ({})\n", *count, *count == 1 ? "y" : "ies", args.output,
                           format_name(*format));
  return kExitOk;
}

}  // namespace wsis::stocktaking

void add_exchange_commands(CLI::App& cli, app::CommandOptions& options) {
  auto args = std::make_shared<ExchangeArgs>();

  auto* import = cli.add_subcommand("import", "Import Stocktaking entries from JSON Lines (.jsonl) or CSV (.csv)");
  import->add_option("file", args->input, "The file; its extension gives the format")->required();
  import->add_flag("--skip-invalid", args->skip_invalid,
                   "Import the valid rows and list the others (default: import nothing if a row is bad)");
  import->add_option("--batch-size", args->batch_size, "Rows per write transaction")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  import->add_option("--data-dir", options.data_dir, "Data directory (env WSIS_DATA_DIR)")->capture_default_str();
  import->callback([args, &options] { options.exit_code = run_import(*args, options);
});

auto* export_cmd = cli.add_subcommand("export", "Export Stocktaking entries (published ones unless --all)");
export_cmd->add_option("--format", args->format, "jsonl, csv, xlsx or iati (default: from the output's extension)");
export_cmd->add_option("--output", args->output, "The file to write")->required();
export_cmd->add_flag("--all", args->all_states, "Every entry, whatever its state");
export_cmd->add_option("--iati-publisher", args->iati_publisher,
                       "IATI organisation identifier of the publisher (default XM-DAC-41303, ITU)");
export_cmd->add_option("--data-dir", options.data_dir, "Data directory (env WSIS_DATA_DIR)")->capture_default_str();
export_cmd->callback([args, &options] { options.exit_code = run_export(*args, options); });
}

}  // namespace wsis::stocktaking
