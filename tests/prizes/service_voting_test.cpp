// Voting and results through the service: verified accounts only, one vote per account per
// category (changeable or not), rate limits, fraud signals, receipts, the tally against the
// recount, finalists, the expert group's pick, champions and the tie-break.
#include "prizes_fixture.h"

#include <algorithm>
#include <map>
#include <thread>

#include "core/messages.h"
#include "core/random.h"
#include "prizes/rate_windows.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

class PrizesVotingTest : public ::testing::Test {
 protected:
  void SetUp() override { world_ = std::make_unique<PrizesWorld>(dir_.path(), kStartMs); }
  PrizesWorld& w() { return *world_; }
  // A row of the log for nominations_[1] written directly, dated a millisecond before the close:
  // a batch begun before the close and committed after it.
  void late_row(const std::string& voter) {
    auto connection = w().database->connect();
    ASSERT_TRUE(connection);
    ASSERT_TRUE((**connection).execute_script(
        "INSERT INTO prize_vote_log (cycle_id, category, voter, nomination_id, receipt_hash, at_ms) VALUES (" +
        std::to_string(cycle_.id) + ", 'C1', '" + voter + "', " + std::to_string(nominations_[1]) + ", 'x', " +
        std::to_string(times_.voting_close() - 1) + ")"));
  }
  // The cycles count_final_logs counted now; -1 when it failed.
  int counted_ahead() {
    auto counted = w().prizes->count_final_logs();
    EXPECT_TRUE(counted) << counted.error().detail;
    return counted ? *counted : -1;
  }

  // A cycle with `n` shortlisted nominations in C1 (from as many organisations), voting open.
  void shortlist(int n, const json::object& rules = {{"votes_per_account_per_minute", 1000}}) {
    cycle_ = w().cycle(2027, times_, rules);
    w().assign(cycle_, "C1", {w().expert_x});
    for (int i = 0; i < n; ++i) {
      auto owner = w().user("owner" + std::to_string(i) + "@example.org");
      auto org = w().accounts->create_organisation(
          accounts::Caller{w().actor(owner), false, "", "192.0.2.1"},
          {"Org " + std::to_string(i), "academia", "FRA", std::nullopt});
      ASSERT_TRUE(org) << org.error().detail;
      auto entry = w().published_entry(owner, "Project " + std::to_string(i));
      nominations_.push_back(w().nominate(cycle_, owner, entry, "C1"));
      w().review(cycle_, nominations_.back(), true);
    }
    w().clock.set(times_.voting_open());
  }
  Result<prizes::VoteReceipt> vote(std::int64_t voter, std::int64_t nomination, const std::string& ip = "198.51.100.1",
                                   const std::string& category = "C1") {
    return w().prizes->vote({w().actor(voter), ip, cycle_.id, category, nomination, {}});
  }
  std::vector<std::int64_t> voters(int n, const std::string& prefix = "v") {
    std::vector<std::int64_t> out;
    for (int i = 0; i < n; ++i) out.push_back(w().voter(prefix + std::to_string(i) + "@example.org"));
    return out;
  }

  TempDir dir_;
  std::unique_ptr<PrizesWorld> world_;
  CycleTimes times_{kStartMs};
  prizes::Cycle cycle_;
  std::vector<std::int64_t> nominations_;
};

TEST_F(PrizesVotingTest, OnlyVerifiedAccountsVoteForShortlistedNominations) {
  shortlist(2);
  auto unverified = w().user("unverified@example.org");
  auto refused = vote(unverified, nominations_[0]);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  EXPECT_EQ(refused.error().fields.at(0).code, "email_not_verified");
  auto voter = w().voter("voter@example.org");
  auto wrong_category = vote(voter, nominations_[0], "198.51.100.1", "C2");
  ASSERT_FALSE(wrong_category);
  EXPECT_EQ(wrong_category.error().fields.at(0).code, "not_shortlisted");
  EXPECT_FALSE(vote(voter, 987654));
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), 0);
  auto ok = vote(voter, nominations_[0]);
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_FALSE(ok->changed);
  EXPECT_GE(ok->receipt.size(), 20u);
}

