#include "app/modules.h"

#include "accounts/accounts_service.h"
#include "accounts/api.h"
#include "accounts/authenticator.h"
#include "reference/api.h"

namespace wsis::app {

Modules::Modules(db::Database& database, const Clock& clock, const ServeConfig& config)
    : database(database),
      clock(clock),
      config(config),
      accounts(std::make_unique<accounts::AccountsService>(database, clock)) {}

Modules::~Modules() = default;

void Modules::register_routes(http::Router& router) {
  reference::register_routes(router);
  accounts::register_routes(router, *accounts, {.secure_cookies = config.secure_cookies});
}

void Modules::configure_pipeline(http::Pipeline& pipeline) {
  pipeline.set_authenticator(accounts::make_authenticator(*accounts));
}

}  // namespace wsis::app
