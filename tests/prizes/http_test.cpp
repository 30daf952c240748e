// The prizes API against the real server: the world (cycle, nominations, reviews) is set up
// in-process on the server's database with a manual clock placed in the past, so that voting
// is open at the server's real clock; votes, refusals and results then go over HTTP.
#include <sys/wait.h>

#include <atomic>
#include <fstream>
#include <random>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/random.h"
#include "prizes_fixture.h"
#include "http/message.h"
#include "support/http_client.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

std::int64_t real_now() { return SystemClock().now_ms(); }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// A voter's connection that, unlike HttpClient, never retries (a retried POST could count a
// vote twice) and takes a vanished server as the end rather than a test failure.
class RawVoter {
 public:
  RawVoter(std::uint16_t port, std::string token) : token_(std::move(token)), stream_(io_) {
    boost::beast::error_code ec;
    stream_.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    alive_ = !ec;
  }
  // The 201 answer's receipt; nullopt on any other answer; `alive()` false once the server is gone.
  std::optional<std::string> vote(const std::string& target, const std::string& body) {
    namespace http = boost::beast::http;
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    request.set(http::field::authorization, "Bearer " + token_);
    request.body() = body;
    request.prepare_payload();
    boost::beast::error_code ec;
    http::write(stream_, request, ec);
    http::response<http::string_body> response;
    if (!ec) http::read(stream_, buffer_, response, ec);
    if (ec) {
      alive_ = false;
      return std::nullopt;
    }
    if (response.result_int() != 201) return std::nullopt;
    boost::system::error_code parse_error;
    auto parsed = boost::json::parse(response.body(), parse_error);
    if (parse_error) return std::nullopt;
    return std::string(parsed.as_object().at("receipt").as_string());
  }
  bool alive() const { return alive_; }

 private:
  std::string token_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket stream_;
  boost::beast::flat_buffer buffer_;
  bool alive_ = false;
};

class PrizesHttpTest : public ::testing::Test {
 protected:
  // Voting opens half a day before now and closes half a day after.
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    times_ = CycleTimes{real_now() - 2 * kDayMs - kDayMs / 2};
    world_ = std::make_unique<PrizesWorld>(server_->data_dir(), times_.start);
  }
  PrizesWorld& w() { return *world_; }

  // `n` shortlisted nominations in C1.
  void shortlist(int n, const json::object& rules) {
    cycle_ = w().cycle(2027, times_, rules);
    w().assign(cycle_, "C1", {w().expert_x});
    for (int i = 0; i < n; ++i) {
      auto owner = i == 0 ? w().contributor_a : i == 1 ? w().contributor_b : w().user("o" + std::to_string(i) + "@example.org");
      if (i >= 2) {
        w().verify_email(owner);
        auto org = w().accounts->create_organisation(accounts::Caller{w().actor(owner), false, "", "192.0.2.1"},
                                                     {"Org " + std::to_string(i), "academia", "FRA", std::nullopt});
        ASSERT_TRUE(org);
      }
      nominations_.push_back(w().nominate(cycle_, owner, w().published_entry(owner, "Project " + std::to_string(i)), "C1"));
      w().review(cycle_, nominations_.back(), true);
    }
  }
  std::unique_ptr<HttpClient> client_for(std::int64_t user) {
    auto client = std::make_unique<HttpClient>(server_->port());
    client->set_bearer_token(w().token(user));
    return client;
  }
  std::string votes_path() const { return "/api/v1/prizes/cycles/" + std::to_string(cycle_.id) + "/votes"; }
  static json::object vote_body(std::int64_t nomination) { return {{"category", "C1"}, {"nomination_id", nomination}}; }

  std::unique_ptr<TestServer> server_;
  CycleTimes times_;
  std::unique_ptr<PrizesWorld> world_;
  prizes::Cycle cycle_;
  std::vector<std::int64_t> nominations_;
};

