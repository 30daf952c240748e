// Public voting: checks before the queue, the group-commit queue itself, receipts and the
// fraud signals.
#include <boost/asio/ip/address.hpp>
#include <future>
#include <spdlog/spdlog.h>

#include "core/random.h"
#include "prizes/internal.h"
#include "prizes/rate_windows.h"
#include "prizes/vote_queue.h"

namespace wsis::prizes {

using namespace detail;

namespace {

Error unverified_voter() {
  Error error = make_error(ErrorCode::forbidden, "only accounts with a verified email vote");
  error.fields.push_back({"email", "email_not_verified", {}});
  return error;
}

Error too_many_votes(int retry_after) {
  Error error = make_error(ErrorCode::too_many_requests, "too many votes; wait a minute");
  error.retry_after_seconds = retry_after;
  return error;
}

}  // namespace

std::string network_of(const std::string& ip) {
  // From the parsed address, so that every way of writing one address ("2001:db8::1",
  // "2001:db8:0:0::1", "::ffff:198.51.100.7") gives its network.
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(ip, ec);
  if (ec) return ip;  // not an address (none from the server): a network of its own
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  if (address.is_v4()) {
    auto bytes = address.to_v4().to_bytes();
    bytes[3] = 0;
    return boost::asio::ip::address_v4(bytes).to_string() + "/24";
  }
  auto bytes = address.to_v6().to_bytes();
  for (std::size_t i = 6; i < bytes.size(); ++i) bytes[i] = 0;
  return boost::asio::ip::address_v6(bytes).to_string() + "/48";
}

// --- The queue -------------------------------------------------------------------------------------

VoteQueue::VoteQueue(PrizesService& service, FraudThresholds thresholds)
    : service_(service),
      thresholds_(thresholds),
      syncer_([this] { sync_and_answer(); }),
      thread_([this] { run(); }) {}

VoteQueue::~VoteQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();  // every queued vote committed (or failed)
  {
    std::lock_guard lock(sync_mutex_);
    committer_stopped_ = true;
  }
  sync_wake_.notify_all();
  syncer_.join();  // and answered
  if (connection_ && sync_log_) (**connection_).set_deferred_sync(false);  // before it goes back to the pool
}

void VoteQueue::submit(std::unique_ptr<PendingVote> vote) {
  {
    std::unique_lock lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(vote));
      lock.unlock();
      wake_.notify_one();
      return;
    }
  }
  vote->done(make_error(ErrorCode::busy, "the server is stopping"));
}

void VoteQueue::run() {
  constexpr std::size_t kMaxBatch = 8192;
  std::vector<std::unique_ptr<PendingVote>> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch);
    batch.clear();
  }
}

std::vector<VoteQueue::Signal> VoteQueue::signals_for(db::Statement& created_at, const PendingVote& vote,
                                                      std::int64_t now) {
  std::vector<Signal> signals;
  auto& voter = voters_[vote.user_id];
  auto& last = voter.last_vote_at;
  if (last != 0 && now - last < thresholds_.machine_speed_ms)
    signals.push_back({"machine_speed", "account:" + std::to_string(vote.user_id),
                       "votes " + std::to_string(now - last) + " ms apart", now - last});
  last = now;
  if (voter.created_at < 0) {
    // An account's creation time never changes: read once per voter, not once per vote.
    created_at.bind(1, vote.user_id);
    auto row = created_at.step();
    if (row.ok() && *row) voter.created_at = created_at.int64(0);
    created_at.reset();
  }
  auto& accounts = network_accounts_[vote.network];
  accounts.insert(vote.user_id);
  if (accounts.size() > thresholds_.accounts_per_network)
    signals.push_back({"many_accounts_one_network", "network:" + vote.network,
                       std::to_string(accounts.size()) + " accounts voted from this network",
                       static_cast<std::int64_t>(accounts.size())});
  constexpr std::int64_t kDay = 24LL * 3600 * 1000, kHour = 3600LL * 1000;
  if (voter.created_at >= 0 && now - voter.created_at < kDay) {
    auto& times = network_new_accounts_[vote.network];
    times.push_back(now);
    while (!times.empty() && now - times.front() > kHour) times.pop_front();
    if (times.size() > thresholds_.new_accounts_per_hour)
      signals.push_back({"new_account_burst", "network:" + vote.network,
                         std::to_string(times.size()) + " votes from accounts under a day old in an hour",
                         static_cast<std::int64_t>(times.size())});
  }
  return signals;
}

