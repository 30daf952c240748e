#include "app/ops_routes.h"

#include <boost/json.hpp>

#include "core/resources.h"
#include "http/problem.h"

namespace wsis::app {

void register_ops_routes(http::Router& router, db::Database& database, const http::Pipeline* const* pipeline) {
  router.add("GET", "/healthz", [](http::Request&) { return http::json_response(200, {{"status", "ok"}}); });

  router.add("GET", "/readyz", [&database](http::Request& request) {
    auto connection = database.connect();
    if (connection) {
      auto statement = (*connection)->prepare("SELECT 1");
      if (auto row = statement->step(); row && *row) return http::json_response(200, {{"status", "ready"}});
    }
    return http::problem_response(make_error(ErrorCode::busy, "database not answering"), request.lang);
  });

  router.add("GET", "/metrics", [pipeline](http::Request&) {
    http::Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = *pipeline ? (*pipeline)->metrics().render() : std::string{};
    response.set_header("cache-control", "no-store");
    return response;
  });

  auto spec = http::prepare_body("application/yaml; charset=utf-8", std::string(resource("docs/openapi.yaml").value_or("")));
  router.add("GET", "/api/v1/openapi.yaml", [spec](http::Request&) {
    http::Response response;
    response.prepared = spec;
    return response;
  });
}

}  // namespace wsis::app