TEST_F(PrizesHttpTest, AClosedPhaseIsRefusedInTheCallersLanguage) {
  shortlist(1, {});
  auto client = client_for(w().contributor_a);
  client->set_language("fr");
  auto response = client->post_json("/api/v1/prizes/cycles/" + std::to_string(cycle_.id) + "/nominations",
                                    nomination_body(w().published_entry(w().contributor_a, "Late"), "C2"));
  EXPECT_EQ(response.status, 409) << response.body;
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  auto body = response.json().as_object();
  EXPECT_EQ(str(body["type"]), "/problems/phase-closed");
  auto detail = str(body["detail"]);
  EXPECT_NE(detail.find("candidatures"), std::string::npos) << detail;
  EXPECT_NE(detail.find(format_timestamp(times_.nominations_close())), std::string::npos) << detail;
  auto results = client->get("/api/v1/prizes/cycles/" + std::to_string(cycle_.id) + "/results");
  EXPECT_EQ(results.status, 409);
  EXPECT_NE(str(results.json().as_object()["detail"]).find("résultats"), std::string::npos);
}

TEST_F(PrizesHttpTest, EachRoleIsRefusedWhatItMayNotDoAndNothingChanges) {
  shortlist(2, {});
  auto cycle_path = "/api/v1/prizes/cycles/" + std::to_string(cycle_.id);
  CycleTimes later{real_now() + kDayMs};
  auto new_cycle = cycle_body(2031, later);
  auto before = w().count("SELECT COUNT(*) FROM prize_cycles") * 1000 + w().count("SELECT COUNT(*) FROM prize_experts") * 100 +
                w().count("SELECT COUNT(*) FROM prize_winners") * 10 + w().count("SELECT COUNT(*) FROM prize_vote_log");
  HttpClient anonymous(server_->port());
  EXPECT_EQ(anonymous.post_json("/api/v1/prizes/cycles", new_cycle).status, 401);
  EXPECT_EQ(anonymous.post_json(cycle_path + "/votes", vote_body(nominations_[0])).status, 401);
  for (auto who : {w().contributor_a, w().moderator, w().expert_x}) {
    auto client = client_for(who);
    EXPECT_EQ(client->post_json("/api/v1/prizes/cycles", new_cycle).status, 403);
    EXPECT_EQ(client->send_json("PUT", cycle_path + "/categories/C1/experts", {{"user_ids", {w().expert_x}}}).status, 403);
    EXPECT_EQ(client->get("/api/v1/prizes/nominations/" + std::to_string(nominations_[0]) + "/reviews").status, 403);
  }
  for (auto who : {w().contributor_a, w().expert_x}) {
    EXPECT_EQ(client_for(who)->get(cycle_path + "/fraud-signals").status, 403);
  }
  EXPECT_EQ(client_for(w().moderator)->get(cycle_path + "/fraud-signals").status, 200);
  // Not verified: contributors of the fixture registered without verifying their email.
  auto unverified = client_for(w().contributor_a)->post_json(cycle_path + "/votes", vote_body(nominations_[0]));
  EXPECT_EQ(unverified.status, 403);
  EXPECT_EQ(field_codes(unverified.json()), (std::vector<std::string>{"email:email_not_verified"}));
  // A contributor cannot pick a winner, nor review.
  EXPECT_EQ(client_for(w().contributor_b)->send_json("PUT", cycle_path + "/categories/C1/winner",
                                                     {{"nomination_id", nominations_[0]}}).status, 403);
  EXPECT_EQ(client_for(w().contributor_b)->send_json("PUT", "/api/v1/prizes/nominations/" + std::to_string(nominations_[0]) + "/review",
                                                     review_body(true)).status, 403);
  auto after = w().count("SELECT COUNT(*) FROM prize_cycles") * 1000 + w().count("SELECT COUNT(*) FROM prize_experts") * 100 +
               w().count("SELECT COUNT(*) FROM prize_winners") * 10 + w().count("SELECT COUNT(*) FROM prize_vote_log");
  EXPECT_EQ(before, after);
  // The administrator may.
  EXPECT_EQ(client_for(w().admin)->post_json("/api/v1/prizes/cycles", new_cycle).status, 201);
}

