#include "matrix/report.h"

#include <xlsxwriter.h>

#include <boost/json.hpp>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/json_input.h"
#include "core/language.h"
#include "core/messages.h"
#include "reference/reference_data.h"
#include "stocktaking/entries_service.h"

namespace json = boost::json;

namespace wsis::matrix {

namespace {

constexpr std::size_t kTopCountries = 20;
constexpr int kStories = 10;

std::string_view in(const reference::Texts& texts, std::string_view lang) { return texts[language_index(lang)]; }

std::optional<int> to_year(std::string_view text) {
  int value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || p != text.data() + text.size() || value < 2003 || value > 2100) return std::nullopt;
  return value;
}

}  // namespace

std::uint32_t sdg_colour(int goal) {
  static constexpr std::uint32_t kColours[17] = {0xE5243B, 0xDDA63A, 0x4C9F38, 0xC5192D, 0xFF3A21, 0x26BDE2,
                                                 0xFCC30B, 0xA21942, 0xFD6925, 0xDD1367, 0xFD9D24, 0xBF8B2E,
                                                 0x3F7E44, 0x0A97D9, 0x56C02B, 0x00689D, 0x19486A};
  return goal >= 1 && goal <= 17 ? kColours[goal - 1] : 0x5B6770;
}

std::optional<std::pair<int, int>> parse_period(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    auto year = to_year(text);
    if (!year) return std::nullopt;
    return std::pair(*year, *year);
  }
  auto from = to_year(text.substr(0, dash)), to = to_year(text.substr(dash + 1));
  if (!from || !to || *from > *to) return std::nullopt;
  return std::pair(*from, *to);
}

Result<void> check_report_request(const ReportRequest& r) {
  FieldErrors errors;
  if (r.region != "world" && !reference::ReferenceData::instance().region(r.region))
    errors.add("region", "unknown_code", {{"code", r.region.substr(0, 64)}});
  if (!is_supported_language(r.lang)) errors.add("lang", "unknown_code", {{"code", r.lang.substr(0, 16)}});
  if (r.year_from.has_value() != r.year_to.has_value()) errors.add("year", "invalid_value");
  if (!errors.empty()) return errors.to_error(ErrorCode::invalid_query);
  return Ok{};
}

std::optional<ReportFormat> report_format(std::string_view name) {
  if (name == "json") return ReportFormat::json;
  if (name == "csv") return ReportFormat::csv;
  if (name == "xlsx") return ReportFormat::xlsx;
  if (name == "pdf") return ReportFormat::pdf;
  return std::nullopt;
}

std::string_view media_type(ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return "application/json";
    case ReportFormat::csv: return "text/csv; charset=utf-8";
    case ReportFormat::xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case ReportFormat::pdf: return "application/pdf";
  }
  return "application/octet-stream";
}

std::string_view extension(ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return "json";
    case ReportFormat::csv: return "csv";
    case ReportFormat::xlsx: return "xlsx";
    case ReportFormat::pdf: return "pdf";
  }
  return "bin";
}

Result<Report> build_report(const EvidenceIndex& evidence, stocktaking::EntriesService& entries,
                            const ReportRequest& request, std::int64_t now_ms) {
  WSIS_TRY(check_report_request(request));
  Report report;
  report.request = request;
  report.generated_at = now_ms;
  stocktaking::EntryFilter filter;
  if (request.region != "world") filter.regions.push_back(request.region);
  if (request.year_from)
    for (int y = *request.year_from; y <= *request.year_to; ++y) filter.years.push_back(y);
  evidence.read(filter, Scope{}, [&](const Tally& tally) { report.profile = tally.total; });
  if (request.region != "world") {
    // An entry in Kenya and France is one of Africa's entries, but France is not one of
    // Africa's countries: a regional report counts and lists the region's countries only.
    const auto& countries = reference::ReferenceData::instance().countries();
    report.profile.countries = 0;
    for (std::size_t c = 0; c < countries.size(); ++c)
      if (countries[c].region == request.region && report.profile.at(Profile::kCountry, c) > 0)
        ++report.profile.countries;
  }

  filter.success_story = true;
  WSIS_ASSIGN(auto page, entries.list(std::nullopt, filter, stocktaking::SortOrder::date, request.lang, std::nullopt,
                                      kStories));
  const auto& data = reference::ReferenceData::instance();
  for (const auto& view : page.items) {
    SuccessStory story;
    story.id = view.record.id;
    story.title = view.content.title;
    for (const auto& t : view.content.translations)
      if (t.lang == request.lang) story.title = t.title;
    for (const auto& iso3 : view.content.countries)
      if (const auto* c = data.country(iso3)) story.countries.emplace_back(in(c->name, request.lang));
    story.year = view.content.reporting_year;
    report.stories.push_back(std::move(story));
  }
  return report;
}

