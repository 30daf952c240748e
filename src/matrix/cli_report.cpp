#include "matrix/cli_report.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "db/data_directory.h"
#include "matrix/evidence.h"
#include "matrix/report.h"
#include "stocktaking/entries_service.h"

namespace wsis::matrix {

namespace {

struct ReportArgs {
  std::string region = "world";
  std::string year;
  std::string lang = "en";
  std::string format = "pdf";
  std::string output;
};

int run_report(const ReportArgs& args, const app::CommandOptions& options) {
  const std::string prefix = "wsis report: ";
  ReportRequest request;
  request.region = args.region;
  request.lang = args.lang;
  if (!args.year.empty()) {
    auto period = parse_period(args.year);
    if (!period) {
      std::cerr << prefix << "--year must be a year (2025) or a range (2021-2025) from 2003\n";
      return 2;
    }
    request.year_from = period->first;
    request.year_to = period->second;
  }
  auto format = report_format(args.format);
  if (!format) {
    std::cerr << prefix << "--format must be pdf, xlsx, csv or json\n";
    return 2;
  }
  if (auto checked = check_report_request(request); !checked) {
    for (const auto& f : checked.error().fields) std::cerr << prefix << "--" << f.field << ": " << f.code << "\n";
    return 2;
  }
  SystemClock clock;
  auto database = db::open_data_directory(options.data_dir, clock);
  if (!database) {
    std::cerr << prefix << database.error().detail << "\n";
    return 1;
  }
  EvidenceIndex evidence(**database, clock);
  if (auto built = evidence.rebuild(); !built) {
    std::cerr << prefix << built.error().detail << "\n";
    return 1;
  }
  stocktaking::EntriesService entries(**database, clock);
  auto report = build_report(evidence, entries, request, clock.now_ms());
  if (!report) {
    std::cerr << prefix << report.error().detail << "\n";
    return 1;
  }
  auto bytes = render(*report, *format);
  if (!bytes) {
    std::cerr << prefix << bytes.error().detail << "\n";
    return 1;
  }
  if (args.output == "-") {
    std::cout << *bytes;
    return std::cout.good() ? 0 : 1;
  }
  std::ofstream out(args.output, std::ios::binary | std::ios::trunc);
  out << *bytes;
  out.close();
  if (!out) {
    std::cerr << prefix << "cannot write " << args.output << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

void add_report_commands(CLI::App& cli, app::CommandOptions& options) {
  auto args = std::make_shared<ReportArgs>();
  auto* report = cli.add_subcommand("report", "Write a regional report (PDF, XLSX, CSV or JSON)");
  report->add_option("--region", args->region, "An ITU region code (arab-states...) or world")->capture_default_str();
  report->add_option("--year", args->year, "A reporting year (2025) or a range (2021-2025); all years if absent");
  report->add_option("--lang", args->lang, "ar, en, es, fr, ru or zh")->capture_default_str();
  report->add_option("--format", args->format, "pdf, xlsx, csv or json")->capture_default_str();
  report->add_option("--output", args->output, "The file to write (- for standard output)")->required();
  report->add_option("--data-dir", options.data_dir, "Data directory (env WSIS_DATA_DIR)")->capture_default_str();
  report->callback([args, &options] { options.exit_code = run_report(*args, options); });
}

}  // namespace wsis::matrix
