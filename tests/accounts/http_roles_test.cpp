// One test per role: what the role may not do is refused (401/403, or 404 where existence must
// not leak) and changes nothing, which each test reads back from the database and the API.
// Also the audit log's security events, and `wsis admin create`.
#include <gtest/gtest.h>

#include <csignal>

#include "accounts_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

// Everything a refused request might have changed.
struct State {
  std::int64_t users, feed, audit, organisations, versions, memberships, focal_points, roles, live_tokens, sessions;
  bool operator==(const State&) const = default;
};

std::ostream& operator<<(std::ostream& out, const State& s) {
  return out << "{users " << s.users << ", feed " << s.feed << ", audit " << s.audit << ", organisations "
             << s.organisations << ", versions " << s.versions << ", memberships " << s.memberships << ", focal points "
             << s.focal_points << ", roles " << s.roles << ", live tokens " << s.live_tokens << ", sessions "
             << s.sessions << "}";
}

class accounts_http_roles : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    admin_ = create_admin(*server_, "root@example.org");
    focal_ = register_account(*server_, "focal@example.org", "Focal A");
    org_a_ = create_organisation(focal_, "Org A");
    member_ = register_account(*server_, "member@example.org", "Member A");
    ASSERT_EQ(focal_.client->post_json(members(org_a_), {{"email", member_.email}}).status, 201);
    focal_b_ = register_account(*server_, "focal-b@example.org", "Focal B");
    org_b_ = create_organisation(focal_b_, "Org B");
    free_ = register_account(*server_, "free@example.org", "Free");  // in no organisation
    auto token = admin_.client->post_json("/api/v1/tokens", {{"name", "admin script"}});
    ASSERT_EQ(token.status, 201);
    admin_token_id_ = token.json().at("id").as_int64();
    admin_token_ = std::string(token.json().at("token").as_string());
  }

  std::int64_t create_organisation(Account& account, const std::string& name) {
    auto response = account.client->post_json(
        "/api/v1/organisations", {{"name", name}, {"stakeholder_type", "civil-society"}, {"country", "SEN"}});
    EXPECT_EQ(response.status, 201) << response.body;
    return response.status == 201 ? response.json().at("id").as_int64() : 0;
  }

  Account account_with_roles(const std::string& email, json::array roles) {
    Account account = register_account(*server_, email);
    auto set = admin_.client->send_json("PUT", "/api/v1/users/" + std::to_string(account.id) + "/roles",
                                        {{"roles", std::move(roles)}});
    EXPECT_EQ(set.status, 200) << set.body;
    return account;
  }

  static std::string organisation(std::int64_t id) { return "/api/v1/organisations/" + std::to_string(id); }
  static std::string members(std::int64_t id) { return organisation(id) + "/members"; }
  static std::string roles_of(std::int64_t user_id) { return "/api/v1/users/" + std::to_string(user_id) + "/roles"; }

  State state() const {
    auto n = [this](const std::string& sql) { return server_count(*server_, sql); };
    return State{n("SELECT COUNT(*) FROM users"),
                 n("SELECT COUNT(*) FROM change_feed"),
                 n("SELECT COUNT(*) FROM audit_log"),
                 n("SELECT COUNT(*) FROM organisations"),
                 n("SELECT COALESCE(SUM(version), 0) FROM organisations"),
                 n("SELECT COUNT(*) FROM users WHERE organisation_id IS NOT NULL"),
                 n("SELECT COUNT(*) FROM users WHERE focal_point <> 0"),
                 n("SELECT COALESCE(SUM(roles * id), 0) FROM users"),
                 n("SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL"),
                 n("SELECT COUNT(*) FROM sessions")};
  }

  // Expects `status` (and a problem body) for a request.
  void expect_refused(HttpClient& client, const std::string& method, const std::string& target, const json::value& body,
                      int status, const HttpClient::Headers& headers = {}) {
    auto response = method == "GET" || method == "DELETE" ? client.request(method, target, "", headers)
                                                          : client.send_json(method, target, body, headers);
    EXPECT_EQ(response.status, status) << method << " " << target << ": " << response.body;
    EXPECT_EQ(response.header("content-type"), "application/problem+json") << method << " " << target;
  }

  // The attempts every role but administrator must fail at, with their expected statuses.
  void expect_no_admin_powers(HttpClient& client, std::int64_t self_id, int status = 403) {
    expect_refused(client, "PUT", roles_of(self_id), {{"roles", {"administrator"}}}, status);
    expect_refused(client, "PUT", roles_of(free_.id), {{"roles", {"moderator"}}}, status);
    expect_refused(client, "GET", "/api/v1/audit", nullptr, status);
    // Someone else's API token does not exist for the caller.
    expect_refused(client, "DELETE", "/api/v1/tokens/" + std::to_string(admin_token_id_), nullptr,
                   status == 401 ? 401 : 404);
  }

  // The attempts on organisation A that only its focal point and administrators may make.
  void expect_cannot_manage(HttpClient& client, std::int64_t org, std::int64_t member_id, int status = 403) {
    expect_refused(client, "PATCH", organisation(org), {{"name", "Hijacked"}}, status, {{"If-Match", "\"v1\""}});
    expect_refused(client, "POST", members(org), {{"email", free_.email}}, status);
    expect_refused(client, "DELETE", members(org) + "/" + std::to_string(member_id), nullptr, status);
    expect_refused(client, "PATCH", members(org) + "/" + std::to_string(member_id), {{"focal_point", true}}, status);
    expect_refused(client, "PATCH", members(org) + "/" + std::to_string(member_id), {{"focal_point", false}}, status);
  }

  // Read back through the API what the refused requests aimed at.
  void expect_targets_untouched() {
    HttpClient anonymous(server_->port());
    auto a = anonymous.get(organisation(org_a_));
    EXPECT_EQ(a.json().at("name"), "Org A");
    EXPECT_EQ(a.header("etag"), "\"v1\"");
    EXPECT_EQ(anonymous.get(organisation(org_b_)).json().at("name"), "Org B");
    EXPECT_EQ(member_.client->get("/api/v1/users/me").json().at("organisation_id"), org_a_);
    EXPECT_TRUE(free_.client->get("/api/v1/users/me").json().at("organisation_id").is_null());
    EXPECT_EQ(free_.client->get("/api/v1/users/me").json().at("roles"), json::array{"contributor"});
    HttpClient script(server_->port());
    script.set_bearer_token(admin_token_);
    EXPECT_EQ(script.get("/api/v1/users/me").status, 200);
  }

  std::unique_ptr<TestServer> server_;
  Account admin_, focal_, member_, focal_b_, free_;
  std::int64_t org_a_ = 0, org_b_ = 0, admin_token_id_ = 0;
  std::string admin_token_;
};

