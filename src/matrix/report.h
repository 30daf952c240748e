// Regional reports (docs/MATRIX.md): for an ITU region or the world and a period, the totals,
// breakdowns by action line, SDG, stakeholder type and country, the trend by reporting year,
// the gaps and the success stories, in one of the six languages; written as CSV, XLSX or a PDF
// typeset with cairo and pango (report_pdf.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "matrix/evidence.h"

namespace wsis::stocktaking {
class EntriesService;
}

namespace wsis::matrix {

struct ReportRequest {
  std::string region = "world";  // an ITU region code, or "world"
  std::optional<int> year_from, year_to;  // both or neither
  std::string lang = "en";
};

// "2025" or "2021-2025" -> the years; nothing when invalid.
std::optional<std::pair<int, int>> parse_period(std::string_view text);
// Checks the region, period and language: field errors (invalid_query) for the bad ones.
Result<void> check_report_request(const ReportRequest& request);

struct SuccessStory {
  std::int64_t id = 0;
  std::string title;  // in the report's language when translated
  std::vector<std::string> countries;  // names in the report's language
  int year = 0;
};

struct Report {
  ReportRequest request;
  std::int64_t generated_at = 0;
  Profile profile;  // the matching published entries
  std::vector<SuccessStory> stories;
};

enum class ReportFormat { json, csv, xlsx, pdf };
std::optional<ReportFormat> report_format(std::string_view name);
std::string_view media_type(ReportFormat format);
std::string_view extension(ReportFormat format);

// Counts the region's published entries of the period (from the evidence index) and reads up
// to ten success stories through the Stocktaking service.
Result<Report> build_report(const EvidenceIndex& evidence, stocktaking::EntriesService& entries,
                            const ReportRequest& request, std::int64_t now_ms);

// Labels and names as the report shows them, in its language. Numbers go into messages as
// text, so that every number of a report has the same (Western Arabic) digits, those written
// by the report itself and those a message would format (ICU writes Arabic-Indic digits in ar).
struct ReportTexts {
  explicit ReportTexts(const Report& report);
  std::string message(std::string_view key, const MessageArgs& args = {}) const;
  std::string title() const;
  std::string period() const;
  std::string region_name() const;
  const std::string& lang;

 private:
  const Report& report_;
};

// One table of the report: rows of (code, name, entries) with a share of all entries.
struct ReportTable {
  std::string key;       // report.section.*
  std::string heading;
  std::vector<std::string> codes, names;
  std::vector<std::int64_t> values;
  std::vector<std::uint32_t> colours;  // 0xRRGGBB per row (SDG colours), empty for the default
};
std::vector<ReportTable> report_tables(const Report& report, const ReportTexts& texts);

struct ReportGaps {
  std::vector<int> goals_without;
  std::int64_t targets_without = 0, targets_total = 0;
  std::vector<std::pair<std::string, std::int64_t>> targets_few;
  static constexpr std::int64_t few = 3;
};
ReportGaps report_gaps(const Report& report);

Result<std::string> render_csv(const Report& report);
Result<std::string> render_xlsx(const Report& report);
Result<std::string> render_pdf(const Report& report);  // report_pdf.cpp
Result<std::string> render_json(const Report& report);
Result<std::string> render(const Report& report, ReportFormat format);

// The 17 official SDG colours (UN Department of Global Communications), 0xRRGGBB.
std::uint32_t sdg_colour(int goal);

}  // namespace wsis::matrix
