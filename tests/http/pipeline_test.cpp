// The request pipeline without a server: target parsing, language, routing, authentication and
// CSRF, media types, handler failures, ETag/304, gzip, security headers, static files, metrics.
#include "http/pipeline.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "core/messages.h"
#include "http/compression.h"
#include "support/temp_dir.h"

namespace wsis::http {
namespace {

std::string gunzip(const std::string& compressed) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&stream, Z_FINISH);
  EXPECT_EQ(rc, Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

std::string big_json() {
  boost::json::array items;
  for (int i = 0; i < 100; ++i) items.push_back({{"code", "C" + std::to_string(i)}, {"title", "Action line"}});
  return serialize_json(boost::json::object{{"items", items}});
}

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    router_.add("GET", "/api/v1/things", [this](Request& r) {
      ++calls_;
      boost::json::object body{{"lang", r.lang}, {"path", r.path()}};
      if (auto q = r.query_param("q")) body["q"] = *q;
      if (r.actor) body["user"] = r.actor->user_id;
      return json_response(200, body);
    });
    router_.add("POST", "/api/v1/things", [this](Request& r) {
      ++calls_;
      boost::json::object body{{"got", r.body}, {"credential", r.credential_id},
                               {"auth", static_cast<int>(r.auth)}};
      if (r.actor) body["user"] = r.actor->user_id;
      return json_response(201, body);
    });
    for (auto method : {"PUT", "PATCH", "DELETE"})
      router_.add(method, "/api/v1/items/{id}", [this](Request&) {
        ++calls_;
        return no_content();
      });
    router_.add("GET", "/api/v1/items/{id}", [](Request& r) {
      return json_response(200, {{"id", r.param("id")}, {"route", r.route}});
    });
    router_.add("GET", "/api/v1/big", [](Request&) {
      Response r;
      r.content_type = "application/json";
      r.body = big_json();
      return r;
    });
    router_.add("GET", "/api/v1/png", [](Request&) {
      Response r;
      r.content_type = "image/png";
      r.body = std::string(5000, 'p');
      return r;
    });
    auto prepared = prepare_body("application/json", big_json());
    router_.add("GET", "/api/v1/prepared", [prepared](Request&) {
      Response r;
      r.prepared = prepared;
      return r;
    });
    router_.add("GET", "/api/v1/cached", [](Request&) {
      Response r = json_response(200, {{"ok", true}});
      r.set_header("cache-control", "public, max-age=60");
      return r;
    });
    router_.add("GET", "/api/v1/throws", [](Request&) -> Response { throw std::runtime_error("boom"); });
    router_.add("GET", "/api/v1/throws-anything", [](Request&) -> Response { throw 42; });
    router_.add("POST", "/api/v1/upload", [](Request& r) { return json_response(200, {{"bytes", r.body.size()}}); },
                RouteOptions{.body_limit = 10, .body_types = {"text/csv"}});
    router_.add("GET", "/page", [](Request&) {
      Response r;
      r.content_type = "text/html; charset=utf-8";
      r.body = "<!doctype html><p>hi</p>";
      return r;
    });
    pipeline_ = std::make_unique<Pipeline>(router_, PipelineOptions{.body_limit = 1000, .access_log = false});
  }

  Response send(std::string method, std::string target, std::vector<Header> headers = {}, std::string body = "") {
    Request request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.headers = std::move(headers);
    request.body = std::move(body);
    request.remote_ip = "127.0.0.1";
    return pipeline_->handle(request);
  }

  static boost::json::object json(const Response& response) {
    boost::system::error_code ec;
    auto value = boost::json::parse(response.body, ec);
    EXPECT_FALSE(ec) << response.body;
    return ec || !value.is_object() ? boost::json::object{} : value.as_object();
  }
  static std::string type_of(const Response& response) {
    auto body = json(response);
    return body.contains("type") ? std::string(body.at("type").as_string()) : std::string{};
  }