TEST_F(accounts_http_roles, AnonymousMustLogIn) {
  HttpClient anonymous(server_->port());
  State before = state();
  expect_refused(anonymous, "GET", "/api/v1/users/me", nullptr, 401);
  expect_refused(anonymous, "PATCH", "/api/v1/users/me", {{"display_name", "x"}}, 401);
  expect_refused(anonymous, "GET", "/api/v1/users", nullptr, 401);
  expect_refused(anonymous, "GET", "/api/v1/tokens", nullptr, 401);
  expect_refused(anonymous, "POST", "/api/v1/tokens", {{"name", "x"}}, 401);
  expect_refused(anonymous, "POST", "/api/v1/organisations",
                 {{"name", "Org"}, {"stakeholder_type", "academia"}, {"country", "KEN"}}, 401);
  expect_refused(anonymous, "GET", members(org_a_), nullptr, 401);
  expect_no_admin_powers(anonymous, member_.id, 401);
  expect_cannot_manage(anonymous, org_a_, member_.id, 401);
  EXPECT_EQ(state(), before);
  expect_targets_untouched();
  // What is public stays public.
  EXPECT_EQ(anonymous.get("/api/v1/organisations").status, 200);
  EXPECT_EQ(anonymous.get(organisation(org_a_)).status, 200);
}