// Administrators read every review of a cycle, each with its expert's name, from one route;
// nobody else does.
TEST_F(PrizesHttpTest, AdministratorsReadACyclesReviews) {
  shortlist(2, {});
  auto reviews_path = "/api/v1/prizes/cycles/" + std::to_string(cycle_.id) + "/reviews";
  auto admin = client_for(w().admin);
  auto all = admin->get(reviews_path);
  ASSERT_EQ(all.status, 200) << all.body;
  auto items = all.json().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("nomination_id").as_int64(), nominations_[0]);
  EXPECT_EQ(items[1].at("nomination_id").as_int64(), nominations_[1]);
  for (const auto& item : items) {
    EXPECT_EQ(item.at("expert_id").as_int64(), w().expert_x);
    EXPECT_FALSE(item.at("expert_name").as_string().empty());
    EXPECT_TRUE(item.at("eligible").as_bool());
  }
  EXPECT_EQ(admin->get(reviews_path + "?category=C1").json().at("items").as_array().size(), 2u);
  EXPECT_TRUE(admin->get(reviews_path + "?category=C2").json().at("items").as_array().empty());
  admin->set_language("fr");
  auto unknown = admin->get(reviews_path + "?category=C99");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.header("content-language"), "fr");
  EXPECT_EQ(field_codes(unknown.json()), (std::vector<std::string>{"category:unknown_code"}));
  EXPECT_EQ(admin->get("/api/v1/prizes/cycles/999999/reviews").status, 404);
  for (auto who : {w().contributor_a, w().moderator, w().expert_x})
    EXPECT_EQ(client_for(who)->get(reviews_path).status, 403);
  EXPECT_EQ(HttpClient(server_->port()).get(reviews_path).status, 401);
}

TEST_F(PrizesHttpTest, ABrowserVotesWithItsSessionAndCsrfTokenOncePerCategory) {
  shortlist(2, {{"vote_changeable", false}});
  auto voter_id = w().voter("browser@example.org");
  Account browser = login_account(*server_, "browser@example.org");
  ASSERT_FALSE(browser.client->csrf_token().empty());
  auto token = browser.client->csrf_token();
  browser.client->set_csrf_token("");
  EXPECT_EQ(browser.client->post_json(votes_path(), vote_body(nominations_[0])).status, 403);  // no CSRF token
  browser.client->set_csrf_token(token);
  auto first = browser.client->post_json(votes_path(), vote_body(nominations_[0]));
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_FALSE(str(first.json().as_object()["receipt"]).empty());
  EXPECT_EQ(browser.client->post_json(votes_path(), vote_body(nominations_[1])).status, 409);
  auto mine = browser.client->get("/api/v1/prizes/cycles/" + std::to_string(cycle_.id) + "/votes/mine");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json().as_object()["votes"].as_object()["C1"].as_int64(), nominations_[0]);
  (void)voter_id;
}

// The vote route reads a browser session in the transaction that writes the vote (the
// committer), not before it: whatever the session is by then decides. A logged-out session, a
// cookie that names no session (with the CSRF token derived from it) and the session of an
// account whose email is not verified all vote nothing, each with its own answer.
TEST_F(PrizesHttpTest, ABrowserVoteIsJudgedByItsSessionAsTheVoteIsWritten) {
  shortlist(2, {});
  w().voter("leaving@example.org");
  Account leaving = login_account(*server_, "leaving@example.org");
  const std::string cookie = leaving.client->cookies().at("wsis_session");
  const std::string csrf = leaving.client->csrf_token();
  const auto rows = w().count("SELECT COUNT(*) FROM prize_vote_log");
  ASSERT_EQ(leaving.client->post_json("/api/v1/auth/logout", json::object{}).status, 204);
  HttpClient replay(server_->port());
  replay.set_csrf_token(csrf);
  auto after_logout = replay.post_json(votes_path(), vote_body(nominations_[0]), {{"Cookie", "wsis_session=" + cookie}});
  EXPECT_EQ(after_logout.status, 401) << after_logout.body;
  EXPECT_EQ(after_logout.header("content-type"), "application/problem+json");

  const std::string made_up = random_token();
  HttpClient forger(server_->port());
  forger.set_csrf_token(hash_secret("wsis-csrf-v1:" + made_up));
  auto forged = forger.post_json(votes_path(), vote_body(nominations_[0]), {{"Cookie", "wsis_session=" + made_up}});
  EXPECT_EQ(forged.status, 401) << forged.body;
  forger.set_csrf_token("wrong");
  EXPECT_EQ(forger.post_json(votes_path(), vote_body(nominations_[0]), {{"Cookie", "wsis_session=" + made_up}}).status,
            403);

  w().user("unverified@example.org");
  Account unverified = login_account(*server_, "unverified@example.org");
  auto refused = unverified.client->post_json(votes_path(), vote_body(nominations_[0]));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(field_codes(refused.json()), (std::vector<std::string>{"email:email_not_verified"}));
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), rows);

  // Verified since its login, the same session votes: the account is read as the vote is.
  w().verify_email(w().count("SELECT id FROM users WHERE email = 'unverified@example.org'"));
  auto accepted = unverified.client->post_json(votes_path(), vote_body(nominations_[0]));
  EXPECT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), rows + 1);
}

