// The real `wsis serve` over TCP: keep-alive and pipelining, limits (body, header), malformed
// requests, timeouts, routing errors, HEAD, gzip and ETags on the reference lists in six
// languages, readiness, metrics, and a thousand requests from several threads.
#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "core/language.h"
#include "http/raw_socket.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace {

using namespace std::chrono_literals;
using wsis::testing::body_of;
using wsis::testing::header_of;
using wsis::testing::HttpClient;
using wsis::testing::RawSocket;
using wsis::testing::status_of;
using wsis::testing::TestServer;

std::string get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers + "\r\n";
}

std::string gunzip(const std::string& compressed) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(8u << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

// The server answers a plain request on a new connection.
void expect_alive(std::uint16_t port) {
  HttpClient client(port);
  EXPECT_EQ(client.get("/healthz").status, 200) << "the server stopped answering";
}

const std::vector<std::string> kReferenceRoutes = {
    "/api/v1/reference/action-lines", "/api/v1/reference/sdgs",
    "/api/v1/reference/countries",    "/api/v1/reference/regions",
    "/api/v1/reference/stakeholder-types", "/api/v1/reference/prize-categories"};

TEST(ServerHttp, KeepAliveServesManyRequestsOnOneConnection) {
  TestServer server;
  RawSocket socket(server.port());
  ASSERT_TRUE(socket.connected());
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(socket.send(get(i % 2 ? "/healthz" : "/api/v1/reference/regions")));
    auto response = socket.read_response(5s);
    ASSERT_EQ(status_of(response), 200) << "request " << i << " on the same connection";
    EXPECT_NE(header_of(response, "connection"), "close");
  }
}

TEST(ServerHttp, PipelinedRequestsAreAnsweredInOrder) {
  TestServer server;
  RawSocket socket(server.port());
  std::string burst;
  for (int i = 0; i < 10; ++i) burst += get(i % 2 ? "/healthz" : "/api/v1/nothing-" + std::to_string(i));
  ASSERT_TRUE(socket.send(burst));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(status_of(socket.read_response(5s)), i % 2 ? 200 : 404) << i;
}

TEST(ServerHttp, OversizedBodyIs413AndTheServerSurvives) {
  TestServer server({"--body-limit", "1024"});
  auto post = [](std::size_t size) {
    return "POST /healthz HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(size) + "\r\n\r\n" + std::string(size, ' ');
  };
  {
    RawSocket socket(server.port());
    socket.send(post(5000));
    bool closed = false;
    auto response = socket.read_until_closed(5s, &closed);
    EXPECT_EQ(status_of(response), 413) << response;
    EXPECT_EQ(header_of(response, "content-type"), "application/problem+json");
    EXPECT_EQ(header_of(response, "connection"), "close");
    auto problem = boost::json::parse(body_of(response));
    EXPECT_EQ(problem.at("type"), "/problems/payload-too-large");
    EXPECT_NE(std::string(problem.at("detail").as_string()).find("1,024"), std::string::npos);
    EXPECT_TRUE(closed) << "the rest of the body cannot be skipped: the connection must close";
  }
  {
    // At the limit the body is read, and the request goes on to routing (405: /healthz is GET).
    RawSocket socket(server.port());
    socket.send(post(1024));
    EXPECT_EQ(status_of(socket.read_response(5s)), 405);
  }
  expect_alive(server.port());
}

TEST(ServerHttp, HeaderTooLargeIs431) {
  TestServer server;
  RawSocket socket(server.port());
  socket.send(get("/healthz", "X-Filler: " + std::string(20000, 'a') + "\r\n"));
  bool closed = false;
  auto response = socket.read_until_closed(5s, &closed);
  EXPECT_EQ(status_of(response), 431) << response.substr(0, 200);
  EXPECT_EQ(header_of(response, "content-type"), "application/problem+json");
  EXPECT_NE(body_of(response).find("/problems/headers-too-large"), std::string::npos);
  EXPECT_TRUE(closed);
  expect_alive(server.port());
}

