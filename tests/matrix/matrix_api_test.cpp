// The matrix module over HTTP against the real server, on a small hand-built set of entries
// published through the Stocktaking API (the cast of tests/stocktaking/api_fixture.h):
//   E1 (organisation A, civil society): C1 + C4, target 4.1, Senegal, 2024
//   E2 (A): C1, targets 4.1 and 9.c, Kenya and Senegal, 2025
//   E3 (B, government): C4, target 9.c, France, 2025
//   E4 (B): C1, goal 16 only, Egypt, 2025
//   E5 (B): a draft, which counts nowhere.
// Exact counts, lift and intervals (computed here independently), incremental updates through
// the change feed, permissions per role with nothing changed on refusal, immutable versions,
// the guidance review, reports in four formats, and the Arabic and Chinese PDFs read back with
// poppler (pdftotext, pdftoppm).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "stocktaking/api_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

constexpr double kZ = 1.959963984540054;

// The Wilson interval written out from its textbook form, for comparing with the server.
std::pair<double, double> wilson_here(double k, double n) {
  double p = k / n, z2 = kZ * kZ;
  double centre = p + z2 / (2 * n);
  double spread = kZ * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {(centre - spread) / (1 + z2 / n), (centre + spread) / (1 + z2 / n)};
}

class MatrixApiTest : public StocktakingApiTest {
 protected:
  static json::object body_of(const std::string& title, json::array lines, json::array targets, json::array countries,
                              int year) {
    auto b = entry_body(title);
    b["primary_action_line"] = lines.at(0);
    b["action_lines"] = std::move(lines);
    b["sdg_targets"] = std::move(targets);
    b["countries"] = std::move(countries);
    b["reporting_year"] = year;
    return b;
  }

  static void SetUpTestSuite() {
    StocktakingApiTest::SetUpTestSuite();
    auto body = body_of;
    e1_ = publish_entry(w().contributor_a, body("Rural school networks", {"C1", "C4"}, {"4.1"}, {"SEN"}, 2024));
    e2_ = publish_entry(w().contributor_a, body("Digital classrooms", {"C1"}, {"4.1", "9.c"}, {"KEN", "SEN"}, 2025));
    e3_ = publish_entry(w().contributor_b, body("Mobile coverage map", {"C4"}, {"9.c"}, {"FRA"}, 2025));
    auto e4 = body("Open government data", {"C1"}, {}, {"EGY"}, 2025);
    e4.erase("sdg_targets");
    e4["sdg_goals"] = json::array{16};
    e4_ = publish_entry(w().contributor_b, e4);
    act_ok(w().moderator, e4_, "mark_success");
    create_draft(w().contributor_b, body("Not yet submitted", {"C1"}, {"4.1"}, {"KEN"}, 2025));
  }

  static json::object get_ok(const std::string& target) {
    auto response = anonymous().get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return response.status == 200 ? response.json().as_object() : json::object{};
  }

  static const json::object* cell(const json::object& evidence, const std::string& line, int goal,
                                  const std::string& target = "") {
    for (const auto& c : evidence.at("cells").as_array()) {
      const auto& o = c.as_object();
      if (str(o.at("action_line")) == line && o.at("goal").as_int64() == goal &&
          (target.empty() || (o.contains("target") && str(o.at("target")) == target)))
        return &o;
    }
    return nullptr;
  }

  // Everything a refused request must leave as it was.
  static std::string matrix_state() {
    std::ostringstream out;
    for (auto table : {"matrix_links", "matrix_versions", "matrix_version_links", "matrix_draft_edits",
                       "matrix_guidance_decisions", "change_feed", "audit_log"})
      out << table << "=" << count(std::string("SELECT COUNT(*) FROM ") + table) << " ";
    return out.str();
  }

  static inline std::int64_t e1_ = 0, e2_ = 0, e3_ = 0, e4_ = 0;
};