  void authenticate_as(AuthKind kind, std::string csrf_token) {
    pipeline_->set_authenticator([kind, csrf_token](const Request&) -> Result<AuthOutcome> {
      AuthOutcome outcome;
      outcome.actor = Actor{.user_id = 7, .organisation_id = 0, .roles = 0, .email_verified = true};
      outcome.kind = kind;
      outcome.csrf_token = csrf_token;
      outcome.credential_id = kind == AuthKind::session ? "session-1" : "token-1";
      return outcome;
    });
  }

  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
  std::atomic<int> calls_{0};
};

const std::vector<Header> kJson = {{"content-type", "application/json"}};

// --- routing and targets ---------------------------------------------------------------------

TEST_F(PipelineTest, RoutesWithDecodedParamsQueryAndTrailingSlash) {
  auto response = send("GET", "/api/v1/items/a%20b");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(json(response).at("id"), "a b");
  EXPECT_EQ(json(response).at("route"), "/api/v1/items/{id}");
  EXPECT_EQ(json(send("GET", "/api/v1/items/%D9%85")).at("id"), "\xD9\x85");
  auto things = send("GET", "/api/v1/things/?q=%E4%BD%A0+x");
  ASSERT_EQ(things.status, 200);
  EXPECT_EQ(json(things).at("path"), "/api/v1/things");
  EXPECT_EQ(json(things).at("q"), "\xE4\xBD\xA0 x");
}

TEST_F(PipelineTest, UnknownRouteIs404Problem) {
  auto response = send("GET", "/api/v1/nothing");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(type_of(response), "/problems/not-found");
}

TEST_F(PipelineTest, WrongMethodIs405WithAllow) {
  auto response = send("DELETE", "/api/v1/things");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("allow"), "GET, HEAD, POST");
  EXPECT_EQ(type_of(response), "/problems/method-not-allowed");
  std::string detail(json(response).at("detail").as_string());
  EXPECT_NE(detail.find("DELETE"), std::string::npos) << detail;
}

TEST_F(PipelineTest, HeadRunsTheGetHandler) {
  auto get = send("GET", "/api/v1/things");
  auto head = send("HEAD", "/api/v1/things");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, get.body) << "the server, not the pipeline, drops a HEAD body (for Content-Length)";
  EXPECT_EQ(head.header("etag"), get.header("etag"));
}

TEST_F(PipelineTest, InvalidTargetsAre400) {
  for (auto target : {"api/v1/things", "/a b", "/%zz", "*", "/api/v1/things?q=%", "/x#fragment"}) {
    auto response = send("GET", target);
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_EQ(type_of(response), "/problems/bad-request") << target;
  }
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "/a";
  EXPECT_EQ(send("GET", deep).status, 400);
  std::string many = "/api/v1/things?";
  for (int i = 0; i < 100; ++i) many += "p" + std::to_string(i) + "=1&";
  EXPECT_EQ(send("GET", many).status, 400);
}

TEST_F(PipelineTest, InvalidUtf8InPathOrQueryIs400InvalidUtf8) {
  for (auto target : {"/api/v1/items/%FF", "/api/v1/items/%C0%AF", "/api/v1/items/%ED%A0%80",
                      "/api/v1/things?q=%C3", "/api/v1/things?%FE=1"}) {
    auto response = send("GET", target);
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_EQ(type_of(response), "/problems/invalid-utf8") << target;
  }
}

// --- language --------------------------------------------------------------------------------

TEST_F(PipelineTest, LangQueryBeatsAcceptLanguage) {
  EXPECT_EQ(json(send("GET", "/api/v1/things", {{"accept-language", "fr-CH, en;q=0.5"}})).at("lang"), "fr");
  EXPECT_EQ(json(send("GET", "/api/v1/things?lang=ar", {{"accept-language", "fr"}})).at("lang"), "ar");
  EXPECT_EQ(json(send("GET", "/api/v1/things?lang=xx", {{"accept-language", "ru"}})).at("lang"), "ru");
  EXPECT_EQ(json(send("GET", "/api/v1/things?lang=AR")).at("lang"), "en");
  EXPECT_EQ(json(send("GET", "/api/v1/things")).at("lang"), "en");
}