TEST(ServerHttp, MalformedRequestsAre400AndTheConnectionCloses) {
  TestServer server;
  for (std::string garbage : {std::string("GARBAGE\r\n\r\n"), std::string("GET /healthz HTTP/9.9\r\n\r\n"),
                              std::string("GET /healthz HTTP/1.1\r\nNo colon here\r\n\r\n"),
                              std::string("GET /healthz HTTP/1.1\r\nContent-Length: abc\r\n\r\n"),
                              // Request smuggling: two ways to find the end of one body.
                              std::string("POST /healthz HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                              std::string("POST /healthz HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"),
                              std::string("POST /healthz HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nabcd")}) {
    RawSocket socket(server.port());
    socket.send(garbage);
    auto started = std::chrono::steady_clock::now();
    bool closed = false;
    auto response = socket.read_until_closed(5s, &closed);
    EXPECT_EQ(status_of(response), 400) << garbage << " -> " << response;
    EXPECT_TRUE(closed) << garbage;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "closed at once, not at a timeout";
    EXPECT_NE(body_of(response).find("/problems/bad-request"), std::string::npos) << response;
  }
  expect_alive(server.port());
}

TEST(ServerHttp, SilentAndStalledClientsAreDropped) {
  TestServer server({"--idle-timeout", "1", "--read-timeout", "1"});
  // Three clients at once: one sends nothing, one half a header, one half a body.
  auto dropped_after = [&](std::string bytes) {
    RawSocket socket(server.port());
    if (!bytes.empty()) socket.send(bytes);
    auto started = std::chrono::steady_clock::now();
    bool closed = false;
    socket.read_until_closed(6s, &closed);
    return closed ? std::chrono::steady_clock::now() - started : std::chrono::steady_clock::duration::max();
  };
  std::chrono::steady_clock::duration silent{}, half_header{}, half_body{};
  std::thread a([&] { silent = dropped_after(""); });
  std::thread b([&] { half_header = dropped_after("GET /healthz HTTP/1.1\r\nHost: te"); });
  std::thread c([&] {
    half_body = dropped_after("POST /healthz HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\n{\"a\":");
  });
  a.join();
  b.join();
  c.join();
  for (auto waited : {silent, half_header, half_body}) {
    EXPECT_GE(waited, 800ms) << "dropped before the timeout";
    EXPECT_LT(waited, 4s) << "not dropped after the 1 s timeout";
  }
  expect_alive(server.port());
}

TEST(ServerHttp, Http10ClosesUnlessAskedToKeepAlive) {
  TestServer server;
  {
    RawSocket socket(server.port());
    socket.send("GET /healthz HTTP/1.0\r\n\r\n");
    bool closed = false;
    auto response = socket.read_until_closed(5s, &closed);
    EXPECT_TRUE(response.starts_with("HTTP/1.0 200")) << response;
    EXPECT_TRUE(closed);
  }
  RawSocket socket(server.port());
  socket.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(status_of(socket.read_response(5s)), 200);
  socket.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(status_of(socket.read_response(5s)), 200) << "the connection was kept";
}

TEST(ServerHttp, UnknownRouteAndWrongMethod) {
  TestServer server;
  HttpClient client(server.port());
  auto missing = client.get("/api/v1/nothing-here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json().at("type"), "/problems/not-found");
  auto wrong = client.request("DELETE", "/api/v1/reference/sdgs");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "GET, HEAD");
  EXPECT_EQ(wrong.json().at("type"), "/problems/method-not-allowed");
  auto bad_utf8 = client.get("/api/v1/reference/%FF");
  EXPECT_EQ(bad_utf8.status, 400);
  EXPECT_EQ(bad_utf8.json().at("type"), "/problems/invalid-utf8");
}

TEST(ServerHttp, HeadGivesTheLengthOfGetAndNoBody) {
  TestServer server;
  RawSocket socket(server.port());
  socket.send(get("/api/v1/reference/regions"));
  auto full = socket.read_response(5s);
  ASSERT_EQ(status_of(full), 200);
  // HEAD, then GET on the same connection: if HEAD carried a body, the next answer would be
  // read from the middle of it.
  socket.send("HEAD /api/v1/reference/regions HTTP/1.1\r\nHost: test\r\n\r\n" + get("/healthz", "Connection: close\r\n"));
  bool closed = false;
  auto rest = socket.read_until_closed(5s, &closed);
  auto head_end = rest.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  auto head = rest.substr(0, head_end + 4);
  EXPECT_EQ(status_of(head), 200);
  EXPECT_EQ(header_of(head, "content-length"), std::to_string(body_of(full).size()));
  EXPECT_EQ(header_of(head, "etag"), header_of(full, "etag"));
  auto after = rest.substr(head_end + 4);
  EXPECT_TRUE(after.starts_with("HTTP/1.1 200")) << "bytes after the HEAD answer: " << after.substr(0, 80);
  EXPECT_NE(body_of(after).find("\"ok\""), std::string::npos);
}

TEST(ServerHttp, ReferenceListsAreGzippedAndRevalidated) {
  TestServer server;
  HttpClient client(server.port());
  auto plain = client.get("/api/v1/reference/sdgs");
  auto gzipped = client.get("/api/v1/reference/sdgs", {{"Accept-Encoding", "gzip, deflate"}});
  ASSERT_EQ(plain.status, 200);
  ASSERT_EQ(gzipped.status, 200);
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_EQ(gzipped.header("content-encoding"), "gzip");
  EXPECT_LT(gzipped.body.size(), plain.body.size() / 3);
  EXPECT_EQ(gunzip(gzipped.body), plain.body);
  EXPECT_NE(gzipped.header("vary").find("Accept-Encoding"), std::string::npos);
  std::string etag = plain.header("etag");
  ASSERT_FALSE(etag.empty());
  auto revalidated = client.get("/api/v1/reference/sdgs", {{"If-None-Match", etag}, {"Accept-Encoding", "gzip"}});
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());
  EXPECT_EQ(revalidated.header("etag"), etag);
  EXPECT_EQ(revalidated.header("content-encoding"), "");
  EXPECT_EQ(client.get("/api/v1/reference/sdgs", {{"If-None-Match", "\"stale\""}}).status, 200);
}