TEST_F(MatrixApiTest, EvidenceCountsTheHandBuiltSetExactly) {
  auto evidence = get_ok("/api/v1/matrix/evidence");
  EXPECT_EQ(evidence.at("total").as_int64(), 4);
  EXPECT_EQ(evidence.at("level").as_string(), "goal");
  EXPECT_EQ(evidence.at("cells").as_array().size(), 19u * 17u);
  EXPECT_EQ(evidence.at("reference_version").as_int64(), 1);

  const auto* c1_4 = cell(evidence, "C1", 4);
  ASSERT_NE(c1_4, nullptr);
  EXPECT_EQ(c1_4->at("entries").as_int64(), 2);
  EXPECT_EQ(c1_4->at("organisations").as_int64(), 1);
  EXPECT_EQ(c1_4->at("countries").as_int64(), 2);
  EXPECT_EQ(json::serialize(c1_4->at("trend")), R"({"2024":1,"2025":1})");
  // C1 has 3 entries, goal 4 has 2 of all 4: share 2/3, lift (2/3)/(2/4).
  EXPECT_NEAR(c1_4->at("share").as_double(), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(c1_4->at("lift").as_double(), (2.0 / 3.0) / 0.5, 1e-12);
  auto [low, high] = wilson_here(2, 3);
  EXPECT_NEAR(c1_4->at("lift_low").as_double(), low / 0.5, 1e-9);
  EXPECT_NEAR(c1_4->at("lift_high").as_double(), high / 0.5, 1e-9);
  // The agencies link C1 to goal 1 as a whole and to targets of goal 16, not to goal 4.
  EXPECT_FALSE(c1_4->at("reference").as_bool());
  EXPECT_EQ(str(cell(evidence, "C1", 1)->at("reference_scope")), "goal");
  EXPECT_EQ(str(cell(evidence, "C1", 16)->at("reference_scope")), "target");

  const auto* c4_9 = cell(evidence, "C4", 9);
  EXPECT_EQ(c4_9->at("entries").as_int64(), 1);
  EXPECT_NEAR(c4_9->at("lift").as_double(), (1.0 / 2.0) / (2.0 / 4.0), 1e-12);
  const auto* c1_16 = cell(evidence, "C1", 16);
  EXPECT_EQ(c1_16->at("entries").as_int64(), 1);
  EXPECT_NEAR(c1_16->at("lift").as_double(), (1.0 / 3.0) / (1.0 / 4.0), 1e-12);
  // An action line without entries has no lift.
  EXPECT_TRUE(cell(evidence, "C9", 4)->at("lift").is_null());
  for (const auto& row : evidence.at("rows").as_array())
    if (str(row.at("action_line")) == "C1") {
      EXPECT_EQ(row.at("entries").as_int64(), 3);
    }

  auto targets = get_ok("/api/v1/matrix/evidence?level=target");
  const auto* c4_9c = cell(targets, "C4", 9, "9.c");
  ASSERT_NE(c4_9c, nullptr);
  EXPECT_EQ(c4_9c->at("entries").as_int64(), 1);
  EXPECT_EQ(c4_9c->at("countries").as_int64(), 1);
  EXPECT_EQ(cell(targets, "C1", 4, "4.1")->at("entries").as_int64(), 2);
  // Every cell listed has entries or a link.
  for (const auto& c : targets.at("cells").as_array())
    EXPECT_TRUE(c.at("entries").as_int64() > 0 || c.at("reference").as_bool());
}

TEST_F(MatrixApiTest, EvidenceTakesTheEntryFilters) {
  auto africa = get_ok("/api/v1/matrix/evidence?region=africa");
  EXPECT_EQ(africa.at("total").as_int64(), 2);
  EXPECT_EQ(cell(africa, "C1", 4)->at("entries").as_int64(), 2);
  EXPECT_EQ(cell(africa, "C4", 9)->at("entries").as_int64(), 0);
  EXPECT_EQ(get_ok("/api/v1/matrix/evidence?year=2024").at("total").as_int64(), 1);
  EXPECT_EQ(get_ok("/api/v1/matrix/evidence?stakeholder_type=government").at("total").as_int64(), 2);
  EXPECT_EQ(get_ok("/api/v1/matrix/evidence?country=SEN,FRA").at("total").as_int64(), 3);
  EXPECT_EQ(get_ok("/api/v1/matrix/evidence?success_story=true").at("total").as_int64(), 1);
  // The same filters count the same entries as the entry list.
  for (std::string query : {"region=africa", "year=2025", "target=9.c", "action_line=C1&sdg=16"}) {
    auto facets = get_ok("/api/v1/entries/facets?" + query);
    EXPECT_EQ(get_ok("/api/v1/matrix/evidence?" + query).at("total").as_int64(), facets.at("total").as_int64()) << query;
  }
  expect_problem(anonymous().get("/api/v1/matrix/evidence?region=atlantis"), 400, "invalid-query");
  expect_problem(anonymous().get("/api/v1/matrix/evidence?level=indicator"), 400, "invalid-query");
  expect_problem(anonymous().get("/api/v1/matrix/evidence?state=draft"), 400, "invalid-query");
}

TEST_F(MatrixApiTest, EvidenceFollowsEachChangeOfAnEntry) {
  act_ok(w().moderator, e2_, "archive", "duplicate");
  auto evidence = get_ok("/api/v1/matrix/evidence");
  EXPECT_EQ(evidence.at("total").as_int64(), 3);
  const auto* c1_4 = cell(evidence, "C1", 4);
  EXPECT_EQ(c1_4->at("entries").as_int64(), 1);
  EXPECT_EQ(c1_4->at("countries").as_int64(), 1);
  EXPECT_EQ(cell(evidence, "C1", 9)->at("entries").as_int64(), 0);
  EXPECT_EQ(cell(evidence, "C1", 9)->at("organisations").as_int64(), 0);

  // A published entry edited and re-published moves from one cell to another.
  auto body = entry_body("Mobile coverage map");
  body["action_lines"] = json::array{"C2"};
  body["sdg_targets"] = json::array{"9.c"};
  body["countries"] = json::array{"FRA"};
  auto put = put_entry(w().contributor_b, e3_, body, etag_of(*w().contributor_b.client, e3_));
  ASSERT_EQ(put.status, 200) << put.body;
  act_ok(w().moderator, e3_, "publish");
  evidence = get_ok("/api/v1/matrix/evidence");
  EXPECT_EQ(cell(evidence, "C4", 9)->at("entries").as_int64(), 0);
  EXPECT_EQ(cell(evidence, "C2", 9)->at("entries").as_int64(), 1);
  EXPECT_EQ(evidence.at("total").as_int64(), 3);
}

TEST_F(MatrixApiTest, AnalyticsPerSdgRegionCountryAndStakeholderType) {
  auto sdgs = get_ok("/api/v1/analytics/sdgs");
  const auto& goal9 = sdgs.at("items").as_array().at(8).as_object();
  EXPECT_EQ(goal9.at("goal").as_int64(), 9);
  EXPECT_EQ(goal9.at("entries").as_int64(), 2);
  EXPECT_EQ(goal9.at("organisations").as_int64(), 2);
  EXPECT_EQ(goal9.at("countries").as_int64(), 3);
  EXPECT_EQ(json::serialize(goal9.at("regions")), R"({"africa":1,"europe":1})");
  EXPECT_EQ(json::serialize(goal9.at("stakeholder_types")), R"({"government":1,"civil-society":1})");
  auto targets = get_ok("/api/v1/analytics/sdgs?level=target&region=africa");
  for (const auto& item : targets.at("items").as_array())
    if (str(item.at("target")) == "4.1") {
      EXPECT_EQ(item.at("entries").as_int64(), 2);
    }

  auto regions = get_ok("/api/v1/analytics/regions");
  for (const auto& item : regions.at("items").as_array()) {
    auto region = str(item.at("region"));
    std::int64_t expected = region == "africa" ? 2 : region == "europe" || region == "arab-states" ? 1 : 0;
    EXPECT_EQ(item.at("entries").as_int64(), expected) << region;
    if (region == "africa") {
      EXPECT_EQ(item.at("coverage").at("targets").at("covered").as_int64(), 2);
      EXPECT_EQ(item.at("gaps").at("targets_without_entries").as_int64(), 169 - 2);
      EXPECT_EQ(item.at("gaps").at("targets_few").as_array().size(), 2u);  // 4.1 (2) and 9.c (1), under 3
      EXPECT_EQ(item.at("coverage").at("action_lines").at("covered").as_int64(), 2);
    }
  }
  auto countries = get_ok("/api/v1/analytics/countries");
  EXPECT_EQ(countries.at("items").as_array().size(), 4u);  // SEN, KEN, FRA, EGY
  auto stakeholders = get_ok("/api/v1/analytics/stakeholder-types?year=2025");
  for (const auto& item : stakeholders.at("items").as_array())
    if (str(item.at("stakeholder_type")) == "government") {
      EXPECT_EQ(item.at("entries").as_int64(), 2);
      EXPECT_EQ(json::serialize(item.at("goals")), R"({"9":1,"16":1})");
    }
  auto coverage = get_ok("/api/v1/analytics/coverage?country=SEN&few=2");
  EXPECT_EQ(coverage.at("entries").as_int64(), 2);
  EXPECT_EQ(coverage.at("gaps").at("targets_few").as_array().size(), 1u);  // 9.c has 1 < 2; 4.1 has 2
  EXPECT_EQ(coverage.at("gaps").at("goals_without").as_array().size(), 15u);
  expect_problem(anonymous().get("/api/v1/analytics/coverage?few=0"), 400, "invalid-query");
}

TEST_F(MatrixApiTest, RefusedRolesChangeNothing) {
  json::object link{{"action_line", "C1"}, {"target", "4.1"}, {"comment", "two entries"}};
  json::object removal{{"action_line", "C1"}, {"goal", 1}, {"comment", "no entries"}};
  json::object publish{{"note", "v2"}};
  json::object decision{{"kind", "weak_link"}, {"action_line", "C1"}, {"goal", 1}, {"decision", "accepted"},
                        {"comment", "no entries"}};
  auto before = matrix_state();
  for (auto* who : {&w().contributor_a, &w().focal_a, &w().focal_b, static_cast<Account*>(nullptr)}) {
    HttpClient& client = who ? *who->client : anonymous();
    int expected = who ? 403 : 401;
    std::string slug = who ? "forbidden" : "unauthorized";
    expect_problem(client.post_json("/api/v1/matrix/draft/links", link), expected, slug);
    expect_problem(client.post_json("/api/v1/matrix/draft/removals", removal), expected, slug);
    expect_problem(client.post_json("/api/v1/matrix/versions", publish), expected, slug);
    expect_problem(client.post_json("/api/v1/matrix/guidance/decisions", decision), expected, slug);
    expect_problem(client.get("/api/v1/matrix/draft"), expected, slug);
  }
  EXPECT_EQ(matrix_state(), before);
  // Public reads stay open.
  EXPECT_EQ(anonymous().get("/api/v1/matrix/versions/1").status, 200);

  // Moderators and administrators may.
  auto added = w().moderator.client->post_json("/api/v1/matrix/draft/links", link);
  EXPECT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json().at("goal").as_int64(), 4);
  EXPECT_EQ(added.json().at("entered_by").as_int64(), w().moderator.id);
  EXPECT_EQ(w().admin.client->post_json("/api/v1/matrix/draft/removals", removal).status, 204);
  auto draft = w().moderator.client->get("/api/v1/matrix/draft");
  ASSERT_EQ(draft.status, 200);
  EXPECT_EQ(draft.json().at("edits").as_array().size(), 2u);
  expect_problem(w().moderator.client->post_json("/api/v1/matrix/draft/links", link), 409, "conflict");
  auto bad = w().moderator.client->post_json("/api/v1/matrix/draft/links",
                                             json::object{{"action_line", "C1"}, {"target", "4.1"}, {"colour", "red"}});
  expect_problem(bad, 422, "validation");
  EXPECT_EQ(field_codes(bad.json()), (std::vector<std::string>{"comment:required", "colour:unknown_field"}));
}