TEST_F(accounts_http_roles, ContributorMayNotModerateAdministerOrManageOthers) {
  Account contributor = register_account(*server_, "contributor@example.org");
  State before = state();
  expect_refused(*contributor.client, "GET", "/api/v1/users", nullptr, 403);
  expect_no_admin_powers(*contributor.client, contributor.id);
  expect_cannot_manage(*contributor.client, org_a_, member_.id);
  expect_refused(*contributor.client, "GET", members(org_a_), nullptr, 403);
  EXPECT_EQ(state(), before);
  expect_targets_untouched();
  EXPECT_EQ(contributor.client->get("/api/v1/users/me").json().at("roles"), json::array{"contributor"});
}

TEST_F(accounts_http_roles, FocalPointManagesOnlyTheirOwnOrganisation) {
  State before = state();
  expect_refused(*focal_.client, "GET", "/api/v1/users", nullptr, 403);
  expect_no_admin_powers(*focal_.client, focal_.id);
  expect_cannot_manage(*focal_.client, org_b_, focal_b_.id);
  expect_refused(*focal_.client, "GET", members(org_b_), nullptr, 403);
  // A plain member of organisation A is no focal point of it either.
  expect_cannot_manage(*member_.client, org_a_, focal_.id);
  EXPECT_EQ(state(), before);
  expect_targets_untouched();
  // Their own organisation they do manage.
  auto renamed =
      focal_.client->send_json("PATCH", organisation(org_a_), {{"name", "Org A renamed"}}, {{"If-Match", "\"v1\""}});
  EXPECT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(focal_.client->get(members(org_a_)).status, 200);
  // A plain member cannot make themselves a focal point; their focal point can.
  expect_refused(*member_.client, "PATCH", members(org_a_) + "/" + std::to_string(member_.id), {{"focal_point", true}},
                 403);
  auto promoted =
      focal_.client->send_json("PATCH", members(org_a_) + "/" + std::to_string(member_.id), {{"focal_point", true}});
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(promoted.json().at("focal_point"), true);
  EXPECT_EQ(member_.client->get(members(org_a_)).status, 200);  // a focal point now
  // With two focal points, the first may step down, and then manages nothing.
  EXPECT_EQ(
      focal_.client->send_json("PATCH", members(org_a_) + "/" + std::to_string(focal_.id), {{"focal_point", false}})
          .status,
      200);
  expect_refused(*focal_.client, "GET", members(org_a_), nullptr, 403);
  expect_cannot_manage(*focal_.client, org_a_, member_.id);
  EXPECT_EQ(server_count(*server_, "SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.member_update'"), 2);
}

TEST_F(accounts_http_roles, ModeratorReadsUsersButAdministersNothing) {
  Account moderator = account_with_roles("moderator@example.org", {"moderator"});
  State before = state();
  auto users = moderator.client->get("/api/v1/users?limit=2");
  ASSERT_EQ(users.status, 200) << users.body;
  EXPECT_EQ(users.json().at("items").as_array().size(), 2u);
  EXPECT_FALSE(users.json().at("next_cursor").is_null());
  EXPECT_EQ(users.body.find("password"), std::string::npos);
  EXPECT_EQ(moderator.client->get(members(org_a_)).status, 200);
  expect_no_admin_powers(*moderator.client, moderator.id);
  expect_cannot_manage(*moderator.client, org_a_, member_.id);
  EXPECT_EQ(state(), before);
  expect_targets_untouched();
  EXPECT_EQ(moderator.client->get("/api/v1/users/me").json().at("roles"), (json::array{"contributor", "moderator"}));
}

