#include "app/modules.h"

#include <chrono>

#include "accounts/accounts_service.h"
#include "accounts/api.h"
#include "accounts/authenticator.h"
#include "reference/api.h"
#include <spdlog/spdlog.h>

#include "search/api.h"
#include "search/module.h"

#include "matrix/api.h"
#include "matrix/module.h"
#include "prizes/api.h"
#include "stocktaking/api.h"
#include "stocktaking/catalog.h"
#include "stocktaking/entries_service.h"

namespace wsis::app {

Modules::Modules(db::Database& database, const Clock& clock, const ServeConfig& config)
    : database(database),
      clock(clock),
      config(config),
      accounts(std::make_unique<accounts::AccountsService>(database, clock)),
      catalog(std::make_unique<stocktaking::EntryCatalog>(database, clock)) {
  // The catalog is derived from the database; if it cannot be built, lists and facet counts
  // are answered from SQL instead (slower, same answers).
  if (auto built = catalog->rebuild(); !built) {
    spdlog::error("entry catalog not built, answering lists from SQL: {}", built.error().detail);
    catalog.reset();
  } else {
    spdlog::info("entry catalog: {} published entries", catalog->size());
  }
  entries = std::make_unique<stocktaking::EntriesService>(database, clock, catalog.get());
  search = std::make_unique<search::SearchModule>(database, clock, catalog.get());
  matrix = std::make_unique<matrix::MatrixModule>(database, clock, *entries);
  prizes = std::make_unique<prizes::PrizesService>(
      database, clock, *entries, prizes::MailSettings{config.smtp_url, config.mail_from, config.public_url});
  prizes->set_session_resolver([this](db::Connection& connection, const std::string& id_hash) {
    return accounts->resolve_session(connection, id_hash);
  });
  // A minute after voting closes the vote log is final: counted then, not at the first request.
  prizes->count_final_logs_every(std::chrono::seconds(5));
}

Modules::~Modules() = default;

void Modules::register_routes(http::Router& router) {
  reference::register_routes(router);
  accounts::register_routes(router, *accounts, {.secure_cookies = config.secure_cookies});
  stocktaking::register_routes(router, *entries);
  search::register_routes(router, search->index, catalog.get(), *entries);
  matrix::register_routes(router, *matrix);
  prizes::register_routes(router, *prizes);
}

void Modules::configure_pipeline(http::Pipeline& pipeline) {
  pipeline.set_authenticator(accounts::make_authenticator(*accounts));
}

}  // namespace wsis::app
