#include "http/problem.h"

#include <boost/json.hpp>

#include "core/messages.h"

namespace wsis::http {

namespace {
struct CodeInfo {
  ErrorCode code;
  int status;
  std::string_view slug;
};
constexpr CodeInfo kCodes[] = {
    {ErrorCode::bad_request, 400, "bad_request"},
    {ErrorCode::validation, 422, "validation"},
    {ErrorCode::invalid_query, 400, "invalid_query"},
    {ErrorCode::not_found, 404, "not_found"},
    {ErrorCode::method_not_allowed, 405, "method_not_allowed"},
    {ErrorCode::malformed_json, 400, "malformed_json"},
    {ErrorCode::invalid_utf8, 400, "invalid_utf8"},
    {ErrorCode::payload_too_large, 413, "payload_too_large"},
    {ErrorCode::headers_too_large, 431, "headers_too_large"},
    {ErrorCode::unsupported_media_type, 415, "unsupported_media_type"},
    {ErrorCode::not_acceptable, 406, "not_acceptable"},
    {ErrorCode::unauthorized, 401, "unauthorized"},
    {ErrorCode::forbidden, 403, "forbidden"},
    {ErrorCode::csrf, 403, "csrf"},
    {ErrorCode::conflict, 409, "conflict"},
    {ErrorCode::precondition_failed, 412, "precondition_failed"},
    {ErrorCode::precondition_required, 428, "precondition_required"},
    {ErrorCode::too_many_requests, 429, "too_many_requests"},
    {ErrorCode::phase_closed, 409, "phase_closed"},
    {ErrorCode::login_failed, 401, "login_failed"},
    {ErrorCode::email_taken, 409, "email_taken"},
    {ErrorCode::busy, 503, "busy"},
    {ErrorCode::internal, 500, "internal"},
};
const CodeInfo& info(ErrorCode code) {
  for (const auto& c : kCodes)
    if (c.code == code) return c;
  return kCodes[sizeof kCodes / sizeof kCodes[0] - 1];
}
}  // namespace

int status_of(ErrorCode code) { return info(code).status; }
std::string_view slug_of(ErrorCode code) { return info(code).slug; }

Response problem_response(const Error& error, std::string_view lang, std::string_view instance) {
  const auto& messages = Messages::instance();
  std::string slug(slug_of(error.code));
  std::string type_slug = slug;
  for (auto& c : type_slug)
    if (c == '_') c = '-';
  boost::json::object body;
  body["type"] = "/problems/" + type_slug;
  body["title"] = messages.format(lang, "problem." + slug + ".title");
  body["status"] = status_of(error.code);
  body["detail"] = messages.format(lang, "problem." + slug + ".detail", error.args);
  if (!instance.empty()) body["instance"] = instance;
  if (!error.fields.empty()) {
    boost::json::array errors;
    for (const auto& field : error.fields) {
      errors.push_back({{"field", field.field},
                        {"code", field.code},
                        {"message", messages.format(lang, "field." + field.code, field.args)}});
    }
    body["errors"] = std::move(errors);
  }
  Response response = json_response(status_of(error.code), body);
  response.content_type = "application/problem+json";
  response.set_header("content-language", std::string(lang));
  // The message is in the caller's language: a cache must not give it to a reader of another.
  add_vary(response, "Accept-Language");
  int retry_after = error.retry_after_seconds;
  // A busy database (a lock held past the busy timeout) clears in moments: a 503 always says
  // when to try again, as docs/OPERATIONS.md promises, even if the error did not say.
  if (error.code == ErrorCode::busy && retry_after <= 0) retry_after = 1;
  if (retry_after > 0) response.set_header("retry-after", std::to_string(retry_after));
  if (!error.allow.empty()) response.set_header("allow", error.allow);
  return response;
}

}  // namespace wsis::http
