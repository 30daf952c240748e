#include "app/modules.h"

#include "reference/api.h"

namespace wsis::app {

Modules::Modules(db::Database& database, const Clock& clock, const ServeConfig& config)
    : database(database), clock(clock), config(config) {}

Modules::~Modules() = default;

void Modules::register_routes(http::Router& router) {
  reference::register_routes(router);
}

void Modules::configure_pipeline(http::Pipeline&) {}

}  // namespace wsis::app