Result<void> VoteQueue::open_connection() {
  WSIS_ASSIGN(auto connection, service_.database_.connect());
  connection_.emplace(std::move(connection));
  auto& c = **connection_;
  // Every vote reads a random page of prize_votes and the voter's session and account rows:
  // a page cache large enough for them (SQLite's default is 2 MB) keeps those reads in
  // memory between batches, since this connection's own commits leave its cache valid.
  if (auto sized = c.execute_script("PRAGMA cache_size=-65536;"); !sized)
    spdlog::warn("vote committer: page cache not enlarged: {}", sized.error().detail);
  // The log's file is open once the connection has read the database; only a connection
  // whose log can be synced from the syncer thread has its commits deferred.
  WSIS_TRY(c.execute_script("SELECT count(*) FROM prize_cycles;"));
  if (auto syncer = c.log_syncer(); syncer && c.set_deferred_sync(true)) sync_log_ = std::move(syncer);
  return Ok{};
}

void VoteQueue::answer(CommittedBatch& batch, const Result<void>& synced) {
  for (std::size_t i = 0; i < batch.votes.size(); ++i) {
    auto& vote = *batch.votes[i];
    if (!synced) vote.done(Result<VoteReceipt>(synced.error()));
    else if (batch.answers[i].error) vote.done(Result<VoteReceipt>(std::move(*batch.answers[i].error)));
    else vote.done(Result<VoteReceipt>(std::move(batch.answers[i].receipt)));
  }
}

void VoteQueue::sync_and_answer() {
  std::vector<CommittedBatch> batches;
  while (true) {
    {
      std::unique_lock lock(sync_mutex_);
      sync_wake_.wait(lock, [&] { return committer_stopped_ || !committed_.empty(); });
      if (committed_.empty()) return;  // the committer has stopped and everything is answered
      batches.swap(committed_);
    }
    // One fsync for every batch committed before it: those batches' frames precede it in the
    // log. A failed fsync leaves their durability unknown, so none of them is acknowledged.
    auto synced = sync_log_();
    if (!synced) spdlog::error("vote syncer: {}", synced.error().detail);
    for (auto& batch : batches) answer(batch, synced);
    batches.clear();
  }
}