TEST_F(MatrixApiTest, BadInputIsRefusedAndWritesNothing) {
  auto& client = *w().moderator.client;
  auto before = matrix_state();
  HttpClient::Headers json_type{{"Content-Type", "application/json"}};
  expect_problem(client.request("POST", "/api/v1/matrix/draft/links", "{\"action_line\": ", json_type), 400,
                 "malformed-json");
  expect_problem(client.request("POST", "/api/v1/matrix/versions", "[1]", json_type), 422, "validation");
  auto codes = [&](const std::string& path, const json::object& body) {
    auto response = client.post_json(path, body);
    EXPECT_EQ(response.status, 422) << path << " " << response.body;
    return field_codes(response.json());
  };
  EXPECT_EQ(codes("/api/v1/matrix/draft/links", {{"action_line", "C1"}, {"target", "4.99"}, {"comment", "x"}}),
            (std::vector<std::string>{"target:unknown_code"}));
  EXPECT_EQ(codes("/api/v1/matrix/draft/links", {{"action_line", "C12"}, {"goal", 4}, {"comment", "x"}}),
            (std::vector<std::string>{"action_line:unknown_code"}));
  EXPECT_EQ(codes("/api/v1/matrix/draft/links", {{"action_line", "C1"}, {"goal", 3}, {"target", "4.1"}, {"comment", "x"}}),
            (std::vector<std::string>{"target:invalid_value"}));
  EXPECT_EQ(codes("/api/v1/matrix/draft/links", {{"action_line", "C1"}, {"goal", 18}, {"comment", "x"}}),
            (std::vector<std::string>{"goal:out_of_range", "goal:required"}));
  EXPECT_EQ(codes("/api/v1/matrix/draft/links",
                  {{"action_line", "C1"}, {"goal", 4}, {"comment", "x"}, {"source_date", "2025-13-01"}}),
            (std::vector<std::string>{"source_date:invalid_date"}));
  EXPECT_EQ(codes("/api/v1/matrix/draft/removals", {{"action_line", "C1"}, {"goal", 4}, {"comment", std::string(2001, 'x')}}),
            (std::vector<std::string>{"comment:too_long"}));
  EXPECT_EQ(codes("/api/v1/matrix/versions", {{"note", ""}}), (std::vector<std::string>{"note:empty"}));
  EXPECT_EQ(codes("/api/v1/matrix/guidance/decisions", {{"kind", "odd_link"}, {"action_line", "C1"}, {"goal", 1},
                                                       {"decision", "maybe"}, {"comment", "x"}}),
            (std::vector<std::string>{"kind:invalid_value", "decision:invalid_value"}));
  expect_problem(client.post_json("/api/v1/matrix/draft/removals", json::object{{"action_line", "C1"}, {"goal", 4},
                                                                                {"comment", "not there"}}),
                 404, "not-found");
  expect_problem(client.post_json("/api/v1/matrix/guidance?weak_below_entries=x", json::object{}), 405,
                 "method-not-allowed");
  expect_problem(anonymous().get("/api/v1/matrix/guidance?strong_min_lift=-1"), 400, "invalid-query");
  EXPECT_EQ(matrix_state(), before);
}

