// Shared by the Stocktaking API tests (api_*_test.cpp): one real server per test suite with the
// cast every rule is about — an administrator, a moderator, two organisations each with a focal
// point and a contributor, and an anonymous browser — and helpers that create, move and read
// entries over HTTP the way a client does.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "accounts/accounts_fixture.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace wsis::testing {

// The server and the people who use it. Organisation A is civil society in Senegal, B a
// government in Kenya; each has a focal point (its creator) and a contributor (a member).
struct StocktakingWorld {
  std::unique_ptr<TestServer> server;
  Account admin, moderator, focal_a, contributor_a, focal_b, contributor_b;
  std::unique_ptr<HttpClient> anonymous;
  std::int64_t org_a = 0, org_b = 0;
};

// Starts a server and sets the cast up: contributor A registers over HTTP and browses with a
// session cookie and CSRF token; the others are made with the accounts service against the
// server's database (cheap password hashes) and call the API with tokens of their own. Fails
// the current test when a step fails.
std::unique_ptr<StocktakingWorld> make_world();

// A valid entry body: an English project in Kenya under action line C1 and SDG target 4.1,
// reported for 2025, with a contact. Tests change what they are about.
boost::json::object entry_body(const std::string& title = "Community networks for rural schools");

std::string entry_path(std::int64_t id);

// Everything about an entry that a refused request must leave as it was: what a moderator
// reads (content of the newest revision, state, version) and the rows kept about it.
struct EntrySnapshot {
  std::string body;
  std::int64_t revisions = 0, transitions = 0, feed = 0;
  bool operator==(const EntrySnapshot&) const = default;
};
std::ostream& operator<<(std::ostream& out, const EntrySnapshot& s);

class StocktakingApiTest : public ::testing::Test {
 protected:
  // One world per suite; a suite that needs a fresh one per test hides these with no-ops and
  // sets `world_` in SetUp.
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static StocktakingWorld& w() { return *world_; }
  static const TestServer& server() { return *world_->server; }
  static HttpClient& anonymous() { return *world_->anonymous; }

  // POST /api/v1/entries, expecting 201; the entry as answered.
  static boost::json::object create_entry(Account& owner, const boost::json::object& body);
  static std::int64_t create_draft(Account& owner, const boost::json::object& body) {
    return create_entry(owner, body).at("id").as_int64();
  }
  // Created by `owner`, submitted by them and published by the moderator.
  static std::int64_t publish_entry(Account& owner, const boost::json::object& body);
  // POST .../transitions {"action", "comment"?}.
  static HttpResponse act(Account& who, std::int64_t id, const std::string& action, const std::string& comment = "",
                          const HttpClient::Headers& headers = {});
  // act() expecting 200; the entry as answered.
  static boost::json::object act_ok(Account& who, std::int64_t id, const std::string& action,
                                    const std::string& comment = "");
  // PUT with If-Match (omitted when `if_match` is empty).
  static HttpResponse put_entry(Account& who, std::int64_t id, const boost::json::object& body,
                                const std::string& if_match);
  // GET expecting 200; the entry as this client sees it.
  static boost::json::object read(HttpClient& client, std::int64_t id);
  static std::string etag_of(HttpClient& client, std::int64_t id);

  static EntrySnapshot snapshot(std::int64_t id);
  static std::int64_t count(const std::string& sql) { return server_count(server(), sql); }

  // The ids of the items of a list answer, in order (expects 200).
  static std::vector<std::int64_t> ids_of(const HttpResponse& response);

  static std::unique_ptr<StocktakingWorld> world_;
};

// A problem answer of this status and type ("/problems/<slug>").
void expect_problem(const HttpResponse& response, int status, const std::string& slug);

}  // namespace wsis::testing