void VoteQueue::commit_batch(std::vector<std::unique_ptr<PendingVote>>& batch) {
  std::vector<Answer> answers;
  answers.reserve(batch.size());
  auto failed = [&](const Error& error) {
    for (auto& vote : batch) vote->done(error);
  };
  if (!connection_) {
    if (auto opened = open_connection(); !opened) {
      connection_.reset();
      return failed(opened.error());
    }
  }
  auto& c = **connection_;
  auto transaction = db::Transaction::begin(c, db::TransactionMode::write);
  if (!transaction) return failed(transaction.error());
  std::int64_t now = service_.clock_.now_ms();
  // Prepared once per batch (the cache lookup hashes the SQL text). A vote is one write to its
  // current row (two for an account's first vote in a category) and one append to the log. The
  // committer numbers the log rows itself: it holds the write lock, so the next seq is the last
  // plus one, as SQLite would pick. So neither a RETURNING clause (which SQLite runs through a
  // temporary table) nor a read of the current vote before writing it is needed.
  auto last_seq = c.prepare("SELECT coalesce(max(seq), 0) FROM prize_vote_log");
  auto change = c.prepare(
      "UPDATE prize_votes SET nomination_id = ?, seq = ? WHERE cycle_id = ? AND category = ? AND user_id = ?");
  auto first = c.prepare(
      "INSERT INTO prize_votes (cycle_id, category, user_id, nomination_id, seq) VALUES (?, ?, ?, ?, ?)"
      " ON CONFLICT DO NOTHING");
  auto log = c.prepare(
      "INSERT INTO prize_vote_log (seq, cycle_id, category, voter, nomination_id, receipt_hash, at_ms)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  auto created_at = c.prepare("SELECT created_at FROM users WHERE id = ?");
  auto last = last_seq->step();
  if (!last) return failed(last.error());
  std::int64_t seq = last_seq->int64(0);
  last_seq->reset();
  for (auto& vote : batch) {
    // Checked again at the commit: a vote queued at the last millisecond of the phase is
    // written only if the phase is still open now.
    if (auto open = vote->cycle->require_open(Phase::voting, now); !open) {
      answers.push_back({{}, std::move(open).error()});
      continue;
    }
    if (!vote->session_hash.empty()) {
      // The voter's session, read in this transaction: a logout, an expiry or an email
      // verification is seen as of this commit.
      std::optional<Actor> actor;
      if (service_.session_resolver_) {
        auto resolved = service_.session_resolver_(c, vote->session_hash);
        if (!resolved) return failed(resolved.error());
        actor = std::move(*resolved);
      }
      if (!actor) {
        answers.push_back({{}, make_error(ErrorCode::unauthorized, "log in to vote")});
        continue;
      }
      if (auto voter = service_.check_voter(*actor, *vote->cycle, now, *vote); !voter) {
        answers.push_back({{}, std::move(voter).error()});
        continue;
      }
    }
    std::int64_t next = seq + 1;
    bool changed = false;
    if (vote->cycle->config.rules.vote_changeable) {
      change->bind_all(vote->nomination_id, next, vote->cycle->id, vote->category, vote->user_id);
      if (auto done = change->run(); !done) return failed(done.error());
      changed = change->changes() > 0;
      change->reset();
    }
    if (!changed) {
      first->bind_all(vote->cycle->id, vote->category, vote->user_id, vote->nomination_id, next);
      if (auto done = first->run(); !done) return failed(done.error());
      bool written = first->changes() > 0;
      first->reset();
      if (!written) {  // a vote already there, in a cycle whose votes cannot change
        answers.push_back({{}, make_error(ErrorCode::conflict, "this account already voted in this category")});
        continue;
      }
    }
    log->bind_all(next, vote->cycle->id, vote->category, vote->voter, vote->nomination_id, vote->receipt_hash, now);
    auto logged = log->run();
    log->reset();
    if (!logged) return failed(logged.error());
    seq = next;
    for (auto& signal : signals_for(*created_at, *vote, now)) {
      if (!flagged_.insert(std::to_string(vote->cycle->id) + signal.kind + signal.subject).second) continue;
      auto flag = c.prepare(
          "INSERT INTO prize_fraud_signals (cycle_id, kind, subject, detail, measure, at_ms) VALUES (?, ?, ?, ?, ?, ?)"
          " ON CONFLICT DO NOTHING");
      flag->bind_all(vote->cycle->id, signal.kind, signal.subject, signal.detail, signal.measure, now);
      if (auto flagged = flag->run(); !flagged) return failed(flagged.error());
    }
    answers.push_back({VoteReceipt{seq, std::to_string(seq) + "." + vote->receipt_secret, changed}, std::nullopt});
  }
  // The one fsync the whole batch waits for: in the commit itself, or the syncer's.
  if (auto committed = transaction->commit(); !committed) return failed(committed.error());
  CommittedBatch committed{std::move(batch), std::move(answers)};
  batch.clear();
  if (!sync_log_) return answer(committed, Ok{});
  {
    std::lock_guard lock(sync_mutex_);
    committed_.push_back(std::move(committed));
  }
  sync_wake_.notify_one();
}

// --- The service's voting functions ------------------------------------------------------------------

Result<VoteReceipt> PrizesService::vote(const VoteRequest& request) {
  std::promise<Result<VoteReceipt>> answered;
  auto answer = answered.get_future();
  vote_async(request, [&answered](Result<VoteReceipt> receipt) { answered.set_value(std::move(receipt)); });
  return answer.get();
}

void PrizesService::vote_async(const VoteRequest& request, VoteDone done) {
  auto pending = checked_vote(request);
  if (!pending) return done(std::move(pending).error());
  (*pending)->done = std::move(done);
  queue_->submit(std::move(*pending));
}

Result<std::unique_ptr<PendingVote>> PrizesService::checked_vote(const VoteRequest& request) {
  if (!request.actor && request.session_hash.empty()) return make_error(ErrorCode::unauthorized, "log in to vote");
  WSIS_ASSIGN(auto cycle, cached_cycle(request.cycle_id));
  std::int64_t now = clock_.now_ms();
  WSIS_TRY(cycle->require_open(Phase::voting, now));
  if (!cycle->has_category(request.category)) return field_error("category", "unknown_code");
  WSIS_ASSIGN(auto list, shortlist(*cycle));
  auto it = list->find(request.nomination_id);
  if (it == list->end() || it->second != request.category) return field_error("nomination_id", "not_shortlisted");
  auto network = network_of(request.ip);
  int retry_after = 0;
  if (!rates_->admit_network(network, cycle->config.rules.votes_per_network_per_minute, now, retry_after))
    return too_many_votes(retry_after);
  auto pending = std::make_unique<PendingVote>();
  pending->cycle = cycle;
  if (request.actor) WSIS_TRY(check_voter(*request.actor, *cycle, now, *pending));
  else pending->session_hash = request.session_hash;
  pending->network = network;
  pending->category = request.category;
  pending->nomination_id = request.nomination_id;
  pending->receipt_secret = random_token(18);
  pending->receipt_hash = hash_secret(pending->receipt_secret);
  return pending;
}

Result<void> PrizesService::check_voter(const Actor& actor, const Cycle& cycle, std::int64_t now, PendingVote& vote) {
  if (!actor.email_verified) return unverified_voter();
  int retry_after = 0;
  if (!rates_->admit_account(actor.user_id, cycle.config.rules.votes_per_account_per_minute, now, retry_after))
    return too_many_votes(retry_after);
  vote.user_id = actor.user_id;
  vote.voter = hash_secret(cycle.voter_secret + ":" + std::to_string(actor.user_id));
  return Ok{};
}

Result<void> PrizesService::send_verification(const std::optional<Actor>& caller) {
  WSIS_ASSIGN(auto actor, logged_in(caller));
  if (actor.email_verified) return make_error(ErrorCode::conflict, "the email is already verified");
  std::string token = random_token(24);
  std::int64_t now = clock_.now_ms();
  WSIS_ASSIGN(auto email, db::with_transaction(database_, db::TransactionMode::write,
                                               [&](db::Connection& c) -> Result<std::string> {
    auto user = c.prepare("SELECT email FROM users WHERE id = ?");
    user->bind(1, actor.user_id);
    WSIS_ASSIGN(bool row, user->step());
    if (!row) return make_error(ErrorCode::not_found, "no such user");
    std::string address = user->string(0);
    // At most five links alive per account: older ones are dropped.
    auto prune = c.prepare(
        "DELETE FROM email_verifications WHERE user_id = ? AND token_hash NOT IN (SELECT token_hash FROM"
        " email_verifications WHERE user_id = ? ORDER BY expires_at DESC LIMIT 4)");
    prune->bind_all(actor.user_id, actor.user_id);
    WSIS_TRY(prune->run());
    auto insert = c.prepare("INSERT INTO email_verifications (token_hash, user_id, email, expires_at) VALUES (?, ?, ?, ?)");
    insert->bind_all(hash_secret(token), actor.user_id, address, now + std::int64_t{24} * 3600 * 1000);
    WSIS_TRY(insert->run());
    return address;
  }));
  std::string link = mail_.public_url + "/verify-email?token=" + token;
  return send_mail(mail_, email, "WSIS Hub: verify your email address",
                   "Open this link to verify your email address and vote in the WSIS Prizes:\r\n\r\n" + link +
                       "\r\n\r\nThe link works for 24 hours. If you did not ask for it, ignore this mail.");
}

Result<void> PrizesService::confirm_email(const std::string& token) {
  std::int64_t now = clock_.now_ms();
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    auto find = c.prepare(
        "SELECT user_id, email FROM email_verifications WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?");
    find->bind_all(hash_secret(token), now);
    WSIS_ASSIGN(bool row, find->step());
    if (!row) return field_error("token", "invalid_value");
    std::int64_t user_id = find->int64(0);
    std::string email = find->string(1);
    // Only if the account still has the address the link was sent to.
    auto verify = c.prepare("UPDATE users SET email_verified = 1, updated_at = ? WHERE id = ? AND email = ?");
    verify->bind_all(now, user_id, email);
    WSIS_TRY(verify->run());
    if (verify->changes() != 1) return field_error("token", "invalid_value");
    auto used = c.prepare("UPDATE email_verifications SET used_at = ? WHERE token_hash = ?");
    used->bind_all(now, hash_secret(token));
    WSIS_TRY(used->run());
    Actor actor;
    actor.user_id = user_id;
    return record_write(c, "user", user_id, "verify_email", actor, now);
  });
}