TEST_F(MatrixApiTest, PublishingMakesANewImmutableVersion) {
  auto v1 = anonymous().get("/api/v1/matrix/versions/1");
  ASSERT_EQ(v1.status, 200);
  expect_problem(w().moderator.client->post_json("/api/v1/matrix/versions", json::object{{"note", "same"}}), 409,
                 "conflict");
  ASSERT_EQ(w().moderator.client->post_json("/api/v1/matrix/draft/links",
                                            json::object{{"action_line", "C4"}, {"target", "9.c"}, {"comment", "E3"}})
                .status,
            201);
  auto v2 = w().moderator.client->post_json("/api/v1/matrix/versions", json::object{{"note", "after HLPF 2026"}});
  ASSERT_EQ(v2.status, 201) << v2.body;
  EXPECT_EQ(v2.json().at("number").as_int64(), 2);
  EXPECT_EQ(v2.header("location"), "/api/v1/matrix/versions/2");
  EXPECT_EQ(anonymous().get("/api/v1/matrix/versions/1").body, v1.body);
  auto versions = get_ok("/api/v1/matrix/versions");
  ASSERT_EQ(versions.at("items").as_array().size(), 2u);
  EXPECT_EQ(versions.at("items").as_array()[0].at("number").as_int64(), 2);
  auto compare = get_ok("/api/v1/matrix/compare?from=1&to=2");
  ASSERT_EQ(compare.at("added").as_array().size(), 1u);
  EXPECT_EQ(str(compare.at("added").as_array()[0].at("target")), "9.c");
  EXPECT_TRUE(compare.at("removed").as_array().empty());
  EXPECT_EQ(json::serialize(get_ok("/api/v1/matrix/compare")), json::serialize(compare));  // defaults: latest two
  // The evidence now marks C4 x 9.c as a reference cell.
  auto evidence = get_ok("/api/v1/matrix/evidence?level=target");
  EXPECT_EQ(evidence.at("reference_version").as_int64(), 2);
  EXPECT_TRUE(cell(evidence, "C4", 9, "9.c")->at("reference").as_bool());
  expect_problem(anonymous().get("/api/v1/matrix/versions/3"), 404, "not-found");
  expect_problem(anonymous().get("/api/v1/matrix/compare?from=x"), 400, "invalid-query");
}

