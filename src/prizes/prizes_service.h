// The WSIS Prizes service: cycles, nominations, expert review, public voting and results
// (docs/PRIZES.md). Every rule and permission check lives here; api.cpp only translates HTTP.
//
// Permission failures: unauthorized (401) for anonymous callers where login is needed,
// forbidden (403) for a caller without the role, not_found (404) where existence must not
// leak (a nomination an expert may not see). Actions outside their phase are phase_closed
// (409) naming the phase's window. A refused call changes nothing.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/actor.h"
#include "core/clock.h"
#include "db/database.h"
#include "prizes/cycle.h"
#include "prizes/mailer.h"
#include "prizes/nomination.h"

namespace wsis::stocktaking {
class EntriesService;
}

namespace wsis::prizes {

class VoteQueue;
struct PendingVote;
class RateWindows;

struct Review {
  std::int64_t nomination_id = 0;
  std::int64_t expert_id = 0;
  std::map<std::string, std::int64_t> scores;
  std::int64_t total = 0;
  bool eligible = false;
  std::string reason;
  std::int64_t at_ms = 0;
  std::string expert_name;  // filled for administrators' listings only (cycle_reviews)
};

struct ExpertListing {
  std::vector<std::int64_t> user_ids;
  std::vector<std::string> names;  // published when the cycle says so (or to administrators)
};

struct VoteReceipt {
  std::int64_t seq = 0;
  // "<seq>.<secret>": what the voter keeps; the log row `seq` holds the secret's hash, published
  std::string receipt;
  bool changed = false; // replaced the account's earlier vote in this category
};

using VoteDone = std::function<void(Result<VoteReceipt>)>;

struct VoteRequest {
  // The voter: an actor already authenticated (an API token), or else the key of the browser
  // session that sends the vote (AccountsService::session_key), which the committer resolves
  // in the vote's own transaction (set_session_resolver). Neither: unauthorized.
  std::optional<Actor> actor;
  std::string ip;
  std::int64_t cycle_id = 0;
  std::string category;
  std::int64_t nomination_id = 0;
  std::string session_hash;
};

// The actor of a session key read on the given connection (inside the caller's transaction);
// nullopt when unknown or expired. AccountsService::resolve_session in the server.
using SessionResolver =
    std::function<Result<std::optional<Actor>>(db::Connection& connection, const std::string& id_hash)>;

struct RankedNomination {
  std::int64_t nomination_id = 0;
  std::int64_t entry_id = 0;
  std::string title;
  std::int64_t votes = 0;
  std::int64_t rank = 0;
  std::int64_t nominated_at_ms = 0;  // published: the earliest_nomination rule orders ties by it
  bool picked = false;  // the expert group's pick so far (finalists only)
};

struct CategoryResult {
  std::string category;
  std::vector<RankedNomination> ranking;  // every shortlisted nomination, best first
  std::optional<std::int64_t> winner;     // nomination id
  bool winner_picked_by_experts = false;  // else: the most voted (no pick was made in time)
  std::vector<std::int64_t> champions;
};

struct CycleResults {
  std::int64_t cycle_id = 0;
  std::int64_t total_votes = 0;  // counted votes (each account's last per category)
  std::int64_t log_rows = 0;
  std::string tie_break_seed;    // for seeded_draw; published
  // The rules the results follow, published with them so that anyone can redo the ranking
  // from the log (tools/prizes/verify_results.py).
  CycleRules rules;
  std::vector<CategoryResult> categories;
};

// One row of the anonymised vote log as published.
struct LogRow {
  std::int64_t seq = 0;
  std::string category;
  std::string voter;          // pseudonym: BLAKE2b(cycle secret, account)
  std::int64_t nomination_id = 0;
  std::string receipt_hash;
  std::int64_t at_ms = 0;
};

struct FraudSignal {
  std::int64_t id = 0;
  std::string kind, subject;
  std::string detail;                  // in English, for the log and the API's older readers
  std::optional<std::int64_t> measure;  // the number in the detail (none before migration 0007)
  std::int64_t at_ms = 0;
};

class PrizesService {
 public:
  // Nominations name published entries, which `entries` answers for.
  PrizesService(db::Database& database, const Clock& clock, stocktaking::EntriesService& entries,
                MailSettings mail = {});
  ~PrizesService();

