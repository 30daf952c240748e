// POST /api/v1/entries/import and GET /api/v1/entries/export, for moderators (and
// administrators): the HTTP side of importer.h and exporter.h.
#pragma once

#include "http/router.h"
#include "stocktaking/entries_service.h"

namespace wsis::stocktaking {

// The largest import body: about 40,000 entries of CSV.
inline constexpr std::size_t kImportBodyLimit = 64u << 20;

void register_exchange_routes(http::Router& router, EntriesService& service);

}  // namespace wsis::stocktaking
