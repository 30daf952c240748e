// RFC 9457 problem responses: the status and type of every error code (an API contract), the
// localized title, detail and field messages, headers, and safe serialisation.
#include "http/problem.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "core/language.h"
#include "core/messages.h"

namespace wsis::http {
namespace {

boost::json::object body_of(const Response& response) {
  return boost::json::parse(response.body).as_object();
}

TEST(Problem, EveryCodeHasItsStatusAndType) {
  struct Expected {
    ErrorCode code;
    int status;
    const char* type;
  };
  const Expected table[] = {
      {ErrorCode::bad_request, 400, "/problems/bad-request"},
      {ErrorCode::validation, 422, "/problems/validation"},
      {ErrorCode::invalid_query, 400, "/problems/invalid-query"},
      {ErrorCode::not_found, 404, "/problems/not-found"},
      {ErrorCode::method_not_allowed, 405, "/problems/method-not-allowed"},
      {ErrorCode::malformed_json, 400, "/problems/malformed-json"},
      {ErrorCode::invalid_utf8, 400, "/problems/invalid-utf8"},
      {ErrorCode::payload_too_large, 413, "/problems/payload-too-large"},
      {ErrorCode::headers_too_large, 431, "/problems/headers-too-large"},
      {ErrorCode::unsupported_media_type, 415, "/problems/unsupported-media-type"},
      {ErrorCode::not_acceptable, 406, "/problems/not-acceptable"},
      {ErrorCode::unauthorized, 401, "/problems/unauthorized"},
      {ErrorCode::forbidden, 403, "/problems/forbidden"},
      {ErrorCode::csrf, 403, "/problems/csrf"},
      {ErrorCode::conflict, 409, "/problems/conflict"},
      {ErrorCode::precondition_failed, 412, "/problems/precondition-failed"},
      {ErrorCode::precondition_required, 428, "/problems/precondition-required"},
      {ErrorCode::too_many_requests, 429, "/problems/too-many-requests"},
      {ErrorCode::phase_closed, 409, "/problems/phase-closed"},
      {ErrorCode::login_failed, 401, "/problems/login-failed"},
      {ErrorCode::email_taken, 409, "/problems/email-taken"},
      {ErrorCode::busy, 503, "/problems/busy"},
      {ErrorCode::internal, 500, "/problems/internal"},
  };
  ASSERT_EQ(std::size(table), static_cast<std::size_t>(ErrorCode::internal) + 1) << "a new code needs a row here";
  std::set<std::string_view> slugs;
  for (const auto& row : table) {
    EXPECT_EQ(status_of(row.code), row.status) << row.type;
    EXPECT_TRUE(slugs.insert(slug_of(row.code)).second) << "slug used twice: " << slug_of(row.code);
    auto response = problem_response(make_error(row.code, "detail for logs"), "en");
    EXPECT_EQ(response.status, row.status);
    EXPECT_EQ(response.content_type, "application/problem+json");
    auto body = body_of(response);
    EXPECT_EQ(body.at("type"), row.type);
    EXPECT_EQ(body.at("status"), row.status);
    std::string title(body.at("title").as_string());
    EXPECT_FALSE(title.starts_with("problem.")) << "no message for " << row.type;
    EXPECT_FALSE(std::string(body.at("detail").as_string()).starts_with("problem.")) << row.type;
  }
}

TEST(Problem, TitleAndDetailAreInTheCallersLanguage) {
  auto en = problem_response(make_error(ErrorCode::not_found, "x"), "en");
  auto ar = problem_response(make_error(ErrorCode::not_found, "x"), "ar");
  EXPECT_EQ(en.header("content-language"), "en");
  EXPECT_EQ(ar.header("content-language"), "ar");
  EXPECT_EQ(std::string(body_of(en).at("title").as_string()), Messages::instance().format("en", "problem.not_found.title"));
  EXPECT_EQ(std::string(body_of(ar).at("title").as_string()), Messages::instance().format("ar", "problem.not_found.title"));
  EXPECT_NE(body_of(en).at("title"), body_of(ar).at("title"));
  EXPECT_NE(body_of(en).at("detail"), body_of(ar).at("detail"));
}

TEST(Problem, SaysItVariesWithTheCallersLanguage) {
  auto response = problem_response(make_error(ErrorCode::not_found, "x"), "fr", "/api/v1/x");
  EXPECT_EQ(response.header("content-language"), "fr");
  EXPECT_EQ(response.header("vary"), "Accept-Language") << "a shared cache must not serve the French text to others";
}

TEST(AddVary, AppendsATokenOnceWhateverItsCase) {
  Response response;
  add_vary(response, "Accept-Language");
  EXPECT_EQ(response.header("vary"), "Accept-Language");
  add_vary(response, "Accept-Encoding");
  EXPECT_EQ(response.header("vary"), "Accept-Language, Accept-Encoding");
  add_vary(response, "accept-encoding");
  add_vary(response, "Accept-Language");
  EXPECT_EQ(response.header("vary"), "Accept-Language, Accept-Encoding");
  Response other;
  other.set_header("vary", "X-Accept-Encoding-Hint");  // contains the token, but is another name
  add_vary(other, "Accept-Encoding");
  EXPECT_EQ(other.header("vary"), "X-Accept-Encoding-Hint, Accept-Encoding");
}

TEST(Problem, DetailArgumentsAreFormatted) {
  auto response = problem_response(
      make_error(ErrorCode::payload_too_large, "too big", {{"limit", std::int64_t{1024}}}), "en");
  std::string detail(body_of(response).at("detail").as_string());
  EXPECT_NE(detail.find("1,024"), std::string::npos) << detail;
}

TEST(Problem, TheLogDetailNeverReachesTheClient) {
  auto response = problem_response(make_error(ErrorCode::internal, "sqlite: no such table users_secret"), "en");
  EXPECT_EQ(response.body.find("users_secret"), std::string::npos) << response.body;
}

TEST(Problem, FieldErrorsCarryLocalizedMessages) {
  Error error;
  error.code = ErrorCode::validation;
  error.fields = {{"title", "too_long", {{"max", std::int64_t{5}}}},
                  {"countries/2", "unknown_code", {{"code", std::string("XXX")}}},
                  {"email", "no_such_code_anywhere", {}}};
  for (auto lang : kLanguages) {
    auto response = problem_response(error, lang);
    EXPECT_EQ(response.status, 422);
    auto errors = body_of(response).at("errors").as_array();
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_EQ(errors[0].at("field"), "title");
    EXPECT_EQ(errors[0].at("code"), "too_long");
    EXPECT_EQ(std::string(errors[0].at("message").as_string()), Messages::instance().format(lang, "field.too_long", {{"max", std::int64_t{5}}}));
    EXPECT_EQ(errors[1].at("field"), "countries/2");
    std::string unknown(errors[1].at("message").as_string());
    EXPECT_NE(unknown.find("XXX"), std::string::npos) << lang << ": " << unknown;
    // A code with no message still answers, with the key as the message.
    EXPECT_EQ(errors[2].at("message"), "field.no_such_code_anywhere");
  }
  auto en = problem_response(error, "en");
  EXPECT_EQ(body_of(en).at("errors").as_array()[0].at("message"), "At most 5 characters.");
}

TEST(Problem, NoErrorsMemberWithoutFieldErrors) {
  auto body = body_of(problem_response(make_error(ErrorCode::conflict, "x"), "en"));
  EXPECT_FALSE(body.contains("errors"));
  EXPECT_FALSE(body.contains("instance"));
  auto with_instance = body_of(problem_response(make_error(ErrorCode::conflict, "x"), "en", "/api/v1/entries/3"));
  EXPECT_EQ(with_instance.at("instance"), "/api/v1/entries/3");
}

TEST(Problem, RetryAfterAndAllowHeaders) {
  Error busy = make_error(ErrorCode::busy, "database busy");
  busy.retry_after_seconds = 2;
  auto response = problem_response(busy, "en");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.header("retry-after"), "2");
  // A busy error from the database driver carries no delay: 503 still says when to retry.
  EXPECT_EQ(problem_response(make_error(ErrorCode::busy, "x"), "en").header("retry-after"), "1");
  Error limited = make_error(ErrorCode::too_many_requests, "x", {{"seconds", std::int64_t{30}}});
  limited.retry_after_seconds = 30;
  EXPECT_EQ(problem_response(limited, "en").header("retry-after"), "30");
  EXPECT_EQ(problem_response(make_error(ErrorCode::conflict, "x"), "en").header("retry-after"), "");

