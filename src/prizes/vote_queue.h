// Group commit for votes: requests hand their vote to one committer thread; the committer
// writes every vote waiting at that moment in one transaction, and each vote is answered (a
// callback, so no request thread waits) only once that transaction is on disk. One fsync is
// shared by the whole batch, so throughput grows with the number of voters waiting instead of
// being one fsync per vote, and no vote is acknowledged before it is durable.
//
// On SQLite the wait for the disk is on a second thread, the syncer: the committer writes a
// batch's WAL frames (the connection's synchronous=NORMAL) and goes on with the next batch
// while the syncer fsyncs the WAL, as synchronous=FULL would at the commit, and then answers
// every batch committed before that fsync began. So the next batch's statements run during
// the fsync instead of after it. Where the driver cannot split the commit (any but SQLite today), the
// committer's commits are durable as they return and it answers them itself.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
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
  // Each vote's answer: a receipt, or an error of its own (the batch commits the others).
  struct Answer {
    VoteReceipt receipt;
    std::optional<Error> error;
  };
  struct CommittedBatch {
    std::vector<std::unique_ptr<PendingVote>> votes;
    std::vector<Answer> answers;
  };

  void run();
  void commit_batch(std::vector<std::unique_ptr<PendingVote>>& batch);
  Result<void> open_connection();
  // The syncer thread: fsyncs the log for every batch committed so far, then answers them.
  void sync_and_answer();
  static void answer(CommittedBatch& batch, const Result<void>& synced);
  // A fraud signal a vote raises: the detail in English, and its number alone for other languages.
  struct Signal {
    std::string kind, subject, detail;
    std::int64_t measure = 0;
  };
  // From the committer's own state.
  std::vector<Signal> signals_for(db::Statement& created_at, const PendingVote& vote, std::int64_t now);

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
  // Set by the committer when its connection's commits are deferred (before any batch is
  // handed to the syncer, so the syncer reads it after the hand-over's lock).
  std::function<Result<void>()> sync_log_;

  // Batches committed and waiting for the syncer's fsync.
  std::mutex sync_mutex_;
  std::condition_variable sync_wake_;
  std::vector<CommittedBatch> committed_;
  bool committer_stopped_ = false;

  // Committer thread only.
  struct Voter {
    std::int64_t last_vote_at = 0;
    std::int64_t created_at = -1;  // the account's, read once; -1: not yet read
  };
  std::unordered_map<std::int64_t, Voter> voters_;
  // Hashed, not ordered: every vote looks up its network and inserts its account.
  std::unordered_map<std::string, std::unordered_set<std::int64_t>> network_accounts_;
  std::unordered_map<std::string, std::deque<std::int64_t>> network_new_accounts_;
  std::set<std::string> flagged_;

  // Last: they start once the rest is built.
  std::thread syncer_;
  std::thread thread_;
};

}  // namespace wsis::prizes
