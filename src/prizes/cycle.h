// A prize cycle as an administrator configures it: categories, phases (UTC instants) and
// rules, with the checks that say which action is open at a given instant.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace wsis::prizes {

// The phases in order. Each is open from `opens` (included) to `closes` (excluded); results
// are published at `results_at` and stay so.
enum class Phase { nominations, review, voting, results };
std::string_view phase_name(Phase phase);

struct PhaseWindow {
  std::int64_t opens = 0;   // unix ms, UTC
  std::int64_t closes = 0;  // unix ms, UTC
};

// How ties between equally voted nominations are ordered.
enum class TieBreak {
  earliest_nomination,  // the nomination submitted first ranks first
  seeded_draw,          // BLAKE2b(cycle seed, nomination id), the seed published with results
};
std::string_view tie_break_name(TieBreak rule);  // as in the API: "earliest_nomination", "seeded_draw"

struct RubricCriterion {
  std::string key;  // "impact", ...
  int max = 10;     // scores are 0..max
};

struct CycleRules {
  int entries_per_organisation_per_category = 1;
  bool one_category_per_project = true;
  bool past_winners_ineligible = true;
  bool vote_changeable = true;
  int finalists_per_category = 5;  // the most voted, of whom the expert group picks the winner
  int champions_per_category = 4;  // finalists who are not the winner, at most this many
  TieBreak tie_break = TieBreak::earliest_nomination;
  bool publish_expert_names = true;
  // Rate limits of the voting endpoint: votes per minute from one account, from one network
  // (IPv4 /24, IPv6 /48).
  int votes_per_account_per_minute = 20;
  int votes_per_network_per_minute = 600;
  std::vector<RubricCriterion> rubric;
};

struct CycleConfig {
  int year = 0;
  std::string title;
  std::vector<std::string> categories;  // prize category codes (reference data)
  PhaseWindow nominations, review, voting;
  std::int64_t results_at = 0;
  CycleRules rules;
};

struct Cycle {
  std::int64_t id = 0;
  std::int64_t version = 1;
  CycleConfig config;
  std::string voter_secret;  // never leaves the server
  std::int64_t created_at = 0, updated_at = 0;

  bool has_category(std::string_view code) const;
  const PhaseWindow* window(Phase phase) const;
  // Whether `phase`'s actions are open at `now_ms`.
  bool open(Phase phase, std::int64_t now_ms) const;
  // ok while `phase` is open; else phase_closed naming the phase and its window, so that the
  // caller reads when it opens or closed.
  Result<void> require_open(Phase phase, std::int64_t now_ms) const;
  bool voting_started(std::int64_t now_ms) const { return now_ms >= config.voting.opens; }
  bool results_published(std::int64_t now_ms) const { return now_ms >= config.results_at; }
  // Whether the vote log can no longer change: a minute after the close, no batch begun
  // before it can still be committing (the committer checks the phase as it writes). What
  // is counted from the log is kept in memory only from then on.
  bool vote_log_final(std::int64_t now_ms) const { return now_ms >= config.voting.closes + 60'000; }
};

// Reads a cycle from a request (or the stored JSON). Categories default to the 18 of the
// reference data, rules to CycleRules' defaults, the rubric to four criteria of 0..10. Phases
// must follow one another (a phase may not open before the previous one closes) and the
// results come after voting closes. Per-field errors.
Result<CycleConfig> parse_cycle_config(const boost::json::object& body);
boost::json::object cycle_config_to_json(const CycleConfig& config);

// "2026-05-01T12:00:00Z" (seconds, optional fraction) -> unix ms; nullopt if malformed.
std::optional<std::int64_t> parse_utc_timestamp(std::string_view text);

}  // namespace wsis::prizes