TEST_F(MatrixApiTest, GuidanceIsReviewedAndPublished) {
  const std::string lenient = "?strong_min_entries=2&strong_min_lift=0";
  auto guidance = get_ok("/api/v1/matrix/guidance" + lenient);
  const json::object* missing = nullptr;
  const json::object* weak = nullptr;
  for (const auto& item : guidance.at("items").as_array()) {
    const auto& o = item.as_object();
    if (str(o.at("kind")) == "missing_link" && str(o.at("action_line")) == "C1" && str(o.at("target")) == "4.1")
      missing = &o;
    if (str(o.at("kind")) == "weak_link" && str(o.at("action_line")) == "C1" && o.at("goal").as_int64() == 1 &&
        o.at("target").is_null())
      weak = &o;
  }
  ASSERT_NE(missing, nullptr);
  ASSERT_NE(weak, nullptr);
  EXPECT_EQ(str(weak->at("reason")), "few_entries");
  EXPECT_EQ(missing->at("evidence").at("entries").as_int64(), 2);
  // The entries behind an item are the entry list's.
  auto href = str(missing->at("entries").at("href"));
  EXPECT_EQ(ids_of(anonymous().get(href)), (std::vector<std::int64_t>{e2_, e1_}));
  // With the default thresholds two entries are not strong evidence.
  auto strict = get_ok("/api/v1/matrix/guidance");
  for (const auto& item : strict.at("items").as_array())
    EXPECT_FALSE(str(item.at("kind")) == "missing_link" && str(item.at("target")) == "4.1");

  auto decide = [&](const json::object& body, const std::string& query) {
    return w().moderator.client->post_json("/api/v1/matrix/guidance/decisions" + query, body);
  };
  json::object accept{{"kind", "missing_link"}, {"action_line", "C1"}, {"target", "4.1"}, {"decision", "accepted"},
                      {"comment", "schools connectivity projects"}};
  expect_problem(decide(accept, ""), 404, "not-found");  // not an item with the default thresholds
  auto accepted = decide(accept, lenient);
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  expect_problem(decide(accept, lenient), 409, "conflict");
  auto rejected = decide({{"kind", "weak_link"}, {"action_line", "C1"}, {"goal", 1}, {"decision", "rejected"},
                          {"comment", "poverty reduction is a long-term aim"}},
                         "");
  ASSERT_EQ(rejected.status, 201) << rejected.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'matrix.guidance_rejected'"), 1);
  auto accepted_weak = decide({{"kind", "weak_link"}, {"action_line", "C1"}, {"target", "16.5"},
                               {"decision", "accepted"}, {"comment", "no anti-corruption entries"}},
                              "");
  ASSERT_EQ(accepted_weak.status, 201) << accepted_weak.body;

  auto reviewed = get_ok("/api/v1/matrix/guidance" + lenient);
  for (const auto& item : reviewed.at("items").as_array())
    if (str(item.at("kind")) == "weak_link" && str(item.at("action_line")) == "C1" && item.at("goal").as_int64() == 1 &&
        item.at("target").is_null()) {
      EXPECT_EQ(str(item.at("decision").at("decision")), "rejected");
    }

  ASSERT_EQ(w().moderator.client->post_json("/api/v1/matrix/versions", json::object{{"note", "review"}}).status, 201);
  auto compare = get_ok("/api/v1/matrix/compare?from=1&to=2");
  ASSERT_EQ(compare.at("added").as_array().size(), 1u);
  EXPECT_EQ(str(compare.at("added").as_array()[0].at("target")), "4.1");
  EXPECT_EQ(str(compare.at("added").as_array()[0].at("source")), "WSIS Hub evidence review");
  ASSERT_EQ(compare.at("removed").as_array().size(), 1u);
  EXPECT_EQ(str(compare.at("removed").as_array()[0].at("target")), "16.5");
  EXPECT_EQ(count("SELECT COUNT(*) FROM matrix_guidance_decisions WHERE version_id IS NULL"), 0);
}