  Error not_allowed = make_error(ErrorCode::method_not_allowed, "x", {{"method", std::string("PATCH")}});
  not_allowed.allow = "GET, HEAD";
  auto allowed = problem_response(not_allowed, "fr");
  EXPECT_EQ(allowed.header("allow"), "GET, HEAD");
  std::string detail(body_of(allowed).at("detail").as_string());
  EXPECT_NE(detail.find("PATCH"), std::string::npos) << detail;
}

TEST(Problem, ClientTextIsEscapedForHtmlContexts) {
  Error error = make_error(ErrorCode::method_not_allowed, "x", {{"method", std::string("<script>&")}});
  error.fields = {{"<img src=x>", "required", {}}};
  auto response = problem_response(error, "en");
  EXPECT_EQ(response.body.find('<'), std::string::npos) << response.body;
  EXPECT_EQ(response.body.find('>'), std::string::npos) << response.body;
  EXPECT_EQ(response.body.find('&'), std::string::npos) << response.body;
  auto body = body_of(response);  // still valid JSON with the original text
  EXPECT_NE(std::string(body.at("detail").as_string()).find("<script>&"), std::string::npos);
  EXPECT_EQ(body.at("errors").as_array()[0].at("field"), "<img src=x>");
}

TEST(SerializeJson, EscapesLineSeparatorsAndKeepsOtherText) {
  boost::json::object o;
  o["t"] = "a\xE2\x80\xA8" "b\xE2\x80\xA9" "c \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7";
  auto text = serialize_json(o);
  EXPECT_EQ(text, "{\"t\":\"a\\u2028b\\u2029c \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\"}");
  EXPECT_EQ(boost::json::parse(text).at("t"), o["t"]);
}

}  // namespace
}  // namespace wsis::http
