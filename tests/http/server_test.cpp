// The Beast server run in-process with a test router on an ephemeral port: request body limits
// per route (below and above the server default, with Content-Length and chunked bodies), and
// the 413 reaching a client that is still sending.
#include "http/server.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "http/problem.h"
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

// Request::remote_ip as the handlers see it: the socket's peer, unless that peer is a trusted
// proxy, then the client its X-Forwarded-For names (client_address_test.cpp for the rules).
std::string remote_ip_seen(const std::vector<std::string>& trusted, const std::string& forwarded_headers) {
  Router router;
  router.add("GET", "/ip", [](Request& r) { return json_response(200, {{"ip", r.remote_ip}}); });
  Pipeline pipeline(router, PipelineOptions{.body_limit = 1024, .access_log = false});
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  auto proxies = TrustedProxies::parse(trusted);
  EXPECT_TRUE(proxies);
  if (proxies) options.trusted_proxies = *proxies;
  Server server(pipeline, options);
  EXPECT_TRUE(server.start().ok());
  std::thread runner([&] { server.run(false); });
  std::string response;
  {
    wsis::testing::RawSocket socket(server.port());
    socket.send("GET /ip HTTP/1.1\r\nHost: t\r\n" + forwarded_headers + "Connection: close\r\n\r\n");
    response = socket.read_until_closed(std::chrono::seconds(5));
  }
  server.stop();
  runner.join();
  EXPECT_EQ(wsis::testing::status_of(response), 200) << response;
  auto body = response.substr(response.find("\r\n\r\n") + 4);
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) return "unparsed: " + body;
  return std::string(parsed.as_object().at("ip").as_string());
}

TEST(ServerClientAddress, AForgedForwardedForIsIgnoredWithoutATrustedProxy) {
  EXPECT_EQ(remote_ip_seen({}, "X-Forwarded-For: 198.51.100.1\r\n"), "127.0.0.1");
  EXPECT_EQ(remote_ip_seen({"10.0.0.0/8"}, "X-Forwarded-For: 198.51.100.1\r\n"), "127.0.0.1");
}

TEST(ServerClientAddress, BehindATrustedProxyTheRightMostUntrustedEntryIsTheClient) {
  EXPECT_EQ(remote_ip_seen({"127.0.0.1"}, "X-Forwarded-For: 198.51.100.1\r\n"), "198.51.100.1");
  // Spoofed entries on the left, and the list split over two fields.
  EXPECT_EQ(remote_ip_seen({"127.0.0.1"}, "X-Forwarded-For: 10.1.1.1, 127.0.0.1\r\nx-forwarded-for: 203.0.113.9\r\n"),
            "203.0.113.9");
  EXPECT_EQ(remote_ip_seen({"127.0.0.1"}, "X-Forwarded-For: not-an-address\r\n"), "127.0.0.1");
  EXPECT_EQ(remote_ip_seen({"127.0.0.1"}, ""), "127.0.0.1");
}

}  // namespace
}  // namespace wsis::http

// Handlers that answer later (Router::add_async): the answer is written only when given, from
// another thread, through the whole pipeline; errors stay problem+json; a client that left, a
// responder dropped unanswered and a server destroyed with an answer outstanding are safe.
namespace wsis::http {
namespace {

using namespace std::chrono_literals;

// Responders parked by the handlers, answered by the test from its own thread.
struct Parked {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<Responder> responders;