TEST_F(PipelineTest, ProblemsAreInThePickedLanguage) {
  auto ar = send("GET", "/api/v1/nothing?lang=ar");
  EXPECT_EQ(ar.header("content-language"), "ar");
  EXPECT_EQ(std::string(json(ar).at("title").as_string()), Messages::instance().format("ar", "problem.not_found.title"));
  auto zh = send("GET", "/api/v1/nothing", {{"accept-language", "zh-Hans-CN"}});
  EXPECT_EQ(zh.header("content-language"), "zh");
  EXPECT_EQ(std::string(json(zh).at("title").as_string()), Messages::instance().format("zh", "problem.not_found.title"));
  // A target that cannot be parsed has no ?lang=, but Accept-Language still counts.
  auto bad = send("GET", "/%zz", {{"accept-language", "es"}});
  EXPECT_EQ(bad.header("content-language"), "es");
}

// --- authentication and CSRF -----------------------------------------------------------------

TEST_F(PipelineTest, SessionWritesNeedTheCsrfToken) {
  authenticate_as(AuthKind::session, "csrf-secret");
  EXPECT_EQ(send("POST", "/api/v1/things", kJson, "{}").status, 403);
  auto wrong = send("POST", "/api/v1/things", {{"content-type", "application/json"}, {"x-csrf-token", "csrf-secreT"}}, "{}");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(type_of(wrong), "/problems/csrf");
  EXPECT_EQ(send("PATCH", "/api/v1/items/1", {{"x-csrf-token", "csrf"}}).status, 403);
  EXPECT_EQ(send("DELETE", "/api/v1/items/1").status, 403);
  EXPECT_EQ(send("PUT", "/api/v1/items/1").status, 403);
  EXPECT_EQ(calls_.load(), 0) << "a handler ran without a valid CSRF token";

  auto right = send("POST", "/api/v1/things", {{"content-type", "application/json"}, {"x-csrf-token", "csrf-secret"}}, "{}");
  ASSERT_EQ(right.status, 201);
  EXPECT_EQ(json(right).at("user"), 7);
  EXPECT_EQ(json(right).at("credential"), "session-1");
  EXPECT_EQ(json(right).at("auth"), static_cast<int>(AuthKind::session));
  EXPECT_EQ(send("DELETE", "/api/v1/items/1", {{"x-csrf-token", "csrf-secret"}}).status, 204);
  // Reads need no token.
  EXPECT_EQ(send("GET", "/api/v1/things").status, 200);
  EXPECT_EQ(send("HEAD", "/api/v1/things").status, 200);
}

TEST_F(PipelineTest, ASessionWithNoCsrfTokenCannotWrite) {
  // An authenticator that forgot to set the token must not turn CSRF protection off.
  authenticate_as(AuthKind::session, "");
  EXPECT_EQ(send("POST", "/api/v1/things", kJson, "{}").status, 403);
  EXPECT_EQ(send("POST", "/api/v1/things", {{"content-type", "application/json"}, {"x-csrf-token", ""}}, "{}").status, 403);
  EXPECT_EQ(calls_.load(), 0);
}

TEST_F(PipelineTest, BearerTokensAndAnonymousCallersSkipCsrf) {
  authenticate_as(AuthKind::bearer, "");
  auto bearer = send("POST", "/api/v1/things", kJson, "{}");
  ASSERT_EQ(bearer.status, 201);
  EXPECT_EQ(json(bearer).at("credential"), "token-1");
  authenticate_as(AuthKind::none, "");
  EXPECT_EQ(send("POST", "/api/v1/things", kJson, "{}").status, 201);
}

