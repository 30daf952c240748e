// docs/openapi.yaml and the server agree: the router built exactly as `wsis serve` builds it
// has the same (method, path) pairs as the spec's `paths`, every problem type the server can
// send is documented with its status, and GET /api/v1/openapi.yaml serves the file's bytes.
// (The spec's validity as OpenAPI 3.1 and the shapes of live answers are checked by
// tools/openapi, run as the ctest tests openapi_spec_valid and openapi_responses_match.)
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "app/ops_routes.h"
#include "app/platform.h"
#include "core/clock.h"
#include "http/problem.h"
#include "support/http_client.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace {

using Operation = std::pair<std::string, std::string>;  // ("GET", "/api/v1/reference/sdgs")

std::string read_spec() {
  std::ifstream in(WSIS_SOURCE_DIR "/docs/openapi.yaml", std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read docs/openapi.yaml";
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The operations under the top-level `paths:` key. Path keys are the lines indented by two
// spaces that start with "/" and end with ":"; under each, method keys are indented by four
// (`parameters:`, `summary:` and the like are not methods). Ends at the next top-level key.
std::set<Operation> spec_operations(const std::string& yaml) {
  static const std::set<std::string> kMethods = {"get", "put", "post", "patch", "delete"};
  std::set<Operation> operations;
  std::istringstream lines(yaml);
  std::string line;
  bool in_paths = false;
  std::string path;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.find_first_not_of(' ') == std::string::npos) continue;
    if (line[0] != ' ' && line[0] != '#') {
      in_paths = line.rfind("paths:", 0) == 0;
      path.clear();
      continue;
    }
    if (!in_paths) continue;
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
      continue;
    }
    if (path.empty() || line.rfind("    ", 0) != 0 || line.size() < 5 || line[4] == ' ') continue;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(4, colon - 4);
    if (kMethods.count(key)) {
      std::string method = key;
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      operations.emplace(method, path);
    }
  }
  return operations;
}

// The router exactly as `wsis serve` assembles it (app::serve in platform.cpp).
std::set<Operation> router_operations() {
  wsis::testing::TempDir dir;
  wsis::SystemClock clock;
  auto database = wsis::app::open_database(dir.path(), clock);
  EXPECT_TRUE(database.ok()) << (database.ok() ? "" : database.error().detail);
  if (!database.ok()) return {};
  wsis::app::ServeConfig config;
  config.data_dir = dir.path();
  wsis::app::Platform platform(**database, clock, config);
  const wsis::http::Pipeline* pipeline = nullptr;
  wsis::app::register_ops_routes(platform.router(), **database, &pipeline);
  std::set<Operation> operations;
  for (const auto& route : platform.router().routes()) operations.emplace(route.method, route.pattern);
  return operations;
}

std::string list(const std::set<Operation>& operations) {
  std::string out;
  for (const auto& [method, path] : operations) out += "\n  " + method + " " + path;
  return out;
}

}  // namespace

TEST(OpenApi, LineParserReadsPathsAndMethodsOnly) {
  const std::string yaml =
      "openapi: 3.1.0\n"
      "info:\n  title: x\n  description: |\n    /not/a/path:\n"
      "paths:\n"
      "  /a:\n    parameters:\n      - name: x\n    get:\n      summary: s\n    post:\n      responses: {}\n"
      "  /b/{id}:\n    delete:\n      responses:\n        '204':\n          description: get:\n"
      "components:\n  /c:\n    get: {}\n";
  std::set<Operation> expected = {{"GET", "/a"}, {"POST", "/a"}, {"DELETE", "/b/{id}"}};
  EXPECT_EQ(spec_operations(yaml), expected);
}

TEST(OpenApi, RouterAndSpecListTheSameRoutes) {
  auto spec = spec_operations(read_spec());
  auto routes = router_operations();
  ASSERT_FALSE(spec.empty()) << "no operations found under paths: in docs/openapi.yaml";
  ASSERT_FALSE(routes.empty());

  std::set<Operation> missing_from_spec, missing_from_router;
  for (const auto& op : routes)
    if (op.first != "HEAD" && !spec.count(op)) missing_from_spec.insert(op);  // HEAD is implied by GET
  for (const auto& op : spec)
    if (!routes.count(op)) missing_from_router.insert(op);
  EXPECT_TRUE(missing_from_spec.empty()) << "routes the server answers but docs/openapi.yaml does not describe:"
                                         << list(missing_from_spec);
  EXPECT_TRUE(missing_from_router.empty()) << "operations in docs/openapi.yaml that the server does not answer:"
                                           << list(missing_from_router);
}

TEST(OpenApi, EveryProblemTypeIsDocumentedWithItsStatus) {
  auto spec = read_spec();
  std::string missing;
  for (int i = 0; i <= static_cast<int>(wsis::ErrorCode::internal); ++i) {
    auto code = static_cast<wsis::ErrorCode>(i);
    std::string slug(wsis::http::slug_of(code));
    for (auto& c : slug)
      if (c == '_') c = '-';
    // The row of the table in info.description: | `/problems/<slug>` | <status> |
    std::string row = "| `/problems/" + slug + "` | " + std::to_string(wsis::http::status_of(code)) + " |";
    if (spec.find(row) == std::string::npos) missing += "\n  " + row;
  }
  EXPECT_TRUE(missing.empty()) << "problem types missing from the table in docs/openapi.yaml:" << missing;
}

TEST(OpenApi, ServerServesTheSpecByteForByte) {
  wsis::testing::TestServer server;
  wsis::testing::HttpClient client(server.port());
  auto response = client.get("/api/v1/openapi.yaml");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "application/yaml; charset=utf-8");
  EXPECT_TRUE(response.header("content-encoding").empty());
  auto expected = read_spec();
  EXPECT_EQ(response.body.size(), expected.size());
  EXPECT_TRUE(response.body == expected) << "GET /api/v1/openapi.yaml differs from docs/openapi.yaml (rebuild?)";

  // The compressed form is the same document too.
  auto gzipped = client.get("/api/v1/openapi.yaml", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gzipped.status, 200);
  EXPECT_EQ(gzipped.header("content-encoding"), "gzip");
  EXPECT_EQ(gzipped.header("etag"), response.header("etag"));
}
