// /api/v1/entries and /api/v1/update-calls: JSON in and out of EntriesService.
#pragma once

#include "http/router.h"
#include "stocktaking/entries_service.h"

namespace wsis::stocktaking {

void register_routes(http::Router& router, EntriesService& service);

}  // namespace wsis::stocktaking
