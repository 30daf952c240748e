#include "api_fixture.h"

#include <future>
#include <stdexcept>

#include "accounts/accounts_service.h"
#include "accounts/roles.h"
#include "app/platform.h"
#include "core/clock.h"

namespace json = boost::json;

namespace wsis::testing {

std::unique_ptr<StocktakingWorld> StocktakingApiTest::world_;

namespace {

// Sets the cast up against the server's database with the accounts service itself, hashing
// passwords at libsodium's minimum cost: each of the ~80 tests has a world of its own (ctest
// runs every TEST in a process of its own), and seven interactive argon2 hashes per test would
// be most of the suite's time. Everyone but contributor A then talks to the server with an API
// token of their own; contributor A registers over HTTP and is a browser with a session cookie
// and a CSRF token, so both ways in are exercised.
struct InProcessAccounts {
  explicit InProcessAccounts(const std::string& data_dir) {
    auto opened = app::open_database(data_dir, clock);
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().detail);
    if (!opened) throw std::runtime_error("cannot open the test server's database");
    database = std::move(*opened);
    accounts::AccountsOptions options;
    options.password_cost = accounts::PasswordCost::minimum();
    service = std::make_unique<accounts::AccountsService>(*database, clock, options);
  }

  // The caller a browser holding this session is, as the server would see it now.
  accounts::Caller caller(const accounts::SessionGrant& grant) {
    accounts::Caller caller;
    caller.ip = "192.0.2.1";
    auto session = service->authenticate_session(grant.session_id);
    EXPECT_TRUE(session.ok() && *session);
    if (session.ok() && *session) {
      caller.actor = (*session)->actor;
      caller.session_hash = (*session)->credential_id;
    }
    return caller;
  }

  accounts::SessionGrant enrol(const std::string& email, const std::string& name) {
    accounts::Caller anonymous;
    anonymous.ip = "192.0.2.1";
    auto grant = service->register_user({email, kPassword, name, "en"}, anonymous);
    EXPECT_TRUE(grant.ok()) << email << ": " << (grant.ok() ? "" : grant.error().detail);
    return grant.ok() ? *grant : accounts::SessionGrant{};
  }

  // A client of the server that authenticates with a new API token of `grant`'s user.
  Account with_token(const accounts::SessionGrant& grant, std::uint16_t port) {
    Account account;
    account.client = std::make_unique<HttpClient>(port);
    account.id = grant.user.id;
    account.email = grant.user.email;
    auto token = service->create_token(caller(grant), {"stocktaking tests", std::nullopt});
    EXPECT_TRUE(token.ok()) << (token.ok() ? "" : token.error().detail);
    if (token.ok()) account.client->set_bearer_token(token->secret);
    return account;
  }

  std::int64_t organisation(const accounts::SessionGrant& focal, const std::string& name, const std::string& type,
                            const std::string& country) {
    auto created = service->create_organisation(caller(focal), {name, type, country, std::nullopt});
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().detail);
    return created.ok() ? created->id : 0;
  }

  void add_member(const accounts::SessionGrant& focal, std::int64_t organisation, const std::string& email) {
    auto added = service->add_member(caller(focal), organisation, {email, false});
    EXPECT_TRUE(added.ok()) << (added.ok() ? "" : added.error().detail);
  }

  SystemClock clock;
  std::unique_ptr<db::Database> database;
  std::unique_ptr<accounts::AccountsService> service;
};

}  // namespace

std::unique_ptr<StocktakingWorld> make_world() {
  auto world = std::make_unique<StocktakingWorld>();
  world->server = std::make_unique<TestServer>();
  const TestServer& server = *world->server;
  // The one interactive hash, while the rest is set up.
  auto contributor_a = std::async(
      std::launch::async, [&] { return register_account(server, "contributor-a@example.org", "Contributor A"); });

  InProcessAccounts accounts(server.data_dir());
  auto admin_created = accounts.service->create_administrator({"admin@example.org", kPassword, "Admin", "en"}, {});
  EXPECT_TRUE(admin_created.ok());
  auto admin = accounts.service->login({"admin@example.org", kPassword}, {});
  EXPECT_TRUE(admin.ok());
  auto moderator = accounts.enrol("moderator@example.org", "Moderator");
  auto focal_a = accounts.enrol("focal-a@example.org", "Focal A");
  auto focal_b = accounts.enrol("focal-b@example.org", "Focal B");
  auto contributor_b = accounts.enrol("contributor-b@example.org", "Contributor B");
  if (admin.ok()) {
    auto roles =
        accounts.service->set_roles(accounts.caller(*admin), moderator.user.id, {accounts::role_bit(Role::moderator)});
    EXPECT_TRUE(roles.ok()) << (roles.ok() ? "" : roles.error().detail);
  }
  world->org_a = accounts.organisation(focal_a, "Organisation A", "civil-society", "SEN");
  world->org_b = accounts.organisation(focal_b, "Organisation B", "government", "KEN");
  accounts.add_member(focal_b, world->org_b, "contributor-b@example.org");
  world->contributor_a = contributor_a.get();
  accounts.add_member(focal_a, world->org_a, world->contributor_a.email);

  auto port = server.port();
  if (admin.ok()) world->admin = accounts.with_token(*admin, port);
  world->moderator = accounts.with_token(moderator, port);
  world->focal_a = accounts.with_token(focal_a, port);
  world->focal_b = accounts.with_token(focal_b, port);
  world->contributor_b = accounts.with_token(contributor_b, port);
  world->anonymous = std::make_unique<HttpClient>(port);
  return world;
}