// An administrator finds the prize experts, or one account among many voters, without reading
// every page of users.
TEST_F(accounts_http_roles, UsersFilteredByRoleAndText) {
  Account expert_a = account_with_roles("expert-a@example.org", {"prize_expert"});
  Account expert_b = account_with_roles("Expert_B@Example.org", {"prize_expert", "moderator"});
  register_account(*server_, "expertly%plain@example.org");  // no role: the text matches, the role does not
  auto ids = [](const HttpResponse& response) {
    std::vector<std::int64_t> out;
    auto body = response.json();  // kept: the loop reads into it
    for (const auto& item : body.at("items").as_array()) out.push_back(item.at("id").as_int64());
    return out;
  };
  auto experts = admin_.client->get("/api/v1/users?role=prize_expert");
  ASSERT_EQ(experts.status, 200) << experts.body;
  EXPECT_EQ(ids(experts), (std::vector<std::int64_t>{expert_a.id, expert_b.id}));

  // Paged, the next page keeps the filter.
  auto first = admin_.client->get("/api/v1/users?role=prize_expert&limit=1");
  ASSERT_EQ(ids(first), std::vector<std::int64_t>{expert_a.id});
  auto cursor = std::string(first.json().at("next_cursor").as_string());
  auto second = admin_.client->get("/api/v1/users?role=prize_expert&limit=1&cursor=" + cursor);
  EXPECT_EQ(ids(second), std::vector<std::int64_t>{expert_b.id});
  EXPECT_TRUE(second.json().at("next_cursor").is_null());

  // The text is found in the email or the name, in any ASCII case; % and _ are only characters.
  EXPECT_EQ(ids(admin_.client->get("/api/v1/users?q=EXPERT")).size(), 3u);
  EXPECT_EQ(ids(admin_.client->get("/api/v1/users?q=expert_b")), std::vector<std::int64_t>{expert_b.id});
  EXPECT_EQ(ids(admin_.client->get("/api/v1/users?q=y%25p")).size(), 1u);  // "y%p" of expertly%plain
  EXPECT_TRUE(ids(admin_.client->get("/api/v1/users?q=t%25b")).empty());    // no wildcard between t and b
  EXPECT_EQ(ids(admin_.client->get("/api/v1/users?q=focal%20b")).size(), 1u);  // the name "Focal B"
  EXPECT_EQ(ids(admin_.client->get("/api/v1/users?role=moderator&q=expert")), std::vector<std::int64_t>{expert_b.id});
  // The derived roles as the users' own roles say: a focal point while in an organisation,
  // everyone a contributor.
  EXPECT_EQ(ids(admin_.client->get("/api/v1/users?role=focal_point")), (std::vector<std::int64_t>{focal_.id, focal_b_.id}));
  EXPECT_EQ(ids(admin_.client->get("/api/v1/users?role=contributor&q=expert")).size(), 3u);
  EXPECT_EQ(ids(admin_.client->get("/api/v1/users?role=administrator")), std::vector<std::int64_t>{admin_.id});
  auto moderator_reads = expert_b.client->get("/api/v1/users?role=prize_expert");
  EXPECT_EQ(moderator_reads.status, 200);

  // Bad filters are refused with the field named, in the caller's language; others still not allowed.
  admin_.client->set_language("fr");
  auto unknown = admin_.client->get("/api/v1/users?role=judge");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.header("content-language"), "fr");
  EXPECT_EQ(unknown.json().at("type"), "/problems/invalid-query");
  EXPECT_EQ(unknown.json().at("errors").at(0).at("field"), "role");
  admin_.client->set_language("");
  auto long_text = admin_.client->get("/api/v1/users?q=" + std::string(101, 'a'));
  EXPECT_EQ(long_text.status, 400);
  EXPECT_EQ(long_text.json().at("errors").at(0).at("field"), "q");
  EXPECT_EQ(admin_.client->get("/api/v1/users?q=" + std::string(100, 'a')).status, 200);
  expect_refused(*expert_a.client, "GET", "/api/v1/users?role=prize_expert", nullptr, 403);
}

