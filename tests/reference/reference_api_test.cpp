// The reference routes over HTTP: shapes, languages, caching headers.
#include <gtest/gtest.h>

#include <set>

#include "support/http_client.h"
#include "support/test_server.h"

using wsis::testing::HttpClient;
using wsis::testing::TestServer;

namespace {

class ReferenceApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* ReferenceApi::server_ = nullptr;

TEST_F(ReferenceApi, SdgsNestTargetsAndIndicatorsInTheCallersLanguage) {
  HttpClient client(server_->port());
  auto en = client.get("/api/v1/reference/sdgs", {{"Accept-Language", "en"}});
  auto ar = client.get("/api/v1/reference/sdgs", {{"Accept-Language", "ar"}});
  ASSERT_EQ(en.status, 200);
  ASSERT_EQ(ar.status, 200);
  EXPECT_EQ(ar.header("content-language"), "ar");
  auto goals = en.json().at("items").as_array();
  ASSERT_EQ(goals.size(), 17u);
  const auto& goal17 = goals[16].as_object();
  EXPECT_EQ(goal17.at("number"), 17);
  EXPECT_EQ(goal17.at("short"), "Partnerships for the goals");
  bool found = false;
  for (const auto& target : goal17.at("targets").as_array()) {
    if (target.at("code") != "17.8") continue;
    for (const auto& indicator : target.at("indicators").as_array()) found = found || indicator.at("code") == "17.8.1";
  }
  EXPECT_TRUE(found) << "17.8.1 (individuals using the Internet) under target 17.8";
  auto ar_title = std::string(ar.json().at("items").as_array()[0].at("title").as_string());
  EXPECT_NE(ar_title, std::string(goals[0].at("title").as_string()));
  EXPECT_NE(ar_title.find("\xD8"), std::string::npos) << "Arabic script expected: " << ar_title;
}

TEST_F(ReferenceApi, CountriesCarryIso3AndRegion) {
  HttpClient client(server_->port());
  auto response = client.get("/api/v1/reference/countries?lang=fr");
  ASSERT_EQ(response.status, 200);
  auto items = response.json().at("items").as_array();
  EXPECT_EQ(items.size(), 195u);
  for (const auto& item : items) {
    if (item.at("iso3") != "SEN") continue;
    EXPECT_EQ(item.at("region"), "africa");
    EXPECT_EQ(item.at("name"), "Sénégal");
  }
}

TEST_F(ReferenceApi, EveryListAnswersInAllSixLanguagesWithCachingHeaders) {
  HttpClient client(server_->port());
  for (std::string path : {"action-lines", "sdgs", "countries", "regions", "stakeholder-types", "prize-categories"}) {
    std::set<std::string> bodies;
    for (std::string lang : {"ar", "en", "es", "fr", "ru", "zh"}) {
      auto response = client.get("/api/v1/reference/" + path, {{"Accept-Language", lang}});
      ASSERT_EQ(response.status, 200) << path;
      EXPECT_EQ(response.header("content-language"), lang) << path;
      EXPECT_FALSE(response.header("etag").empty()) << path;
      EXPECT_NE(response.header("vary").find("Accept-Language"), std::string::npos) << path;
      EXPECT_FALSE(response.json().at("items").as_array().empty()) << path;
      bodies.insert(response.body);
    }
    EXPECT_EQ(bodies.size(), 6u) << path << ": each language has its own text";
  }
}

TEST_F(ReferenceApi, EtagRevalidationAnswers304) {
  HttpClient client(server_->port());
  auto first = client.get("/api/v1/reference/regions");
  auto second = client.get("/api/v1/reference/regions", {{"If-None-Match", first.header("etag")}});
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
}

}  // namespace
