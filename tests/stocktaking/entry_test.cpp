// Validation of an entry's content: each class of bad input is a field error with a stable code.
#include "stocktaking/entry.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "stocktaking/markdown.h"

namespace json = boost::json;

namespace wsis::stocktaking {
namespace {

json::object valid_entry() {
  return json::parse(R"({
    "type": "project",
    "title": "الصحة الإلكترونية في المدارس الريفية",
    "description": "Tele-consultations for **rural schools**.\nSecond line.",
    "language": "ar",
    "translations": {"en": {"title": "E-health in rural schools", "description": "Tele-consultations."},
                     "fr": {"title": "La e-santé dans les écoles rurales"}},
    "countries": ["MRT", "SEN", "MRT"],
    "action_lines": ["C7-e-health", "C4"],
    "primary_action_line": "C7-e-health",
    "sdg_targets": ["3.8", "4.a"],
    "sdg_goals": [17],
    "start_date": "2024-02-29",
    "end_date": "2026-12-31",
    "project_status": "ongoing",
    "website": "https://example.org/ehealth",
    "contact": {"name": "Aminata", "email": "Aminata@Example.org"},
    "beneficiaries": "12,000 pupils",
    "impact": "Fewer days missed",
    "partners": ["Ministry of Health"],
    "reporting_year": 2026
  })").as_object();
}

std::vector<std::string> codes_for(const Result<EntryContent>& result, const std::string& field) {
  std::vector<std::string> codes;
  if (result.ok()) return codes;
  for (const auto& f : result.error().fields)
    if (f.field == field) codes.push_back(f.code);
  return codes;
}

TEST(EntryContent, ValidEntryIsNormalised) {
  auto result = parse_entry_content(valid_entry(), 2026);
  ASSERT_TRUE(result.ok()) << result.error().detail;
  EXPECT_EQ(result->countries, (std::vector<std::string>{"MRT", "SEN"})) << "deduplicated and sorted";
  EXPECT_EQ(result->regions(), (std::vector<std::string>{"africa", "arab-states"}));
  EXPECT_EQ(result->sdg_goals, (std::vector<int>{3, 4, 17})) << "goals of the targets included";
  EXPECT_EQ(result->sdg_targets, (std::vector<std::string>{"3.8", "4.a"}));
  EXPECT_EQ(result->contact.email, "aminata@example.org");
  ASSERT_EQ(result->translations.size(), 2u);
  EXPECT_EQ(result->translations[0].lang, "en");
}

TEST(EntryContent, RoundTripsThroughJson) {
  auto parsed = parse_entry_content(valid_entry(), 2026);
  ASSERT_TRUE(parsed.ok());
  auto again = content_from_json(content_to_json(*parsed, true));
  EXPECT_TRUE(content_difference(*parsed, again).empty()) << json::serialize(content_difference(*parsed, again));
  EXPECT_FALSE(content_to_json(*parsed, false).contains("contact")) << "contact hidden from the public";
}

TEST(EntryContent, UnknownCodesAreReportedPerItem) {
  auto entry = valid_entry();
  entry["countries"] = json::array{"SEN", "XYZ"};
  entry["action_lines"] = json::array{"C7-e-health", "C99"};
  entry["sdg_targets"] = json::array{"3.8", "18.1"};
  entry["sdg_goals"] = json::array{0};
  auto result = parse_entry_content(entry, 2026);
  EXPECT_EQ(codes_for(result, "countries/1"), std::vector<std::string>{"unknown_code"});
  EXPECT_EQ(codes_for(result, "action_lines/1"), std::vector<std::string>{"unknown_code"});
  EXPECT_EQ(codes_for(result, "sdg_targets/1"), std::vector<std::string>{"unknown_code"});
  EXPECT_EQ(codes_for(result, "sdg_goals/0"), std::vector<std::string>{"out_of_range"});
}

TEST(EntryContent, EndBeforeStartAndInvalidDates) {
  auto entry = valid_entry();
  entry["end_date"] = "2023-12-31";
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "end_date"), std::vector<std::string>{"end_before_start"});
  entry["start_date"] = "2023-02-29";  // not a leap year
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "start_date"), std::vector<std::string>{"invalid_date"});
  entry["start_date"] = "2024-13-01";
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "start_date"), std::vector<std::string>{"invalid_date"});
}