// The per-network limit over HTTP: a 429 problem with Retry-After. The network is the socket
// peer's (here 127.0.0.0/24) whatever X-Forwarded-For a client writes, unless the server was
// told the peer is its reverse proxy (--trusted-proxy): then it is the forwarded client's.
class PrizesNetworkLimitTest : public PrizesHttpTest {
 protected:
  // Restarts the fixture's server with `args` (the world follows it to its data directory),
  // and opens voting with three votes per network per minute.
  void serve_with(std::vector<std::string> args) {
    world_.reset();
    server_ = std::make_unique<TestServer>(std::move(args));
    world_ = std::make_unique<PrizesWorld>(server_->data_dir(), times_.start);
    shortlist(2, {{"votes_per_account_per_minute", 1000}, {"votes_per_network_per_minute", 3}});
    // The windows are calendar minutes: keep the test's votes inside one.
    auto into_minute = real_now() % 60'000;
    if (into_minute > 50'000) std::this_thread::sleep_for(std::chrono::milliseconds(60'500 - into_minute));
  }
  HttpResponse vote_from(const std::string& email, const std::string& forwarded_for) {
    auto client = client_for(w().voter(email));
    return client->post_json(votes_path(), vote_body(nominations_[0]), {{"X-Forwarded-For", forwarded_for}});
  }
  static void expect_limited(const HttpResponse& response) {
    EXPECT_EQ(response.status, 429) << response.body;
    EXPECT_EQ(response.header("content-type").rfind("application/problem+json", 0), 0u) << response.header("content-type");
    auto retry_after = std::atoi(response.header("retry-after").c_str());
    EXPECT_GE(retry_after, 1) << response.header("retry-after");
    EXPECT_LE(retry_after, 60);
    EXPECT_EQ(str(response.json().as_object()["type"]), "/problems/too-many-requests");
  }
};

TEST_F(PrizesNetworkLimitTest, AForgedForwardedForIsIgnoredAndTheFourthVoteIs429WithRetryAfter) {
  serve_with({});
  // Each voter claims another network; all of them are 127.0.0.1's.
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(vote_from("v" + std::to_string(i) + "@example.org", "198.51." + std::to_string(i) + ".1").status, 201);
  expect_limited(vote_from("v3@example.org", "203.0.113.3"));
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), 3);
}

TEST_F(PrizesNetworkLimitTest, BehindATrustedProxyEachForwardedNetworkHasItsOwnLimit) {
  serve_with({"--trusted-proxy", "127.0.0.1"});
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(vote_from("v" + std::to_string(i) + "@example.org", "198.51.100." + std::to_string(10 + i)).status, 201);
  expect_limited(vote_from("v3@example.org", "198.51.100.99"));
  // A spoofed left-most entry does not move a voter to another network: the right-most counts.
  expect_limited(vote_from("v4@example.org", "203.0.113.8, 198.51.100.20"));
  // Another network, forwarded by the proxy, is not limited by the first one's votes.
  EXPECT_EQ(vote_from("v5@example.org", "203.0.113.5").status, 201);
  EXPECT_EQ(vote_from("v6@example.org", "2001:db8:1::7").status, 201);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_vote_log"), 5);
}

TEST_F(PrizesHttpTest, ParallelDoubleVotesOverHttpCountOnce) {
  shortlist(2, {{"vote_changeable", false}});
  auto voter = w().voter("eager@example.org");
  auto secret = w().token(voter);
  std::atomic<int> created{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i)
    threads.emplace_back([&, i] {
      HttpClient client(server_->port());
      client.set_bearer_token(secret);
      auto r = client.post_json(votes_path(), vote_body(nominations_[i % 2]));
      if (r.status == 201) ++created;
      if (r.status == 409) ++conflicts;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), 11);
  EXPECT_EQ(server_count(*server_, "SELECT COUNT(*) FROM prize_vote_log"), 1);
  EXPECT_EQ(server_count(*server_, "SELECT COUNT(*) FROM prize_votes"), 1);
}

