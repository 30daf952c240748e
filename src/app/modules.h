// The domain modules of one running platform. Adding a module: construct its service here and
// register its routes in Modules::register_routes (modules.cpp) — one line each.
#pragma once

#include <memory>

#include "app/config.h"
#include "core/clock.h"
#include "db/database.h"
#include "http/pipeline.h"
#include "http/router.h"

namespace wsis::accounts {
class AccountsService;
}
namespace wsis::stocktaking {
class EntriesService;
class EntryCatalog;
}
namespace wsis::search {
struct SearchModule;
}

namespace wsis::matrix {
class MatrixModule;
}

namespace wsis::prizes {
class PrizesService;
}

namespace wsis::app {

struct Modules {
  Modules(db::Database& database, const Clock& clock, const ServeConfig& config);
  ~Modules();
  void register_routes(http::Router& router);
  // Hooks a module sets on the pipeline (the accounts module's authenticator).
  void configure_pipeline(http::Pipeline& pipeline);

  db::Database& database;
  const Clock& clock;
  const ServeConfig& config;

  std::unique_ptr<accounts::AccountsService> accounts;
  std::unique_ptr<stocktaking::EntryCatalog> catalog;  // before entries, which uses it
  std::unique_ptr<stocktaking::EntriesService> entries;
  std::unique_ptr<search::SearchModule> search;  // after the catalog, whose bitmaps it uses
  std::unique_ptr<matrix::MatrixModule> matrix;  // after entries, which it reads
  std::unique_ptr<prizes::PrizesService> prizes;  // after entries, which it uses
};

}  // namespace wsis::app
