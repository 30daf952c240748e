// Helpers shared by the accounts tests: a service over a fresh SQLite file with a manual clock
// (unit tests), and logged-in HTTP clients against the real server (integration tests).
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "accounts/accounts_service.h"
#include "core/clock.h"
#include "db/database.h"
#include "support/http_client.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace wsis::testing {

inline constexpr std::int64_t kStartMs = 1'790'000'000'000;  // 2026-09-21
inline constexpr std::int64_t kMinuteMs = 60'000;
inline const std::string kPassword = "correct horse battery";

// One number from a query against a database file (readers never block the server's writers
// in WAL mode).
std::int64_t query_int(db::Database& database, const std::string& sql);

// --- Unit tests of the service -------------------------------------------------------------
class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Fast password hashing unless a test asks otherwise: the throttle and session tests hash
  // dozens of times and test rules, not argon2.
  virtual accounts::AccountsOptions options() const;

  accounts::SessionGrant register_user(const std::string& email, const std::string& name = "Tester");
  // The caller a browser holding this session would be (through authenticate_session).
  accounts::Caller session_caller(const accounts::SessionGrant& grant, const std::string& ip = "192.0.2.1");
  accounts::Caller session_caller(const std::string& session_id, const std::string& ip = "192.0.2.1");
  accounts::Caller token_caller(const std::string& secret, const std::string& ip = "192.0.2.1");
  accounts::SessionGrant make_admin(const std::string& email);
  std::int64_t count(const std::string& sql) { return query_int(*database_, sql); }

  TempDir dir_;
  ManualClock clock_{kStartMs};
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<accounts::AccountsService> service_;
};

// --- Integration tests over HTTP -------------------------------------------------------------
struct Account {
  std::unique_ptr<HttpClient> client;  // holds the session cookie and the CSRF token
  std::int64_t id = 0;
  std::string email;
};

// Registers over HTTP (asserting 201) and returns the logged-in browser.
Account register_account(const TestServer& server, const std::string& email, const std::string& name = "Tester");
// Logs in over HTTP (asserting 200).
Account login_account(const TestServer& server, const std::string& email, const std::string& password = kPassword);
// `wsis admin create` against the server's data directory, then a login.
Account create_admin(const TestServer& server, const std::string& email);

std::int64_t server_count(const TestServer& server, const std::string& sql);

// A JSON string's text ("" for anything else), for comparing with std::string.
inline std::string str(const boost::json::value& value) {
  return value.is_string() ? std::string(value.get_string()) : std::string();
}

// The field codes of a problem body, as "field:code" strings in order.
std::vector<std::string> field_codes(const boost::json::value& problem);

}  // namespace wsis::testing
