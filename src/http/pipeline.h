// Everything between the socket and a handler, in order: parse the target, pick the language,
// match the route, authenticate, check CSRF and the body's media type, run the handler (an
// exception becomes a 500 problem), then ETag/304, gzip, security headers, metrics, access log.
// Pure: Request in, Response out, so it is tested without a server.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"

namespace wsis::http {

struct AuthOutcome {
  std::optional<Actor> actor;
  AuthKind kind = AuthKind::none;
  std::string csrf_token;     // for session authentication: what X-CSRF-Token must equal
  std::string credential_id;  // session id or token id
};
// Resolves the caller from a session cookie or an Authorization header. An error (a bearer
// token that is not valid) is answered as it is; an unknown or expired session cookie is
// anonymous.
using Authenticator = std::function<Result<AuthOutcome>(const Request&)>;

struct PipelineOptions {
  std::size_t body_limit = 1u << 20;  // default per-request body limit, bytes
  bool access_log = true;
};

class Pipeline {
 public:
  Pipeline(const Router& router, PipelineOptions options);

  void set_authenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  void set_static_files(std::shared_ptr<const StaticFiles> files) { static_files_ = std::move(files); }

  // The body limit for a request whose header has been read (routes may raise it).
  std::size_t body_limit_for(std::string_view method, std::string_view target) const;
  // No route's limit is below this: a body no larger needs no route lookup to be accepted.
  std::size_t smallest_body_limit() const { return smallest_body_limit_; }

  // Never throws. The response is final: its body is what goes on the wire (possibly gzip),
  // except for HEAD, whose body the server drops after setting Content-Length. Waits for a
  // handler that answers later (Router::add_async).
  Response handle(Request& request) const;

  // handle() in two halves, for a server that does not wait: begin() runs the request up to
  // its handler and returns the final response when the handler answered by returning. For
  // an asynchronous handler it returns nothing; `later` then receives the handler's answer
  // exactly once, from whichever thread gives it (possibly before begin() returns), and the
  // caller makes it final with complete() while `request` is still alive and unchanged.
  std::optional<Response> begin(Request& request, Responder::Deliver later) const;
  Response complete(Request& request, Response response) const;

  // An error answer for failures found before a Request exists (body too large, bad header).
  Response error_response(const Error& error, std::string_view accept_language) const;

  Metrics& metrics() const { return *metrics_; }
  const PipelineOptions& options() const { return options_; }

 private:
  std::optional<Response> dispatch(Request& request, Responder::Deliver& later) const;
  void finish(const Request& request, Response& response) const;

  const Router& router_;
  PipelineOptions options_;
  std::size_t smallest_body_limit_;
  Authenticator authenticator_;
  std::shared_ptr<const StaticFiles> static_files_;
  std::unique_ptr<Metrics> metrics_;
  std::shared_ptr<spdlog::logger> access_log_;  // registered by the app before the pipeline
};

}  // namespace wsis::http