TEST_F(PrizesVotingTest, AVoteIsChangeableUntilTheCloseOnlyIfTheCycleAllows) {
  shortlist(2);
  auto voter = w().voter("voter@example.org");
  ASSERT_TRUE(vote(voter, nominations_[0]));
  auto changed = vote(voter, nominations_[1]);
  ASSERT_TRUE(changed);
  EXPECT_TRUE(changed->changed);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_votes"), 1);
  EXPECT_EQ(w().count("SELECT nomination_id FROM prize_votes"), nominations_[1]);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), 2);

  world_.reset();
  TempDir other;
  world_ = std::make_unique<PrizesWorld>(other.path(), kStartMs);
  nominations_.clear();
  shortlist(2, {{"vote_changeable", false}, {"votes_per_account_per_minute", 1000}});
  auto once = w().voter("once@example.org");
  ASSERT_TRUE(vote(once, nominations_[0]));
  auto again = vote(once, nominations_[1]);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), 1);
}

TEST_F(PrizesVotingTest, ParallelDoubleVotesCountOnce) {
  shortlist(2, {{"vote_changeable", false}, {"votes_per_account_per_minute", 1000}});
  auto voter = w().voter("eager@example.org");
  std::atomic<int> accepted{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&, i] {
      auto r = vote(voter, nominations_[i % 2]);
      if (r) ++accepted;
      else if (r.error().code == ErrorCode::conflict) ++conflicts;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 1);
  EXPECT_EQ(conflicts.load(), 15);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), 1);
}

TEST_F(PrizesVotingTest, RateLimitsPerAccountAndPerNetwork) {
  shortlist(2, {{"votes_per_account_per_minute", 3}, {"votes_per_network_per_minute", 5}});
  auto voters_ = voters(3);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(vote(voters_[0], nominations_[i % 2], "198.51.100.1"));
  auto account_limited = vote(voters_[0], nominations_[0], "203.0.113.9");
  ASSERT_FALSE(account_limited);
  EXPECT_EQ(account_limited.error().code, ErrorCode::too_many_requests);
  EXPECT_GT(account_limited.error().retry_after_seconds, 0);
  ASSERT_TRUE(vote(voters_[1], nominations_[0], "198.51.100.2"));
  ASSERT_TRUE(vote(voters_[2], nominations_[0], "198.51.100.3"));
  auto network_limited = vote(voters_[2], nominations_[1], "198.51.100.4");  // same /24, 6th
  ASSERT_FALSE(network_limited);
  EXPECT_EQ(network_limited.error().code, ErrorCode::too_many_requests);
  w().clock.advance(60'000);
  // A new minute starts both kinds of counter afresh: the network's and the account's.
  EXPECT_TRUE(vote(voters_[2], nominations_[1], "198.51.100.4"));
  EXPECT_TRUE(vote(voters_[0], nominations_[0], "203.0.113.9"));
}

// A vote sent with a session key (a browser's vote) finds its account in the committer, in the
// transaction that writes it: the account's checks (verified email, its rate) apply there, the
// vote is that account's, and an unknown key, or a service with no resolver, is unauthorized.
TEST_F(PrizesVotingTest, AVoteSentWithASessionKeyIsTheSessionsAccountsVote) {
  shortlist(2, {{"votes_per_account_per_minute", 2}});
  auto voter = w().voter("session@example.org");
  auto unverified = w().user("unverified@example.org");
  auto by_key = [&](const std::string& key, std::int64_t nomination) {
    return w().prizes->vote({std::nullopt, "198.51.100.1", cycle_.id, "C1", nomination, key});
  };
  const std::string key = hash_secret(w().session_of(voter));
  auto unresolved = by_key(key, nominations_[0]);
  ASSERT_FALSE(unresolved);
  EXPECT_EQ(unresolved.error().code, ErrorCode::unauthorized);
  EXPECT_FALSE(w().prizes->vote({std::nullopt, "198.51.100.1", cycle_.id, "C1", nominations_[0], ""}));

  w().prizes->set_session_resolver([this](db::Connection& connection, const std::string& id_hash) {
    return w().accounts->resolve_session(connection, id_hash);
  });
  auto first = by_key(key, nominations_[0]);
  ASSERT_TRUE(first) << first.error().detail;
  EXPECT_FALSE(first->changed);
  EXPECT_EQ(w().count("SELECT user_id FROM prize_votes WHERE cycle_id = " + std::to_string(cycle_.id)), voter);
  auto second = by_key(key, nominations_[1]);
  ASSERT_TRUE(second) << second.error().detail;
  EXPECT_TRUE(second->changed);
  auto limited = by_key(key, nominations_[0]);  // the account's third vote in the minute
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::too_many_requests);

  auto stranger = by_key(hash_secret(random_token()), nominations_[0]);
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, ErrorCode::unauthorized);
  auto not_verified = by_key(hash_secret(w().session_of(unverified)), nominations_[0]);
  ASSERT_FALSE(not_verified);
  EXPECT_EQ(not_verified.error().fields.at(0).code, "email_not_verified");
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), 2);
}