  // --- Cycles ------------------------------------------------------------------------------
  Result<Cycle> create_cycle(const std::optional<Actor>& actor, CycleConfig config);
  // Administrators, until voting opens: the rules are frozen from then on (conflict).
  Result<Cycle> update_cycle(const std::optional<Actor>& actor, std::int64_t id, CycleConfig config);
  Result<Cycle> get_cycle(std::int64_t id);
  Result<std::vector<Cycle>> list_cycles();

  // --- Nominations -------------------------------------------------------------------------
  Result<Nomination> nominate(const std::optional<Actor>& actor, std::int64_t cycle_id, const NominationForm& form);
  Result<Nomination> update_nomination(const std::optional<Actor>& actor, std::int64_t id, const NominationForm& form);
  Result<Nomination> withdraw(const std::optional<Actor>& actor, std::int64_t id);
  Result<Nomination> get_nomination(const std::optional<Actor>& actor, std::int64_t id);
  // Public: the shortlist once voting opened. `mine`: the caller's organisation's.
  // Administrators: all.
  Result<std::vector<Nomination>> list_nominations(const std::optional<Actor>& actor, std::int64_t cycle_id,
                                                   bool mine, const std::optional<std::string>& category);

  // --- Expert review -------------------------------------------------------------------------
  // Administrators; every user must hold the prize expert role.
  Result<ExpertListing> assign_experts(const std::optional<Actor>& actor, std::int64_t cycle_id,
                                       const std::string& category, const std::vector<std::int64_t>& user_ids);
  Result<ExpertListing> experts(const std::optional<Actor>& actor, std::int64_t cycle_id, const std::string& category);
  // An assigned expert declares a conflict with a nomination, which they no longer see.
  Result<void> declare_conflict(const std::optional<Actor>& actor, std::int64_t cycle_id, std::int64_t nomination_id,
                                const std::string& reason);
  // What an expert reviews: the submitted nominations of their categories, minus their own
  // organisation's and those they declared a conflict with.
  Result<std::vector<Nomination>> review_queue(const std::optional<Actor>& actor, std::int64_t cycle_id);
  Result<Review> review(const std::optional<Actor>& actor, std::int64_t nomination_id, const ReviewForm& form);
  Result<std::vector<Review>> reviews_of(const std::optional<Actor>& actor, std::int64_t nomination_id);
  // Administrators: every review of a cycle (or of one of its categories), each with its
  // expert's name, by category, nomination and expert.
  Result<std::vector<Review>> cycle_reviews(const std::optional<Actor>& actor, std::int64_t cycle_id,
                                            const std::optional<std::string>& category);
  // The calling expert's own reviews in a cycle (the expert workspace's past reviews).
  Result<std::vector<Review>> my_reviews(const std::optional<Actor>& actor, std::int64_t cycle_id);
  // The categories of a cycle the calling expert is assigned to.
  Result<std::vector<std::string>> my_categories(const std::optional<Actor>& actor, std::int64_t cycle_id);

  // --- Voting --------------------------------------------------------------------------------
  // Voters need a verified email. Mails the caller a link with a token valid for a day (busy
  // when mail cannot be sent); confirming the token marks the account's email verified, once.
  Result<void> send_verification(const std::optional<Actor>& actor);
  Result<void> confirm_email(const std::string& token);
  // Returns once the vote is durable (group commit, synchronous=FULL).
  Result<VoteReceipt> vote(const VoteRequest& request);
  // The same without waiting: `done` is called exactly once, at once for a vote refused before
  // the queue, else from the committer thread once the vote is durable.
  void vote_async(const VoteRequest& request, VoteDone done);
  // The caller's current votes: category -> nomination id.
  Result<std::map<std::string, std::int64_t>> my_votes(const std::optional<Actor>& actor, std::int64_t cycle_id);
  // After the results: whether a receipt is in the log and counted (its voter's last vote).
  struct ReceiptCheck {
    LogRow row;
    bool counted = false;
  };
  Result<ReceiptCheck> check_receipt(std::int64_t cycle_id, const std::string& receipt);
  // Moderators and administrators.
  Result<std::vector<FraudSignal>> fraud_signals(const std::optional<Actor>& actor, std::int64_t cycle_id);