TEST_F(PrizesHttpTest, BadInputIsRefusedWithoutWriting) {
  shortlist(1, {});
  auto voter = client_for(w().voter("careful@example.org"));
  auto raw = [&](const std::string& target, const std::string& body) {
    return voter->request("POST", target, body, {{"content-type", "application/json"}});
  };
  EXPECT_EQ(raw(votes_path(), "{\"category\": \"C1\",").status, 400);                  // malformed JSON
  EXPECT_EQ(raw(votes_path(), "[1, 2]").status, 422);                                    // not an object
  EXPECT_EQ(raw(votes_path(), std::string(2048, ' ') + "{}").status, 413);                // over the route's limit
  EXPECT_EQ(raw(votes_path(), "{\"category\": \"C1\", \"nomination_id\": \"1\"}").status, 422);
  auto unknown = voter->post_json(votes_path(), {{"category", "C1"}, {"nomination_id", nominations_[0]}, {"weight", 10}});
  EXPECT_EQ(field_codes(unknown.json()), (std::vector<std::string>{"weight:unknown_field"}));
  EXPECT_EQ(voter->post_json("/api/v1/prizes/cycles/abc/votes", vote_body(nominations_[0])).status, 404);
  EXPECT_EQ(voter->post_json("/api/v1/prizes/cycles/999/votes", vote_body(nominations_[0])).status, 404);
  EXPECT_EQ(voter->request("POST", votes_path(), "category=C1", {{"content-type", "text/plain"}}).status, 415);
  EXPECT_EQ(voter->get("/api/v1/prizes/cycles/" + std::to_string(cycle_.id) + "/receipts/" + std::string(200, 'a')).status,
            404);
  EXPECT_EQ(voter->get("/api/v1/prizes/cycles/" + std::to_string(cycle_.id) + "/vote-log?limit=0").status, 400);
  auto bad_cycle = client_for(w().admin)->post_json("/api/v1/prizes/cycles", {{"year", 2040}, {"title", ""}});
  EXPECT_EQ(bad_cycle.status, 422);
  EXPECT_EQ(field_codes(bad_cycle.json()), (std::vector<std::string>{"title:empty", "phases:required"}));
  EXPECT_EQ(server_count(*server_, "SELECT COUNT(*) FROM prize_vote_log"), 0);
  EXPECT_EQ(server_count(*server_, "SELECT COUNT(*) FROM prize_cycles"), 1);
}

// The durability promise: a vote answered 201 is on disk. Voters vote as fast as they can
// from several threads; the server is killed with SIGKILL at a random moment; after a
// restart, every acknowledged receipt is in the log. Twenty times.
TEST_F(PrizesHttpTest, EveryAcknowledgedVoteSurvivesSigkill) {
  shortlist(2, {{"votes_per_account_per_minute", 1000000}, {"votes_per_network_per_minute", 100000000}});
  constexpr int kThreads = 6, kRounds = 20;
  std::vector<std::string> secrets;
  for (int i = 0; i < kThreads; ++i) secrets.push_back(w().token(w().voter("fast" + std::to_string(i) + "@example.org")));
  std::mt19937 random(7);
  std::int64_t acknowledged_total = 0;
  for (int round = 0; round < kRounds; ++round) {
    std::mutex mutex;
    std::vector<std::string> receipts;
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    auto port = server_->port();
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        RawVoter voter(port, secrets[t]);
        for (int k = 0; !stop.load() && voter.alive(); ++k) {
          auto receipt = voter.vote(votes_path(), http::serialize_json(vote_body(nominations_[(t + k) % 2])));
          if (receipt) {
            std::lock_guard lock(mutex);
            receipts.push_back(*receipt);
          }
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + random() % 120));
    server_->kill_hard();
    stop = true;
    for (auto& t : threads) t.join();
    server_->restart();
    std::lock_guard lock(mutex);
    acknowledged_total += static_cast<std::int64_t>(receipts.size());
    std::int64_t missing = 0;
    for (const auto& receipt : receipts)
      missing += server_count(*server_, "SELECT COUNT(*) FROM prize_vote_log WHERE seq = " +
                                            receipt.substr(0, receipt.find('.')) + " AND receipt_hash = '" +
                                            hash_secret(receipt.substr(receipt.find('.') + 1)) + "'") == 1 ? 0 : 1;
    EXPECT_EQ(missing, 0) << "round " << round << ": " << missing << " of " << receipts.size() << " acknowledged votes lost";
  }
  std::cerr << acknowledged_total << " votes acknowledged over " << kRounds << " kills\n";
  EXPECT_GT(acknowledged_total, kRounds * 10);  // the test did vote
  auto recount = w().prizes->recount(cycle_.id);
  ASSERT_TRUE(recount);
  EXPECT_EQ(recount->first, recount->second);
}

