// Routes: method + pattern ("/api/v1/entries/{id}") -> handler. Literal segments win over
// parameters, so "/api/v1/entries/facets" and "/api/v1/entries/{id}" can live side by side.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace wsis::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  // Largest request body this route accepts; 0 means the server's default limit.
  std::size_t body_limit = 0;
  // Media types accepted for a request body (compared without parameters).
  std::vector<std::string> body_types = {"application/json"};
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;  // "{name}" marks a parameter
  Handler handler;
  RouteOptions options;
  std::size_t index = 0;              // stable, for per-route metrics
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Route* route = nullptr;     // set when found
    std::string allow;                // when the path exists with other methods
  };
  // Finds the route; fills `params` on success. HEAD matches GET routes.
  Match match(std::string_view method, const std::vector<std::string>& segments,
              std::vector<std::pair<std::string_view, std::string>>& params) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace wsis::http