  void park(Responder responder) {
    {
      std::lock_guard lock(mutex);
      responders.push_back(std::move(responder));
    }
    arrived.notify_all();
  }
  // The first parked responder, once there is one (waits up to 5 s).
  std::optional<Responder> take() {
    std::unique_lock lock(mutex);
    if (!arrived.wait_for(lock, 5s, [&] { return !responders.empty(); })) return std::nullopt;
    Responder responder = responders.front();
    responders.erase(responders.begin());
    return responder;
  }
};

class AsyncHandlers : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add_async("POST", "/later", [this](Request&, Responder respond) { parked_.park(std::move(respond)); });
    router_.add_async("GET", "/dropped", [](Request&, Responder) {});
    router_.add_async("GET", "/throws", [](Request&, Responder) { throw std::runtime_error("boom"); });
    router_.add_async("GET", "/at-once", [](Request& r, Responder respond) {
      respond(json_response(200, {{"lang", r.lang}}));
    });
    pipeline_ = std::make_unique<Pipeline>(router_, PipelineOptions{.body_limit = 1024, .access_log = false});
    ServerOptions options;
    options.port = 0;
    options.threads = 1;  // one thread: waiting requests must not hold it
    options.shutdown_grace = 1s;
    server_ = std::make_unique<Server>(*pipeline_, options);
    ASSERT_TRUE(server_->start().ok());
    runner_ = std::thread([this] { server_->run(false); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (runner_.joinable()) runner_.join();
  }
  static std::string post_later() {
    return "POST /later HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
  }

  Router router_;
  Parked parked_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
};

TEST_F(AsyncHandlers, TheAnswerIsWrittenOnlyWhenGivenAndOthersAreServedMeanwhile) {
  wsis::testing::RawSocket waiting(server_->port());
  ASSERT_TRUE(waiting.send(post_later()));
  auto responder = parked_.take();
  ASSERT_TRUE(responder);
  // Not answered yet: nothing on the wire.
  EXPECT_EQ(waiting.read_response(300ms), "");
  // The only server thread is free for other requests while this one waits.
  wsis::testing::RawSocket other(server_->port());
  ASSERT_TRUE(other.send("GET /at-once?lang=fr HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto at_once = other.read_response(5s);
  EXPECT_EQ(wsis::testing::status_of(at_once), 200) << at_once;
  EXPECT_NE(wsis::testing::body_of(at_once).find("\"fr\""), std::string::npos);

  std::thread answering([&] { (*responder)(json_response(201, {{"done", true}})); });
  answering.join();
  (*responder)(json_response(500, {{"second", true}}));  // ignored: the first answer counts
  auto answer = waiting.read_response(5s);
  EXPECT_EQ(wsis::testing::status_of(answer), 201) << answer;
  EXPECT_EQ(wsis::testing::body_of(answer), "{\"done\":true}");
  // Finished by the pipeline like any response.
  EXPECT_EQ(wsis::testing::header_of(answer, "x-content-type-options"), "nosniff");
  // The connection is kept alive for the next request.
  ASSERT_TRUE(waiting.send(post_later()));
  auto next = parked_.take();
  ASSERT_TRUE(next);
  (*next)(no_content());
  EXPECT_EQ(wsis::testing::status_of(waiting.read_response(5s)), 204);
}

TEST_F(AsyncHandlers, ErrorsAnsweredLaterAreProblemDocuments) {
  wsis::testing::RawSocket socket(server_->port());
  ASSERT_TRUE(socket.send(post_later()));
  auto responder = parked_.take();
  ASSERT_TRUE(responder);
  (*responder)(problem_response(make_error(ErrorCode::conflict, "already"), "en"));
  auto answer = socket.read_response(5s);
  EXPECT_EQ(wsis::testing::status_of(answer), 409) << answer;
  EXPECT_EQ(wsis::testing::header_of(answer, "content-type"), "application/problem+json");
}

TEST_F(AsyncHandlers, AHandlerThatThrowsOrNeverAnswersGivesA500) {
  for (std::string target : {"/throws", "/dropped"}) {
    wsis::testing::RawSocket socket(server_->port());
    ASSERT_TRUE(socket.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n"));
    auto answer = socket.read_response(5s);
    EXPECT_EQ(wsis::testing::status_of(answer), 500) << target << ": " << answer;
    EXPECT_EQ(wsis::testing::header_of(answer, "content-type"), "application/problem+json");
  }
}

TEST_F(AsyncHandlers, AClientThatLeftWhileWaitingIsNoProblem) {
  std::optional<Responder> responder;
  {
    wsis::testing::RawSocket socket(server_->port());
    ASSERT_TRUE(socket.send(post_later()));
    responder = parked_.take();
    ASSERT_TRUE(responder);
  }  // closed before the answer
  std::this_thread::sleep_for(50ms);
  (*responder)(json_response(201, {{"done", true}}));
  responder.reset();
  wsis::testing::RawSocket next(server_->port());
  ASSERT_TRUE(next.send("GET /at-once HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(wsis::testing::status_of(next.read_response(5s)), 200);
}

TEST_F(AsyncHandlers, AnAnswerAfterTheServerIsGoneIsDropped) {
  wsis::testing::RawSocket socket(server_->port());
  ASSERT_TRUE(socket.send(post_later()));
  auto responder = parked_.take();
  ASSERT_TRUE(responder);
  auto stopped_at = std::chrono::steady_clock::now();
  server_->stop();
  runner_.join();
  // The waiting request was given its grace period.
  EXPECT_GE(std::chrono::steady_clock::now() - stopped_at, 900ms);
  server_.reset();
  bool closed = false;
  socket.read_until_closed(2s, &closed);
  EXPECT_TRUE(closed);
  (*responder)(json_response(201, {{"late", true}}));  // must neither crash nor write
  EXPECT_NE(pipeline_->metrics().render().find("wsis_http_open_connections 0\n"), std::string::npos);
}

TEST(AsyncPipeline, HandleWaitsForAnAnswerFromAnotherThread) {
  Router router;
  std::thread worker;
  std::atomic<bool> answered{false};
  router.add_async("GET", "/api/v1/slow", [&](Request&, Responder respond) {
    worker = std::thread([&answered, respond] {
      std::this_thread::sleep_for(100ms);
      answered = true;
      respond(json_response(200, {{"ok", true}}));
    });
  });
  Pipeline pipeline(router, PipelineOptions{.access_log = false});
  Request request;
  request.method = "GET";
  request.target = "/api/v1/slow";
  auto response = pipeline.handle(request);
  EXPECT_TRUE(answered.load());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("cache-control"), "no-cache");  // finished
  worker.join();
}

}  // namespace
}  // namespace wsis::http