  // --- Results -------------------------------------------------------------------------------
  // Assigned experts of the category and administrators, after voting closed: the finalists
  // (without counts: tallies stay hidden until the results).
  Result<std::vector<RankedNomination>> finalists(const std::optional<Actor>& actor, std::int64_t cycle_id,
                                                  const std::string& category);
  // The expert group's pick among the finalists, between voting's close and the results.
  Result<void> pick_winner(const std::optional<Actor>& actor, std::int64_t cycle_id, const std::string& category,
                           std::int64_t nomination_id);
  // Public from the results instant on; administrators may not peek earlier either. Computed
  // once (recording the most voted as winner where the experts picked none), then kept.
  Result<CycleResults> results(std::int64_t cycle_id);
  // Counts ahead of the first request: the vote log of every cycle whose voting closed in the
  // last 30 days and whose log became final (Cycle::vote_log_final) is tallied and kept, so
  // that neither the expert group's first look at the finalists nor the first results
  // request waits for the pass over the log (2.9 s at 1.5 million votes). Returns how many
  // cycles it counted now.
  Result<int> count_final_logs();
  // Runs count_final_logs every `interval` on a thread of the service's own, until destroyed
  // (`wsis serve`: every 5 s).
  void count_final_logs_every(std::chrono::milliseconds interval);
  // Whether the cycle's vote log is counted and kept.
  bool log_counted(std::int64_t cycle_id);
  // The published anonymised log (after the results), from `after_seq`, at most `limit` rows.
  Result<std::vector<LogRow>> vote_log(std::int64_t cycle_id, std::int64_t after_seq, int limit);
  // Counts per nomination from the vote log alone and from the current-vote table: equal
  // unless something is wrong. For tests and the `tally equals recount` check.
  Result<std::pair<std::map<std::int64_t, std::int64_t>, std::map<std::int64_t, std::int64_t>>> recount(
      std::int64_t cycle_id);

  // How votes sent with a session key find their voter; without one such votes are refused
  // as unauthorized. Set once, before the first vote.
  void set_session_resolver(SessionResolver resolver) { session_resolver_ = std::move(resolver); }

  const Clock& clock() const { return clock_; }
  db::Database& database() const { return database_; }

 private:
  friend class VoteQueue;
  // The checks before the queue (phase, category, shortlist, the network's rate; the voter's
  // verified email and rate when the voter is known already, else in the committer).
  Result<std::unique_ptr<PendingVote>> checked_vote(const VoteRequest& request);
  // The checks of the voter, for a vote whose session the committer resolved.
  Result<void> check_voter(const Actor& actor, const Cycle& cycle, std::int64_t now, PendingVote& vote);
  Result<std::shared_ptr<const Cycle>> cached_cycle(std::int64_t id);
  Result<void> check_nominated_entry(const std::optional<Actor>& caller, std::int64_t entry_id,
                                     std::int64_t organisation_id);
  Result<std::shared_ptr<const std::map<std::int64_t, std::string>>> shortlist(const Cycle& cycle);
  // The count of each nomination from the vote log alone (each voter's last vote per
  // category), and the log's rows. Read in one pass over the log; kept once the log is final
  // (Cycle::vote_log_final).
  struct Tally {
    std::map<std::int64_t, std::int64_t> votes;
    std::int64_t log_rows = 0;
  };
  Result<std::shared_ptr<const Tally>> tally(const Cycle& cycle);
  Result<std::vector<RankedNomination>> rank(db::Connection& connection, const Cycle& cycle,
                                             const std::string& category, const std::string& seed,
                                             const Tally& tally);

  db::Database& database_;
  const Clock& clock_;
  stocktaking::EntriesService& entries_;
  MailSettings mail_;
  std::mutex cache_mutex_;
  std::map<std::int64_t, std::shared_ptr<const Cycle>> cycles_;
  // Frozen once voting opens: nomination id -> category.
  std::map<std::int64_t, std::shared_ptr<const std::map<std::int64_t, std::string>>> shortlists_;
  // Results never change once published and the vote log is final (Cycle::vote_log_final):
  // computed once from then on.
  std::map<std::int64_t, std::shared_ptr<const CycleResults>> results_;
  std::map<std::int64_t, std::shared_ptr<const Tally>> tallies_;
  std::unique_ptr<RateWindows> rates_;
  SessionResolver session_resolver_;
  // The counting-ahead thread (count_final_logs_every), stopped first by the destructor.
  std::mutex ahead_mutex_;
  std::condition_variable ahead_wake_;
  bool ahead_stopping_ = false;
  std::thread ahead_;
  std::unique_ptr<VoteQueue> queue_;  // last: its thread stops first
};

}  // namespace wsis::prizes