TEST_F(PipelineTest, AuthenticatorErrorsAreAnsweredAsTheyAre) {
  pipeline_->set_authenticator([](const Request& r) -> Result<AuthOutcome> {
    if (r.header("authorization") == "Bearer expired") return make_error(ErrorCode::unauthorized, "token expired");
    return AuthOutcome{};
  });
  auto response = send("GET", "/api/v1/things", {{"authorization", "Bearer expired"}});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(type_of(response), "/problems/unauthorized");
  EXPECT_EQ(calls_.load(), 0);
  EXPECT_EQ(send("GET", "/api/v1/things").status, 200);
}

// --- request bodies --------------------------------------------------------------------------

TEST_F(PipelineTest, BodiesMustHaveAnAcceptedMediaType) {
  auto plain = send("POST", "/api/v1/things", {{"content-type", "text/plain"}}, "{}");
  EXPECT_EQ(plain.status, 415);
  EXPECT_EQ(type_of(plain), "/problems/unsupported-media-type");
  EXPECT_EQ(send("POST", "/api/v1/things", {}, "{}").status, 415) << "no Content-Type at all";
  EXPECT_EQ(send("POST", "/api/v1/things", {{"content-type", "application/jsonx"}}, "{}").status, 415);
  EXPECT_EQ(send("POST", "/api/v1/things", {{"content-type", "application/json; charset=utf-8"}}, "{}").status, 201);
  EXPECT_EQ(send("POST", "/api/v1/things", {{"content-type", "Application/JSON"}}, "{}").status, 201);
  EXPECT_EQ(send("POST", "/api/v1/things", {}, "").status, 201) << "no body, nothing to check";
  EXPECT_EQ(send("POST", "/api/v1/upload", {{"content-type", "text/csv"}}, "a,b").status, 200);
  EXPECT_EQ(send("POST", "/api/v1/upload", kJson, "{}").status, 415);
}

TEST_F(PipelineTest, BodyLimitPerRoute) {
  EXPECT_EQ(pipeline_->body_limit_for("POST", "/api/v1/upload"), 10u);
  EXPECT_EQ(pipeline_->body_limit_for("POST", "/api/v1/upload?x=1"), 10u);
  EXPECT_EQ(pipeline_->body_limit_for("POST", "/api/v1/things"), 1000u);
  EXPECT_EQ(pipeline_->body_limit_for("POST", "/nothing"), 1000u);
  EXPECT_EQ(pipeline_->body_limit_for("POST", "%%bad"), 1000u);
}

// --- failures --------------------------------------------------------------------------------

TEST_F(PipelineTest, AHandlerExceptionIsA500AndTheNextRequestWorks) {
  for (auto target : {"/api/v1/throws", "/api/v1/throws-anything"}) {
    auto response = send("GET", target, {{"accept-language", "ru"}});
    EXPECT_EQ(response.status, 500) << target;
    EXPECT_EQ(type_of(response), "/problems/internal");
    EXPECT_EQ(response.header("content-language"), "ru");
    EXPECT_EQ(response.body.find("boom"), std::string::npos) << "exception text leaked: " << response.body;
    EXPECT_EQ(response.header("etag"), "");
  }
  EXPECT_EQ(send("GET", "/api/v1/things").status, 200);
}

TEST_F(PipelineTest, ErrorResponseForFailuresBeforeARequestExists) {
  auto response = pipeline_->error_response(
      make_error(ErrorCode::payload_too_large, "too big", {{"limit", std::int64_t{1024}}}), "ar, en;q=0.5");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.header("content-language"), "ar");
  EXPECT_EQ(type_of(response), "/problems/payload-too-large");
  EXPECT_EQ(response.header("x-content-type-options"), "nosniff");
}

// --- ETag and 304 ----------------------------------------------------------------------------

