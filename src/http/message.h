// Request and Response as handlers see them: plain values, no sockets, so that every handler
// and the whole middleware pipeline can be tested without a server.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "core/actor.h"
#include "core/result.h"

namespace wsis::http {

struct Header {
  std::string name;  // lower case
  std::string value;
};

enum class AuthKind { none, session, bearer };

class Request {
 public:
  std::string method;                      // "GET", "POST", ...
  std::string target;                      // as received: path and query
  std::vector<std::string> segments;       // percent-decoded path segments
  std::vector<std::pair<std::string, std::string>> query;  // percent-decoded
  std::vector<Header> headers;
  std::string body;
  std::string remote_ip;

  // Filled in by the pipeline before the handler runs.
  std::string_view lang = "en";
  std::string_view route;                  // the matched route pattern
  std::vector<std::pair<std::string_view, std::string>> params;  // path parameters
  std::optional<Actor> actor;
  AuthKind auth = AuthKind::none;
  std::string credential_id;               // session id or token id that authenticated
  // The matched route resolves a session cookie itself (RouteOptions): the authenticator only
  // names the session (credential_id) and its CSRF token, and leaves `actor` empty.
  bool session_resolved_by_handler = false;
  std::chrono::steady_clock::time_point received{};  // for the duration metric and log
  std::size_t metrics_slot = 0;

  std::string_view header(std::string_view lower_name) const;
  std::optional<std::string_view> query_param(std::string_view name) const;
  std::string_view param(std::string_view name) const;
  // A path parameter that names a record: a positive decimal number. Anything else names
  // nothing, so it is not_found (404), never a parse error.
  Result<std::int64_t> id_param(std::string_view name) const;
  std::optional<std::string_view> cookie(std::string_view name) const;
  std::string path() const;                // "/" + segments joined, for logs
};

// A body computed once and served many times, with its gzip form and ETag made up front
// (reference data, static files).
struct PreparedBody {
  std::string content_type;
  std::string identity;
  std::string gzip;   // empty when compression does not pay
  std::string etag;   // strong, quoted
};
std::shared_ptr<const PreparedBody> prepare_body(std::string content_type, std::string body);

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<Header> headers;
  std::shared_ptr<const PreparedBody> prepared;  // used instead of body/content_type when set

  void set_header(std::string lower_name, std::string value);
  std::string_view header(std::string_view lower_name) const;
};

Response json_response(int status, const boost::json::value& value);
// Adds `token` ("Accept-Language") to the response's Vary header unless it is already named.
void add_vary(Response& response, std::string_view token);
Response no_content();

// JSON as bytes, escaping "<", ">", "&" and U+2028/9 so that JSON is safe in any context.
std::string serialize_json(const boost::json::value& value);

}  // namespace wsis::http