TEST_F(MatrixApiTest, ARegionalReportCountsAndListsTheRegionsCountriesOnly) {
  // Kenya is in Africa, France is not: the entry is one of Africa's, France is not a country of it.
  publish_entry(w().contributor_b, body_of("Shared platform", {"C1"}, {"4.1"}, {"KEN", "FRA"}, 2025));
  auto report = get_ok("/api/v1/reports/regions/africa?year=2024-2025&lang=en");
  EXPECT_EQ(report.at("totals").at("entries").as_int64(), 3);
  EXPECT_EQ(report.at("totals").at("countries").as_int64(), 2) << "SEN and KEN";
  bool listed = false;
  for (const auto& table : report.at("tables").as_array())
    if (str(table.at("key")) == "countries") {
      listed = true;
      std::vector<std::string> codes;
      for (const auto& row : table.at("rows").as_array()) codes.push_back(str(row.at("code")));
      std::sort(codes.begin(), codes.end());
      EXPECT_EQ(codes, (std::vector<std::string>{"KEN", "SEN"}));
    }
  EXPECT_TRUE(listed);
  auto world = get_ok("/api/v1/reports/regions/world?year=2024-2025&lang=en");
  EXPECT_GE(world.at("totals").at("countries").as_int64(), 3) << "the world report keeps every country";
}