TEST_F(accounts_http_roles, PrizeExpertHasNoAccountPowers) {
  Account expert = account_with_roles("expert@example.org", {"prize_expert"});
  State before = state();
  expect_refused(*expert.client, "GET", "/api/v1/users", nullptr, 403);
  expect_refused(*expert.client, "GET", members(org_a_), nullptr, 403);
  expect_no_admin_powers(*expert.client, expert.id);
  expect_cannot_manage(*expert.client, org_a_, member_.id);
  EXPECT_EQ(state(), before);
  expect_targets_untouched();
  EXPECT_EQ(expert.client->get("/api/v1/users/me").json().at("roles"), (json::array{"contributor", "prize_expert"}));
}

TEST_F(accounts_http_roles, AdministratorIsBoundByTheSafetyRules) {
  HttpClient& admin = *admin_.client;
  auto focal_token = focal_.client->post_json("/api/v1/tokens", {{"name", "focal script"}});
  ASSERT_EQ(focal_token.status, 201);
  State before = state();
  // The only administrator cannot step down.
  expect_refused(admin, "PUT", roles_of(admin_.id), {{"roles", {"moderator"}}}, 409);
  // API tokens are personal, administrators included.
  expect_refused(admin, "DELETE", "/api/v1/tokens/" + std::to_string(focal_token.json().at("id").as_int64()), nullptr,
                 404);
  // An organisation keeps a focal point.
  expect_refused(admin, "DELETE", members(org_a_) + "/" + std::to_string(focal_.id), nullptr, 409);
  expect_refused(admin, "PATCH", members(org_a_) + "/" + std::to_string(focal_.id), {{"focal_point", false}}, 409);
  // Bad roles are field errors.
  auto bad_roles = admin.send_json("PUT", roles_of(free_.id), {{"roles", {"focal_point", "king", 3}}});
  EXPECT_EQ(bad_roles.status, 422);
  EXPECT_EQ(field_codes(bad_roles.json()),
            (std::vector<std::string>{"roles/0:invalid_value", "roles/1:invalid_value", "roles/2:expected_string"}));
  expect_refused(admin, "PUT", roles_of(999999), {{"roles", json::array{}}}, 404);
  // A token cannot mint another, whoever owns it.
  HttpClient script(server_->port());
  script.set_bearer_token(admin_token_);
  expect_refused(script, "POST", "/api/v1/tokens", {{"name", "successor"}}, 403);
  EXPECT_EQ(state(), before);
  expect_targets_untouched();
  HttpClient focal_script(server_->port());
  focal_script.set_bearer_token(std::string(focal_token.json().at("token").as_string()));
  EXPECT_EQ(focal_script.get("/api/v1/users/me").status, 200);
  EXPECT_EQ(admin.get("/api/v1/users/me").json().at("roles"), (json::array{"contributor", "administrator"}));

  // And may do what the others may not.
  EXPECT_EQ(admin.get("/api/v1/users").status, 200);
  EXPECT_EQ(admin.get("/api/v1/audit").status, 200);
  EXPECT_EQ(admin.send_json("PATCH", organisation(org_b_), {{"country", "GHA"}}, {{"If-Match", "\"v1\""}}).status, 200);
  EXPECT_EQ(admin.post_json(members(org_b_), {{"email", free_.email}, {"focal_point", true}}).status, 201);
  EXPECT_EQ(admin.request("DELETE", members(org_b_) + "/" + std::to_string(focal_b_.id)).status, 204);
  EXPECT_EQ(admin.send_json("PATCH", members(org_a_) + "/" + std::to_string(member_.id), {{"focal_point", true}})
                .json()
                .at("focal_point"),
            true);
  auto promoted =
      admin.send_json("PUT", roles_of(free_.id), {{"roles", {"contributor", "moderator", "administrator"}}});
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(promoted.json().at("roles"), (json::array{"contributor", "focal_point", "moderator", "administrator"}));
  // With a second administrator, the first may step down.
  EXPECT_EQ(admin.send_json("PUT", roles_of(admin_.id), {{"roles", json::array{}}}).status, 200);
  EXPECT_EQ(admin.get("/api/v1/audit").status, 403);
}