json::object entry_body(const std::string& title) {
  return json::object{
      {"type", "project"},
      {"title", title},
      {"description", "Connects **rural schools** to the internet."},
      {"language", "en"},
      {"countries", {"KEN"}},
      {"action_lines", {"C1"}},
      {"sdg_targets", {"4.1"}},
      {"project_status", "ongoing"},
      {"website", "https://example.org/schools"},
      {"contact", {{"name", "Wanjiru Kamau"}, {"email", "wanjiru@example.org"}, {"phone", "+254 700 000"}}},
      {"reporting_year", 2025}};
}

std::string entry_path(std::int64_t id) { return "/api/v1/entries/" + std::to_string(id); }

std::ostream& operator<<(std::ostream& out, const EntrySnapshot& s) {
  return out << "{revisions " << s.revisions << ", transitions " << s.transitions << ", feed " << s.feed << ", body "
             << s.body << "}";
}

void StocktakingApiTest::SetUpTestSuite() { world_ = make_world(); }
void StocktakingApiTest::TearDownTestSuite() { world_.reset(); }

json::object StocktakingApiTest::create_entry(Account& owner, const json::object& body) {
  auto response = owner.client->post_json("/api/v1/entries", body);
  EXPECT_EQ(response.status, 201) << response.body;
  if (response.status != 201) return {{"id", 0}};
  return response.json().as_object();
}

std::int64_t StocktakingApiTest::publish_entry(Account& owner, const json::object& body) {
  auto id = create_draft(owner, body);
  act_ok(owner, id, "submit");
  act_ok(w().moderator, id, "publish");
  return id;
}

HttpResponse StocktakingApiTest::act(Account& who, std::int64_t id, const std::string& action,
                                     const std::string& comment, const HttpClient::Headers& headers) {
  json::object body{{"action", action}};
  if (!comment.empty()) body["comment"] = comment;
  return who.client->post_json(entry_path(id) + "/transitions", body, headers);
}

json::object StocktakingApiTest::act_ok(Account& who, std::int64_t id, const std::string& action,
                                        const std::string& comment) {
  auto response = act(who, id, action, comment);
  EXPECT_EQ(response.status, 200) << action << " " << id << " by " << who.email << ": " << response.body;
  return response.status == 200 ? response.json().as_object() : json::object{};
}

HttpResponse StocktakingApiTest::put_entry(Account& who, std::int64_t id, const json::object& body,
                                           const std::string& if_match) {
  HttpClient::Headers headers;
  if (!if_match.empty()) headers.emplace_back("If-Match", if_match);
  return who.client->send_json("PUT", entry_path(id), body, headers);
}

json::object StocktakingApiTest::read(HttpClient& client, std::int64_t id) {
  auto response = client.get(entry_path(id));
  EXPECT_EQ(response.status, 200) << response.body;
  return response.status == 200 ? response.json().as_object() : json::object{};
}

std::string StocktakingApiTest::etag_of(HttpClient& client, std::int64_t id) {
  return client.get(entry_path(id)).header("etag");
}

EntrySnapshot StocktakingApiTest::snapshot(std::int64_t id) {
  EntrySnapshot s;
  auto response = w().moderator.client->get(entry_path(id));
  EXPECT_EQ(response.status, 200) << response.body;
  s.body = response.body;
  auto n = std::to_string(id);
  s.revisions = count("SELECT COUNT(*) FROM entry_revisions WHERE entry_id = " + n);
  s.transitions = count("SELECT COUNT(*) FROM entry_transitions WHERE entry_id = " + n);
  s.feed = count("SELECT COUNT(*) FROM change_feed WHERE topic = 'entry' AND entity_id = '" + n + "'");
  return s;
}

std::vector<std::int64_t> StocktakingApiTest::ids_of(const HttpResponse& response) {
  std::vector<std::int64_t> ids;
  EXPECT_EQ(response.status, 200) << response.body;
  if (response.status != 200) return ids;
  auto body = response.json();
  for (const auto& item : body.at("items").as_array()) ids.push_back(item.at("id").as_int64());
  return ids;
}

void expect_problem(const HttpResponse& response, int status, const std::string& slug) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.header("content-type"), "application/problem+json") << response.body;
  if (response.header("content-type") != "application/problem+json") return;
  auto body = response.json();
  EXPECT_EQ(str(body.at("type")), "/problems/" + slug) << response.body;
  EXPECT_EQ(body.at("status").as_int64(), status);
}

}  // namespace wsis::testing
