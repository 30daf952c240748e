// Email verification through real SMTP: the server (libcurl) mails a tiny SMTP server that
// this test runs on loopback; the link is read from the mail, confirmed, and the account votes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <thread>

#include "prizes_fixture.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace wsis::testing {
namespace {

// Speaks enough SMTP for one client at a time (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT)
// and keeps each message's data.
class LoopbackSmtp {
 public:
  LoopbackSmtp() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    int yes = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener_, 4) != 0)
      throw std::runtime_error("smtp listen");
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackSmtp() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  std::vector<std::string> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  std::vector<std::string> recipients() {
    std::lock_guard lock(mutex_);
    return recipients_;
  }

 private:
  void serve() {
    while (true) {
      int client = accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      session(client);
      close(client);
    }
  }
  static void say(int fd, const std::string& line) {
    std::string out = line + "\r\n";
    (void)!write(fd, out.data(), out.size());
  }
  void session(int fd) {
    say(fd, "220 loopback ESMTP test");
    std::string buffer;
    bool in_data = false;
    std::string data;
    char chunk[4096];
    while (true) {
      auto n = read(fd, chunk, sizeof chunk);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<std::size_t>(n));
      std::size_t end;
      while ((end = buffer.find("\r\n")) != std::string::npos) {
        std::string line = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        if (in_data) {
          if (line == ".") {
            in_data = false;
            std::lock_guard lock(mutex_);
            messages_.push_back(data);
            data.clear();
            say(fd, "250 queued");
          } else {
            data += (line.starts_with("..") ? line.substr(1) : line) + "\n";
          }
          continue;
        }
        std::string verb = line.substr(0, 4);
        for (auto& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (verb == "EHLO" || verb == "HELO") say(fd, "250 loopback");
        else if (verb == "MAIL" || verb == "RSET" || verb == "NOOP") say(fd, "250 ok");
        else if (verb == "RCPT") {
          std::lock_guard lock(mutex_);
          recipients_.push_back(line);
          say(fd, "250 ok");
        } else if (verb == "DATA") {
          in_data = true;
          say(fd, "354 end with <CRLF>.<CRLF>");
        } else if (verb == "QUIT") {
          say(fd, "221 bye");
          return;
        } else {
          say(fd, "502 not implemented");
        }
      }
    }
  }

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> messages_, recipients_;
};

TEST(PrizesSmtpTest, AVoterVerifiesTheirEmailThroughTheMailedLinkAndThenVotes) {
  LoopbackSmtp smtp;
  TestServer server({"--smtp-url", "smtp://127.0.0.1:" + std::to_string(smtp.port()), "--mail-from",
                     "prizes@wsis.test", "--public-url", "https://hub.wsis.test"});
  CycleTimes times{SystemClock().now_ms() - 2 * kDayMs - kDayMs / 2};
  PrizesWorld world(server.data_dir(), times.start);
  auto cycle = world.cycle(2027, times);
  world.assign(cycle, "C1", {world.expert_x});
  auto nomination = world.nominate(cycle, world.contributor_b, world.published_entry(world.contributor_b, "Health"), "C1");
  world.review(cycle, nomination, true);

  Account voter = register_account(server, "new-voter@example.org", "New Voter");
  auto votes = "/api/v1/prizes/cycles/" + std::to_string(cycle.id) + "/votes";
  boost::json::object vote{{"category", "C1"}, {"nomination_id", nomination}};
  EXPECT_EQ(voter.client->post_json(votes, vote).status, 403);

  auto sent = voter.client->post_json("/api/v1/prizes/email-verification", boost::json::object{});
  ASSERT_EQ(sent.status, 202) << sent.body;
  auto messages = smtp.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(smtp.recipients().at(0).find("<new-voter@example.org>"), std::string::npos);
  const auto& mail = messages[0];
  EXPECT_NE(mail.find("To: new-voter@example.org"), std::string::npos) << mail;
  EXPECT_NE(mail.find("From: prizes@wsis.test"), std::string::npos) << mail;
  auto at = mail.find("https://hub.wsis.test/verify-email?token=");
  ASSERT_NE(at, std::string::npos) << mail;
  auto start = at + std::string("https://hub.wsis.test/verify-email?token=").size();
  auto token = mail.substr(start, mail.find_first_of("\r\n ", start) - start);
  ASSERT_GE(token.size(), 30u);

  auto wrong = voter.client->post_json("/api/v1/prizes/email-verification/confirm", {{"token", token + "x"}});
  EXPECT_EQ(wrong.status, 422);
  auto confirmed = voter.client->post_json("/api/v1/prizes/email-verification/confirm", {{"token", token}});
  ASSERT_EQ(confirmed.status, 204) << confirmed.body;
  EXPECT_EQ(voter.client->post_json("/api/v1/prizes/email-verification/confirm", {{"token", token}}).status, 422);
  auto voted = voter.client->post_json(votes, vote);
  EXPECT_EQ(voted.status, 201) << voted.body;
  // Verified already: no second mail.
  EXPECT_EQ(voter.client->post_json("/api/v1/prizes/email-verification", boost::json::object{}).status, 409);
  EXPECT_EQ(smtp.messages().size(), 1u);
}

TEST(PrizesSmtpTest, WithoutAnSmtpServerTheRequestIsRefusedAndNothingIsSent) {
  TestServer server;
  Account voter = register_account(server, "new-voter@example.org", "New Voter");
  auto sent = voter.client->post_json("/api/v1/prizes/email-verification", boost::json::object{});
  EXPECT_EQ(sent.status, 503);
  HttpClient anonymous(server.port());
  EXPECT_EQ(anonymous.post_json("/api/v1/prizes/email-verification", boost::json::object{}).status, 401);
}

}  // namespace
}  // namespace wsis::testing
