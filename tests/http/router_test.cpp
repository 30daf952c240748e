// Route matching: parameters, literals before parameters, 405 with the allowed methods, HEAD as
// GET, and registration mistakes caught at start-up.
#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace wsis::http {
namespace {

Handler tagged(std::string tag) {
  return [tag](Request&) {
    Response r;
    r.body = tag;
    return r;
  };
}

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    segments.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (path == "/") segments.clear();
  return segments;
}

// The body of the matched handler, or "405 <allow>", or "404".
std::string route(const Router& router, std::string_view method, std::string_view path,
                  std::vector<std::pair<std::string_view, std::string>>* params_out = nullptr) {
  std::vector<std::pair<std::string_view, std::string>> params;
  auto match = router.match(method, split(path), params);
  if (params_out) *params_out = params;
  if (match.route) {
    Request request;
    return match.route->handler(request).body;
  }
  if (!match.allow.empty()) return "405 " + match.allow;
  return "404";
}

TEST(Router, ExtractsParameters) {
  Router router;
  router.add("GET", "/api/v1/entries/{id}/comments/{comment}", tagged("comment"));
  std::vector<std::pair<std::string_view, std::string>> params;
  EXPECT_EQ(route(router, "GET", "/api/v1/entries/12/comments/7", &params), "comment");
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].first, "id");
  EXPECT_EQ(params[0].second, "12");
  EXPECT_EQ(params[1].first, "comment");
  EXPECT_EQ(params[1].second, "7");
  // A parameter never matches an empty segment, and segment counts must agree.
  EXPECT_EQ(route(router, "GET", "/api/v1/entries//comments/7"), "404");
  EXPECT_EQ(route(router, "GET", "/api/v1/entries/12/comments"), "404");
  EXPECT_EQ(route(router, "GET", "/api/v1/entries/12/comments/7/x"), "404");
}

TEST(Router, LiteralSegmentsWinOverParametersWhateverTheOrder) {
  for (bool literal_first : {true, false}) {
    Router router;
    if (literal_first) router.add("GET", "/api/v1/entries/facets", tagged("facets"));
    router.add("GET", "/api/v1/entries/{id}", tagged("entry"));
    if (!literal_first) router.add("GET", "/api/v1/entries/facets", tagged("facets"));
    EXPECT_EQ(route(router, "GET", "/api/v1/entries/facets"), "facets") << literal_first;
    EXPECT_EQ(route(router, "GET", "/api/v1/entries/12"), "entry") << literal_first;
  }
}

TEST(Router, EarlierLiteralWinsAtTheSameParameterCount) {
  Router router;
  router.add("GET", "/{kind}/items/list", tagged("late literal"));
  router.add("GET", "/orgs/{id}/list", tagged("early literal"));
  EXPECT_EQ(route(router, "GET", "/orgs/items/list"), "early literal");
  EXPECT_EQ(route(router, "GET", "/people/items/list"), "late literal");
}

TEST(Router, ParametersKeepTheirNamesAfterReSorting) {
  Router router;
  router.add("GET", "/a/{x}", tagged("x"));
  router.add("GET", "/a/b", tagged("b"));
  router.add("GET", "/{y}/{z}", tagged("yz"));
  std::vector<std::pair<std::string_view, std::string>> params;
  EXPECT_EQ(route(router, "GET", "/q/r", &params), "yz");
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].first, "y");
  EXPECT_EQ(params[1].second, "r");
  EXPECT_EQ(route(router, "GET", "/a/zz", &params), "x");
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].first, "x");
  EXPECT_EQ(params[0].second, "zz");
}

TEST(Router, WrongMethodIs405WithEveryAllowedMethod) {
  Router router;
  router.add("GET", "/api/v1/things", tagged("list"));
  router.add("POST", "/api/v1/things", tagged("create"));
  router.add("DELETE", "/api/v1/things/{id}", tagged("delete"));
  EXPECT_EQ(route(router, "PUT", "/api/v1/things"), "405 GET, HEAD, POST");
  EXPECT_EQ(route(router, "GET", "/api/v1/things/3"), "405 DELETE");
  EXPECT_EQ(route(router, "HEAD", "/api/v1/things/3"), "405 DELETE");
  EXPECT_EQ(route(router, "GET", "/api/v1/nothing"), "404");
}

TEST(Router, HeadMatchesGetRoutes) {
  Router router;
  router.add("GET", "/healthz", tagged("health"));
  EXPECT_EQ(route(router, "HEAD", "/healthz"), "health");
  EXPECT_EQ(route(router, "POST", "/healthz"), "405 GET, HEAD");
}

TEST(Router, ALiteralPathShadowsAParameterRouteForOtherMethods) {
  // /things/facets is its own resource: a POST there is 405, not a POST to /things/{id}.
  Router router;
  router.add("GET", "/things/facets", tagged("facets"));
  router.add("POST", "/things/{id}", tagged("update"));
  EXPECT_EQ(route(router, "POST", "/things/facets"), "405 GET, HEAD");
  EXPECT_EQ(route(router, "POST", "/things/9"), "update");
}

TEST(Router, RootAndTrailingSlashPatterns) {
  Router router;
  router.add("GET", "/", tagged("root"));
  router.add("GET", "/docs/", tagged("docs"));
  EXPECT_EQ(route(router, "GET", "/"), "root");
  // The pipeline drops a trailing slash from requests, so "/docs/" is registered as "/docs".
  EXPECT_EQ(route(router, "GET", "/docs"), "docs");
}

TEST(Router, RegistrationMistakesThrow) {
  Router router;
  router.add("GET", "/a/{id}", tagged("a"));
  EXPECT_THROW(router.add("GET", "/a/{id}", tagged("again")), std::logic_error);
  EXPECT_NO_THROW(router.add("PUT", "/a/{id}", tagged("put")));
  EXPECT_THROW(router.add("GET", "a/b", tagged("relative")), std::logic_error);
  EXPECT_THROW(router.add("GET", "", tagged("empty")), std::logic_error);
}

TEST(Router, IndicesStayStableForMetrics) {
  Router router;
  router.add("GET", "/z/{id}", tagged("z"));
  router.add("GET", "/z/literal", tagged("literal"));
  router.add("POST", "/z", tagged("post"));
  std::vector<std::size_t> indices;
  for (const auto& r : router.routes()) indices.push_back(r.index);
  std::sort(indices.begin(), indices.end());
  EXPECT_EQ(indices, (std::vector<std::size_t>{0, 1, 2}));
  for (const auto& r : router.routes()) {
    if (r.pattern == "/z/{id}") {
      EXPECT_EQ(r.index, 0u);
    }
    if (r.pattern == "/z/literal") {
      EXPECT_EQ(r.index, 1u);
    }
  }
}

}  // namespace
}  // namespace wsis::http

namespace wsis::http {

TEST(RequestIdParam, OnlyPositiveDecimalNumbersNameARecord) {
  Request request;
  auto id_of = [&](std::string value) {
    request.params = {{"id", std::move(value)}};
    return request.id_param("id");
  };
  ASSERT_TRUE(id_of("42").ok());
  EXPECT_EQ(*id_of("42"), 42);
  for (auto bad : {"0", "-3", "12abc", "", "1e3", " 7", "99999999999999999999"}) {
    auto result = id_of(bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().code, ErrorCode::not_found) << bad;
  }
}

}  // namespace wsis::http