// The published results equal what anyone computes from the exported log.
TEST_F(PrizesHttpTest, TheExportedLogReproducesThePublishedResults) {
  // Voting closed a second ago... no: results must be public at the server's real clock, so
  // this cycle's phases all lie in the past, votes are cast in-process at the manual clock.
  CycleTimes past{real_now() - 4 * kDayMs};
  times_ = past;
  shortlist(3, {{"votes_per_account_per_minute", 1000}});
  w().clock.set(past.voting_open() + kHourMs);
  for (int i = 0; i < 12; ++i) {
    auto v = w().voter("v" + std::to_string(i) + "@example.org");
    ASSERT_TRUE(w().prizes->vote({w().actor(v), "198.51.100.1", cycle_.id, "C1", nominations_[i % 3], {}}));
    if (i % 4 == 0) {
      ASSERT_TRUE(w().prizes->vote({w().actor(v), "198.51.100.1", cycle_.id, "C1", nominations_[2], {}}));
    }
  }
  HttpClient anonymous(server_->port());
  auto base = "/api/v1/prizes/cycles/" + std::to_string(cycle_.id);
  auto results = anonymous.get(base + "/results");
  ASSERT_EQ(results.status, 200) << results.body;
  std::map<std::pair<std::string, std::string>, std::int64_t> last;
  std::int64_t after = 0;
  while (true) {
    auto page = anonymous.get(base + "/vote-log?limit=5&after=" + std::to_string(after));
    ASSERT_EQ(page.status, 200) << page.body;
    auto body = page.json().as_object();
    for (const auto& row : body["items"].as_array()) {
      const auto& r = row.as_object();
      last[{str(r.at("category")), str(r.at("voter"))}] = r.at("nomination_id").as_int64();
    }
    if (body["next_after"].is_null()) break;
    after = body["next_after"].as_int64();
  }
  std::map<std::int64_t, std::int64_t> recount;
  for (const auto& [key, nomination] : last) ++recount[nomination];
  std::map<std::int64_t, std::int64_t> published;
  auto published_json = results.json();
  for (const auto& category : published_json.as_object()["categories"].as_array())
    for (const auto& r : category.as_object().at("ranking").as_array())
      if (r.as_object().at("votes").as_int64() > 0)
        published[r.as_object().at("nomination_id").as_int64()] = r.as_object().at("votes").as_int64();
  EXPECT_EQ(published, recount);
  // Voters 2, 5, 8, 11 chose it, and 0 and 4 changed to it (8 already had).
  EXPECT_EQ(recount[nominations_[2]], 6);
  auto archive = anonymous.get("/api/v1/prizes/archive");
  ASSERT_EQ(archive.status, 200);
  auto archived = archive.json().as_object();
  ASSERT_EQ(archived["items"].as_array().size(), 1u);
  auto c1 = archived["items"].as_array()[0].as_object()["categories"].as_array()[0].as_object();
  EXPECT_EQ(c1["winner"].as_object()["nomination_id"].as_int64(), nominations_[2]);
  EXPECT_EQ(c1["champions"].as_array().size(), 2u);
}

