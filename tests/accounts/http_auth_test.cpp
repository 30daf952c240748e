// Registration, login, logout and sessions over HTTP against the real server: cookies, CSRF,
// every class of bad input, and login throttling.
#include <gtest/gtest.h>

#include "accounts_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

std::string set_cookie_of(const HttpResponse& response) { return response.header("set-cookie"); }

TEST(accounts_http_auth, RegisterLoginLogoutSessionRoundTrip) {
  TestServer server;
  HttpClient browser(server.port());
  EXPECT_EQ(browser.get("/api/v1/auth/session").status, 401);

  auto registered = browser.post_json("/api/v1/auth/register", {{"email", "  Ada@Example.ORG "},
                                                                {"password", kPassword},
                                                                {"display_name", "Ada <Lovelace>"},
                                                                {"language", "fr"}});
  ASSERT_EQ(registered.status, 201) << registered.body;
  auto body = registered.json();
  const auto& user = body.at("user");
  EXPECT_EQ(user.at("email"), "ada@example.org");
  EXPECT_EQ(user.at("display_name"), "Ada <Lovelace>");
  EXPECT_EQ(user.at("language"), "fr");
  EXPECT_EQ(user.at("roles"), json::array{"contributor"});
  EXPECT_TRUE(user.at("organisation_id").is_null());
  EXPECT_EQ(user.at("email_verified"), false);
  EXPECT_TRUE(user.at("created_at").as_string().ends_with("Z"));
  EXPECT_EQ(user.as_object().size(), 8u);  // nothing else: no hash, no session data
  // JSON escapes markup: input is never echoed raw.
  EXPECT_EQ(registered.body.find("<Lovelace>"), std::string::npos);
  EXPECT_EQ(registered.header("cache-control"), "no-store");
  std::string csrf(body.at("csrf_token").as_string());
  ASSERT_EQ(browser.cookies().count("wsis_session"), 1u);
  std::string first_cookie = browser.cookies().at("wsis_session");
  browser.set_csrf_token(csrf);

  auto session = browser.get("/api/v1/auth/session");
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(session.json().at("user").at("id"), user.at("id"));
  EXPECT_EQ(str(session.json().at("csrf_token")), csrf);
  auto me = browser.get("/api/v1/users/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("email"), "ada@example.org");

  auto logout = browser.request("POST", "/api/v1/auth/logout");
  EXPECT_EQ(logout.status, 204);
  EXPECT_NE(set_cookie_of(logout).find("wsis_session=;"), std::string::npos) << set_cookie_of(logout);
  EXPECT_NE(set_cookie_of(logout).find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(browser.cookies().count("wsis_session"), 0u);
  EXPECT_EQ(browser.get("/api/v1/auth/session").status, 401);
  // The session is gone on the server, not only in this browser: replaying the old cookie
  // gets nowhere.
  HttpClient replay(server.port());
  auto replayed = replay.get("/api/v1/users/me", {{"Cookie", "wsis_session=" + first_cookie}});
  EXPECT_EQ(replayed.status, 401);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM sessions"), 0);

  auto login = browser.post_json("/api/v1/auth/login", {{"email", "ADA@example.org"}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.json().at("user").at("id"), user.at("id"));
  EXPECT_NE(browser.cookies().at("wsis_session"), first_cookie);
  EXPECT_NE(str(login.json().at("csrf_token")), csrf);
  EXPECT_EQ(browser.get("/api/v1/users/me").status, 200);

  // Wrong password and unknown email: the same answer.
  HttpClient stranger(server.port());
  auto wrong = stranger.post_json("/api/v1/auth/login", {{"email", "ada@example.org"}, {"password", "not it at all"}});
  auto unknown =
      stranger.post_json("/api/v1/auth/login", {{"email", "eve@example.org"}, {"password", "not it at all"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.json().at("type"), "/problems/login-failed");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body, wrong.body);
  EXPECT_TRUE(set_cookie_of(wrong).empty());
}

TEST(accounts_http_auth, SessionCookieAttributes) {
  TestServer server;
  HttpClient browser(server.port());
  auto response = browser.post_json("/api/v1/auth/register",
                                    {{"email", "ada@example.org"}, {"password", kPassword}, {"display_name", "Ada"}});
  ASSERT_EQ(response.status, 201);
  std::string cookie = set_cookie_of(response);
  EXPECT_TRUE(cookie.starts_with("wsis_session=")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Lax"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Max-Age=2592000"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;
  // The session id is 32 random bytes, and the database holds only its hash.
  std::string id = browser.cookies().at("wsis_session");
  EXPECT_EQ(id.size(), 43u);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM sessions WHERE id_hash = '" + id + "'"), 0);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM sessions"), 1);

  TestServer secure({"--secure-cookies"});
  HttpClient behind_https(secure.port());
  auto secured = behind_https.post_json(
      "/api/v1/auth/register", {{"email", "ada@example.org"}, {"password", kPassword}, {"display_name", "Ada"}});
  ASSERT_EQ(secured.status, 201);
  EXPECT_NE(set_cookie_of(secured).find("; Secure"), std::string::npos) << set_cookie_of(secured);
  behind_https.set_csrf_token(std::string(secured.json().at("csrf_token").as_string()));
  auto logout = behind_https.request("POST", "/api/v1/auth/logout");
  EXPECT_NE(set_cookie_of(logout).find("; Secure"), std::string::npos) << set_cookie_of(logout);
}

TEST(accounts_http_auth, CsrfTokenGuardsCookieAuthenticatedWrites) {
  TestServer server;
  Account ada = register_account(server, "ada@example.org", "Ada");
  std::string csrf = ada.client->csrf_token();

  // With the cookie but no token: refused, nothing changed.
  ada.client->set_csrf_token("");
  auto missing = ada.client->send_json("PATCH", "/api/v1/users/me", {{"display_name", "Mallory"}});
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(missing.json().at("type"), "/problems/csrf");
  auto wrong = ada.client->send_json("PATCH", "/api/v1/users/me", {{"display_name", "Mallory"}},
                                     {{"X-CSRF-Token", std::string(64, '0')}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.json().at("type"), "/problems/csrf");
  auto organisation = ada.client->post_json("/api/v1/organisations",
                                            {{"name", "Org"}, {"stakeholder_type", "academia"}, {"country", "KEN"}});
  EXPECT_EQ(organisation.status, 403);
  auto logout = ada.client->request("POST", "/api/v1/auth/logout");
  EXPECT_EQ(logout.status, 403);
  EXPECT_EQ(ada.client->get("/api/v1/users/me").json().at("display_name"), "Ada");
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM organisations"), 0);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM sessions"), 1);

  // With the token: done.
  ada.client->set_csrf_token(csrf);
  auto renamed = ada.client->send_json("PATCH", "/api/v1/users/me", {{"display_name", "Ada L."}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("display_name"), "Ada L.");
  auto token = ada.client->post_json("/api/v1/tokens", {{"name", "script"}});
  ASSERT_EQ(token.status, 201) << token.body;

  // A bearer token is never sent by a browser on its own, so it needs no CSRF token, even
  // with a (stale or foreign) session cookie beside it.
  HttpClient script(server.port());
  script.set_bearer_token(std::string(token.json().at("token").as_string()));
  auto created =
      script.post_json("/api/v1/organisations", {{"name", "Org"}, {"stakeholder_type", "academia"}, {"country", "KEN"}},
                       {{"Cookie", "wsis_session=" + ada.client->cookies().at("wsis_session")}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto renamed_again = script.send_json("PATCH", "/api/v1/users/me", {{"display_name", "Ada (API)"}});
  EXPECT_EQ(renamed_again.status, 200);
  EXPECT_EQ(ada.client->get("/api/v1/users/me").json().at("display_name"), "Ada (API)");
}

struct BadInput {
  std::string name;
  std::string body;
  std::string content_type;
  int status;
  std::string type;
  std::vector<std::string> fields;
};

TEST(accounts_http_auth, BadRegistrationInputIsRefusedFieldByField) {
  TestServer server;
  const std::string ok_email = "\"email\":\"ada@example.org\"";
  const std::string ok_password = "\"password\":\"correct horse battery\"";
  const std::string ok_name = "\"display_name\":\"Ada\"";
  const std::string valid = "{" + ok_email + "," + ok_password + "," + ok_name + "}";
  const std::vector<BadInput> cases = {
      {"malformed JSON", "{\"email\": \"ada@example.org\",", "application/json", 400, "/problems/malformed-json", {}},
      {"not an object", "[1, 2, 3]", "application/json", 422, "/problems/validation", {":expected_object"}},
      {"empty body", "", "application/json", 400, "/problems/malformed-json", {}},
      {"wrong types",
       "{\"email\": 42, \"password\": true, \"display_name\": [\"Ada\"], \"language\": {}}",
       "application/json",
       422,
       "/problems/validation",
       {"password:expected_string", "email:expected_string", "display_name:expected_string",
        "language:expected_string"}},
      {"missing fields",
       "{}",
       "application/json",
       422,
       "/problems/validation",
       {"password:required", "email:required", "display_name:required"}},
      {"null fields",
       "{\"email\": null, \"password\": null, \"display_name\": null}",
       "application/json",
       422,
       "/problems/validation",
       {"password:required", "email:required", "display_name:required"}},
      {"unknown fields",
       "{" + ok_email + "," + ok_password + "," + ok_name + ",\"roles\":[\"administrator\"]}",
       "application/json",
       422,
       "/problems/validation",
       {"roles:unknown_field"}},
      {"over-long display name",
       "{" + ok_email + "," + ok_password + ",\"display_name\":\"" + std::string(101, 'x') + "\"}",
       "application/json",
       422,
       "/problems/validation",
       {"display_name:too_long"}},
      {"over-long email",
       "{\"email\":\"" + std::string(250, 'a') + "@example.org\"," + ok_password + "," + ok_name + "}",
       "application/json",
       422,
       "/problems/validation",
       {"email:too_long"}},
      {"over-long password",
       "{" + ok_email + ",\"password\":\"" + std::string(257, 'p') + "\"," + ok_name + "}",
       "application/json",
       422,
       "/problems/validation",
       {"password:too_long"}},
      {"invalid email",
       "{\"email\":\"ada.example.org\"," + ok_password + "," + ok_name + "}",
       "application/json",
       422,
       "/problems/validation",
       {"email:invalid_email"}},
      {"weak password",
       "{" + ok_email + ",\"password\":\"123456789\"," + ok_name + "}",
       "application/json",
       422,
       "/problems/validation",
       {"password:weak_password"}},
      {"unknown language",
       "{" + ok_email + "," + ok_password + "," + ok_name + ",\"language\":\"de\"}",
       "application/json",
       422,
       "/problems/validation",
       {"language:unknown_code"}},
      {"control characters",
       "{" + ok_email + "," + ok_password + ",\"display_name\":\"Ada\\u0007\"}",
       "application/json",
       422,
       "/problems/validation",
       {"display_name:control_characters"}},
      {"invalid UTF-8",
       "{" + ok_email + "," + ok_password + ",\"display_name\":\"Ad\xff\xfe\"}",
       "application/json",
       400,
       "/problems/invalid-utf8",
       {}},
      {"wrong content type", valid, "text/plain", 415, "/problems/unsupported-media-type", {}},
      {"form post",
       "email=ada%40example.org&password=correct+horse+battery&display_name=Ada",
       "application/x-www-form-urlencoded",
       415,
       "/problems/unsupported-media-type",
       {}},
  };
  HttpClient client(server.port());
  for (const auto& c : cases) {
    auto response = client.request("POST", "/api/v1/auth/register", c.body, {{"Content-Type", c.content_type}});
    EXPECT_EQ(response.status, c.status) << c.name << ": " << response.body;
    EXPECT_EQ(response.header("content-type"), "application/problem+json") << c.name;
    auto problem = response.json();
    EXPECT_EQ(str(problem.at("type")), c.type) << c.name;
    EXPECT_EQ(field_codes(problem), c.fields) << c.name << ": " << response.body;
    EXPECT_TRUE(response.header("set-cookie").empty()) << c.name;
  }
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM users"), 0);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM sessions"), 0);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM change_feed"), 0);

  // Messages are localized, with the limits filled in.
  client.set_language("fr");
  auto weak =
      client.request("POST", "/api/v1/auth/register", "{" + ok_email + ",\"password\":\"court\"," + ok_name + "}",
                     {{"Content-Type", "application/json"}});
  EXPECT_EQ(weak.header("content-language"), "fr");
  auto message = std::string(weak.json().at("errors").at(0).at("message").as_string());
  EXPECT_NE(message.find("10"), std::string::npos) << message;

  // The valid body works, once.
  client.set_language("");
  auto created = client.request("POST", "/api/v1/auth/register", valid, {{"Content-Type", "application/json"}});
  EXPECT_EQ(created.status, 201) << created.body;
  HttpClient second(server.port());
  auto taken = second.request("POST", "/api/v1/auth/register", valid, {{"Content-Type", "application/json"}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.json().at("type"), "/problems/email-taken");
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM users"), 1);
}

TEST(accounts_http_auth, BadLoginInput) {
  TestServer server;
  HttpClient client(server.port());
  auto missing = client.post_json("/api/v1/auth/login", json::object{});
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(field_codes(missing.json()), (std::vector<std::string>{"password:required", "email:required"}));
  auto extra = client.post_json("/api/v1/auth/login",
                                {{"email", "ada@example.org"}, {"password", "whatever you like"}, {"remember", true}});
  EXPECT_EQ(field_codes(extra.json()), std::vector<std::string>{"remember:unknown_field"});
  auto huge =
      client.post_json("/api/v1/auth/login", {{"email", "ada@example.org"}, {"password", std::string(300, 'x')}});
  EXPECT_EQ(field_codes(huge.json()), std::vector<std::string>{"password:too_long"});
  // Input errors are not guesses: nothing counted.
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM login_failures"), 0);
  // A body over the route's limit is refused before it is read.
  auto oversized =
      client.request("POST", "/api/v1/auth/login", std::string(64 * 1024, ' '), {{"Content-Type", "application/json"}});
  EXPECT_EQ(oversized.status, 413);
}

TEST(accounts_http_auth, LoginThrottlingAnswers429WithRetryAfter) {
  TestServer server;
  register_account(server, "ada@example.org");
  HttpClient attacker(server.port());
  for (int i = 0; i < 5; ++i) {
    auto failed = attacker.post_json("/api/v1/auth/login",
                                     {{"email", "ada@example.org"}, {"password", "guess number " + std::to_string(i)}});
    ASSERT_EQ(failed.status, 401) << i << ": " << failed.body;
  }
  auto locked = attacker.post_json("/api/v1/auth/login", {{"email", "ada@example.org"}, {"password", kPassword}});
  ASSERT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.json().at("type"), "/problems/too-many-requests");
  int retry_after = std::stoi(locked.header("retry-after"));
  EXPECT_GT(retry_after, 14 * 60);
  EXPECT_LE(retry_after, 15 * 60);
  std::string detail(locked.json().at("detail").as_string());
  EXPECT_NE(detail.find(std::to_string(retry_after)), std::string::npos) << detail;
  EXPECT_TRUE(locked.header("set-cookie").empty());
  // The lock is on the email, not on this connection.
  HttpClient owner(server.port());
  EXPECT_EQ(owner.post_json("/api/v1/auth/login", {{"email", "ada@example.org"}, {"password", kPassword}}).status, 429);
  // Other accounts are unaffected.
  register_account(server, "bob@example.org");
  EXPECT_EQ(login_account(server, "bob@example.org").id > 0, true);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM login_failures WHERE email = 'ada@example.org'"), 5);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM login_locks WHERE scope = 'email'"), 1);
}

TEST(accounts_http_auth, ProfileUpdateAndPasswordChange) {
  TestServer server;
  Account ada = register_account(server, "ada@example.org", "Ada");
  Account other_browser = login_account(server, "ada@example.org");
  auto bad = ada.client->send_json("PATCH", "/api/v1/users/me",
                                   {{"display_name", ""}, {"language", "xx"}, {"email", "new@example.org"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(field_codes(bad.json()),
            (std::vector<std::string>{"display_name:empty", "language:unknown_code", "email:unknown_field"}));
  auto half = ada.client->send_json("PATCH", "/api/v1/users/me", {{"new_password", "a brand new password"}});
  EXPECT_EQ(field_codes(half.json()), std::vector<std::string>{"current_password:required"});
  auto wrong = ada.client->send_json(
      "PATCH", "/api/v1/users/me", {{"current_password", "not my password"}, {"new_password", "a brand new password"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(field_codes(wrong.json()), std::vector<std::string>{"current_password:invalid_value"});
  auto weak =
      ada.client->send_json("PATCH", "/api/v1/users/me", {{"current_password", kPassword}, {"new_password", "short"}});
  EXPECT_EQ(field_codes(weak.json()), std::vector<std::string>{"new_password:weak_password"});
  EXPECT_EQ(ada.client->get("/api/v1/users/me").json().at("display_name"), "Ada");

  auto changed = ada.client->send_json(
      "PATCH", "/api/v1/users/me",
      {{"current_password", kPassword}, {"new_password", "a brand new password"}, {"language", "ar"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("language"), "ar");
  // This browser stays logged in; the other one is logged out.
  EXPECT_EQ(ada.client->get("/api/v1/users/me").status, 200);
  EXPECT_EQ(other_browser.client->get("/api/v1/users/me").status, 401);
  HttpClient fresh(server.port());
  EXPECT_EQ(fresh.post_json("/api/v1/auth/login", {{"email", "ada@example.org"}, {"password", kPassword}}).status, 401);
  EXPECT_EQ(fresh.post_json("/api/v1/auth/login", {{"email", "ada@example.org"}, {"password", "a brand new password"}})
                .status,
            200);
}

}  // namespace
}  // namespace wsis::testing
