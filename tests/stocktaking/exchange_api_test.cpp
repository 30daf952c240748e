// POST /api/v1/entries/import and GET /api/v1/entries/export against the real server: one
// test per role (refusals change nothing), the 200 report, the 422 problem with the line of
// each bad row, media types and the per-route body limit.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts/accounts_fixture.h"
#include "exchange_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

struct Cast {
  std::unique_ptr<TestServer> server;
  Account admin, moderator, focal, contributor;
  std::unique_ptr<HttpClient> anonymous;
};

class ExchangeApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cast_ = std::make_unique<Cast>();
    cast_->server = std::make_unique<TestServer>();
    auto& server = *cast_->server;
    cast_->admin = create_admin(server, "admin@example.org");
    cast_->moderator = register_account(server, "moderator@example.org", "Moderator");
    auto roles = cast_->admin.client->send_json(
        "PUT", "/api/v1/users/" + std::to_string(cast_->moderator.id) + "/roles", {{"roles", {"moderator"}}});
    ASSERT_EQ(roles.status, 200) << roles.body;
    cast_->focal = register_account(server, "focal@example.org", "Focal");
    auto organisation = cast_->focal.client->post_json(
        "/api/v1/organisations", {{"name", "Focal Org"}, {"stakeholder_type", "academia"}, {"country", "KEN"}});
    ASSERT_EQ(organisation.status, 201) << organisation.body;
    cast_->contributor = register_account(server, "contributor@example.org", "Contributor");
    cast_->anonymous = std::make_unique<HttpClient>(server.port());
  }
  static void TearDownTestSuite() { cast_.reset(); }

  static HttpResponse import(HttpClient& client, const std::string& body, const std::string& type,
                             const std::string& query = "", const HttpClient::Headers& extra = {}) {
    HttpClient::Headers headers = {{"Content-Type", type}};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return client.request("POST", "/api/v1/entries/import" + query, body, headers);
  }
  static std::int64_t entries() { return server_count(*cast_->server, "SELECT COUNT(*) FROM entries"); }
  static std::int64_t feed() { return server_count(*cast_->server, "SELECT COUNT(*) FROM change_feed"); }

  static std::unique_ptr<Cast> cast_;
};
std::unique_ptr<Cast> ExchangeApi::cast_;

void expect_problem(const HttpResponse& response, int status, const std::string& slug) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  if (response.status == status) {
    EXPECT_EQ(str(response.json().at("type")), "/problems/" + slug);
  }
}

TEST_F(ExchangeApi, OnlyModeratorsAndAdministratorsImport) {
  auto body = jsonl({exchange_row("api-roles-1"), exchange_row("api-roles-2")});
  auto before_entries = entries();
  auto before_feed = feed();
  expect_problem(import(*cast_->anonymous, body, "application/x-ndjson"), 401, "unauthorized");
  expect_problem(import(*cast_->contributor.client, body, "application/x-ndjson"), 403, "forbidden");
  expect_problem(import(*cast_->focal.client, body, "application/x-ndjson"), 403, "forbidden");
  EXPECT_EQ(entries(), before_entries);
  EXPECT_EQ(feed(), before_feed);

  auto created = import(*cast_->moderator.client, body, "application/x-ndjson");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.json(),
            (json::value{{"created", 2}, {"updated", 0}, {"unchanged", 0}, {"skipped", json::array{}}}));
  EXPECT_EQ(entries(), before_entries + 2);
  EXPECT_EQ(server_count(*cast_->server,
                         "SELECT COUNT(*) FROM entry_revisions r JOIN entries e ON e.id = r.entry_id"
                         " WHERE e.external_id = 'api-roles-1' AND r.created_by = " +
                             std::to_string(cast_->moderator.id)),
            1)
      << "the moderator is the author";

  auto again = import(*cast_->admin.client, body, "application/x-ndjson; charset=utf-8");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("unchanged"), 2);
}

TEST_F(ExchangeApi, ImportedEntriesAreInTheNextPublicListAtOnce) {
  auto before = cast_->anonymous->get("/api/v1/entries/facets");
  ASSERT_EQ(before.status, 200);
  auto imported = import(*cast_->moderator.client, jsonl({exchange_row("api-visible-1")}), "application/x-ndjson");
  ASSERT_EQ(imported.status, 200) << imported.body;
  // No wait: the catalog behind public lists is brought up to date before the import answers.
  auto after = cast_->anonymous->get("/api/v1/entries/facets");
  EXPECT_EQ(after.json().at("total").as_int64(), before.json().at("total").as_int64() + 1);
}

