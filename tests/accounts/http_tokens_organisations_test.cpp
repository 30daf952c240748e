// API tokens and organisations over HTTP: the token lifecycle, organisation reads with ETags,
// updates under If-Match, members, pagination and filters.
#include <gtest/gtest.h>

#include "accounts_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

json::object itu() {
  return {{"name", "International Telecommunication Union"},
          {"stakeholder_type", "international-organization"},
          {"country", "che"},
          {"website", "https://www.itu.int/"}};
}

TEST(accounts_http_tokens, Lifecycle) {
  TestServer server;
  Account ada = register_account(server, "ada@example.org", "Ada");
  Account bob = register_account(server, "bob@example.org", "Bob");

  auto bad = ada.client->post_json("/api/v1/tokens", {{"name", ""}, {"expires_in_days", 0}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(field_codes(bad.json()), (std::vector<std::string>{"name:empty", "expires_in_days:out_of_range"}));

  auto created = ada.client->post_json("/api/v1/tokens", {{"name", "CI <pipeline>"}, {"expires_in_days", 90}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("cache-control"), "no-store");
  auto token = created.json();
  std::string secret(token.at("token").as_string());
  EXPECT_TRUE(secret.starts_with("wsis_"));
  EXPECT_EQ(token.at("name"), "CI <pipeline>");
  EXPECT_FALSE(token.at("expires_at").is_null());
  std::int64_t id = token.at("id").as_int64();

  // Listed without the secret or its hash.
  auto listed = ada.client->get("/api/v1/tokens");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(listed.body.find(secret.substr(5)), std::string::npos);
  EXPECT_EQ(listed.body.find("hash"), std::string::npos);
  EXPECT_EQ(bob.client->get("/api/v1/tokens").json().at("items").as_array().size(), 0u);

  HttpClient script(server.port());
  script.set_bearer_token(secret);
  auto me = script.get("/api/v1/users/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("email"), "ada@example.org");
  EXPECT_FALSE(script.get("/api/v1/tokens").json().at("items").at(0).at("last_used_at").is_null());
  // A token cannot mint another one.
  EXPECT_EQ(script.post_json("/api/v1/tokens", {{"name", "successor"}}).status, 403);

  // Someone else's token is "not found", and keeps working.
  auto by_bob = bob.client->request("DELETE", "/api/v1/tokens/" + std::to_string(id));
  EXPECT_EQ(by_bob.status, 404);
  EXPECT_EQ(script.get("/api/v1/users/me").status, 200);

  EXPECT_EQ(ada.client->request("DELETE", "/api/v1/tokens/" + std::to_string(id)).status, 204);
  auto revoked = script.get("/api/v1/users/me");
  EXPECT_EQ(revoked.status, 401);
  EXPECT_EQ(revoked.json().at("type"), "/problems/unauthorized");
  // Even on a public route: a client that sends a credential learns it is bad.
  EXPECT_EQ(script.get("/api/v1/organisations").status, 401);
  EXPECT_EQ(ada.client->request("DELETE", "/api/v1/tokens/" + std::to_string(id)).status, 404);
  EXPECT_EQ(ada.client->request("DELETE", "/api/v1/tokens/not-a-number").status, 404);
  EXPECT_EQ(ada.client->get("/api/v1/tokens").json().at("items").as_array().size(), 0u);
}

TEST(accounts_http_tokens, BadCredentialsAre401) {
  TestServer server;
  HttpClient client(server.port());
  for (std::string value : {"Bearer wsis_unknownunknownunknownunknownunknownunknow", "Bearer nonsense",
                            "Basic YWRhOnBhc3N3b3Jk", "Bearer "}) {
    auto response = client.get("/api/v1/users/me", {{"Authorization", value}});
    EXPECT_EQ(response.status, 401) << value;
    EXPECT_EQ(response.json().at("type"), "/problems/unauthorized") << value;
  }
  // An unknown session cookie is only anonymous: public routes still answer.
  EXPECT_EQ(client.get("/api/v1/organisations", {{"Cookie", "wsis_session=forged-forged-forged-forged"}}).status, 200);
  EXPECT_EQ(client.get("/api/v1/users/me", {{"Cookie", "wsis_session=forged-forged-forged-forged"}}).status, 401);
}

TEST(accounts_http_organisations, CreateReadUpdateWithIfMatch) {
  TestServer server;
  Account focal = register_account(server, "focal@example.org", "Focal");
  HttpClient anonymous(server.port());
  EXPECT_EQ(anonymous.post_json("/api/v1/organisations", itu()).status, 401);

  auto created = focal.client->post_json("/api/v1/organisations", itu());
  ASSERT_EQ(created.status, 201) << created.body;
  auto organisation = created.json();
  std::int64_t id = organisation.at("id").as_int64();
  std::string path = "/api/v1/organisations/" + std::to_string(id);
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  EXPECT_EQ(created.header("location"), path);
  EXPECT_EQ(organisation.at("country"), "CHE");
  EXPECT_EQ(organisation.at("version"), 1);
  auto me = focal.client->get("/api/v1/users/me").json();
  EXPECT_EQ(me.at("organisation_id"), id);
  EXPECT_EQ(me.at("roles"), (json::array{"contributor", "focal_point"}));
  EXPECT_EQ(focal.client->post_json("/api/v1/organisations", itu()).status, 409);

  // Public read with a strong ETag; a matching If-None-Match is a 304.
  auto read = anonymous.get(path);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.header("etag"), "\"v1\"");
  EXPECT_EQ(read.json().at("name"), "International Telecommunication Union");
  EXPECT_EQ(anonymous.get(path, {{"If-None-Match", "\"v1\""}}).status, 304);
  EXPECT_EQ(anonymous.get("/api/v1/organisations/999").status, 404);
  EXPECT_EQ(anonymous.get("/api/v1/organisations/abc").status, 404);

  json::object rename{{"name", "ITU"}};
  auto no_precondition = focal.client->send_json("PATCH", path, rename);
  EXPECT_EQ(no_precondition.status, 428);
  EXPECT_EQ(no_precondition.json().at("type"), "/problems/precondition-required");
  auto star = focal.client->send_json("PATCH", path, rename, {{"If-Match", "*"}});
  EXPECT_EQ(star.status, 428);
  auto stale = focal.client->send_json("PATCH", path, rename, {{"If-Match", "\"v7\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.json().at("type"), "/problems/precondition-failed");
  auto weak = focal.client->send_json("PATCH", path, rename, {{"If-Match", "W/\"v1\""}});
  EXPECT_EQ(weak.status, 412);  // If-Match compares strongly
  auto unchanged = anonymous.get(path).json();
  EXPECT_EQ(unchanged.at("name"), "International Telecommunication Union");
  EXPECT_EQ(unchanged.at("version"), 1);

  auto invalid = focal.client->send_json("PATCH", path,
                                         {{"name", nullptr},
                                          {"stakeholder_type", "guild"},
                                          {"country", "ZZZ"},
                                          {"website", "javascript:alert(1)"},
                                          {"x", 1}},
                                         {{"If-Match", "\"v1\""}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(field_codes(invalid.json()),
            (std::vector<std::string>{"name:required", "stakeholder_type:unknown_code", "country:unknown_code",
                                      "website:invalid_url", "x:unknown_field"}));

  auto updated =
      focal.client->send_json("PATCH", path, {{"name", "ITU"}, {"website", nullptr}}, {{"If-Match", "\"v1\""}});
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.header("etag"), "\"v2\"");
  EXPECT_EQ(updated.json().at("name"), "ITU");
  EXPECT_TRUE(updated.json().at("website").is_null());
  EXPECT_EQ(anonymous.get(path).header("etag"), "\"v2\"");
  EXPECT_EQ(focal.client->send_json("PATCH", path, rename, {{"If-Match", "\"v1\""}}).status, 412);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM change_feed WHERE topic = 'organisation' AND op = 'update'"), 1);
}

TEST(accounts_http_organisations, WebsitesMustBeHttp) {
  TestServer server;
  Account ada = register_account(server, "ada@example.org");
  for (std::string url : {"javascript:alert(1)", "ftp://example.org", "https://user:pw@example.org", "example.org",
                          "http://", "data:text/html,<script>x</script>"}) {
    auto body = itu();
    body["website"] = url;
    auto response = ada.client->post_json("/api/v1/organisations", body);
    EXPECT_EQ(response.status, 422) << url;
    EXPECT_EQ(field_codes(response.json()), std::vector<std::string>{"website:invalid_url"}) << url;
  }
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM organisations"), 0);
  auto plain = itu();
  plain["website"] = "HTTP://Example.org/path?q=1";
  EXPECT_EQ(ada.client->post_json("/api/v1/organisations", plain).status, 201);
}

TEST(accounts_http_organisations, MembersAddListRemove) {
  TestServer server;
  Account focal = register_account(server, "focal@example.org", "Focal");
  Account member = register_account(server, "member@example.org", "Member");
  auto created = focal.client->post_json("/api/v1/organisations", itu());
  ASSERT_EQ(created.status, 201);
  std::string members = "/api/v1/organisations/" + std::to_string(created.json().at("id").as_int64()) + "/members";

  auto unknown = focal.client->post_json(members, {{"email", "nobody@example.org"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(field_codes(unknown.json()), std::vector<std::string>{"email:not_found"});
  auto added = focal.client->post_json(members, {{"email", "MEMBER@example.org"}});
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json().at("user_id"), member.id);
  EXPECT_EQ(added.json().at("focal_point"), false);
  EXPECT_EQ(focal.client->post_json(members, {{"email", "member@example.org"}}).status, 409);
  EXPECT_EQ(member.client->get("/api/v1/users/me").json().at("organisation_id"), created.json().at("id"));

  auto listed = focal.client->get(members);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json().at("items").as_array().size(), 2u);
  EXPECT_EQ(member.client->get(members).status, 403);  // members are not focal points

  EXPECT_EQ(focal.client->request("DELETE", members + "/" + std::to_string(focal.id)).status, 409);  // last focal point
  EXPECT_EQ(focal.client->request("DELETE", members + "/" + std::to_string(member.id)).status, 204);
  EXPECT_EQ(focal.client->request("DELETE", members + "/" + std::to_string(member.id)).status, 404);
  EXPECT_TRUE(member.client->get("/api/v1/users/me").json().at("organisation_id").is_null());
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM change_feed WHERE op IN ('member_add', 'member_remove')"), 3);
}

TEST(accounts_http_organisations, MemberMadeFocalPointAndBack) {
  TestServer server;
  Account focal = register_account(server, "focal@example.org", "Focal");
  Account member = register_account(server, "member@example.org", "Member");
  Account outsider = register_account(server, "outsider@example.org", "Outsider");
  auto created = focal.client->post_json("/api/v1/organisations", itu());
  ASSERT_EQ(created.status, 201);
  std::string members = "/api/v1/organisations/" + std::to_string(created.json().at("id").as_int64()) + "/members";
  ASSERT_EQ(focal.client->post_json(members, {{"email", member.email}}).status, 201);
  std::string of_member = members + "/" + std::to_string(member.id);
  auto feed = [&] { return server_count(server, "SELECT COUNT(*) FROM change_feed WHERE op = 'member_update'"); };

  // Bad bodies are field errors and change nothing.
  for (const auto& [body, code] : std::vector<std::pair<json::value, std::string>>{
           {json::object{}, "focal_point:required"},
           {json::object{{"focal_point", "yes"}}, "focal_point:expected_boolean"},
           {json::object{{"focal_point", true}, {"email", "x@example.org"}}, "email:unknown_field"}}) {
    auto bad = focal.client->send_json("PATCH", of_member, body);
    EXPECT_EQ(bad.status, 422) << json::serialize(body);
    EXPECT_EQ(field_codes(bad.json()), std::vector<std::string>{code}) << bad.body;
  }
  EXPECT_EQ(
      focal.client->request("PATCH", of_member, "{\"focal_point\":", {{"Content-Type", "application/json"}}).status,
      400);
  EXPECT_EQ(focal.client->request("PATCH", of_member, "[true]", {{"Content-Type", "application/json"}}).status, 422);
  // Someone outside the organisation, or no one, is not a member of it.
  EXPECT_EQ(
      focal.client->send_json("PATCH", members + "/" + std::to_string(outsider.id), {{"focal_point", true}}).status,
      404);
  EXPECT_EQ(focal.client->send_json("PATCH", members + "/999999", {{"focal_point", true}}).status, 404);
  EXPECT_EQ(feed(), 0);

  auto promoted = focal.client->send_json("PATCH", of_member, {{"focal_point", true}});
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(promoted.json().at("user_id"), member.id);
  EXPECT_EQ(promoted.json().at("email"), "member@example.org");
  EXPECT_EQ(promoted.json().at("focal_point"), true);
  auto roles = member.client->get("/api/v1/users/me").json().at("roles");
  EXPECT_EQ(roles, (json::array{"contributor", "focal_point"}));
  // The same value again records nothing.
  EXPECT_EQ(focal.client->send_json("PATCH", of_member, {{"focal_point", true}}).status, 200);
  EXPECT_EQ(feed(), 1);

  // Two focal points: either may take it back from the other; the last one keeps it.
  auto demoted = member.client->send_json("PATCH", members + "/" + std::to_string(focal.id), {{"focal_point", false}});
  ASSERT_EQ(demoted.status, 200) << demoted.body;
  EXPECT_EQ(demoted.json().at("focal_point"), false);
  EXPECT_EQ(member.client->send_json("PATCH", of_member, {{"focal_point", false}}).status, 409);
  // The first is no longer a focal point.
  EXPECT_EQ(focal.client->send_json("PATCH", of_member, {{"focal_point", false}}).status, 403);
  EXPECT_EQ(feed(), 2);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM users WHERE focal_point <> 0"), 1);
}

TEST(accounts_http_organisations, ListingPaginatesAndFilters) {
  TestServer server;
  const char* countries[] = {"KEN", "FRA", "KEN"};
  for (int i = 0; i < 3; ++i) {
    Account a = register_account(server, "u" + std::to_string(i) + "@example.org");
    auto body = itu();
    body["name"] = "Org " + std::to_string(i);
    body["country"] = countries[i];
    body["stakeholder_type"] = i == 1 ? "academia" : "government";
    ASSERT_EQ(a.client->post_json("/api/v1/organisations", body).status, 201);
  }
  HttpClient client(server.port());
  auto first = client.get("/api/v1/organisations?limit=2");
  ASSERT_EQ(first.status, 200);
  auto page = first.json();
  ASSERT_EQ(page.at("items").as_array().size(), 2u);
  ASSERT_TRUE(page.at("next_cursor").is_string());
  auto second = client.get("/api/v1/organisations?limit=2&cursor=" + std::string(page.at("next_cursor").as_string()));
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(second.json().at("items").at(0).at("name"), "Org 2");
  EXPECT_TRUE(second.json().at("next_cursor").is_null());

  auto kenya = client.get("/api/v1/organisations?country=KEN&stakeholder_type=government");
  EXPECT_EQ(kenya.json().at("items").as_array().size(), 2u);
  auto bad = client.get("/api/v1/organisations?limit=500&cursor=@@&country=XX");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("type"), "/problems/invalid-query");
  EXPECT_EQ(field_codes(bad.json()), (std::vector<std::string>{"cursor:invalid_cursor", "limit:out_of_range"}));
  auto bad_country = client.get("/api/v1/organisations?country=XX");
  EXPECT_EQ(field_codes(bad_country.json()), std::vector<std::string>{"country:unknown_code"});
}

}  // namespace
}  // namespace wsis::testing
