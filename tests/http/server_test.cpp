// The Beast server run in-process with a test router on an ephemeral port: request body limits
// per route (below and above the server default, with Content-Length and chunked bodies), and
// the 413 reaching a client that is still sending.
#include "http/server.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "http/raw_socket.h"

namespace wsis::http {
namespace {

using namespace std::chrono_literals;
using wsis::testing::RawSocket;

class InProcessServer : public ::testing::Test {
 protected:
  void SetUp() override {
    auto echo_size = [](Request& r) { return json_response(200, {{"bytes", r.body.size()}}); };
    router_.add("POST", "/small", echo_size, RouteOptions{.body_limit = 100});
    router_.add("POST", "/large", echo_size, RouteOptions{.body_limit = 4096});
    router_.add("POST", "/default", echo_size);
    router_.add("GET", "/hello", [](Request&) { return json_response(200, {{"hello", "world"}}); });
    pipeline_ = std::make_unique<Pipeline>(router_, PipelineOptions{.body_limit = 1024, .access_log = false});
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.read_timeout = 10s;
    options.idle_timeout = 10s;
    server_ = std::make_unique<Server>(*pipeline_, options);
    auto started = server_->start();
    ASSERT_TRUE(started.ok()) << started.error().detail;
    port_ = server_->port();
    ASSERT_NE(port_, 0);
    runner_ = std::thread([this] { server_->run(false); });
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (runner_.joinable()) runner_.join();
  }

  static std::string post(const std::string& target, const std::string& body) {
    return "POST " + target + " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  // One request on a fresh connection; the response (empty if none came).
  std::string exchange(const std::string& request) {
    RawSocket socket(port_);
    EXPECT_TRUE(socket.connected());
    socket.send(request);
    return socket.read_response(5s);
  }

  int status(const std::string& request) { return wsis::testing::status_of(exchange(request)); }

  static std::string json_of_size(std::size_t n) {
    // A JSON string literal of exactly n bytes: "xxx...".
    return "\"" + std::string(n - 2, 'x') + "\"";
  }

  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
  std::uint16_t port_ = 0;
};

TEST_F(InProcessServer, DefaultBodyLimit) {
  EXPECT_EQ(status(post("/default", json_of_size(1024))), 200);
  auto response = exchange(post("/default", json_of_size(1025)));
  EXPECT_EQ(wsis::testing::status_of(response), 413);
  EXPECT_EQ(wsis::testing::header_of(response, "content-type"), "application/problem+json");
  EXPECT_EQ(wsis::testing::header_of(response, "connection"), "close");
  EXPECT_NE(response.find("1,024"), std::string::npos) << "the detail names the limit: " << response;
}

TEST_F(InProcessServer, RouteLimitBelowTheDefaultIsEnforced) {
  EXPECT_EQ(status(post("/small", json_of_size(100))), 200);
  auto response = exchange(post("/small", json_of_size(500)));
  EXPECT_EQ(wsis::testing::status_of(response), 413) << response;
  EXPECT_NE(response.find("100 bytes"), std::string::npos) << "the route's own limit: " << response;
}

TEST_F(InProcessServer, RouteLimitAboveTheDefaultIsAllowed) {
  auto response = exchange(post("/large", json_of_size(3000)));
  ASSERT_EQ(wsis::testing::status_of(response), 200) << response;
  EXPECT_EQ(boost::json::parse(wsis::testing::body_of(response)).at("bytes"), 3000);
  EXPECT_EQ(status(post("/large", json_of_size(5000))), 413);
}

TEST_F(InProcessServer, ChunkedBodiesCountAgainstTheRouteLimit) {
  auto chunked = [](const std::string& target, std::size_t chunk, int chunks) {
    std::string request = "POST " + target +
                          " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", chunk);
    for (int i = 0; i < chunks; ++i) request += std::string(size) + "\r\n" + std::string(chunk, ' ') + "\r\n";
    return request + "0\r\n\r\n";
  };
  EXPECT_EQ(status(chunked("/small", 40, 2)), 200);
  EXPECT_EQ(status(chunked("/small", 60, 2)), 413);
  EXPECT_EQ(status(chunked("/large", 1000, 3)), 200);
  EXPECT_EQ(status(chunked("/default", 1000, 3)), 413);
}

TEST_F(InProcessServer, AClientStillSendingAnOversizedBodyGetsThe413) {
  // The server answers after the header and closes; the client is still writing a megabyte.
  // Closing a socket with unread input makes the kernel send a reset, which can destroy the
  // answer before the client reads it.
  for (int attempt = 0; attempt < 5; ++attempt) {
    RawSocket socket(port_);
    ASSERT_TRUE(socket.connected());
    std::string body(1u << 20, ' ');
    std::string head = "POST /default HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n";
    std::thread writer([&] { socket.send(head + body); });
    bool closed = false;
    auto response = socket.read_until_closed(5s, &closed);
    writer.join();
    EXPECT_EQ(wsis::testing::status_of(response), 413) << "attempt " << attempt << ": got " << response.size() << " bytes";
    EXPECT_TRUE(closed);
  }
  EXPECT_EQ(status("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n"), 200) << "the server still answers";
}

}  // namespace
}  // namespace wsis::http

