// /api/v1/search and /api/v1/search/suggest: the public search over the published entries,
// with the filters and facet counts of /api/v1/entries (docs/SEARCH.md).
#pragma once

#include "http/router.h"
#include "search/index.h"
#include "stocktaking/catalog.h"
#include "stocktaking/entries_service.h"

namespace wsis::search {

// `catalog` answers the filters, facet counts and date/title orders; without one (it failed to
// build) both routes answer 503.
void register_routes(http::Router& router, SearchIndex& index, stocktaking::EntryCatalog* catalog,
                     stocktaking::EntriesService& entries);

}  // namespace wsis::search
