#include "http/pipeline.h"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <future>

#include "core/language.h"
#include "core/random.h"
#include "core/text.h"
#include "http/compression.h"
#include "http/problem.h"

namespace wsis::http {

namespace {

bool is_unsafe(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

constexpr std::size_t kMaxQueryParams = 64;
constexpr std::size_t kMaxSegments = 32;

// Splits the target into decoded segments and query parameters.
Result<void> parse_target(Request& request) {
  auto parsed = boost::urls::parse_origin_form(request.target);
  if (!parsed) return make_error(ErrorCode::bad_request, "request target is not a valid origin-form URL");
  request.segments.clear();
  for (auto segment : parsed->segments()) {
    if (request.segments.size() >= kMaxSegments) return make_error(ErrorCode::bad_request, "too many path segments");
    request.segments.push_back(std::string(segment));
  }
  // "/api/v1/x/" is the same resource as "/api/v1/x".
  if (!request.segments.empty() && request.segments.back().empty()) request.segments.pop_back();
  request.query.clear();
  for (auto param : parsed->params()) {
    if (request.query.size() >= kMaxQueryParams) return make_error(ErrorCode::bad_request, "too many query parameters");
    request.query.emplace_back(param.key, param.has_value ? param.value : std::string{});
  }
  for (const auto& s : request.segments)
    if (!is_valid_utf8(s)) return make_error(ErrorCode::invalid_utf8, "path is not valid UTF-8");
  for (const auto& [k, v] : request.query)
    if (!is_valid_utf8(k) || !is_valid_utf8(v)) return make_error(ErrorCode::invalid_utf8, "query is not valid UTF-8");
  return Ok{};
}

std::string_view media_type(std::string_view content_type) {
  auto semi = content_type.find(';');
  auto type = content_type.substr(0, semi);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return type;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// Weak comparison (RFC 9110 8.8.3.2) of an ETag against an If-None-Match list.
bool etag_matches(std::string_view list, std::string_view etag) {
  auto opaque = [](std::string_view tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; };
  auto wanted = opaque(etag);
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "*" || opaque(item) == wanted) return true;
  }
  return false;
}

}  // namespace

Pipeline::Pipeline(const Router& router, PipelineOptions options)
    : router_(router), options_(options), smallest_body_limit_(options.body_limit) {
  for (const auto& route : router.routes())
    if (route.options.body_limit > 0) smallest_body_limit_ = std::min(smallest_body_limit_, route.options.body_limit);
  std::vector<std::string> names(router.routes().size());
  for (const auto& route : router.routes()) names[route.index] = route.method + " " + route.pattern;
  metrics_ = std::make_unique<Metrics>(std::move(names));
  if (options_.access_log) access_log_ = spdlog::get("access");
}

std::size_t Pipeline::body_limit_for(std::string_view method, std::string_view target) const {
  Request probe;
  probe.method = std::string(method);
  probe.target = std::string(target);
  if (!parse_target(probe)) return options_.body_limit;
  std::vector<std::pair<std::string_view, std::string>> params;
  auto match = router_.match(method, probe.segments, params);
  if (match.route && match.route->options.body_limit > 0) return match.route->options.body_limit;
  return options_.body_limit;
}

Response Pipeline::error_response(const Error& error, std::string_view accept_language) const {
  Request request;
  request.lang = negotiate_language(accept_language);
  Response response = problem_response(error, request.lang);
  finish(request, response);
  return response;
}

std::optional<Response> Pipeline::dispatch(Request& request, Responder::Deliver& later) const {
  std::size_t& metrics_slot = request.metrics_slot;
  metrics_slot = metrics_->unmatched_slot();
  request.lang = negotiate_language(request.header("accept-language"));
  if (auto parsed = parse_target(request); !parsed) return problem_response(parsed.error(), request.lang);
  if (auto lang = request.query_param("lang"); lang && is_supported_language(*lang)) {
    for (auto tag : kLanguages)
      if (tag == *lang) request.lang = tag;
  }

  auto match = router_.match(request.method, request.segments, request.params);
  if (!match.route) {
    bool is_api = !request.segments.empty() && request.segments[0] == "api";
    if (!is_api && static_files_ && (request.method == "GET" || request.method == "HEAD")) {
      if (auto response = static_files_->serve(request.path())) {
        metrics_slot = metrics_->static_slot();
        return std::move(*response);
      }
    }
    if (!match.allow.empty()) {
      Error error = make_error(ErrorCode::method_not_allowed, "method not allowed", {{"method", request.method}});
      error.allow = match.allow;
      return problem_response(error, request.lang);
    }
    return problem_response(make_error(ErrorCode::not_found, "no route for " + request.path()), request.lang);
  }
  const Route& route = *match.route;
  metrics_slot = route.index;
  request.route = route.pattern;

  if (authenticator_) {
    request.session_resolved_by_handler = route.options.session_resolved_by_handler;
    auto outcome = authenticator_(request);
    if (!outcome) return problem_response(outcome.error(), request.lang);
    request.actor = outcome->actor;
    request.auth = outcome->kind;
    request.credential_id = outcome->credential_id;
    // Browsers send the session cookie with any request, even one a hostile page triggers;
    // the CSRF token proves the request came from our own pages. Bearer tokens are never sent
    // automatically, so they need no such proof.
    // An empty expected token must not match an absent header.
    if (outcome->kind == AuthKind::session && is_unsafe(request.method) &&
        (outcome->csrf_token.empty() || !secrets_equal(request.header("x-csrf-token"), outcome->csrf_token)))
      return problem_response(make_error(ErrorCode::csrf, "CSRF token missing or wrong"), request.lang);
  }

  if (is_unsafe(request.method) && !request.body.empty()) {
    auto type = media_type(request.header("content-type"));
    bool accepted = false;
    for (const auto& t : route.options.body_types) accepted = accepted || iequals(type, t);
    if (!accepted)
      return problem_response(make_error(ErrorCode::unsupported_media_type, "unsupported content type"), request.lang);
  }

  // An asynchronous handler that throws may or may not have answered: the first answer counts.
  std::optional<Responder> responder;
  if (route.async_handler) responder.emplace(std::move(later), request.lang);
  try {
    if (!responder) return route.handler(request);
    route.async_handler(request, *responder);
    return std::nullopt;
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", route.method, route.pattern, e.what());
  } catch (...) {
    spdlog::error("handler {} {} threw a non-exception", route.method, route.pattern);
  }
  Response failed = problem_response(make_error(ErrorCode::internal, "handler failed"), request.lang);
  if (!responder) return failed;
  (*responder)(std::move(failed));
  return std::nullopt;
}

void Pipeline::finish(const Request& request, Response& response) const {
  bool is_read = request.method == "GET" || request.method == "HEAD";
  bool gzip_ok = accepts_gzip(request.header("accept-encoding"));

  if (response.prepared) {
    const auto& prepared = *response.prepared;
    response.content_type = prepared.content_type;
    if (response.header("etag").empty()) response.set_header("etag", prepared.etag);
    if (gzip_ok && !prepared.gzip.empty()) {
      response.body = prepared.gzip;
      response.set_header("content-encoding", "gzip");
    } else {
      response.body = prepared.identity;
    }
    if (!prepared.gzip.empty()) add_vary(response, "Accept-Encoding");
    response.prepared.reset();
  } else {
    if (is_read && response.status == 200 && response.header("etag").empty())
      response.set_header("etag", "W/\"" + content_hash(response.body) + "\"");
    if (is_compressible(response.content_type) && response.body.size() >= kMinCompressSize) {
      add_vary(response, "Accept-Encoding");
      if (gzip_ok) {
        std::string compressed = gzip_compress(response.body, 6);
        if (!compressed.empty() && compressed.size() < response.body.size()) {
          response.body = std::move(compressed);
          response.set_header("content-encoding", "gzip");
        }
      }
    }
  }

  if (is_read && response.status == 200) {
    auto if_none_match = request.header("if-none-match");
    if (!if_none_match.empty() && etag_matches(if_none_match, response.header("etag"))) {
      response.status = 304;
      response.body.clear();
      for (auto it = response.headers.begin(); it != response.headers.end();)
        it = it->name == "content-encoding" ? response.headers.erase(it) : it + 1;
    }
  }

  response.set_header("x-content-type-options", "nosniff");
  response.set_header("referrer-policy", "same-origin");
  if (response.content_type.starts_with("text/html")) {
    response.set_header("x-frame-options", "DENY");
    response.set_header("content-security-policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'");
  }
  if (response.header("cache-control").empty() && !request.segments.empty() && request.segments[0] == "api")
    response.set_header("cache-control", "no-cache");
}

Response Pipeline::handle(Request& request) const {
  std::promise<Response> answered;
  auto answer = answered.get_future();
  auto response = begin(request, [&answered](Response later) { answered.set_value(std::move(later)); });
  if (response) return std::move(*response);
  return complete(request, answer.get());
}

std::optional<Response> Pipeline::begin(Request& request, Responder::Deliver later) const {
  request.received = std::chrono::steady_clock::now();
  request.metrics_slot = metrics_->unmatched_slot();
  std::optional<Response> response;
  try {
    response = dispatch(request, later);
  } catch (const std::exception& e) {
    // Only a bug gets here; answer, never crash.
    spdlog::error("pipeline failed for {} {}: {}", request.method, request.target, e.what());
    response = problem_response(make_error(ErrorCode::internal, "pipeline failed"), request.lang);
  }
  if (!response) return std::nullopt;
  return complete(request, std::move(*response));
}

Response Pipeline::complete(Request& request, Response response) const {
  try {
    finish(request, response);
  } catch (const std::exception& e) {
    // Only a bug gets here (e.g. out of memory while compressing); answer, never crash.
    spdlog::error("pipeline failed for {} {}: {}", request.method, request.target, e.what());
    response = problem_response(make_error(ErrorCode::internal, "pipeline failed"), request.lang);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - request.received).count();
  metrics_->record(request.metrics_slot, request.method, response.status, seconds);
  if (options_.access_log) {
    if (const auto& access = access_log_) {
      // The target comes from the client: serialised as a JSON string so it cannot forge lines.
      access->info("{{\"method\":{},\"target\":{},\"route\":\"{}\",\"status\":{},\"bytes\":{},\"ms\":{:.3f},\"ip\":\"{}\",\"user\":{}}}",
                   boost::json::serialize(boost::json::string(request.method.substr(0, 16))),
                   boost::json::serialize(boost::json::string(request.target.substr(0, 512))), request.route,
                   response.status, response.body.size(), seconds * 1000, request.remote_ip,
                   request.actor ? request.actor->user_id : 0);
    }
  }
  return response;
}

}  // namespace wsis::http
