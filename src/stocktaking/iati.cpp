#include "stocktaking/iati.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "core/language.h"
#include "core/text.h"
#include "reference/reference_data.h"

namespace wsis::stocktaking::iati {

void append_escaped(std::string& out, std::string_view text) {
  // Line breaks as character references so that attribute values keep them too.
  append_markup_escaped(out, text, MarkupWhitespace::carriage_return_as_reference);
}

namespace {

std::string escaped(std::string_view text) {
  std::string out;
  append_escaped(out, text);
  return out;
}

void narrative(std::string& out, std::string_view text, std::string_view lang = {}) {
  out += "<narrative";
  if (!lang.empty()) out += fmt::format(" xml:lang=\"{}\"", lang);
  out += '>';
  append_escaped(out, text);
  out += "</narrative>";
}

// IATI OrganisationType for our stakeholder types. Civil society spans international,
// national and regional NGOs (21, 22, 23), which we cannot tell apart: no type.
std::string_view organisation_type(std::string_view stakeholder_type) {
  if (stakeholder_type == "government") return "10";
  if (stakeholder_type == "private-sector") return "70";
  if (stakeholder_type == "academia") return "80";
  if (stakeholder_type == "international-organization") return "40";
  if (stakeholder_type == "technical-community" || stakeholder_type == "other") return "90";
  return {};
}

// IATI ActivityStatus: 1 pipeline/identification, 2 implementation, 3 finalisation (the
// activity is complete).
std::string_view activity_status(std::string_view project_status) {
  if (project_status == "planned") return "1";
  if (project_status == "completed") return "3";
  return "2";
}

// Shares of 100 with two decimals that add up to exactly 100.
std::vector<std::string> percentages(std::size_t n) {
  std::vector<std::string> out;
  if (n == 0) return out;
  long hundredths = 10000 / static_cast<long>(n);
  long last = 10000 - hundredths * static_cast<long>(n - 1);
  auto format = [](long h) {
    std::string text = fmt::format("{}.{:02}", h / 100, h % 100);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
  };
  for (std::size_t i = 0; i + 1 < n; ++i) out.push_back(format(hundredths));
  out.push_back(format(last));
  return out;
}

}  // namespace

void begin(std::string& out, std::int64_t generated_at_ms) {
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      fmt::format("<iati-activities version=\"2.03\" generated-datetime=\"{}\">\n", format_timestamp(generated_at_ms));
}

void activity(std::string& out, const Publisher& publisher, std::int64_t id, std::int64_t updated_at_ms,
              const ExchangeRow& row) {
  const auto& c = row.content;
  const auto& data = reference::ReferenceData::instance();
  out += fmt::format(" <iati-activity last-updated-datetime=\"{}\" xml:lang=\"{}\">\n", format_timestamp(updated_at_ms),
                     c.language);
  out += "  <iati-identifier>" + escaped(publisher.ref) + "-WSIS-" + std::to_string(id) + "</iati-identifier>\n";
  out += "  <reporting-org ref=\"" + escaped(publisher.ref) + "\" type=\"" + escaped(publisher.type) + "\">";
  narrative(out, publisher.name, "en");
  out += "</reporting-org>\n";

  out += "  <title>";
  narrative(out, c.title);
  for (const auto& t : c.translations) narrative(out, t.title, t.lang);
  out += "</title>\n";
  // Type 1: the general description. The text is Markdown, given as it was written.
  out += "  <description type=\"1\">";
  narrative(out, c.description);
  for (const auto& t : c.translations)
    if (!t.description.empty()) narrative(out, t.description, t.lang);
  out += "</description>\n";

  // Role 4: implementing.
  out += "  <participating-org role=\"4\"";
  if (auto type = organisation_type(row.organisation.stakeholder_type); !type.empty())
    out += fmt::format(" type=\"{}\"", type);
  out += ">";
  narrative(out, row.organisation.name);
  out += "</participating-org>\n";
  if (!c.partners.empty()) {
    for (const auto& partner : c.partners) {
      out += "  <participating-org role=\"4\">";
      narrative(out, partner);
      out += "</participating-org>\n";
    }
  }
  // A1: the reporting organisation's own identifier of the activity.
  out += "  <other-identifier ref=\"" + escaped(row.external_id) + "\" type=\"A1\"/>\n";
  out += fmt::format("  <activity-status code=\"{}\"/>\n", activity_status(c.project_status));

  // ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
  bool planned = c.project_status == "planned";
  if (c.start_date)
    out += fmt::format("  <activity-date type=\"{}\" iso-date=\"{}\"/>\n", planned ? 1 : 2, *c.start_date);
  if (c.end_date)
    out += fmt::format("  <activity-date type=\"{}\" iso-date=\"{}\"/>\n", c.project_status == "completed" ? 4 : 3,
                       *c.end_date);
  if (!c.start_date && !c.end_date) {
    // IATI requires a date; the entry only has the year it reports on.
    out += fmt::format("  <activity-date type=\"1\" iso-date=\"{}-01-01\">", c.reporting_year);
    narrative(out, "No dates were reported; this is the first day of the reporting year.", "en");
    out += "</activity-date>\n";
  }

  bool global = c.countries.size() == 1 && c.countries[0] == kGlobal;
  // ActivityScope: 1 global, 3 multi-national, 4 national.
  out += fmt::format("  <activity-scope code=\"{}\"/>\n", global ? 1 : c.countries.size() > 1 ? 3 : 4);
  if (!global) {
    std::vector<const reference::Country*> countries;
    for (const auto& iso3 : c.countries)
      if (const auto* country = data.country(iso3)) countries.push_back(country);
    auto shares = percentages(countries.size());
    for (std::size_t i = 0; i < countries.size(); ++i) {
      out += fmt::format("  <recipient-country code=\"{}\" percentage=\"{}\">", countries[i]->iso2, shares[i]);
      narrative(out, countries[i]->name[language_index("en")], "en");
      out += "</recipient-country>\n";
    }
  }

  // TagVocabulary 2: SDG goals, 3: SDG targets, 99: the reporting organisation's (action lines).
  for (int goal : c.sdg_goals) out += fmt::format("  <tag vocabulary=\"2\" code=\"{}\"/>\n", goal);
  for (const auto& target : c.sdg_targets) out += "  <tag vocabulary=\"3\" code=\"" + escaped(target) + "\"/>\n";
  for (const auto& code : c.action_lines) {
    out += "  <tag vocabulary=\"99\" code=\"" + escaped(code) + "\">";
    if (const auto* line = data.action_line(code))
      for (std::size_t lang = 0; lang < kLanguages.size(); ++lang) narrative(out, line->title[lang], kLanguages[lang]);
    out += "</tag>\n";
  }

  if (!c.website.empty()) {
    // DocumentCategory A12: activity web page.
    out += "  <document-link url=\"" + escaped(c.website) + "\" format=\"text/html\"><title>";
    narrative(out, c.title);
    out += "</title><category code=\"A12\"/></document-link>\n";
  }
  out += " </iati-activity>\n";
}

void end(std::string& out) { out += "</iati-activities>\n"; }

}  // namespace wsis::stocktaking::iati