TEST(accounts_http_audit, SecurityEventsAreRecordedWithActorIpAndTarget) {
  TestServer server;
  Account admin = create_admin(server, "root@example.org");
  Account ada = register_account(server, "ada@example.org", "Ada");
  HttpClient guesser(server.port());
  for (int i = 0; i < 5; ++i)
    guesser.post_json("/api/v1/auth/login", {{"email", "ghost@example.org"}, {"password", "guess guess guess"}});
  auto token = ada.client->post_json("/api/v1/tokens", {{"name", "t"}});
  ASSERT_EQ(token.status, 201);
  ASSERT_EQ(ada.client->request("DELETE", "/api/v1/tokens/" + std::to_string(token.json().at("id").as_int64())).status,
            204);
  auto org = ada.client->post_json("/api/v1/organisations",
                                   {{"name", "Org"}, {"stakeholder_type", "academia"}, {"country", "KEN"}});
  ASSERT_EQ(org.status, 201);
  std::string path = "/api/v1/organisations/" + std::to_string(org.json().at("id").as_int64());
  ASSERT_EQ(ada.client->send_json("PATCH", path, {{"name", "Org 2"}}, {{"If-Match", "\"v1\""}}).status, 200);
  Account bob = register_account(server, "bob@example.org", "Bob");
  ASSERT_EQ(ada.client->post_json(path + "/members", {{"email", "bob@example.org"}}).status, 201);
  ASSERT_EQ(ada.client->request("DELETE", path + "/members/" + std::to_string(bob.id)).status, 204);
  ASSERT_EQ(
      admin.client->send_json("PUT", "/api/v1/users/" + std::to_string(bob.id) + "/roles", {{"roles", {"moderator"}}})
          .status,
      200);
  ASSERT_EQ(bob.client->request("POST", "/api/v1/auth/logout").status, 204);

  // Walk every page, newest first.
  std::vector<json::object> entries;
  std::string cursor;
  for (int pages = 0; pages < 20; ++pages) {
    auto page = admin.client->get("/api/v1/audit?limit=4" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    auto body = page.json();  // kept alive: the loop below reads into it
    for (const auto& item : body.at("items").as_array()) entries.push_back(item.as_object());
    if (body.at("next_cursor").is_null()) break;
    cursor = std::string(body.at("next_cursor").as_string());
  }
  EXPECT_EQ(static_cast<std::int64_t>(entries.size()), server_count(server, "SELECT COUNT(*) FROM audit_log"));
  for (std::size_t i = 1; i < entries.size(); ++i)
    EXPECT_GT(entries[i - 1].at("id").as_int64(), entries[i].at("id").as_int64());

  auto find = [&](const std::string& action) -> const json::object* {
    for (const auto& e : entries)
      if (str(e.at("action")) == action) return &e;
    return nullptr;
  };
  for (std::string action :
       {"admin.create", "auth.register", "auth.login", "auth.login_failed", "auth.locked", "auth.logout",
        "token.create", "token.revoke", "organisation.create", "organisation.update", "organisation.member_add",
        "organisation.member_remove", "user.roles"})
    EXPECT_NE(find(action), nullptr) << action;
  const auto* failed = find("auth.login_failed");
  ASSERT_NE(failed, nullptr);
  EXPECT_TRUE(failed->at("actor_user_id").is_null());
  EXPECT_EQ(failed->at("ip"), "127.0.0.1");
  EXPECT_EQ(failed->at("target_type"), "email");
  EXPECT_EQ(failed->at("target_id"), "ghost@example.org");
  EXPECT_EQ(failed->at("detail").at("reason"), "unknown_email");
  const auto* roles = find("user.roles");
  ASSERT_NE(roles, nullptr);
  EXPECT_EQ(roles->at("actor_user_id"), admin.id);
  EXPECT_EQ(str(roles->at("target_id")), std::to_string(bob.id));
  EXPECT_EQ(roles->at("detail").at("after"), json::array{"moderator"});
  const auto* logout = find("auth.logout");
  ASSERT_NE(logout, nullptr);
  EXPECT_EQ(logout->at("actor_user_id"), bob.id);
  // No secret ever reaches the log.
  for (const auto& e : entries) {
    std::string text = json::serialize(e);
    EXPECT_EQ(text.find(kPassword), std::string::npos);
    EXPECT_EQ(text.find("guess guess"), std::string::npos);
    EXPECT_EQ(text.find(std::string(token.json().at("token").as_string())), std::string::npos);
  }

  auto filtered = admin.client->get("/api/v1/audit?action=auth.login_failed");
  ASSERT_EQ(filtered.status, 200);
  EXPECT_EQ(filtered.json().at("items").as_array().size(), 5u);
  EXPECT_EQ(admin.client->get("/api/v1/audit?action=DROP%20TABLE").status, 400);
  EXPECT_EQ(admin.client->get("/api/v1/audit?cursor=bm9wZQ").status, 400);
  EXPECT_EQ(ada.client->get("/api/v1/audit").status, 403);
}

TEST(accounts_admin_command, CreatesTheFirstAdministrator) {
  // Refused invocations exit before reading standard input; writing the password to a pipe
  // nobody reads any more must not kill this test with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  TestServer server;
  std::string out;
  EXPECT_EQ(server.run_command({"admin", "create", "--email", "root@example.org"}, &out, kPassword + "\n"), 2);
  EXPECT_NE(out.find("--password-stdin"), std::string::npos) << out;
  EXPECT_EQ(server.run_command({"admin", "create", "--email", "root@example.org", "--password-stdin"}, &out, ""), 2);
  EXPECT_NE(out.find("no password"), std::string::npos) << out;
  EXPECT_EQ(server.run_command({"admin", "create", "--email", "root@example.org", "--password-stdin"}, &out, "short\n"),
            3);
  EXPECT_NE(out.find("weak_password"), std::string::npos) << out;
  EXPECT_NE(out.find("10 characters"), std::string::npos) << out;
  EXPECT_EQ(
      server.run_command({"admin", "create", "--email", "not-an-email", "--password-stdin"}, &out, kPassword + "\n"),
      3);
  EXPECT_NE(out.find("--email"), std::string::npos) << out;
  EXPECT_EQ(server.run_command({"admin", "create", "--password-stdin"}, &out, kPassword + "\n"), 106);  // CLI11
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM users"), 0);

  ASSERT_EQ(server.run_command(
                {"admin", "create", "--email", "Root@Example.org", "--password-stdin", "--name", "Secretariat"}, &out,
                kPassword + "\r\n"),
            0)
      << out;
  EXPECT_NE(out.find("administrator root@example.org created"), std::string::npos) << out;
  EXPECT_EQ(out.find(kPassword), std::string::npos);
  EXPECT_EQ(server.run_command({"admin", "create", "--email", "root@example.org", "--password-stdin"}, &out,
                               kPassword + "\n"),
            4);
  EXPECT_NE(out.find("already exists"), std::string::npos) << out;

  // The running server sees the new administrator at once.
  Account admin = login_account(server, "root@example.org");
  auto me = admin.client->get("/api/v1/users/me").json();
  EXPECT_EQ(me.at("display_name"), "Secretariat");
  EXPECT_EQ(me.at("roles"), (json::array{"contributor", "administrator"}));
  EXPECT_EQ(me.at("email_verified"), true);
  auto audit = admin.client->get("/api/v1/audit?action=admin.create");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(server_count(server, "SELECT COUNT(*) FROM change_feed WHERE topic = 'user' AND op = 'create'"), 1);
}

}  // namespace
}  // namespace wsis::testing
