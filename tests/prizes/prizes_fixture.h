// Shared by the prizes tests: a world built in-process over a data directory (a fresh one for
// service tests, the test server's for HTTP tests) with a manual clock, the cast every rule is
// about, published entries, and a cycle whose phases are placed around the clock.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "accounts/accounts_fixture.h"
#include "accounts/accounts_service.h"
#include "core/clock.h"
#include "db/database.h"
#include "prizes/prizes_service.h"
#include "stocktaking/entries_service.h"

namespace wsis::testing {

inline constexpr std::int64_t kHourMs = 3'600'000;
inline constexpr std::int64_t kDayMs = 24 * kHourMs;

// Phases of a cycle placed from `start`: nominations for a day, review the next day, voting
// the day after, results an hour after voting closed.
struct CycleTimes {
  std::int64_t start = 0;
  std::int64_t nominations_close() const { return start + kDayMs; }
  std::int64_t review_open() const { return start + kDayMs; }
  std::int64_t review_close() const { return start + 2 * kDayMs; }
  std::int64_t voting_open() const { return start + 2 * kDayMs; }
  std::int64_t voting_close() const { return start + 3 * kDayMs; }
  std::int64_t results() const { return start + 3 * kDayMs + kHourMs; }
};

// The body of POST /api/v1/prizes/cycles for these times, with `rules` merged in.
boost::json::object cycle_body(int year, const CycleTimes& times, const boost::json::object& rules = {});

// A summary of `words` words.
std::string summary_of(int words);
// A valid nomination body for an entry in a category.
boost::json::object nomination_body(std::int64_t entry_id, const std::string& category = "C1");
// Scores for the default rubric.
boost::json::object review_body(bool eligible, int score = 7);

class PrizesWorld {
 public:
  PrizesWorld(const std::string& data_dir, std::int64_t start_ms);

  // A registered user's actor as the server would see it now (roles, organisation).
  Actor actor(std::int64_t user_id);
  std::int64_t user(const std::string& email, const std::string& name = "Tester");
  // An account with a verified email (what voting needs), optionally in an organisation.
  std::int64_t voter(const std::string& email);
  void grant(std::int64_t user_id, Role role);
  void verify_email(std::int64_t user_id);
  // An entry of `owner`'s organisation, created, submitted and published.
  std::int64_t published_entry(std::int64_t owner, const std::string& title);
  // An entry taken as far as `state`: "draft", "submitted" (awaiting moderation) or "published".
  std::int64_t entry_in_state(std::int64_t owner, const std::string& title, const std::string& state);
  // The moderator publishes a submitted entry.
  void publish_entry(std::int64_t entry);

  // A cycle created by the administrator (fails the test if refused).
  prizes::Cycle cycle(int year, const CycleTimes& times, const boost::json::object& rules = {});
  // Nominated by `owner` in the nominations phase (the clock is moved there and back).
  std::int64_t nominate(const prizes::Cycle& cycle, std::int64_t owner, std::int64_t entry, const std::string& category);
  // Reviewed eligible (or not) by the category's expert during the review phase.
  void review(const prizes::Cycle& cycle, std::int64_t nomination, bool eligible, std::int64_t expert = 0);
  void assign(const prizes::Cycle& cycle, const std::string& category, std::vector<std::int64_t> experts);
  std::int64_t count(const std::string& sql);
  // The id of the browser session the user was registered or logged in with.
  const std::string& session_of(std::int64_t user_id) const { return sessions_.at(user_id); }
  // A new API token of the user (the secret a client sends as a bearer token).
  std::string token(std::int64_t user_id);

  ManualClock clock;
  std::unique_ptr<db::Database> database;
  std::unique_ptr<accounts::AccountsService> accounts;
  std::unique_ptr<stocktaking::EntriesService> entries;
  std::unique_ptr<prizes::PrizesService> prizes;

  // The cast: an administrator, a moderator, contributors of organisations A and B, an expert
  // who belongs to A and an expert without an organisation.
  std::int64_t admin = 0, moderator = 0, contributor_a = 0, contributor_a2 = 0, contributor_b = 0, expert_a = 0,
               expert_x = 0;
  std::int64_t org_a = 0, org_b = 0;

 private:
  accounts::Caller caller(std::int64_t user_id);
  std::map<std::int64_t, std::string> sessions_, emails_;
};

}  // namespace wsis::testing