Result<std::map<std::string, std::int64_t>> PrizesService::my_votes(const std::optional<Actor>& caller,
                                                                     std::int64_t cycle_id) {
  WSIS_ASSIGN(auto actor, logged_in(caller));
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare("SELECT category, nomination_id FROM prize_votes WHERE cycle_id = ? AND user_id = ?");
  s->bind_all(cycle->id, actor.user_id);
  WSIS_ASSIGN(auto rows, collect_rows(*s, [](db::Statement& r) { return std::pair{r.string(0), r.int64(1)}; }));
  return std::map<std::string, std::int64_t>(rows.begin(), rows.end());
}

Result<PrizesService::ReceiptCheck> PrizesService::check_receipt(std::int64_t cycle_id, const std::string& receipt) {
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  WSIS_TRY(cycle->require_open(Phase::results, clock_.now_ms()));
  // "<seq>.<secret>": the row is found by its seq (no index on the hashes, which would put
  // every vote's write on a random page) and the secret proves the receipt is that row's.
  auto not_found = [] { return make_error(ErrorCode::not_found, "no vote with this receipt in this cycle"); };
  auto dot = receipt.find('.');
  if (dot == std::string::npos || dot == 0 || dot > 18 || dot + 1 == receipt.size()) return not_found();
  std::int64_t seq = 0;
  for (std::size_t i = 0; i < dot; ++i) {
    if (receipt[i] < '0' || receipt[i] > '9') return not_found();
    seq = seq * 10 + (receipt[i] - '0');
  }
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare(
      "SELECT l.seq, l.category, l.voter, l.nomination_id, l.receipt_hash, l.at_ms,"
      " NOT EXISTS (SELECT 1 FROM prize_vote_log later WHERE later.cycle_id = l.cycle_id AND later.voter = l.voter"
      " AND later.category = l.category AND later.seq > l.seq)"
      " FROM prize_vote_log l WHERE l.seq = ? AND l.cycle_id = ?");
  s->bind_all(seq, cycle_id);
  WSIS_ASSIGN(bool row, s->step());
  if (!row || !secrets_equal(s->string(4), hash_secret(std::string_view(receipt).substr(dot + 1)))) return not_found();
  ReceiptCheck check;
  check.row = {s->int64(0), s->string(1), s->string(2), s->int64(3), s->string(4), s->int64(5)};
  check.counted = s->int64(6) != 0;
  return check;
}

Result<std::vector<FraudSignal>> PrizesService::fraud_signals(const std::optional<Actor>& caller, std::int64_t cycle_id) {
  WSIS_ASSIGN(auto actor, logged_in(caller));
  if (!actor.has(Role::moderator) && !is_admin(actor)) return forbidden("moderators only");
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare(
      "SELECT id, kind, subject, detail, at_ms, measure FROM prize_fraud_signals WHERE cycle_id = ? ORDER BY id");
  s->bind(1, cycle->id);
  return collect_rows(*s, [](db::Statement& r) {
    return FraudSignal{r.int64(0), r.string(1), r.string(2), r.string(3), r.optional_int64(5), r.int64(4)};
  });
}

}  // namespace wsis::prizes
