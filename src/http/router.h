// Routes: method + pattern ("/api/v1/entries/{id}") -> handler. Literal segments win over
// parameters, so "/api/v1/entries/facets" and "/api/v1/entries/{id}" can live side by side.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.h"

namespace wsis::http {

using Handler = std::function<Response(Request&)>;

// How a handler registered with add_async answers, later and from any thread: call it once
// with the response. Copies share one answer: the first call counts, later ones are ignored.
// If every copy is dropped unanswered (a handler bug, a service stopping), the request is
// answered 500, so that no client waits forever. Cheap to copy; thread-safe.
class Responder {
 public:
  using Deliver = std::function<void(Response)>;
  Responder(Deliver deliver, std::string_view lang);
  void operator()(Response response) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};
// A handler that answers through its Responder instead of returning: no thread waits while,
// say, a vote waits for its group's commit. The Request stays valid until it has answered.
using AsyncHandler = std::function<void(Request&, Responder)>;

struct RouteOptions {
  // Largest request body this route accepts; 0 means the server's default limit.
  std::size_t body_limit = 0;
  // Media types accepted for a request body (compared without parameters).
  std::vector<std::string> body_types = {"application/json"};
  // A session cookie is not looked up before the handler: the request carries the session's
  // key (credential_id, AuthKind::session) and passes the CSRF check, but has no actor; the
  // handler's service reads the session in the transaction that acts on it. For the vote,
  // whose committer reads it on a connection whose cache every commit keeps warm, instead of a
  // reader's that every commit empties (docs/PERFORMANCE.md). Bearer tokens are looked up as
  // for any route.
  bool session_resolved_by_handler = false;
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;  // "{name}" marks a parameter
  Handler handler;             // exactly one of handler and async_handler is set
  AsyncHandler async_handler;
  RouteOptions options;
  std::size_t index = 0;              // stable, for per-route metrics
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void add_async(std::string method, std::string pattern, AsyncHandler handler, RouteOptions options = {});

  struct Match {
    const Route* route = nullptr;     // set when found
    std::string allow;                // when the path exists with other methods
  };
  // Finds the route; fills `params` on success. HEAD matches GET routes.
  Match match(std::string_view method, const std::vector<std::string>& segments,
              std::vector<std::pair<std::string_view, std::string>>& params) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  void add_route(Route route);
  std::vector<Route> routes_;
};

}  // namespace wsis::http
