// The real server answers on loopback: health, a reference list, and the basic error classes.
#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/test_server.h"

using wsis::testing::HttpClient;
using wsis::testing::TestServer;

TEST(ServerSmoke, HealthzAnswers) {
  TestServer server;
  HttpClient client(server.port());
  auto response = client.get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.json().at("status"), "ok");
}

TEST(ServerSmoke, UnknownRouteIsProblemJsonInCallersLanguage) {
  TestServer server;
  HttpClient client(server.port());
  auto response = client.get("/api/v1/nothing-here", {{"Accept-Language", "fr-CH, en;q=0.5"}});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  EXPECT_EQ(response.header("content-language"), "fr");
  auto body = response.json();
  EXPECT_EQ(body.at("type"), "/problems/not-found");
  EXPECT_EQ(body.at("status"), 404);
}

TEST(ServerSmoke, StopsCleanlyOnSigterm) {
  TestServer server;
  EXPECT_EQ(server.stop(), 0);
}
