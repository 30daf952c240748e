#include "accounts_fixture.h"

#include "app/platform.h"
#include "db/sqlite/sqlite_database.h"

namespace json = boost::json;

namespace wsis::testing {

std::int64_t query_int(db::Database& database, const std::string& sql) {
  auto connection = database.connect();
  EXPECT_TRUE(connection.ok());
  if (!connection) return -1;
  auto statement = (*connection)->prepare(sql);
  auto row = statement->step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return row.ok() && *row ? statement->int64(0) : -1;
}

void ServiceTest::SetUp() {
  auto database = app::open_database(dir_.path(), clock_);
  ASSERT_TRUE(database.ok()) << database.error().detail;
  database_ = std::move(*database);
  service_ = std::make_unique<accounts::AccountsService>(*database_, clock_, options());
}

accounts::AccountsOptions ServiceTest::options() const {
  accounts::AccountsOptions options;
  options.password_cost = accounts::PasswordCost::minimum();
  return options;
}

accounts::SessionGrant ServiceTest::register_user(const std::string& email, const std::string& name) {
  accounts::RegistrationForm form{email, kPassword, name, "en"};
  accounts::Caller anonymous;
  anonymous.ip = "192.0.2.1";
  auto grant = service_->register_user(form, anonymous);
  EXPECT_TRUE(grant.ok()) << (grant.ok() ? "" : grant.error().detail);
  return grant.ok() ? *grant : accounts::SessionGrant{};
}

accounts::Caller ServiceTest::session_caller(const std::string& session_id, const std::string& ip) {
  accounts::Caller caller;
  caller.ip = ip;
  auto session = service_->authenticate_session(session_id);
  EXPECT_TRUE(session.ok());
  if (session.ok() && *session) {
    caller.actor = (*session)->actor;
    caller.session_hash = (*session)->credential_id;
  }
  return caller;
}

accounts::Caller ServiceTest::session_caller(const accounts::SessionGrant& grant, const std::string& ip) {
  return session_caller(grant.session_id, ip);
}

accounts::Caller ServiceTest::token_caller(const std::string& secret, const std::string& ip) {
  accounts::Caller caller;
  caller.ip = ip;
  caller.via_token = true;
  auto token = service_->authenticate_token(secret);
  EXPECT_TRUE(token.ok());
  if (token.ok()) caller.actor = token->actor;
  return caller;
}

accounts::SessionGrant ServiceTest::make_admin(const std::string& email) {
  auto created = service_->create_administrator(accounts::RegistrationForm{email, kPassword, "Admin", "en"}, {});
  EXPECT_TRUE(created.ok());
  auto grant = service_->login(accounts::LoginForm{email, kPassword}, {});
  EXPECT_TRUE(grant.ok());
  return grant.ok() ? *grant : accounts::SessionGrant{};
}

namespace {
Account from_session_response(const TestServer& server, std::unique_ptr<HttpClient> client,
                              const HttpResponse& response, const std::string& email) {
  Account account;
  if (response.status == 200 || response.status == 201) {
    auto body = response.json();
    client->set_csrf_token(std::string(body.at("csrf_token").as_string()));
    account.id = body.at("user").at("id").as_int64();
  }
  (void)server;
  account.client = std::move(client);
  account.email = email;
  return account;
}
}  // namespace

Account register_account(const TestServer& server, const std::string& email, const std::string& name) {
  auto client = std::make_unique<HttpClient>(server.port());
  auto response =
      client->post_json("/api/v1/auth/register", {{"email", email}, {"password", kPassword}, {"display_name", name}});
  EXPECT_EQ(response.status, 201) << response.body;
  return from_session_response(server, std::move(client), response, email);
}

Account login_account(const TestServer& server, const std::string& email, const std::string& password) {
  auto client = std::make_unique<HttpClient>(server.port());
  auto response = client->post_json("/api/v1/auth/login", {{"email", email}, {"password", password}});
  EXPECT_EQ(response.status, 200) << response.body;
  return from_session_response(server, std::move(client), response, email);
}

Account create_admin(const TestServer& server, const std::string& email) {
  std::string out;
  int rc = server.run_command({"admin", "create", "--email", email, "--password-stdin", "--name", "Admin"}, &out,
                              kPassword + "\n");
  EXPECT_EQ(rc, 0) << out;
  return login_account(server, email);
}

std::int64_t server_count(const TestServer& server, const std::string& sql) {
  db::SqliteOptions options;
  options.path = server.data_dir() + "/wsis.db";
  auto database = db::open_sqlite(options);
  EXPECT_TRUE(database.ok());
  if (!database) return -1;
  return query_int(**database, sql);
}

std::vector<std::string> field_codes(const json::value& problem) {
  std::vector<std::string> codes;
  if (!problem.is_object()) return codes;
  const auto* errors = problem.as_object().if_contains("errors");
  if (!errors || !errors->is_array()) return codes;
  for (const auto& e : errors->as_array())
    codes.push_back(std::string(e.at("field").as_string()) + ":" + std::string(e.at("code").as_string()));
  return codes;
}

}  // namespace wsis::testing
