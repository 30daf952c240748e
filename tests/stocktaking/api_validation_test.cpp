// Bad input to the entry routes, one test per class: each answer is an RFC 9457 problem whose
// field errors name the field and a stable code, and nothing is written (no entry, revision,
// transition or change-feed row; an edited entry reads back unchanged).
#include <string>

#include "api_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

// A JSON string of `text` (std::string does not convert to a json::value by itself).
json::value text(const std::string& text) { return json::value(json::string_view(text)); }

std::string repeat(const std::string& unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

class stocktaking_api_validation : public StocktakingApiTest {
 protected:
  void SetUp() override {
    edited_ = create_draft(w().contributor_a, entry_body("The entry the PUT tests try to change"));
    edited_before_ = snapshot(edited_);
    written_ = written();
  }
  void TearDown() override {
    EXPECT_EQ(written(), written_) << "a refused request wrote something";
    EXPECT_EQ(snapshot(edited_), edited_before_);
  }

  // Rows of every table a write to an entry touches.
  static std::vector<std::int64_t> written() {
    return {count("SELECT COUNT(*) FROM entries"), count("SELECT COUNT(*) FROM entry_revisions"),
            count("SELECT COUNT(*) FROM entry_transitions"), count("SELECT COUNT(*) FROM change_feed"),
            count("SELECT COUNT(*) FROM audit_log")};
  }

  // `body` is refused with 422 and exactly these field codes, both as a new entry and as an
  // edit of an existing one.
  void expect_invalid(const json::object& body, const std::vector<std::string>& codes) {
    auto created = w().contributor_a.client->post_json("/api/v1/entries", body);
    expect_problem(created, 422, "validation");
    EXPECT_EQ(field_codes(created.json()), codes) << json::serialize(body);
    auto edited = put_entry(w().contributor_a, edited_, body, "*");
    expect_problem(edited, 422, "validation");
    EXPECT_EQ(field_codes(edited.json()), codes) << json::serialize(body);
  }
  static json::object with(const std::string& field, json::value value) {
    auto body = entry_body();
    body[field] = std::move(value);
    return body;
  }
  static json::object without(const std::string& field) {
    auto body = entry_body();
    body.erase(field);
    return body;
  }

  std::int64_t edited_ = 0;
  EntrySnapshot edited_before_;
  std::vector<std::int64_t> written_;
};

TEST_F(stocktaking_api_validation, MissingRequiredFields) {
  for (const std::string field :
       {"type", "title", "description", "language", "countries", "project_status", "reporting_year"})
    expect_invalid(without(field), {field + ":required"});
  // Without action lines there is no primary one either.
  expect_invalid(without("action_lines"), {"action_lines:required", "primary_action_line:required"});
  // Every entry links to the SDGs, through a target or a goal.
  expect_invalid(without("sdg_targets"), {"sdg_targets:required"});
  expect_invalid(with("countries", json::array{}), {"countries:required"});
  // With several action lines, which one is primary must be said.
  expect_invalid(with("action_lines", json::array{"C1", "C3"}), {"primary_action_line:required"});
  auto all = json::object{};
  auto response = w().contributor_a.client->post_json("/api/v1/entries", all);
  expect_problem(response, 422, "validation");
  EXPECT_EQ(field_codes(response.json()).size(), 10u) << response.body;
}

TEST_F(stocktaking_api_validation, UnknownCodes) {
  expect_invalid(with("countries", json::array{"KEN", "XXX"}), {"countries/1:unknown_code"});
  expect_invalid(with("countries", json::array{"ken"}), {"countries/0:unknown_code"});
  expect_invalid(with("countries", json::array{"global", "KEN"}), {"countries/0:invalid_value"});
  expect_invalid(with("action_lines", json::array{"C1", "C99"}), {"action_lines/1:unknown_code"});
  expect_invalid(with("sdg_targets", json::array{"4.1", "99.9"}), {"sdg_targets/1:unknown_code"});
  expect_invalid(with("sdg_goals", json::array{18}), {"sdg_goals/0:out_of_range"});
  expect_invalid(with("language", "de"), {"language:invalid_value"});
  expect_invalid(with("type", "blog"), {"type:invalid_value"});
  expect_invalid(with("project_status", "paused"), {"project_status:invalid_value"});
  auto primary = entry_body();
  primary["primary_action_line"] = "C3";  // not one of the entry's action lines
  expect_invalid(primary, {"primary_action_line:invalid_value"});
  // The message names the unknown code.
  auto response = w().contributor_a.client->post_json("/api/v1/entries", with("countries", json::array{"XXX"}));
  EXPECT_NE(response.json().at("errors").at(0).at("message").as_string().find("XXX"), json::string::npos);
}

TEST_F(stocktaking_api_validation, DatesAreCalendarDatesAndTheEndIsNotBeforeTheStart) {
  auto body = entry_body();
  body["start_date"] = "2025-06-01";
  body["end_date"] = "2025-05-31";
  expect_invalid(body, {"end_date:end_before_start"});
  body["end_date"] = "2025-02-30";
  expect_invalid(body, {"end_date:invalid_date"});
  body["end_date"] = "31/12/2025";
  expect_invalid(body, {"end_date:invalid_date"});
  body["start_date"] = "2025-6-1";
  body.erase("end_date");
  expect_invalid(body, {"start_date:invalid_date"});
  // One day is a valid span.
  body["start_date"] = "2024-02-29";
  body["end_date"] = "2024-02-29";
  auto ok = w().contributor_a.client->post_json("/api/v1/entries", body);
  EXPECT_EQ(ok.status, 201) << ok.body;
  written_ = written();
}

TEST_F(stocktaking_api_validation, WebsitesAreHttpOrHttpsAddresses) {
  for (const std::string url : {"ftp://example.org/file", "javascript:alert(1)", "mailto:someone@example.org",
                                "data:text/html,<script>alert(1)</script>", "example.org", "http://", "https:///path",
                                "//example.org", "https://trusted.example@evil.example/"})
    expect_invalid(with("website", text(url)), {"website:invalid_url"});
  expect_invalid(with("website", text("https://example.org/" + repeat("a", 2000))), {"website:too_long"});
  for (const std::string url : {"http://example.org", "https://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/"}) {
    auto ok = w().contributor_a.client->post_json("/api/v1/entries", with("website", text(url)));
    EXPECT_EQ(ok.status, 201) << url << ": " << ok.body;
  }
  written_ = written();
}

TEST_F(stocktaking_api_validation, TextLimitsCountCharactersNotBytes) {
  const std::string letter = "ع";  // two bytes in UTF-8
  // 200 Arabic letters (400 bytes) are a valid title; 201 are not.
  auto at_limit = with("title", text(repeat(letter, 200)));
  at_limit["language"] = "ar";
  auto ok = w().contributor_a.client->post_json("/api/v1/entries", at_limit);
  EXPECT_EQ(ok.status, 201) << ok.body;
  written_ = written();

  auto over = with("title", text(repeat(letter, 201)));
  over["language"] = "ar";
  expect_invalid(over, {"title:too_long"});
  auto response = w().contributor_a.client->post_json("/api/v1/entries", over);
  EXPECT_EQ(response.json().at("errors").at(0).at("message"), "At most 200 characters.");
  expect_invalid(with("title", "ab"), {"title:too_short"});
  expect_invalid(with("description", text(repeat(letter, 10001))), {"description:too_long"});
  expect_invalid(with("beneficiaries", text(repeat(letter, 2001))), {"beneficiaries:too_long"});
  expect_invalid(with("impact", text(repeat(letter, 5001))), {"impact:too_long"});
  expect_invalid(with("partners", json::array{"Ministry", repeat(letter, 201)}), {"partners/1:too_long"});
  json::array partners;
  for (int i = 0; i < 51; ++i) partners.push_back(json::value("Partner " + std::to_string(i)));
  expect_invalid(with("partners", partners), {"partners:too_many_items"});
  expect_invalid(with("contact", {{"name", repeat(letter, 201)}}), {"contact/name:too_long"});
  expect_invalid(with("contact", {{"email", "not an address"}}), {"contact/email:invalid_email"});
  // Titles are one line; descriptions may have several.
  expect_invalid(with("title", "First line\nsecond line"), {"title:control_characters"});
  expect_invalid(with("description", "Bell\u0007"), {"description:control_characters"});
  expect_invalid(with("title", "   "), {"title:empty"});
}

TEST_F(stocktaking_api_validation, TranslationsAreCompleteAndInOtherLanguages) {
  expect_invalid(with("translations", {{"fr", {{"title", ""}}}}), {"translations/fr/title:empty"});
  expect_invalid(with("translations", {{"fr", {{"title", "   "}}}}), {"translations/fr/title:empty"});
  expect_invalid(with("translations", {{"fr", json::object{}}}), {"translations/fr/title:required"});
  expect_invalid(with("translations", {{"fr", {{"description", "Sans titre"}}}}), {"translations/fr/title:required"});
  expect_invalid(with("translations", {{"en", {{"title", "The same language"}}}}), {"translations/en:invalid_value"});
  expect_invalid(with("translations", {{"de", {{"title", "Deutsch"}}}}), {"translations/de:invalid_value"});
  expect_invalid(with("translations", {{"fr", "Titre"}}), {"translations/fr:expected_object"});
  expect_invalid(with("translations", {{"fr", {{"title", "Titre"}, {"summary", "x"}}}}),
                 {"translations/fr/summary:unknown_field"});
  expect_invalid(with("translations", {{"ar", {{"title", repeat("ع", 201)}}}}), {"translations/ar/title:too_long"});
  // A complete translation is accepted, and read back.
  auto ok = w().contributor_a.client->post_json(
      "/api/v1/entries",
      with("translations", {{"fr", {{"title", "Réseaux communautaires"}, {"description", "Écoles"}}}}));
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(str(ok.json().at("translations").at("fr").at("title")), "Réseaux communautaires");
  written_ = written();
}

TEST_F(stocktaking_api_validation, UnknownFieldsAreRejectedNotIgnored) {
  expect_invalid(with("bogus", 1), {"bogus:unknown_field"});
  // What the workflow owns cannot be set in the content.
  expect_invalid(with("state", "published"), {"state:unknown_field"});
  expect_invalid(with("success_story", true), {"success_story:unknown_field"});
  expect_invalid(with("contact", {{"name", "A"}, {"fax", "1"}}), {"contact/fax:unknown_field"});
  // Only moderators (imports) name an entry's external id; for others it is not a field.
  auto body = with("external_id", "IMPORT-1");
  auto response = w().contributor_a.client->post_json("/api/v1/entries", body);
  expect_problem(response, 422, "validation");
  EXPECT_EQ(field_codes(response.json()), std::vector<std::string>{"external_id:unknown_field"});
}

TEST_F(stocktaking_api_validation, AnAdministratorNamesTheExternalIdOnceOnly) {
  // The secretariat imports under its own organisation.
  auto organisation = w().admin.client->post_json(
      "/api/v1/organisations",
      {{"name", "WSIS Secretariat"}, {"stakeholder_type", "international-organization"}, {"country", "CHE"}});
  ASSERT_EQ(organisation.status, 201) << organisation.body;
  auto first = w().admin.client->post_json("/api/v1/entries", with("external_id", "WSIS-2025-001"));
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(str(first.json().at("external_id")), "WSIS-2025-001");
  written_ = written();
  expect_problem(w().admin.client->post_json("/api/v1/entries", with("external_id", "WSIS-2025-001")), 409, "conflict");
}

TEST_F(stocktaking_api_validation, WrongTypes) {
  expect_invalid(with("title", 5), {"title:expected_string"});
  expect_invalid(with("countries", "KEN"), {"countries:expected_array"});
  expect_invalid(with("countries", json::array{5}), {"countries/0:expected_string"});
  expect_invalid(with("reporting_year", "2025"), {"reporting_year:expected_integer"});
  expect_invalid(with("reporting_year", 2025.5), {"reporting_year:expected_integer"});
  expect_invalid(with("sdg_goals", json::array{"4"}), {"sdg_goals/0:expected_integer"});
  expect_invalid(with("contact", "Wanjiru"), {"contact:expected_object"});
  expect_invalid(with("translations", json::array{}), {"translations:expected_object"});
  expect_invalid(with("partners", json::array{json::object{}}), {"partners/0:expected_string"});
  expect_invalid(with("website", true), {"website:expected_string"});
}

TEST_F(stocktaking_api_validation, ReportingYearIsBetween2003AndNextYear) {
  expect_invalid(with("reporting_year", 2002), {"reporting_year:out_of_range"});
  expect_invalid(with("reporting_year", 2100), {"reporting_year:out_of_range"});
}

TEST_F(stocktaking_api_validation, MalformedBodiesAreBadRequests) {
  auto& client = *w().contributor_a.client;
  const HttpClient::Headers json_type = {{"Content-Type", "application/json"}};
  expect_problem(client.request("POST", "/api/v1/entries", "{\"title\": ", json_type), 400, "malformed-json");
  expect_problem(client.request("POST", "/api/v1/entries", "", json_type), 400, "malformed-json");
  expect_problem(client.request("POST", "/api/v1/entries", "{\"title\": \"\xff\xfe\"}", json_type), 400,
                 "invalid-utf8");
  expect_problem(client.request("POST", "/api/v1/entries", repeat("[", 40) + repeat("]", 40), json_type), 400,
                 "malformed-json");
  auto array = client.request("POST", "/api/v1/entries", "[1, 2]", json_type);
  expect_problem(array, 422, "validation");
  EXPECT_EQ(field_codes(array.json()), std::vector<std::string>{":expected_object"});
  HttpClient::Headers put_headers = json_type;
  put_headers.emplace_back("If-Match", "*");
  expect_problem(client.request("PUT", entry_path(edited_), "{", put_headers), 400, "malformed-json");
  expect_problem(client.request("POST", entry_path(edited_) + "/transitions", "{", json_type), 400, "malformed-json");
}

TEST_F(stocktaking_api_validation, BodiesMustBeJson) {
  auto& client = *w().contributor_a.client;
  auto body = json::serialize(entry_body());
  for (const std::string type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"}) {
    expect_problem(client.request("POST", "/api/v1/entries", body, {{"Content-Type", type}}), 415,
                   "unsupported-media-type");
    expect_problem(client.request("PUT", entry_path(edited_), body, {{"Content-Type", type}, {"If-Match", "*"}}), 415,
                   "unsupported-media-type");
    expect_problem(client.request("POST", entry_path(edited_) + "/transitions", R"({"action":"submit"})",
                                  {{"Content-Type", type}}),
                   415, "unsupported-media-type");
  }
  expect_problem(client.request("POST", "/api/v1/entries", body), 415, "unsupported-media-type");  // none at all
  // The charset parameter is fine.
  auto ok = client.request("POST", "/api/v1/entries", body, {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  written_ = written();
}

TEST_F(stocktaking_api_validation, TransitionBodies) {
  auto path = entry_path(edited_) + "/transitions";
  auto& client = *w().contributor_a.client;
  auto missing = client.post_json(path, json::object{});
  expect_problem(missing, 422, "validation");
  EXPECT_EQ(field_codes(missing.json()), std::vector<std::string>{"action:required"});
  auto typed = client.post_json(path, {{"action", 1}});
  EXPECT_EQ(field_codes(typed.json()), std::vector<std::string>{"action:expected_string"});
  auto long_comment = client.post_json(path, {{"action", "submit"}, {"comment", repeat("ع", 2001)}});
  expect_problem(long_comment, 422, "validation");
  EXPECT_EQ(field_codes(long_comment.json()), std::vector<std::string>{"comment:too_long"});
  auto extra = client.post_json(path, {{"action", "submit"}, {"state", "published"}});
  expect_problem(extra, 422, "validation");
  EXPECT_EQ(field_codes(extra.json()), std::vector<std::string>{"state:unknown_field"});
}

TEST_F(stocktaking_api_validation, ProblemsComeInTheCallersLanguage) {
  auto response = w().contributor_a.client->post_json("/api/v1/entries", with("countries", json::array{"XXX"}),
                                                      {{"Accept-Language", "fr"}});
  expect_problem(response, 422, "validation");
  EXPECT_EQ(response.header("content-language"), "fr");
  auto english = w().contributor_a.client->post_json("/api/v1/entries", with("countries", json::array{"XXX"}));
  EXPECT_NE(response.json().at("title"), english.json().at("title"));
  EXPECT_EQ(field_codes(response.json()), field_codes(english.json())) << "codes do not depend on the language";
}

TEST_F(stocktaking_api_validation, DescriptionsAreRenderedWithoutRawHtml) {
  auto body = with("description", "Hello <script>alert(1)</script> [link](javascript:alert(2)) **bold**");
  auto created = create_entry(w().contributor_a, body);
  written_ = written();
  auto html = str(created.at("description_html"));
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_NE(html.find("<strong>bold</strong>"), std::string::npos) << html;
  EXPECT_EQ(str(created.at("description")), str(body.at("description"))) << "the source is kept as written";
}

}  // namespace
}  // namespace wsis::testing