TEST_F(MatrixApiTest, ReportsInFourFormats) {
  auto report = get_ok("/api/v1/reports/regions/africa?year=2024-2025&lang=fr");
  EXPECT_EQ(report.at("totals").at("entries").as_int64(), 2);
  EXPECT_EQ(report.at("totals").at("countries").as_int64(), 2);
  EXPECT_EQ(str(report.at("region_name")), "Afrique");
  EXPECT_EQ(str(report.at("period")), "2024–2025");
  for (const auto& table : report.at("tables").as_array())
    if (str(table.at("key")) == "goals") {
      ASSERT_EQ(table.at("rows").as_array().size(), 17u);
      EXPECT_EQ(str(table.at("rows").as_array()[0].at("colour")), "#E5243B");
      EXPECT_EQ(table.at("rows").as_array()[3].at("entries").as_int64(), 2);
    }
  auto world = get_ok("/api/v1/reports/world?year=2025");
  EXPECT_EQ(world.at("totals").at("entries").as_int64(), 3);
  ASSERT_EQ(world.at("success_stories").as_array().size(), 1u);
  EXPECT_EQ(str(world.at("success_stories").as_array()[0].at("title")), "Open government data");

  auto csv = anonymous().get("/api/v1/reports/regions/africa?format=csv&lang=ar");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("totals,entries,المدخلات,2,"), std::string::npos) << csv.body.substr(0, 400);
  EXPECT_NE(csv.header("content-disposition").find("wsis-report-africa-ar.csv"), std::string::npos);
  auto xlsx = anonymous().get("/api/v1/reports/regions/africa?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto pdf = anonymous().get("/api/v1/reports/regions/arab-states?year=2025&format=pdf&lang=ar");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf.header("content-language"), "ar");

  expect_problem(anonymous().get("/api/v1/reports/regions/atlantis"), 404, "not-found");
  expect_problem(anonymous().get("/api/v1/reports/regions/africa?format=docx"), 400, "invalid-query");
  expect_problem(anonymous().get("/api/v1/reports/regions/africa?year=1999"), 400, "invalid-query");
  expect_problem(anonymous().get("/api/v1/reports/regions/africa?year=2025-2020"), 400, "invalid-query");
  expect_problem(anonymous().get("/api/v1/reports/regions/africa?lang=de"), 400, "invalid-query");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST_F(MatrixApiTest, ArabicAndChinesePdfReportsFromTheCommandLine) {
  std::filesystem::path dir = server().data_dir();
  auto ar = (dir / "arab-states-ar.pdf").string();
  std::string out;
  ASSERT_EQ(server().run_command({"report", "--region", "arab-states", "--year", "2025", "--lang", "ar", "--format", "pdf",
                                  "--output", ar},
                                 &out),
            0)
      << out;
  ASSERT_EQ(run_process({"pdftotext", "-enc", "UTF-8", ar, ar + ".txt"}, &out), 0) << out;
  auto text = read_file(ar + ".txt");
  // Arabic words of the title, the region's name and the labels, in logical order. (Words
  // with the lam-alef ligature are left out: pdftotext writes its two letters reversed.)
  for (std::string word : {"تقرير حصر القمة العالمية", "الدول العربية", "المجاميع", "المنظمات", "قصص النجاح", "الثغرات"})
    EXPECT_NE(text.find(word), std::string::npos) << word << "\n" << text.substr(0, 600);
  EXPECT_NE(text.find("Open government data"), std::string::npos);  // the success story
  // Every number in the same (Western Arabic) digits, none in Arabic-Indic (U+0660..U+0669).
  EXPECT_NE(text.find("169"), std::string::npos);
  EXPECT_FALSE(std::regex_search(text, std::regex("\xD9[\xA0-\xA9]"))) << text.substr(0, 600);
  ASSERT_EQ(run_process({"pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", ar, (dir / "page").string()}, &out), 0)
      << out;
  std::string png;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().filename().string().starts_with("page") && entry.path().extension() == ".png")
      png = read_file(entry.path().string());
  ASSERT_GT(png.size(), 2000u);
  EXPECT_EQ(png.substr(1, 3), "PNG");

  auto zh = (dir / "world-zh.pdf").string();
  ASSERT_EQ(server().run_command({"report", "--region", "world", "--lang", "zh", "--format", "pdf", "--output", zh}, &out),
            0)
      << out;
  ASSERT_EQ(run_process({"pdftotext", "-enc", "UTF-8", zh, zh + ".txt"}, &out), 0) << out;
  auto chinese = read_file(zh + ".txt");
  EXPECT_NE(chinese.find("全球"), std::string::npos) << chinese.substr(0, 400);
  EXPECT_NE(chinese.find("成功案例"), std::string::npos);
  // Han characters are there as text, not as missing glyphs.
  std::size_t han = 0;
  for (std::size_t i = 0; i + 2 < chinese.size(); ++i) {
    auto c = static_cast<unsigned char>(chinese[i]);
    if (c >= 0xE4 && c <= 0xE9) ++han;  // lead bytes of U+4000..U+9FFF
  }
  EXPECT_GT(han, 50u);

  EXPECT_EQ(server().run_command({"report", "--region", "atlantis", "--output", zh}, &out), 2) << out;
  EXPECT_EQ(server().run_command({"report", "--year", "20x5", "--output", zh}, &out), 2) << out;
  auto csv = (dir / "africa.csv").string();
  ASSERT_EQ(server().run_command({"report", "--region", "africa", "--format", "csv", "--output", csv}, &out), 0) << out;
  EXPECT_NE(read_file(csv).find("totals,entries,Entries,2,"), std::string::npos);
}

}  // namespace
}  // namespace wsis::testing
