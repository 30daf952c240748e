// Graceful shutdown of the real server on SIGTERM: no new connections, idle keep-alive
// connections closed at once, a request in flight still answered, then exit status 0.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "http/raw_socket.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace {

using namespace std::chrono_literals;
using wsis::testing::header_of;
using wsis::testing::RawSocket;
using wsis::testing::status_of;
using wsis::testing::TestServer;

// Waits until the listening socket is gone (connections refused); false after `limit`.
bool wait_until_refused(std::uint16_t port, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    RawSocket probe(port);
    // Refused, or reset when the handshake raced the closing of the listening socket: either
    // way nobody accepts any more.
    if (!probe.connected()) {
      int error = probe.connect_errno();
      if (error != ECONNREFUSED && error != ECONNRESET) ADD_FAILURE() << "connect failed with errno " << error;
      return error == ECONNREFUSED || error == ECONNRESET;
    }
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

// Waits until the process has exited, without reaping it (TestServer::stop() does that and
// reports the status); false after `limit`. A second signal is not sent: once the server has
// stopped its signal handling, another SIGTERM would end the process with that signal.
bool wait_for_exit(pid_t pid, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

TEST(ServerShutdown, ARequestInFlightIsAnsweredBeforeTheProcessExits) {
  TestServer server;
  RawSocket client(server.port());
  ASSERT_TRUE(client.connected());
  const std::string body = R"({"part one":1,"part two":2})";
  ASSERT_TRUE(client.send("POST /healthz HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10)));
  // Whether or not the server has read these bytes yet, they make the connection busy, not idle.
  std::this_thread::sleep_for(50ms);

  ASSERT_EQ(kill(server.pid(), SIGTERM), 0);
  EXPECT_TRUE(wait_until_refused(server.port(), 3s)) << "still accepting connections after SIGTERM";
  siginfo_t info{};
  EXPECT_EQ(waitid(P_PID, static_cast<id_t>(server.pid()), &info, WEXITED | WNOHANG | WNOWAIT), 0);
  EXPECT_EQ(info.si_pid, 0) << "exited with a request in flight";

  ASSERT_TRUE(client.send(body.substr(10)));
  bool closed = false;
  auto response = client.read_until_closed(5s, &closed);
  EXPECT_EQ(status_of(response), 405) << "the request was not answered: " << response;  // /healthz is GET only
  EXPECT_EQ(header_of(response, "allow"), "GET, HEAD");
  EXPECT_EQ(header_of(response, "connection"), "close");
  EXPECT_TRUE(closed);

  EXPECT_TRUE(wait_for_exit(server.pid(), 5s)) << "still running after its last request (grace period?)";
  EXPECT_EQ(server.stop(), 0);
}

TEST(ServerShutdown, IdleKeepAliveConnectionsDoNotHoldItUp) {
  TestServer server;
  RawSocket idle(server.port());
  ASSERT_TRUE(idle.send("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"));
  ASSERT_EQ(status_of(idle.read_response(5s)), 200);
  // The connection stays open, waiting for a next request that never comes.
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << "shutdown waited for an idle connection; the server's log:\n" << server.log();
  bool closed = false;
  idle.read_until_closed(2s, &closed);
  EXPECT_TRUE(closed);
}

TEST(ServerShutdown, SigintStopsItToo) {
  TestServer server;
  wsis::testing::HttpClient client(server.port());
  ASSERT_EQ(client.get("/healthz").status, 200);
  ASSERT_EQ(kill(server.pid(), SIGINT), 0);
  EXPECT_TRUE(wait_until_refused(server.port(), 3s));
  EXPECT_TRUE(wait_for_exit(server.pid(), 5s));
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