TEST(EntryContent, OnlyHttpAndHttpsWebsites) {
  auto entry = valid_entry();
  for (auto url : {"javascript:alert(1)", "ftp://example.org", "data:text/html,hi", "example.org", "https://"}) {
    entry["website"] = url;
    EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "website"), std::vector<std::string>{"invalid_url"}) << url;
  }
  entry["website"] = "http://example.org/a?b=c";
  EXPECT_TRUE(parse_entry_content(entry, 2026).ok());
}

TEST(EntryContent, LimitsAreInCharacters) {
  auto entry = valid_entry();
  std::string arabic;
  for (int i = 0; i < 200; ++i) arabic += "ص";  // 200 Arabic characters, 400 bytes
  entry["title"] = arabic;
  EXPECT_TRUE(parse_entry_content(entry, 2026).ok());
  entry["title"] = std::string(201, 'a');
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "title"), std::vector<std::string>{"too_long"});
}

TEST(EntryContent, EmptyOrMisplacedTranslationsAreRejected) {
  auto entry = valid_entry();
  entry["translations"] = json::object{{"en", json::object{{"title", "  "}}}};
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "translations/en/title"), std::vector<std::string>{"empty"});
  entry["translations"] = json::object{{"ar", json::object{{"title", "Same language as the original"}}}};
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "translations/ar"), std::vector<std::string>{"invalid_value"});
  entry["translations"] = json::object{{"de", json::object{{"title", "Deutsch"}}}};
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "translations/de"), std::vector<std::string>{"invalid_value"});
}

TEST(EntryContent, PrimaryActionLineMustBeOneOfTheEntrysLines) {
  auto entry = valid_entry();
  entry["primary_action_line"] = "C2";
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "primary_action_line"), std::vector<std::string>{"invalid_value"});
  entry.erase("primary_action_line");
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "primary_action_line"), std::vector<std::string>{"required"});
  entry["action_lines"] = json::array{"C4"};
  auto single = parse_entry_content(entry, 2026);
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->primary_action_line, "C4") << "a single line is the primary one";
}

TEST(EntryContent, GlobalStandsAlone) {
  auto entry = valid_entry();
  entry["countries"] = json::array{"global"};
  auto global = parse_entry_content(entry, 2026);
  ASSERT_TRUE(global.ok());
  EXPECT_TRUE(global->regions().empty());
  entry["countries"] = json::array{"global", "SEN"};
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "countries/0"), std::vector<std::string>{"invalid_value"});
  entry["countries"] = json::array{};
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "countries"), std::vector<std::string>{"required"});
}

TEST(EntryContent, MissingRequiredFieldsUnknownFieldsAndWrongTypes) {
  json::object entry{{"title", 5}, {"colour", "blue"}};
  auto result = parse_entry_content(entry, 2026);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(codes_for(result, "title"), std::vector<std::string>{"expected_string"});
  EXPECT_EQ(codes_for(result, "colour"), std::vector<std::string>{"unknown_field"});
  for (auto field : {"type", "description", "language", "countries", "action_lines", "project_status", "reporting_year"})
    EXPECT_EQ(codes_for(result, field), std::vector<std::string>{"required"}) << field;
  EXPECT_EQ(codes_for(result, "sdg_targets"), std::vector<std::string>{"required"});
}

TEST(EntryContent, ReportingYearIsBounded) {
  auto entry = valid_entry();
  entry["reporting_year"] = 2028;
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "reporting_year"), std::vector<std::string>{"out_of_range"});
  entry["reporting_year"] = 2002;
  EXPECT_EQ(codes_for(parse_entry_content(entry, 2026), "reporting_year"), std::vector<std::string>{"out_of_range"});
}

TEST(EntryContent, DifferenceNamesChangedFieldsOnly) {
  auto before = parse_entry_content(valid_entry(), 2026);
  auto edited = valid_entry();
  edited["project_status"] = "completed";
  edited["countries"] = json::array{"SEN"};
  auto after = parse_entry_content(edited, 2026);
  ASSERT_TRUE(before.ok() && after.ok());
  auto changes = content_difference(*before, *after);
  std::vector<std::string> fields;
  for (const auto& c : changes) fields.emplace_back(c.at("field").as_string());
  EXPECT_EQ(fields, (std::vector<std::string>{"countries", "regions", "project_status"}));
}

TEST(Markdown, RawHtmlAndScriptLinksNeverPassThrough) {
  auto html = render_markdown("Hello <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_NE(render_markdown("**bold**").find("<strong>bold</strong>"), std::string::npos);
}

}  // namespace
}  // namespace wsis::stocktaking