TEST_F(PipelineTest, WeakEtagAndIfNoneMatch) {
  auto first = send("GET", "/api/v1/things");
  std::string etag(first.header("etag"));
  ASSERT_TRUE(etag.starts_with("W/\"")) << etag;
  std::string opaque = etag.substr(2);
  for (std::string condition : {etag, opaque, std::string("\"other\", ") + etag, std::string("*"),
                                std::string("\"a\",") + opaque + " , \"b\""}) {
    auto again = send("GET", "/api/v1/things", {{"if-none-match", condition}});
    EXPECT_EQ(again.status, 304) << condition;
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(again.header("etag"), etag) << "a 304 repeats the ETag";
  }
  EXPECT_EQ(send("HEAD", "/api/v1/things", {{"if-none-match", etag}}).status, 304);
  auto changed = send("GET", "/api/v1/things", {{"if-none-match", "W/\"0000000000000000\""}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, first.body);
  EXPECT_EQ(send("GET", "/api/v1/things?q=1", {{"if-none-match", etag}}).status, 200) << "a different body";
}

TEST_F(PipelineTest, OnlySuccessfulReadsGetEtagsAnd304) {
  EXPECT_EQ(send("GET", "/api/v1/nothing").header("etag"), "");
  EXPECT_EQ(send("GET", "/api/v1/nothing", {{"if-none-match", "*"}}).status, 404);
  authenticate_as(AuthKind::bearer, "");
  auto post = send("POST", "/api/v1/things", {{"content-type", "application/json"}, {"if-none-match", "*"}}, "{}");
  EXPECT_EQ(post.status, 201);
  EXPECT_EQ(post.header("etag"), "");
}

TEST_F(PipelineTest, NotModifiedDropsTheBodyAndItsEncoding) {
  auto full = send("GET", "/api/v1/big", {{"accept-encoding", "gzip"}});
  ASSERT_EQ(full.header("content-encoding"), "gzip");
  auto again = send("GET", "/api/v1/big", {{"accept-encoding", "gzip"}, {"if-none-match", std::string(full.header("etag"))}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("content-encoding"), "");
  EXPECT_EQ(again.header("vary"), "Accept-Encoding");
}

// --- compression -----------------------------------------------------------------------------

TEST_F(PipelineTest, GzipOnlyWhenAcceptedAndWorthIt) {
  auto gzipped = send("GET", "/api/v1/big", {{"accept-encoding", "gzip, deflate, br"}});
  ASSERT_EQ(gzipped.status, 200);
  EXPECT_EQ(gzipped.header("content-encoding"), "gzip");
  EXPECT_EQ(gzipped.header("vary"), "Accept-Encoding");
  EXPECT_EQ(gunzip(gzipped.body), big_json());

  for (std::vector<Header> headers : {std::vector<Header>{}, std::vector<Header>{{"accept-encoding", "gzip;q=0"}},
                                      std::vector<Header>{{"accept-encoding", "br"}}}) {
    auto plain = send("GET", "/api/v1/big", headers);
    EXPECT_EQ(plain.header("content-encoding"), "");
    EXPECT_EQ(plain.header("vary"), "Accept-Encoding") << "caches must know the answer depends on it";
    EXPECT_EQ(plain.body, big_json());
  }
  auto small = send("GET", "/api/v1/things", {{"accept-encoding", "gzip"}});
  EXPECT_EQ(small.header("content-encoding"), "");
  EXPECT_EQ(small.header("vary"), "");
  auto png = send("GET", "/api/v1/png", {{"accept-encoding", "gzip"}});
  EXPECT_EQ(png.header("content-encoding"), "");
  EXPECT_EQ(png.body.size(), 5000u);
}

TEST_F(PipelineTest, PreparedBodiesServeTheirGzipFormAndStrongEtag) {
  auto gzipped = send("GET", "/api/v1/prepared", {{"accept-encoding", "gzip"}});
  auto plain = send("GET", "/api/v1/prepared");
  EXPECT_EQ(gzipped.header("content-encoding"), "gzip");
  EXPECT_EQ(gunzip(gzipped.body), big_json());
  EXPECT_EQ(plain.body, big_json());
  EXPECT_EQ(plain.content_type, "application/json");
  EXPECT_EQ(plain.header("etag"), "\"" + content_hash(big_json()) + "\"");
  EXPECT_EQ(gzipped.header("vary"), "Accept-Encoding");
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  EXPECT_EQ(send("GET", "/api/v1/prepared", {{"if-none-match", std::string(plain.header("etag"))}}).status, 304);
}

// --- headers ---------------------------------------------------------------------------------

TEST_F(PipelineTest, SecurityHeadersOnEveryAnswer) {
  for (auto target : {"/api/v1/things", "/api/v1/nothing", "/api/v1/throws", "/page", "/%zz"}) {
    auto response = send("GET", target);
    EXPECT_EQ(response.header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(response.header("referrer-policy"), "same-origin") << target;
  }
  auto page = send("GET", "/page");
  EXPECT_EQ(page.header("x-frame-options"), "DENY");
  auto csp = std::string(page.header("content-security-policy"));
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << csp;
}

TEST_F(PipelineTest, ApiAnswersRevalidateUnlessTheHandlerSaysOtherwise) {
  EXPECT_EQ(send("GET", "/api/v1/things").header("cache-control"), "no-cache");
  EXPECT_EQ(send("GET", "/api/v1/nothing").header("cache-control"), "no-cache");
  EXPECT_EQ(send("GET", "/api/v1/cached").header("cache-control"), "public, max-age=60");
  EXPECT_EQ(send("GET", "/page").header("cache-control"), "");
}

// --- static files and metrics ----------------------------------------------------------------

TEST_F(PipelineTest, StaticFilesAndTheAppFallbackNeverCoverTheApi) {
  wsis::testing::TempDir web;
  std::filesystem::create_directories(web.file("assets"));
  std::ofstream(web.file("index.html")) << "<!doctype html><title>WSIS Hub</title>";
  std::ofstream(web.file("assets/app-1.js")) << "let x = 1;";
  pipeline_->set_static_files(StaticFiles::load(web.path()));

  auto app = send("GET", "/ar/entries/12");
  ASSERT_EQ(app.status, 200);
  EXPECT_EQ(app.body, "<!doctype html><title>WSIS Hub</title>");
  EXPECT_EQ(app.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(app.header("x-frame-options"), "DENY");
  EXPECT_EQ(send("HEAD", "/").status, 200);
  auto js = send("GET", "/assets/app-1.js");
  EXPECT_EQ(js.body, "let x = 1;");
  EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(send("GET", "/assets/app-2.js").status, 404);
  auto api = send("GET", "/api/v1/unknown");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.content_type, "application/problem+json") << "an API typo must not get the app's HTML";
  EXPECT_EQ(send("POST", "/ar/entries", kJson, "{}").status, 404);
  EXPECT_EQ(send("GET", "/page").body, "<!doctype html><p>hi</p>") << "routes come before static files";
}

TEST_F(PipelineTest, MetricsCountEveryAnswerByRoute) {
  for (int i = 0; i < 3; ++i) (void)send("GET", "/api/v1/things");
  (void)send("GET", "/api/v1/items/5");
  (void)send("GET", "/api/v1/nothing");
  (void)send("GET", "/api/v1/throws");
  auto text = pipeline_->metrics().render();
  EXPECT_NE(text.find("wsis_http_requests_total{route=\"GET /api/v1/things\",status=\"2xx\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("wsis_http_requests_total{route=\"GET /api/v1/items/{id}\",status=\"2xx\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("wsis_http_requests_total{route=\"unmatched\",status=\"4xx\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("wsis_http_requests_total{route=\"GET /api/v1/throws\",status=\"5xx\"} 1\n"), std::string::npos);
}

}  // namespace
}  // namespace wsis::http