TEST(ServerHttp, EveryReferenceRouteAnswersInAllSixLanguages) {
  TestServer server;
  HttpClient client(server.port());
  for (const auto& route : kReferenceRoutes) {
    std::map<std::string, std::string> first_title;
    for (auto lang : wsis::kLanguages) {
      // Alternately by ?lang= and by Accept-Language.
      bool by_query = lang[0] < 'f';
      auto response = by_query ? client.get(route + "?lang=" + std::string(lang))
                               : client.get(route, {{"Accept-Language", std::string(lang) + ";q=0.9, de;q=0.5"}});
      ASSERT_EQ(response.status, 200) << route << " " << lang;
      EXPECT_EQ(response.header("content-language"), lang) << route;
      auto items = response.json().at("items").as_array();
      ASSERT_FALSE(items.empty()) << route;
      const auto& item = items[0].as_object();
      const auto* title = item.if_contains("title") ? item.if_contains("title") : item.if_contains("name");
      ASSERT_NE(title, nullptr) << route;
      first_title[std::string(lang)] = std::string(title->as_string());
    }
    EXPECT_NE(first_title["ar"], first_title["en"]) << route;
    EXPECT_NE(first_title["zh"], first_title["en"]) << route;
    EXPECT_NE(first_title["ru"], first_title["en"]) << route;
  }
}

TEST(ServerHttp, ReadyzHealthzAndTheSpec) {
  TestServer server;
  HttpClient client(server.port());
  auto ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json().at("status"), "ready");
  auto health = client.get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.header("x-content-type-options"), "nosniff");
  auto spec = client.get("/api/v1/openapi.yaml");
  EXPECT_EQ(spec.status, 200);
  EXPECT_TRUE(spec.header("content-type").starts_with("application/yaml")) << spec.header("content-type");
  EXPECT_NE(spec.body.find("openapi:"), std::string::npos);
}

TEST(ServerHttp, MetricsCountTheRequestsMade) {
  TestServer server;
  HttpClient client(server.port());
  for (int i = 0; i < 7; ++i) ASSERT_EQ(client.get("/healthz").status, 200);
  for (int i = 0; i < 2; ++i) ASSERT_EQ(client.get("/api/v1/nothing").status, 404);
  ASSERT_EQ(client.get("/api/v1/reference/regions?lang=fr").status, 200);
  auto metrics = client.get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_TRUE(metrics.header("content-type").starts_with("text/plain; version=0.0.4")) << metrics.header("content-type");
  EXPECT_EQ(metrics.header("cache-control"), "no-store");
  const auto& text = metrics.body;
  EXPECT_NE(text.find("wsis_http_requests_total{route=\"GET /healthz\",status=\"2xx\"} 7\n"), std::string::npos) << text;
  EXPECT_NE(text.find("wsis_http_requests_total{route=\"unmatched\",status=\"4xx\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("wsis_http_requests_total{route=\"GET /api/v1/reference/regions\",status=\"2xx\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("wsis_http_request_duration_seconds_count{route=\"GET /healthz\"} 7\n"), std::string::npos);
  EXPECT_NE(text.find("wsis_http_open_connections 1\n"), std::string::npos) << "this client's one connection";
}

TEST(ServerHttp, AThousandRequestsFromSeveralThreadsAreAllAnswered) {
  TestServer server;
  constexpr int kThreads = 8, kPerThread = 125;
  std::atomic<int> answered{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client(server.port());
      for (int i = 0; i < kPerThread; ++i) {
        const auto& route = kReferenceRoutes[static_cast<std::size_t>(t + i) % kReferenceRoutes.size()];
        auto lang = std::string(wsis::kLanguages[static_cast<std::size_t>(i) % wsis::kLanguages.size()]);
        auto response = i % 3 == 0 ? client.get("/healthz") : client.get(route + "?lang=" + lang, {{"Accept-Encoding", "gzip"}});
        ++answered;
        if (response.status != 200) ++wrong;
        if (i % 3 != 0 && response.header("content-language") != lang) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(answered.load(), kThreads * kPerThread);
  EXPECT_EQ(wrong.load(), 0);
  expect_alive(server.port());
}

}  // namespace