namespace wsis::http {
namespace {

TEST(ServerStop, GracePeriodRunningOutWithAStalledUploadEndsCleanly) {
  Router router;
  router.add("POST", "/upload", [](Request& r) { return json_response(200, {{"bytes", r.body.size()}}); });
  Pipeline pipeline(router, PipelineOptions{.body_limit = 1u << 20, .access_log = false});
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.read_timeout = std::chrono::seconds(30);
  options.shutdown_grace = std::chrono::seconds(1);
  auto server = std::make_unique<Server>(pipeline, options);
  ASSERT_TRUE(server->start().ok());
  std::thread runner([&] { server->run(false); });

  wsis::testing::RawSocket stalled(server->port());
  ASSERT_TRUE(stalled.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the server reads the header
  auto stopped_at = std::chrono::steady_clock::now();
  server->stop();
  runner.join();
  auto waited = std::chrono::steady_clock::now() - stopped_at;
  EXPECT_GE(waited, std::chrono::milliseconds(900)) << "the upload was not given its grace period";
  EXPECT_LT(waited, std::chrono::seconds(5));
  // Destroying the server with the upload still open must neither crash nor leak the
  // connection: it is closed, and the gauge is back to zero.
  server.reset();
  bool closed = false;
  stalled.read_until_closed(std::chrono::seconds(2), &closed);
  EXPECT_TRUE(closed) << "the stalled connection was left open";
  EXPECT_NE(pipeline.metrics().render().find("wsis_http_open_connections 0\n"), std::string::npos);
}

}  // namespace
}  // namespace wsis::http

namespace wsis::http {
namespace {

TEST(ServerHeaders, LineBreaksInHeaderValuesNeverReachTheWire) {
  Router router;
  // A handler that copies client input into a header: a bug the server must contain.
  router.add("GET", "/echo", [](Request& r) {
    Response response = json_response(200, {{"ok", true}});
    response.set_header("x-echo", std::string(r.query_param("v").value_or("")));
    response.set_header("x-safe", "kept");
    return response;
  });
  Pipeline pipeline(router, PipelineOptions{.body_limit = 1024, .access_log = false});
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  Server server(pipeline, options);
  ASSERT_TRUE(server.start().ok());
  std::thread runner([&] { server.run(false); });
  std::string response;
  {
    wsis::testing::RawSocket socket(server.port());
    socket.send("GET /echo?v=a%0D%0ASet-Cookie:%20session=evil HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    response = socket.read_until_closed(std::chrono::seconds(5));
  }
  server.stop();
  runner.join();
  EXPECT_EQ(wsis::testing::status_of(response), 200) << response;
  EXPECT_EQ(wsis::testing::header_of(response, "set-cookie"), "") << response;
  EXPECT_EQ(wsis::testing::header_of(response, "x-echo"), "") << response;
  EXPECT_EQ(wsis::testing::header_of(response, "x-safe"), "kept");
}

}  // namespace
}  // namespace wsis::http