// The network of the limits and fraud signals: IPv4 /24, IPv6 /48, from the address itself, so
// that every spelling of one address (compressed, IPv4-mapped) falls in the same network.
TEST(PrizesNetworks, IPv4By24AndIPv6By48WhateverTheSpelling) {
  using prizes::network_of;
  EXPECT_EQ(network_of("203.0.113.77"), "203.0.113.0/24");
  EXPECT_EQ(network_of("::ffff:203.0.113.77"), "203.0.113.0/24");
  EXPECT_EQ(network_of("2001:db8:1:2::5"), "2001:db8:1::/48");
  EXPECT_EQ(network_of("2001:db8::1"), "2001:db8::/48");
  EXPECT_EQ(network_of("2001:0db8:0000:ffff::1"), "2001:db8::/48");
  EXPECT_EQ(network_of("2001::1"), network_of("2001::2"));
  EXPECT_NE(network_of("2001:db8:1::1"), network_of("2001:db8:2::1"));
  EXPECT_EQ(network_of("not an address"), "not an address");
}

// What is counted from the log is kept only once the log is final, a minute after the close:
// a batch begun before the close may still be committing just after it. Such a late row
// (written here directly) counts in results asked for after that minute, even when results
// and finalists were already asked for before it; from then on the results stay as counted.
TEST_F(PrizesVotingTest, CountsAreKeptOnlyOnceTheVoteLogIsFinal) {
  shortlist(2);
  auto config = cycle_.config;
  config.results_at = times_.voting_close();  // results at the close: asked for within the minute
  auto moved = w().prizes->update_cycle(w().actor(w().admin), cycle_.id, config);
  ASSERT_TRUE(moved) << moved.error().detail;
  ASSERT_TRUE(vote(w().voter("early@example.org"), nominations_[0]));
  auto votes_of = [&](std::int64_t nomination) -> std::int64_t {
    auto results = w().prizes->results(cycle_.id);
    EXPECT_TRUE(results) << results.error().detail;
    if (!results) return -1;
    for (const auto& r : results->categories.at(0).ranking)
      if (r.nomination_id == nomination) return r.votes;
    return -1;
  };
  w().clock.set(times_.voting_close() + 30'000);
  EXPECT_EQ(votes_of(nominations_[1]), 0);
  ASSERT_TRUE(w().prizes->finalists(w().actor(w().expert_x), cycle_.id, "C1"));
  late_row("late-batch");
  w().clock.set(times_.voting_close() + 61'000);
  EXPECT_EQ(votes_of(nominations_[1]), 1) << "a count made within the minute after the close was kept";
  late_row("impossible-later");  // cannot happen; shows the results are kept from now on
  EXPECT_EQ(votes_of(nominations_[1]), 1);
}

// The log is counted ahead of the first request once it is final (a minute after the close),
// for cycles closed in the last 30 days: what the results then show is that count. A late row
// (written here directly; it cannot happen) added after the count is not in the results.
TEST_F(PrizesVotingTest, AFinalVoteLogIsCountedAheadOfTheFirstRequest) {
  shortlist(2);
  auto config = cycle_.config;
  config.results_at = times_.voting_close() + 120'000;
  ASSERT_TRUE(w().prizes->update_cycle(w().actor(w().admin), cycle_.id, config));
  ASSERT_TRUE(vote(w().voter("early@example.org"), nominations_[0]));
  // Within the minute after the close: not final, not counted.
  w().clock.set(times_.voting_close() + 59'000);
  ASSERT_EQ(counted_ahead(), 0);
  EXPECT_FALSE(w().prizes->log_counted(cycle_.id));
  // Final: counted once, then kept.
  w().clock.set(times_.voting_close() + 61'000);
  ASSERT_EQ(counted_ahead(), 1);
  EXPECT_TRUE(w().prizes->log_counted(cycle_.id));
  EXPECT_EQ(counted_ahead(), 0);
  late_row("impossible-later");
  w().clock.set(config.results_at);
  auto results = w().prizes->results(cycle_.id);
  ASSERT_TRUE(results) << results.error().detail;
  for (const auto& r : results->categories.at(0).ranking)
    EXPECT_EQ(r.votes, r.nomination_id == nominations_[0] ? 1 : 0) << "the count made ahead, without the late row";
}

// The thread of `wsis serve` does the same on its own; an old cycle (closed over 30 days ago)
// is left for its first request.
TEST_F(PrizesVotingTest, TheCountingThreadCountsRecentFinalLogsOnly) {
  shortlist(1);
  ASSERT_TRUE(vote(w().voter("early@example.org"), nominations_[0]));
  w().clock.set(times_.voting_close() + 31LL * 24 * 3600 * 1000);
  EXPECT_EQ(counted_ahead(), 0);
  w().clock.set(times_.voting_close() + 61'000);
  w().prizes->count_final_logs_every(std::chrono::milliseconds(10));
  for (int i = 0; i < 500 && !w().prizes->log_counted(cycle_.id); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(w().prizes->log_counted(cycle_.id));
}

TEST_F(PrizesVotingTest, FraudSignalsAreFlaggedAndNoVoteIsDiscarded) {
  shortlist(2);
  // 25 accounts created today vote from one network within a minute; one of them twice at once.
  auto many = voters(25);
  for (auto v : many) ASSERT_TRUE(vote(v, nominations_[0], "203.0.113.5"));
  ASSERT_TRUE(vote(many[0], nominations_[1], "203.0.113.5"));
  auto signals = w().prizes->fraud_signals(w().actor(w().moderator), cycle_.id);
  ASSERT_TRUE(signals);
  std::set<std::string> kinds;
  std::map<std::string, std::int64_t> measures;
  for (const auto& s : *signals) {
    kinds.insert(s.kind + " " + s.subject);
    // Each signal carries its number apart from the English detail, which says the same number.
    ASSERT_TRUE(s.measure) << s.kind;
    EXPECT_NE(s.detail.find(std::to_string(*s.measure)), std::string::npos) << s.detail;
    measures[s.kind] = *s.measure;
  }
  EXPECT_TRUE(kinds.count("many_accounts_one_network network:203.0.113.0/24"));
  EXPECT_TRUE(kinds.count("new_account_burst network:203.0.113.0/24"));
  EXPECT_TRUE(kinds.count("machine_speed account:" + std::to_string(many[0])));
  // Flagged once, when the threshold (20 accounts, 10 new-account votes in an hour) was passed.
  EXPECT_EQ(measures["many_accounts_one_network"], 21);
  EXPECT_EQ(measures["new_account_burst"], 11);
  EXPECT_GE(measures["machine_speed"], 0);
  EXPECT_LT(measures["machine_speed"], 1000);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), 26);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_votes"), 25);
  auto refused = w().prizes->fraud_signals(w().actor(w().contributor_a), cycle_.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
}

TEST_F(PrizesVotingTest, ResultsTheExpertGroupsPickChampionsAndTheRecount) {
  shortlist(7);
  // Votes 6,5,4,3,2,1,0 for nominations 0..6, some cast twice (changed): the last one counts.
  auto people = voters(21);
  std::size_t next = 0;
  for (int n = 0; n < 7; ++n)
    for (int k = 0; k < 6 - n; ++k) {
      auto v = people[next++];
      ASSERT_TRUE(vote(v, nominations_[6]));  // first a vote for the last one, then changed
      ASSERT_TRUE(vote(v, nominations_[n]));
    }
  // Hidden until the results; the finalists (top five) are known to the experts at the close.
  w().clock.set(times_.voting_close() - 1000);
  auto early = w().prizes->finalists(w().actor(w().expert_x), cycle_.id, "C1");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::phase_closed);
  // Read as "the public voting phase is still open, until <close>" in every language.
  for (std::string lang : {"en", "fr", "es", "ru", "ar", "zh"}) {
    auto detail = Messages::instance().format(lang, "problem.phase_closed.detail", early.error().args);
    EXPECT_NE(detail.find(format_timestamp(times_.voting_close())), std::string::npos) << lang << ": " << detail;
    EXPECT_EQ(detail, Messages::instance().format(lang, "problem.phase_closed.detail",
                                                  {{"phase", std::string("voting")}, {"state", std::string("open")},
                                                   {"opens", std::string("x")}, {"closes", format_timestamp(times_.voting_close())}}));
  }
  EXPECT_NE(Messages::instance().format("en", "problem.phase_closed.detail", early.error().args).find("still open"),
            std::string::npos);
  w().clock.set(times_.voting_close());
  EXPECT_FALSE(w().prizes->results(cycle_.id));
  auto finalists = w().prizes->finalists(w().actor(w().expert_x), cycle_.id, "C1");
  ASSERT_TRUE(finalists) << finalists.error().detail;
  ASSERT_EQ(finalists->size(), 5u);
  for (const auto& f : *finalists) {
    EXPECT_EQ(f.votes, 0);  // no counts before the results
    EXPECT_FALSE(f.picked);
  }
  auto not_finalist = w().prizes->pick_winner(w().actor(w().expert_x), cycle_.id, "C1", nominations_[5]);
  ASSERT_FALSE(not_finalist);
  EXPECT_EQ(not_finalist.error().fields.at(0).code, "not_finalist");
  auto by_contributor = w().prizes->pick_winner(w().actor(w().contributor_a), cycle_.id, "C1", nominations_[2]);
  ASSERT_FALSE(by_contributor);
  EXPECT_EQ(by_contributor.error().code, ErrorCode::forbidden);
  ASSERT_TRUE(w().prizes->pick_winner(w().actor(w().expert_x), cycle_.id, "C1", nominations_[2]));
  // The pick is read back with the finalists (and only it).
  auto after_pick = w().prizes->finalists(w().actor(w().expert_x), cycle_.id, "C1");
  ASSERT_TRUE(after_pick);
  for (const auto& f : *after_pick) EXPECT_EQ(f.picked, f.nomination_id == nominations_[2]) << f.nomination_id;

  w().clock.set(times_.results());
  auto late = w().prizes->pick_winner(w().actor(w().expert_x), cycle_.id, "C1", nominations_[0]);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::phase_closed);
  auto results = w().prizes->results(cycle_.id);
  ASSERT_TRUE(results) << results.error().detail;
  const auto& c1 = results->categories.front();
  EXPECT_EQ(c1.category, "C1");
  EXPECT_EQ(c1.winner, nominations_[2]);
  EXPECT_TRUE(c1.winner_picked_by_experts);
  EXPECT_EQ(c1.champions, (std::vector<std::int64_t>{nominations_[0], nominations_[1], nominations_[3], nominations_[4]}));
  std::vector<std::int64_t> counts;
  for (const auto& r : c1.ranking) counts.push_back(r.votes);
  EXPECT_EQ(counts, (std::vector<std::int64_t>{6, 5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(results->total_votes, 21);
  EXPECT_EQ(results->log_rows, 42);
  // Categories without nominations have no winner.
  EXPECT_FALSE(results->categories.back().winner);

  auto recount = w().prizes->recount(cycle_.id);
  ASSERT_TRUE(recount);
  EXPECT_EQ(recount->first, recount->second);
  EXPECT_EQ(recount->first[nominations_[0]], 6);
}

TEST_F(PrizesVotingTest, ReceiptsAreCheckableAfterTheResults) {
  shortlist(2);
  auto voter = w().voter("voter@example.org");
  auto first = vote(voter, nominations_[0]);
  auto second = vote(voter, nominations_[1]);
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(w().prizes->check_receipt(cycle_.id, first->receipt));  // not before the results
  w().clock.set(times_.results());
  auto replaced = w().prizes->check_receipt(cycle_.id, first->receipt);
  ASSERT_TRUE(replaced);
  EXPECT_FALSE(replaced->counted);
  auto counted = w().prizes->check_receipt(cycle_.id, second->receipt);
  ASSERT_TRUE(counted);
  EXPECT_TRUE(counted->counted);
  EXPECT_EQ(counted->row.nomination_id, nominations_[1]);
  auto log = w().prizes->vote_log(cycle_.id, 0, 10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ(log->at(1).receipt_hash, counted->row.receipt_hash);
  EXPECT_EQ(log->at(0).voter, log->at(1).voter);  // one pseudonym per voter
  EXPECT_EQ(log->at(0).voter.size(), 64u);
  EXPECT_FALSE(w().prizes->check_receipt(cycle_.id, "not-a-receipt"));
  // A receipt is "<seq>.<secret>": the row seq and the secret whose hash it holds.
  EXPECT_EQ(second->receipt.substr(0, second->receipt.find('.')), std::to_string(second->seq));
  std::string secret = second->receipt.substr(second->receipt.find('.') + 1);
  EXPECT_EQ(hash_secret(secret), counted->row.receipt_hash);
  // Another row's seq with this secret, this seq with another secret, another cycle, and
  // malformed receipts are all "not found".
  std::string wrong_secret = secret;
  wrong_secret[0] = wrong_secret[0] == 'A' ? 'B' : 'A';
  for (const std::string& bad : {std::to_string(first->seq) + "." + secret, std::to_string(second->seq) + "." + wrong_secret,
                                 std::to_string(second->seq) + ".", "." + secret, "x" + second->receipt,
                                 std::string(19, '9') + "." + secret, second->receipt.substr(second->receipt.find('.'))}) {
    auto check = w().prizes->check_receipt(cycle_.id, bad);
    ASSERT_FALSE(check) << bad;
    EXPECT_EQ(check.error().code, ErrorCode::not_found) << bad;
  }
  EXPECT_FALSE(w().prizes->check_receipt(cycle_.id + 1000, second->receipt));
}

TEST_F(PrizesVotingTest, TiesAreBrokenByTheStatedRule) {
  shortlist(3);  // nominated in order 0, 1, 2; one vote each
  auto people = voters(3);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(vote(people[i], nominations_[2 - i]));
  w().clock.set(times_.results());
  auto results = w().prizes->results(cycle_.id);
  ASSERT_TRUE(results);
  std::vector<std::int64_t> order;
  for (const auto& r : results->categories.front().ranking) order.push_back(r.nomination_id);
  EXPECT_EQ(order, nominations_);  // earliest nomination first
  EXPECT_TRUE(results->tie_break_seed.empty());
}

TEST_F(PrizesVotingTest, ASeededDrawIsReproducibleFromThePublishedSeed) {
  shortlist(4, {{"tie_break", "seeded_draw"}, {"votes_per_account_per_minute", 1000}});
  auto people = voters(4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(vote(people[i], nominations_[i]));  // a four-way tie
  w().clock.set(times_.results());
  auto results = w().prizes->results(cycle_.id);
  ASSERT_TRUE(results);
  ASSERT_EQ(results->tie_break_seed.size(), 64u);
  std::vector<std::int64_t> order;
  for (const auto& r : results->categories.front().ranking) order.push_back(r.nomination_id);
  auto expected = nominations_;
  std::sort(expected.begin(), expected.end(), [&](auto a, auto b) {
    return hash_secret(results->tie_break_seed + ":" + std::to_string(a)) <
           hash_secret(results->tie_break_seed + ":" + std::to_string(b));
  });
  EXPECT_EQ(order, expected);
}

}  // namespace
}  // namespace wsis::testing