TEST_F(ExchangeApi, OnlyModeratorsAndAdministratorsExport) {
  auto draft = exchange_row("api-export-draft");
  draft["state"] = "draft";
  ASSERT_EQ(
      import(*cast_->moderator.client, jsonl({exchange_row("api-export-1"), draft}), "application/x-ndjson").status,
      200);
  expect_problem(cast_->anonymous->get("/api/v1/entries/export?format=csv"), 401, "unauthorized");
  expect_problem(cast_->contributor.client->get("/api/v1/entries/export?format=csv"), 403, "forbidden");
  expect_problem(cast_->focal.client->get("/api/v1/entries/export?format=csv"), 403, "forbidden");

  auto csv = cast_->moderator.client->get("/api/v1/entries/export?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("content-disposition"), "attachment; filename=\"wsis-entries.csv\"");
  EXPECT_EQ(csv.header("cache-control"), "private, no-store");
  EXPECT_NE(csv.body.find("\r\napi-export-1,published,false,وزارة الاتصالات,"), std::string::npos);
  EXPECT_EQ(csv.body.find("api-export-draft"), std::string::npos) << "published entries unless all=true";

  auto all = cast_->admin.client->get("/api/v1/entries/export?format=jsonl&all=true");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.header("content-type"), "application/x-ndjson");
  EXPECT_EQ(all.header("content-disposition"), "attachment; filename=\"wsis-entries.jsonl\"");
  EXPECT_NE(all.body.find("\"external_id\":\"api-export-draft\""), std::string::npos);

  auto xlsx = cast_->moderator.client->get("/api/v1/entries/export?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_TRUE(xlsx.body.starts_with("PK"));
  auto iati = cast_->moderator.client->get("/api/v1/entries/export?format=iati");
  ASSERT_EQ(iati.status, 200);
  EXPECT_EQ(iati.header("content-type"), "application/xml");
  EXPECT_EQ(iati.header("content-disposition"), "attachment; filename=\"wsis-entries.xml\"");
  EXPECT_NE(iati.body.find("<iati-activities version=\"2.03\""), std::string::npos);

  expect_problem(cast_->moderator.client->get("/api/v1/entries/export?format=pdf"), 400, "invalid-query");
  expect_problem(cast_->moderator.client->get("/api/v1/entries/export?all=yes"), 400, "invalid-query");
}

TEST_F(ExchangeApi, BadRowsAreA422WithTheirLinesAndNothingIsWritten) {
  auto bad = exchange_row("api-bad");
  bad["countries"] = json::array{"SEN", "XXX"};
  std::string header_and_rows = jsonl({exchange_row("api-good"), bad});
  auto before_entries = entries();
  auto rejected =
      import(*cast_->moderator.client, header_and_rows, "application/x-ndjson", "", {{"Accept-Language", "fr"}});
  expect_problem(rejected, 422, "validation");
  ASSERT_EQ(rejected.status, 422);
  EXPECT_EQ(rejected.json().at("errors"),
            json::value(json::array{json::object{
                {"line", 2}, {"field", "countries/1"}, {"code", "unknown_code"}, {"message", "Code inconnu : XXX."}}}))
      << rejected.body;
  EXPECT_EQ(entries(), before_entries);

  auto skipped = import(*cast_->moderator.client, header_and_rows, "application/x-ndjson", "?skip_invalid=true");
  ASSERT_EQ(skipped.status, 200) << skipped.body;
  EXPECT_EQ(skipped.json().at("created"), 1);
  EXPECT_EQ(skipped.json().at("skipped"),
            json::value(json::array{json::object{
                {"line", 2}, {"field", "countries/1"}, {"code", "unknown_code"}, {"message", "Unknown code: XXX."}}}));
  EXPECT_EQ(entries(), before_entries + 1);
}

TEST_F(ExchangeApi, CsvBodiesWithAByteOrderMarkAndBadQuoting) {
  auto good = exchange_row("api-csv-1");
  auto parsed = stocktaking::read_record(good, 2026);
  ASSERT_TRUE(parsed.ok());
  std::string csv = "\xEF\xBB\xBF";
  const auto& columns = stocktaking::csv_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) csv += (i ? "," : "") + columns[i];
  csv += "\r\n";
  std::string row;
  for (const auto& field : stocktaking::to_csv_fields(*parsed)) {
    if (!row.empty()) row += ",";
    row += field.find_first_of(",\"") == std::string::npos ? field : "\"" + field + "\"";
  }
  // The description holds quotes: written without doubling them, the record is malformed.
  auto response = import(*cast_->moderator.client, csv + row + "\r\n", "text/csv", "?skip_invalid=true");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json().at("created"), 0);
  ASSERT_EQ(response.json().at("skipped").as_array().size(), 1u);
  EXPECT_EQ(response.json().at("skipped").at(0).at("line"), 2);
  EXPECT_EQ(response.json().at("skipped").at(0).at("code"), "malformed_csv");
}

TEST_F(ExchangeApi, OtherMediaTypesAndBadFlagsAreRefused) {
  auto body = jsonl({exchange_row("api-types")});
  expect_problem(import(*cast_->moderator.client, body, "application/json"), 415, "unsupported-media-type");
  expect_problem(import(*cast_->moderator.client, body, "application/x-ndjson", "?skip_invalid=yes"), 400,
                 "invalid-query");
  EXPECT_EQ(server_count(*cast_->server, "SELECT COUNT(*) FROM entries WHERE external_id = 'api-types'"), 0);
}

TEST_F(ExchangeApi, BodiesLargerThanTheServersDefaultLimitAreAccepted) {
  std::vector<json::object> rows;
  for (int i = 0; i < 900; ++i) {
    auto row = exchange_row("api-large-" + std::to_string(i));
    row["description"] = std::string(1200, 'x');
    rows.push_back(std::move(row));
  }
  auto body = jsonl(rows);
  ASSERT_GT(body.size(), 1u << 20) << "over the default 1 MiB";
  auto response = import(*cast_->moderator.client, body, "application/x-ndjson");
  ASSERT_EQ(response.status, 200) << response.body.substr(0, 300);
  EXPECT_EQ(response.json().at("created"), 900);
}

}  // namespace
}  // namespace wsis::testing