// tools/prizes/verify_results.py, as anyone would run it: it redoes the published results
// from the log read over HTTP (ties by the seeded draw), saves the export, and refuses a
// tampered log or a ranking whose tied rows are swapped.
TEST_F(PrizesHttpTest, TheVerificationToolRedoesTheResultsAndCatchesTampering) {
  CycleTimes past{real_now() - 4 * kDayMs};
  times_ = past;
  shortlist(4, {{"votes_per_account_per_minute", 1000}, {"tie_break", "seeded_draw"}});
  w().clock.set(past.voting_open() + kHourMs);
  // Two votes each, so the draw orders all four; one voter changes their mind.
  for (int i = 0; i < 8; ++i) {
    auto v = w().voter("t" + std::to_string(i) + "@example.org");
    if (i == 0) {
      ASSERT_TRUE(w().prizes->vote({w().actor(v), "198.51.100.1", cycle_.id, "C1", nominations_[1], {}}));
    }
    ASSERT_TRUE(w().prizes->vote({w().actor(v), "198.51.100.1", cycle_.id, "C1", nominations_[i % 4], {}}));
  }
  TempDir dir;
  const std::string tool = WSIS_SOURCE_DIR "/tools/prizes/verify_results.py";
  const std::string url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/api/v1/prizes/cycles/" +
                          std::to_string(cycle_.id);
  std::string out;
  ASSERT_EQ(run_process({"python3", tool, url, "--save-log", dir.file("log.jsonl"), "--save-results",
                         dir.file("results.json")}, &out), 0) << out;
  EXPECT_NE(out.find("agree with the log: 9 rows, 8 votes counted"), std::string::npos) << out;
  auto results = json::parse(read_file(dir.file("results.json"))).as_object();
  EXPECT_EQ(str(results["rules"].as_object()["tie_break"]), "seeded_draw");
  EXPECT_EQ(results["rules"].as_object()["finalists_per_category"].as_int64(), 5);  // the defaults
  EXPECT_EQ(results["rules"].as_object()["champions_per_category"].as_int64(), 4);
  auto& ranking = results["categories"].as_array()[0].as_object()["ranking"].as_array();
  ASSERT_EQ(ranking.size(), 4u);
  EXPECT_EQ(str(ranking[0].as_object()["nominated_at"]).size(), 24u);  // 2026-12-06T10:00:00.000Z

  // Offline, from the saved files: the same verdict.
  ASSERT_EQ(run_process({"python3", tool, "--log", dir.file("log.jsonl"), "--results", dir.file("results.json")}, &out), 0)
      << out;

  // The last row's vote moved to another nomination: the counts differ.
  std::string log = read_file(dir.file("log.jsonl"));
  auto last_row = log.rfind('{');
  auto last = json::parse(log.substr(last_row)).as_object();
  std::int64_t moved = last["nomination_id"].as_int64();
  last["nomination_id"] = moved == nominations_[0] ? nominations_[1] : nominations_[0];
  write_file(dir.file("tampered.jsonl"), log.substr(0, last_row) + json::serialize(last) + "\n");
  EXPECT_EQ(run_process({"python3", tool, "--log", dir.file("tampered.jsonl"), "--results", dir.file("results.json")}, &out),
            1) << out;
  EXPECT_NE(out.find("C1: nomination " + std::to_string(moved) + " has 2 votes published, 1 in the log"),
            std::string::npos) << out;
  EXPECT_NE(out.find("DO NOT agree"), std::string::npos) << out;

  // Two rows tied on votes swapped in the published ranking: the draw puts them back.
  std::swap(ranking[0], ranking[1]);
  ranking[0].as_object()["rank"] = 1;
  ranking[1].as_object()["rank"] = 2;
  write_file(dir.file("swapped.json"), json::serialize(results));
  EXPECT_EQ(run_process({"python3", tool, "--log", dir.file("log.jsonl"), "--results", dir.file("swapped.json")}, &out), 1)
      << out;
  EXPECT_NE(out.find("C1: ranking published"), std::string::npos) << out;

  // A log it cannot read, or results not shaped as the API publishes them: 2, not a verdict.
  EXPECT_EQ(run_process({"python3", tool, "--log", dir.file("missing.jsonl"), "--results", dir.file("results.json")}, &out),
            2) << out;
  EXPECT_NE(out.find("cannot verify"), std::string::npos) << out;
  auto without_rules = results;
  without_rules.erase("rules");
  write_file(dir.file("shapeless.json"), json::serialize(without_rules));
  EXPECT_EQ(run_process({"python3", tool, "--log", dir.file("log.jsonl"), "--results", dir.file("shapeless.json")}, &out), 2)
      << out;
  EXPECT_NE(out.find("not as the API publishes them"), std::string::npos) << out;
}

}  // namespace
}  // namespace wsis::testing
