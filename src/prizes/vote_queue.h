// Group commit for votes: requests hand their vote to one committer thread; the committer
// writes every vote waiting at that moment in one transaction (synchronous=FULL) and only then
// answers each of them (a callback, so no request thread waits). One fsync is shared by the whole batch, so throughput
// grows with the number of voters waiting instead of being one fsync per vote, and no vote is
// acknowledged before it is on disk.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "prizes/prizes_service.h"

namespace wsis::prizes {

// What the committer needs for one vote, checked beforehand by PrizesService::vote.
struct PendingVote {
  std::shared_ptr<const Cycle> cycle;
  // The key of the browser session that sent the vote: the committer reads the session and
  // fills user_id and voter from it. Empty when the voter was known beforehand (API token).
  std::string session_hash;
  std::int64_t user_id = 0;
  std::string network;       // "203.0.113.0/24"
  std::string category;
  std::int64_t nomination_id = 0;
  std::string voter;         // pseudonym in the published log
  std::string receipt_secret;  // the receipt is "<seq>.<secret>" once the log row is written
  std::string receipt_hash;    // of the secret
  VoteDone done;             // called by the committer once the vote is durable (or failed)
};

// Thresholds of the fraud signals (docs/PRIZES.md). Signals are flagged, never acted upon.
struct FraudThresholds {
  std::int64_t machine_speed_ms = 1000;     // an account's next vote sooner than this
  std::size_t accounts_per_network = 20;    // distinct voting accounts from one network
  std::size_t new_accounts_per_hour = 10;   // accounts under a day old voting from one network in an hour
};

class VoteQueue {
 public:
  explicit VoteQueue(PrizesService& service, FraudThresholds thresholds = {});
  ~VoteQueue();  // answers what is queued, then stops
  VoteQueue(const VoteQueue&) = delete;
  VoteQueue& operator=(const VoteQueue&) = delete;

  // Queues the vote; its `done` is called from the committer thread after the commit (or at
  // once with busy when the queue is stopping).
  void submit(std::unique_ptr<PendingVote> vote);

 private:
  void run();
  void commit_batch(std::vector<std::unique_ptr<PendingVote>>& batch);
  // The fraud signals a vote raises (kind, subject, detail), from the committer's own state.
  std::vector<std::array<std::string, 3>> signals_for(db::Statement& created_at, const PendingVote& vote,
                                                      std::int64_t now);

  PrizesService& service_;
  FraudThresholds thresholds_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<PendingVote>> queue_;
  bool stopping_ = false;

  // The committer's own connection, kept across batches. It checkpoints the WAL itself (auto-
  // checkpoint after a commit, with no other write in between): passive checkpoints run by a
  // separate thread beside the commits were tried and let the WAL grow to 318 MB in 25 s of
  // votes, since it only restarts once a checkpoint has copied all of it.
  std::optional<db::PooledConnection> connection_;

  // Committer thread only.
  struct Voter {
    std::int64_t last_vote_at = 0;
    std::int64_t created_at = -1;  // the account's, read once; -1: not yet read
  };
  std::unordered_map<std::int64_t, Voter> voters_;
  std::map<std::string, std::set<std::int64_t>> network_accounts_;
  std::map<std::string, std::deque<std::int64_t>> network_new_accounts_;
  std::set<std::string> flagged_;

  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace wsis::prizes