ReportTexts::ReportTexts(const Report& report) : lang(report.request.lang), report_(report) {}

std::string ReportTexts::message(std::string_view key, const MessageArgs& args) const {
  return Messages::instance().format(lang, key, args);
}

std::string ReportTexts::region_name() const {
  if (report_.request.region == "world") return message("report.world");
  const auto* region = reference::ReferenceData::instance().region(report_.request.region);
  return region ? std::string(in(region->title, lang)) : report_.request.region;
}

std::string ReportTexts::period() const {
  const auto& r = report_.request;
  if (!r.year_from) return message("report.period.all");
  if (*r.year_from == *r.year_to) return std::to_string(*r.year_from);
  return std::to_string(*r.year_from) + "–" + std::to_string(*r.year_to);
}

std::string ReportTexts::title() const { return message("report.title", {{"region", region_name()}}); }

std::vector<ReportTable> report_tables(const Report& report, const ReportTexts& texts) {
  const auto& data = reference::ReferenceData::instance();
  const auto& p = report.profile;
  const auto& lang = report.request.lang;
  std::vector<ReportTable> tables;

  ReportTable lines{"report.section.action_lines", texts.message("report.section.action_lines"), {}, {}, {}, {}};
  for (std::size_t a = 0; a < data.action_lines().size(); ++a) {
    lines.codes.push_back(data.action_lines()[a].code);
    lines.names.emplace_back(in(data.action_lines()[a].short_title, lang));
    lines.values.push_back(p.at(Profile::kActionLine, a));
  }
  tables.push_back(std::move(lines));

  ReportTable goals{"report.section.goals", texts.message("report.section.goals"), {}, {}, {}, {}};
  for (std::size_t g = 0; g < data.goals().size(); ++g) {
    goals.codes.push_back(std::to_string(g + 1));
    goals.names.emplace_back(in(data.goals()[g].short_title, lang));
    goals.values.push_back(p.at(Profile::kGoal, g));
    goals.colours.push_back(sdg_colour(static_cast<int>(g + 1)));
  }
  tables.push_back(std::move(goals));

  ReportTable stakeholders{"report.section.stakeholders", texts.message("report.section.stakeholders"), {}, {}, {}, {}};
  for (std::size_t s = 0; s < data.stakeholder_types().size(); ++s) {
    stakeholders.codes.push_back(data.stakeholder_types()[s].code);
    stakeholders.names.emplace_back(in(data.stakeholder_types()[s].title, lang));
    stakeholders.values.push_back(p.at(Profile::kStakeholder, s));
  }
  tables.push_back(std::move(stakeholders));

  std::vector<std::pair<std::int64_t, std::size_t>> countries;
  const auto& region = report.request.region;
  for (std::size_t c = 0; c < data.countries().size(); ++c)
    if (region == "world" || data.countries()[c].region == region)
      if (auto n = p.at(Profile::kCountry, c)) countries.emplace_back(n, c);
  std::sort(countries.begin(), countries.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (countries.size() > kTopCountries) countries.resize(kTopCountries);
  ReportTable by_country{"report.section.countries",
                         texts.message("report.section.countries",
                                       {{"count", std::to_string(countries.size())}}),
                         {}, {}, {}, {}};
  for (const auto& [n, c] : countries) {
    by_country.codes.push_back(data.countries()[c].iso3);
    by_country.names.emplace_back(in(data.countries()[c].name, lang));
    by_country.values.push_back(n);
  }
  tables.push_back(std::move(by_country));

  ReportTable trend{"report.section.trend", texts.message("report.section.trend"), {}, {}, {}, {}};
  std::size_t first = Dimensions::years, last = 0;
  for (std::size_t y = 0; y < Dimensions::years; ++y)
    if (p.at(Profile::kYear, y)) {
      first = std::min(first, y);
      last = y;
    }
  for (std::size_t y = first; y <= last && first < Dimensions::years; ++y) {
    auto year = std::to_string(Dimensions::first_year + static_cast<int>(y));
    trend.codes.push_back(year);
    trend.names.push_back(year);
    trend.values.push_back(p.at(Profile::kYear, y));
  }
  tables.push_back(std::move(trend));
  return tables;
}

ReportGaps report_gaps(const Report& report) {
  const auto& data = reference::ReferenceData::instance();
  ReportGaps gaps;
  for (std::size_t g = 0; g < data.goals().size(); ++g)
    if (report.profile.at(Profile::kGoal, g) == 0) gaps.goals_without.push_back(static_cast<int>(g + 1));
  gaps.targets_total = static_cast<std::int64_t>(data.targets().size());
  for (std::size_t t = 0; t < data.targets().size(); ++t) {
    auto n = report.profile.at(Profile::kTarget, t);
    if (n == 0) ++gaps.targets_without;
    else if (n < ReportGaps::few) gaps.targets_few.emplace_back(data.targets()[t].code, n);
  }
  return gaps;
}

namespace {

double share(std::int64_t n, std::int64_t total) { return total > 0 ? 100.0 * static_cast<double>(n) / total : 0.0; }

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string join_goals(const std::vector<int>& goals) {
  std::string out;
  for (int g : goals) out += (out.empty() ? "" : ", ") + std::to_string(g);
  return out;
}

std::string join_targets(const std::vector<std::pair<std::string, std::int64_t>>& targets) {
  std::string out;
  for (const auto& [t, n] : targets) out += (out.empty() ? "" : ", ") + t + " (" + std::to_string(n) + ")";
  return out;
}

}  // namespace

Result<std::string> render_csv(const Report& report) {
  ReportTexts texts(report);
  std::ostringstream out;
  out << "\xEF\xBB\xBF";  // a BOM, so that spreadsheets read the file as UTF-8 (Arabic, Chinese)
  auto row = [&](std::initializer_list<std::string> fields) {
    bool first = true;
    for (const auto& f : fields) {
      out << (first ? "" : ",") << csv_field(f);
      first = false;
    }
    out << "\r\n";
  };
  row({"section", "code", "name", "entries", "share_percent"});
  row({"report", report.request.region, texts.title(), "", ""});
  row({"period", "", texts.period(), "", ""});
  const auto& p = report.profile;
  row({"totals", "entries", texts.message("report.label.entries"), std::to_string(p.entries), ""});
  row({"totals", "organisations", texts.message("report.label.organisations"), std::to_string(p.organisations), ""});
  row({"totals", "countries", texts.message("report.label.countries"), std::to_string(p.countries), ""});
  for (const auto& table : report_tables(report, texts)) {
    std::string section = table.key.substr(std::string_view("report.section.").size());
    for (std::size_t i = 0; i < table.codes.size(); ++i) {
      char pct[32];
      std::snprintf(pct, sizeof pct, "%.1f", share(table.values[i], p.entries));
      row({section, table.codes[i], table.names[i], std::to_string(table.values[i]), pct});
    }
  }
  auto gaps = report_gaps(report);
  for (int g : gaps.goals_without) row({"gap_goal", std::to_string(g), "", "0", ""});
  for (const auto& [t, n] : gaps.targets_few) row({"gap_target_few", t, "", std::to_string(n), ""});
  row({"gap_targets_without", "", "", std::to_string(gaps.targets_without), ""});
  for (const auto& s : report.stories) row({"success_story", std::to_string(s.id), s.title, "", ""});
  return out.str();
}

Result<std::string> render_xlsx(const Report& report) {
  ReportTexts texts(report);
  // libxlsxwriter writes files only: a temporary one, read back and removed.
  char path[] = "/tmp/wsis-report-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return make_error(ErrorCode::internal, "cannot create a temporary file for the workbook");
  close(fd);
  struct Remove {
    const char* path;
    ~Remove() { std::remove(path); }
  } remove_file{path};
  lxw_workbook* workbook = workbook_new(path);
  if (!workbook) return make_error(ErrorCode::internal, "cannot create the workbook");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  bool rtl = report.request.lang == "ar";
  const auto& p = report.profile;

  lxw_worksheet* summary = workbook_add_worksheet(workbook, "summary");
  if (rtl) worksheet_right_to_left(summary);
  worksheet_set_column(summary, 0, 0, 40, nullptr);
  worksheet_write_string(summary, 0, 0, texts.title().c_str(), bold);
  worksheet_write_string(summary, 1, 0, texts.period().c_str(), nullptr);
  lxw_row_t r = 3;
  for (auto [key, value] : {std::pair{"report.label.entries", p.entries},
                            std::pair{"report.label.organisations", std::int64_t{p.organisations}},
                            std::pair{"report.label.countries", std::int64_t{p.countries}}}) {
    worksheet_write_string(summary, r, 0, texts.message(key).c_str(), nullptr);
    worksheet_write_number(summary, r++, 1, static_cast<double>(value), nullptr);
  }
  auto gaps = report_gaps(report);
  ++r;
  worksheet_write_string(summary, r++, 0, texts.message("report.section.gaps").c_str(), bold);
  worksheet_write_string(summary, r++, 0,
                         texts.message("report.gaps.goals", {{"list", gaps.goals_without.empty()
                                                                           ? texts.message("report.none")
                                                                           : join_goals(gaps.goals_without)}})
                             .c_str(),
                         nullptr);
  worksheet_write_string(summary, r++, 0,
                         texts.message("report.gaps.targets_none", {{"count", std::to_string(gaps.targets_without)},
                                                                    {"total", std::to_string(gaps.targets_total)}})
                             .c_str(),
                         nullptr);
  worksheet_write_string(summary, r++, 0,
                         texts.message("report.gaps.targets_few",
                                       {{"few", std::to_string(ReportGaps::few)},
                                        {"list", gaps.targets_few.empty() ? texts.message("report.none")
                                                                          : join_targets(gaps.targets_few)}})
                             .c_str(),
                         nullptr);
  ++r;
  worksheet_write_string(summary, r++, 0, texts.message("report.section.stories").c_str(), bold);
  if (report.stories.empty()) worksheet_write_string(summary, r++, 0, texts.message("report.stories.none").c_str(), nullptr);
  for (const auto& s : report.stories) worksheet_write_string(summary, r++, 0, s.title.c_str(), nullptr);

  for (const auto& table : report_tables(report, texts)) {
    std::string name = table.key.substr(std::string_view("report.section.").size());
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
    if (rtl) worksheet_right_to_left(sheet);
    worksheet_set_column(sheet, 1, 1, 40, nullptr);
    worksheet_write_string(sheet, 0, 0, texts.message("report.column.code").c_str(), bold);
    worksheet_write_string(sheet, 0, 1, texts.message("report.column.name").c_str(), bold);
    worksheet_write_string(sheet, 0, 2, texts.message("report.column.entries").c_str(), bold);
    worksheet_write_string(sheet, 0, 3, texts.message("report.column.share").c_str(), bold);
    for (std::size_t i = 0; i < table.codes.size(); ++i) {
      auto row = static_cast<lxw_row_t>(i + 1);
      worksheet_write_string(sheet, row, 0, table.codes[i].c_str(), nullptr);
      worksheet_write_string(sheet, row, 1, table.names[i].c_str(), nullptr);
      worksheet_write_number(sheet, row, 2, static_cast<double>(table.values[i]), nullptr);
      worksheet_write_number(sheet, row, 3, share(table.values[i], p.entries), nullptr);
    }
  }
  if (lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR)
    return make_error(ErrorCode::internal, std::string("cannot write the workbook: ") + lxw_strerror(error));
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

Result<std::string> render_json(const Report& report) {
  ReportTexts texts(report);
  const auto& p = report.profile;
  json::array tables;
  for (const auto& table : report_tables(report, texts)) {
    json::array rows;
    for (std::size_t i = 0; i < table.codes.size(); ++i) {
      json::object row{{"code", table.codes[i]},
                       {"name", table.names[i]},
                       {"entries", table.values[i]},
                       {"share", share(table.values[i], p.entries)}};
      if (!table.colours.empty()) {
        char colour[8];
        std::snprintf(colour, sizeof colour, "#%06X", static_cast<unsigned>(table.colours[i]));
        row["colour"] = colour;
      }
      rows.push_back(std::move(row));
    }
    tables.push_back({{"key", table.key.substr(std::string_view("report.section.").size())},
                      {"heading", table.heading},
                      {"rows", std::move(rows)}});
  }
  auto gaps = report_gaps(report);
  json::array few;
  for (const auto& [t, n] : gaps.targets_few) few.push_back({{"target", t}, {"entries", n}});
  json::array stories;
  for (const auto& s : report.stories) {
    json::array countries;
    for (const auto& c : s.countries) countries.push_back(json::value(c));
    stories.push_back({{"id", s.id}, {"title", s.title}, {"countries", std::move(countries)}, {"year", s.year}});
  }
  json::array goals_without;
  for (int g : gaps.goals_without) goals_without.push_back(g);
  json::object body{
      {"region", report.request.region},
      {"region_name", texts.region_name()},
      {"title", texts.title()},
      {"period", texts.period()},
      {"year_from", report.request.year_from ? json::value(*report.request.year_from) : json::value(nullptr)},
      {"year_to", report.request.year_to ? json::value(*report.request.year_to) : json::value(nullptr)},
      {"lang", report.request.lang},
      {"totals", {{"entries", p.entries}, {"organisations", p.organisations}, {"countries", p.countries}}},
      {"tables", std::move(tables)},
      {"gaps", {{"few_below", ReportGaps::few},
                {"goals_without", std::move(goals_without)},
                {"targets_without_entries", gaps.targets_without},
                {"targets_few", std::move(few)}}},
      {"success_stories", std::move(stories)}};
  return json::serialize(body);
}

Result<std::string> render(const Report& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return render_json(report);
    case ReportFormat::csv: return render_csv(report);
    case ReportFormat::xlsx: return render_xlsx(report);
    case ReportFormat::pdf: return render_pdf(report);
  }
  return make_error(ErrorCode::internal, "unknown report format");
}

}  // namespace wsis::matrix
